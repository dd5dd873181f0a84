"""Moving between fields as fast as anyone types.

Textual handles tab, and enter in a text box, when the key has travelled up from the focused
field to the app; the keys typed right after it have by then already been given to the field
that had focus, so "Lakeshore" typed just after tab lands in the field before. ``FieldKeys``
makes these keys act the moment they arrive: tab and shift+tab move to the next or previous
field, and enter in a one-line field moves to the next one (only ctrl+s saves a form).
"""

from __future__ import annotations

from textual.binding import Binding
from textual.screen import ModalScreen
from textual.widgets import Input, Select

from usce_tui.modals.dialogs import ConfirmDialog
from usce_tui.modals.quick import QuickScreen


class FieldKeys(QuickScreen):
    """Mix into a screen of fields."""

    BINDINGS = [
        Binding("tab", "next_field", "Next field", show=False, priority=True),
        Binding("shift+tab", "previous_field", "Previous field", show=False, priority=True),
        Binding("enter", "enter_next_field", "Next field", show=False, priority=True),
    ]

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        # enter moves on only from a one-line text box; elsewhere it presses, ticks or opens.
        if action == "enter_next_field":
            return isinstance(self.focused, Input)
        if action == "cancel":  # escape closes an open dropdown first, then the form
            return not any(isinstance(node, Select) and node.expanded
                           for node in (self.focused.ancestors_with_self if self.focused else ()))
        return super().check_action(action, parameters)

    def focus_first(self) -> None:
        """Put the cursor where the user types first (override)."""
        self.focus_next()

    def action_next_field(self) -> None:
        self.focus_next()

    def action_previous_field(self) -> None:
        self.focus_previous()

    action_enter_next_field = action_next_field  # the same move; check_action tells them apart

    def has_unsaved_changes(self) -> bool:
        """True while the form holds typing that is not saved (override)."""
        return False

    def close_or_ask(self, question: str, yes: str, no: str) -> None:
        """escape (a priority key, acted on the moment it arrives): close at once when nothing
        was typed, so that the keys typed right after it (a digit for another area) reach the
        screen below; else ask before dropping the typing. (escape went up from the field to the
        form after the next key had been handled, and a worker closed the form later still: a
        digit typed after escape went into the form's field.)"""
        if not isinstance(self, ModalScreen):
            return
        form = self
        if not self.has_unsaved_changes():
            form.dismiss(None)
            return

        def answered(discard: bool | None) -> None:
            if discard:
                form.dismiss(None)

        self.app.push_screen(ConfirmDialog(question, yes=yes, no=no), answered)
