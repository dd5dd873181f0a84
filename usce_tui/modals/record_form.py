"""A modal form built from a list of fields: text boxes, choices and one optional checklist.

The caller passes the starting values and a ``validate`` function (from a module below the
screens) that turns the values into a record or raises ``FormErrors``; the form returns the
record with ``dismiss`` and the screen that opened it saves.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any, Generic, TypeVar

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical, VerticalScroll
from textual.message import Message
from textual.screen import ModalScreen
from textual.widget import Widget
from textual.widgets import Input, Label, SelectionList, Static

from usce_tui.core.forms import Field
from usce_tui.core.parse import FieldError, FormErrors, counted
from usce_tui.modals.dialogs import NOT_SAVED, forget_refusals
from usce_tui.modals.field_keys import FieldKeys
from usce_tui.widgets.field_grid import FieldGrid
from usce_tui.widgets.key_footer import KeyFooter
from usce_tui.widgets.ticks import Ticks

T = TypeVar("T")
Options = Sequence[tuple[str, str]]  # (label, value)


def focus_keeping_text(widget: Widget) -> None:
    """Focus a field to correct it: its text kept, the cursor at its end, nothing selected."""
    widget.focus()
    if isinstance(widget, Input):
        widget.cursor_position = len(widget.value)
    # in view with its label above it (the errors listed under the form take rows from it)
    widget.call_after_refresh(widget.scroll_visible, top=False, animate=False)


ERRORS_SHOWN = 6  # lines of problems under a form (at 80×24 the fields keep the rest)


WRAPPED = 3  # up to three problems wrap (two lines each fit the six): their advice ends them


def show_problems(box: Static, errors: Sequence[FieldError]) -> None:
    """A refused form's problems in ``box``, in the form's order. Up to three, each wraps, so
    its advice is read whole ("…write 1500 for the…" hid the way out at 80 columns); more, each
    is on a line of its own, cut at the edge (wrapped, they pushed the last out of the box), and
    past six, how many more."""
    lines = [f"✘ {error}" for error in errors]
    if len(lines) > ERRORS_SHOWN:
        more = len(lines) - ERRORS_SHOWN + 1
        lines = [*lines[:ERRORS_SHOWN - 1], f"and {more} more (ctrl+s again lists what is left)"]
    box.update(Text("\n".join(lines)))  # what was typed, as typed
    box.set_class(len(lines) <= WRAPPED, "-few")
    box.display = bool(errors)


def refused(count: int) -> str:
    """The notice of a refused save: it shows at the top, over the fields, and points to the
    list under them rather than cover it."""
    return f"{counted(count, 'problem')}, listed under the form."


class RecordForm(FieldKeys, ModalScreen[T | None], Generic[T]):
    """ctrl+s validates every field and returns the record; escape cancels (asks if changed)."""

    HORIZONTAL_BREAKPOINTS = [(0, "-narrow"), (110, "-wide")]  # shorter labels on a laptop
    BINDINGS = [
        Binding("ctrl+s", "save", "Save", id="form-save", priority=True,
                tooltip="Check every field and save"),
        Binding("escape", "cancel", "Cancel", id="form-cancel", priority=True,
                tooltip="Close the form (asks first if anything changed)"),
    ]

    def __init__(self, title: str, fields: Sequence[Field], values: dict[str, Any],
                 validate: Callable[[dict[str, Any]], T], *, order: str = "DMY",
                 checklist: tuple[str, str, Options] | None = None, first: str | None = None) -> None:
        super().__init__()
        self.first = first or fields[0].key  # the field focused first
        self.title_text = title
        self.fields = list(fields)
        self.values = values
        self.order = order
        self.validate = validate
        self.checklist = checklist  # (key, label, options); values[key] lists the ticked ones
        self._initial: dict[str, Any] = {}
        self.not_saved_yet = False  # opened again with what was typed after a failed save

    GRID_CLASSES = ""  # "pairs": two fields a row on a wide screen

    def compose(self) -> ComposeResult:
        with Vertical(classes="record-form-box"):
            yield Static(self.title_text, classes="area-title", markup=False)  # names typed by the user
            with VerticalScroll(can_focus=False):
                yield FieldGrid(self.fields, self.values, self.order, classes=self.GRID_CLASSES)
                yield from self.compose_after_fields()
            yield Static(classes="record-form-errors")
            yield Static("tab: next · enter: next or open list · ctrl+s: save · esc: cancel",
                         classes="hint")
        yield KeyFooter()

    def compose_after_fields(self) -> ComposeResult:
        """What follows the grid of fields: the checklist, if the form has one (override)."""
        if self.checklist:
            key, label, options = self.checklist
            ticked = {str(v) for v in self.values.get(key, [])}
            yield Label(label, classes="section-label")
            yield Ticks(*((text, value, value in ticked) for text, value in options),
                                     id=key)

    def on_mount(self) -> None:
        self._initial = self.form_values()
        self.focus_first()

    def on_resize(self) -> None:
        """A new terminal size lays the fields out anew (two a row on a wide one): the field
        being typed in stays in view (it was left above the top, the form showing its end)."""
        self.call_after_refresh(self._focused_in_view)

    def _focused_in_view(self) -> None:
        if self.focused is not None:
            self.focused.scroll_visible(top=False, animate=False)

    def focus_first(self) -> None:
        """The field one types in first (``first``; else the first field)."""
        self.set_focus(self.query_one(f"#{self.first}"))

    def form_values(self) -> dict[str, Any]:
        values: dict[str, Any] = dict(self.query_one(FieldGrid).values())
        if self.checklist:
            values[self.checklist[0]] = list(self.query_one(f"#{self.checklist[0]}", SelectionList).selected)
        return values

    def has_unsaved_changes(self) -> bool:
        return self.not_saved_yet or bool(self._initial) and self.form_values() != self._initial

    def _in_form_order(self, errors: dict[str, FieldError]) -> list[str]:
        """The keys of ``errors`` in the order the fields stand in the form."""
        order = [node.id for node in self.query("Input, Select, SelectionList, TextArea, Checkbox")]
        return sorted(errors, key=lambda key: order.index(key) if key in order else len(order))

    _errors: dict[str, FieldError] = {}  # the problems listed under the form, by field

    def _show_errors(self, errors: dict[str, FieldError]) -> None:
        """The problems under the form, the bad fields marked."""
        self._errors = dict(errors)
        self.query_one(FieldGrid).mark(errors)
        show_problems(self.query_one(".record-form-errors", Static),
                      [errors[key] for key in self._in_form_order(errors)])

    def _field_edited(self, key: str | None) -> None:
        """A field listed as wrong was changed: its line goes from the list (a newcomer's
        "✘ Date: is required" stood under the date typed since, until the next ctrl+s)."""
        if key is not None and self._errors.pop(key, None) is not None:
            show_problems(self.query_one(".record-form-errors", Static),
                          [self._errors[k] for k in self._in_form_order(self._errors)])

    @on(Input.Changed)
    def _edited(self, event: Input.Changed) -> None:
        event.input.remove_class("-invalid")
        self._field_edited(event.input.id)

    def on_text_area_changed(self, event: Message) -> None:  # (TextArea: imported only by the forms with one)
        control = getattr(event, "control", None)
        if control is not None:
            control.remove_class("-invalid")
            self._field_edited(control.id)

    async def action_save(self) -> None:
        """Validate every field; return the record only when all are valid."""
        try:
            record = self.validate(self.form_values())
        except FormErrors as exc:
            self.refuse(exc)
            return
        self.dismiss(record)

    def refuse(self, exc: FormErrors) -> None:
        """Say what is wrong under the form and put the cursor on the first bad field."""
        self._show_errors(exc.errors)
        first = self._in_form_order(exc.errors)[0]
        if self.query(f"#{first}"):
            focus_keeping_text(self.query_one(f"#{first}"))
        forget_refusals(self.app)  # one notice: the latest try's (they stacked)
        self.notify(refused(len(exc.errors)), title=NOT_SAVED, severity="error",
                    timeout=4)  # short: it shows over the top of the form

    def action_cancel(self) -> None:
        """Close; with changes typed, ask before dropping them."""
        self.close_or_ask("Discard the changes in this form?", yes="Discard", no="Keep editing")
