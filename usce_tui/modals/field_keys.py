"""Moving between fields as fast as anyone types.

Textual handles tab, and enter in a text box, when the key has travelled up from the focused
field to the app; the keys typed right after it have by then already been given to the field
that had focus, so "Lakeshore" typed just after tab lands in the field before. ``FieldKeys``
makes these keys act the moment they arrive: tab and shift+tab move to the next or previous
field, and enter in a one-line field moves to the next one (only ctrl+s saves a form).
"""

from __future__ import annotations

from textual.binding import Binding
from textual.screen import Screen
from textual.widgets import Input


class FieldKeys(Screen):
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
        return super().check_action(action, parameters)

    def focus_first(self) -> None:
        """Put the cursor where the user types first (override)."""
        self.focus_next()

    def action_next_field(self) -> None:
        self.focus_next()

    def action_previous_field(self) -> None:
        self.focus_previous()

    action_enter_next_field = action_next_field  # the same move; check_action tells them apart
