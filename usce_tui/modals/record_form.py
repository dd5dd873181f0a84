"""A modal form built from a list of fields: text boxes, choices and one optional checklist.

The caller passes the starting values and a ``validate`` function (from a module below the
screens) that turns the values into a record or raises ``FormErrors``; the form returns the
record with ``dismiss`` and the screen that opened it saves.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any, Generic, TypeVar

from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Grid, Vertical, VerticalScroll
from textual.screen import ModalScreen
from textual.widget import Widget
from textual.widgets import Footer, Input, Label, Select, SelectionList, Static

from usce_tui.core.parse import FieldError, FormErrors
from usce_tui.modals.dialogs import ConfirmDialog

T = TypeVar("T")
Options = Sequence[tuple[str, str]]  # (label, value)


class Field:
    """One form field: a text box (``options`` None) or a choice among ``options``."""

    def __init__(self, key: str, label: str, options: Options | None = None,
                 placeholder: str = "") -> None:
        self.key, self.label, self.options, self.placeholder = key, label, options, placeholder


class RecordForm(ModalScreen[T | None], Generic[T]):
    """ctrl+s validates every field and returns the record; escape cancels (asks if changed)."""

    BINDINGS = [
        Binding("ctrl+s", "save", "Save", id="form-save", priority=True,
                tooltip="Check every field and save"),
        Binding("escape", "cancel", "Cancel", id="form-cancel",
                tooltip="Close the form (asks first if anything changed)"),
    ]

    def __init__(self, title: str, fields: Sequence[Field], values: dict[str, Any],
                 validate: Callable[[dict[str, Any]], T], *,
                 checklist: tuple[str, str, Options] | None = None) -> None:
        super().__init__()
        self.title_text = title
        self.fields = list(fields)
        self.values = values
        self.validate = validate
        self.checklist = checklist  # (key, label, options); values[key] lists the ticked ones
        self._initial: dict[str, Any] = {}

    def compose(self) -> ComposeResult:
        with Vertical(classes="record-form-box"):
            yield Static(self.title_text, classes="area-title")
            with VerticalScroll():
                with Grid(classes="record-form-grid"):
                    for field in self.fields:
                        yield Label(field.label, classes="field-label")
                        value = str(self.values.get(field.key, ""))
                        if field.options is None:
                            yield Input(value, id=field.key, placeholder=field.placeholder)
                        else:
                            yield Select(field.options, id=field.key, allow_blank=False,
                                         value=value if value in {v for _, v in field.options}
                                         else field.options[0][1])
                if self.checklist:
                    key, label, options = self.checklist
                    ticked = {str(v) for v in self.values.get(key, [])}
                    yield Label(label, classes="section-label")
                    yield SelectionList[str](*((text, value, value in ticked) for text, value in options),
                                             id=key)
            yield Static(classes="record-form-errors")
            yield Static("tab: next field · ctrl+s: save · escape: cancel", classes="hint")
        yield Footer()

    def on_mount(self) -> None:
        self._initial = self.form_values()
        self.query_one(f"#{self.fields[0].key}").focus()

    def form_values(self) -> dict[str, Any]:
        values: dict[str, Any] = {f.key: str(self.query_one(f"#{f.key}", Widget).value)  # type: ignore[attr-defined]
                                  for f in self.fields}
        if self.checklist:
            values[self.checklist[0]] = list(self.query_one(SelectionList).selected)
        return values

    def has_unsaved_changes(self) -> bool:
        return bool(self._initial) and self.form_values() != self._initial

    def _show_errors(self, errors: dict[str, FieldError]) -> None:
        for widget in self.query("Input, Select, SelectionList"):
            widget.set_class(widget.id in errors, "-invalid")
        box = self.query_one(".record-form-errors", Static)
        box.update("\n".join(f"✘ {e}" for e in errors.values()))
        box.display = bool(errors)

    @on(Input.Changed)
    def _edited(self, event: Input.Changed) -> None:
        event.input.remove_class("-invalid")

    @on(Input.Submitted)
    def _submitted(self, event: Input.Submitted) -> None:
        event.stop()
        self.action_save()

    def action_save(self) -> None:
        """Validate every field; return the record only when all are valid."""
        try:
            record = self.validate(self.form_values())
        except FormErrors as exc:
            self._show_errors(exc.errors)
            first = next(iter(exc.errors))
            if self.query(f"#{first}"):
                self.query_one(f"#{first}").focus()
            count = len(exc.errors)
            self.notify(f"{count} field{'s' if count > 1 else ''} to fix; see below the form.",
                        title="Not saved", severity="error")
            return
        self.dismiss(record)

    @work
    async def action_cancel(self) -> None:
        """Close; with changes typed, ask before dropping them."""
        if self.has_unsaved_changes() and not await self.app.push_screen_wait(
                ConfirmDialog("Discard the changes in this form?", yes="Discard", no="Keep editing")):
            return
        self.dismiss(None)
