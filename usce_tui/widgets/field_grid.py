"""A grid of labelled fields built from ``core.forms.Field`` declarations: a text box for each
plain field, a dropdown for each choice. Every form of the app (the record forms, the program
form and the Profile screen) lays out its fields with it."""

from __future__ import annotations

from collections.abc import Collection, Sequence

from textual.app import ComposeResult
from textual.containers import Grid
from textual.widgets import Input, Label, Select

from usce_tui.core.forms import Field
from usce_tui.core.parse import date_hint
from usce_tui.widgets.choice import Choice
from usce_tui.widgets.text_box import TextBox


class FieldGrid(Grid):
    """Label and widget per field, in order; the widget's id is the field's key.

    With the class ``pairs`` the grid shows two fields a row on a wide screen (the CSS decides).
    """

    def __init__(self, fields: Sequence[Field], values: dict[str, str] | None = None,
                 order: str = "DMY", *, id: str | None = None, classes: str = "") -> None:
        super().__init__(id=id, classes=classes)
        self.fields = tuple(fields)
        self.initial = dict(values or {})
        self.order = order

    def compose(self) -> ComposeResult:
        for field in self.fields:
            yield Label(field.label, classes="field-label")
            value = str(self.initial.get(field.key, ""))
            if field.options is None:
                yield TextBox(value, id=field.key, placeholder=self._placeholder(field),
                              select_on_focus=False)
            else:
                known = {v for _, v in field.options}
                yield Choice(field.options, id=field.key, allow_blank=False,
                             value=value if value in known else field.options[0][1])

    def _placeholder(self, field: Field) -> str:
        return date_hint(self.order) if field.date else field.placeholder

    def widget(self, key: str) -> Input | Select:
        """The input or dropdown of one field."""
        return self.query_one(f"#{key}", Input | Select)  # type: ignore[arg-type]

    def values(self) -> dict[str, str]:
        """What every field holds now, as text."""
        return {f.key: str(self.widget(f.key).value) for f in self.fields}

    def fill(self, values: dict[str, str]) -> None:
        """Put ``values`` into the fields (keys not in the grid are ignored), the cursor of a
        text box at the end of what it now holds: left where it was (one before the end after a
        backspace, then the changes discarded), the next letter went inside the name."""
        for field in self.fields:
            if field.key in values:
                widget = self.widget(field.key)
                widget.value = values[field.key]
                if isinstance(widget, Input):
                    widget.cursor_position = len(widget.value)

    def mark(self, bad: Collection[str]) -> None:
        """Mark the fields whose keys are in ``bad`` as invalid, and only those."""
        for field in self.fields:
            self.widget(field.key).set_class(field.key in bad, "-invalid")

    def set_date_order(self, order: str) -> None:
        """Show the date format of ``order`` in every empty date field."""
        self.order = order
        for field in self.fields:
            if field.date:
                self.query_one(f"#{field.key}", Input).placeholder = self._placeholder(field)
