"""A dropdown that takes keys as fast as they come.

Textual's ``Select`` opens its list on enter and moves the focus to it a moment later; the keys
typed in that moment (enter, up, up, enter: a choice made without waiting) went to the closed
dropdown, which only opened itself again, so the choice was lost. ``Choice`` acts on them: while
its list is open, up, down, enter and escape move in it, choose and close it, whichever of the
two has the focus.
"""

from __future__ import annotations

import time

from textual import events
from textual.binding import Binding
from textual.widget import Widget
from textual.widgets import Select
from textual.widgets._select import SelectOverlay

from usce_tui.widgets.in_order import run_own_binding


class Choice(Select[str]):
    """A ``Select`` whose list takes the keys typed while it opens."""

    moves_on = False  # in a form: enter that chooses moves to the next field

    BINDINGS = [
        # priority: enter in the open list is handled here too, so a choice in a form moves on
        Binding("enter", "open_or_choose", "Show menu", show=False, priority=True),
        Binding("space", "open_or_choose", "Show menu", show=False),
        Binding("down", "open_or_move(1)", "Show menu", show=False),
        Binding("up", "open_or_move(-1)", "Show menu", show=False),
        Binding("escape", "close", "Close menu", show=False),
    ]

    async def _on_key(self, event: events.Key) -> None:
        if await run_own_binding(self, event):  # in the order typed (see ``in_order``)
            return
        if self.expanded and event.is_printable and event.character and self.has_focus:
            # letters typed while the list opens find an option, as they do once it has the
            # focus ("enter f l u enter" picks "flu vaccine"): its own search takes them
            await self._list._on_key(event)
        elif not self.expanded and event.is_printable and event.character and event.character != " ":
            # letters on a closed dropdown choose the option they begin (o b s: observership),
            # as in a browser's select; they went up past the form before, and a letter typed
            # just before ctrl+s reached the list once the form had closed (s sorted it)
            event.stop()
            event.prevent_default()
            self._find(event.character)

    FIND_PAUSE = 1.0  # seconds after which a letter starts a new search
    _typed = ""
    _typed_at = 0.0

    def _find(self, character: str) -> None:
        now = time.monotonic()
        labels = [(str(label).lower(), value) for label, value in self._options]
        going_on = self._typed + character.lower()
        # a letter goes on with the ones before it while they still begin an option, however
        # late it is handled (a loaded machine); after a pause, one that begins none starts anew
        if now - self._typed_at >= self.FIND_PAUSE and not any(label.startswith(going_on)
                                                                 for label, _value in labels):
            going_on = character.lower()
        self._typed, self._typed_at = going_on, now
        found = next((value for label, value in labels if label.startswith(self._typed)), None) or \
            next((value for label, value in labels if self._typed in label), None)
        if found is not None and found is not Select.NULL:
            self.value = found

    @property
    def _list(self) -> SelectOverlay:
        return self.query_one(SelectOverlay)

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action == "close":
            return self.expanded  # a closed dropdown lets escape through (a form cancels)
        return super().check_action(action, parameters)

    def action_open_or_choose(self) -> None:
        """enter opens the list; enter in it chooses and, in a form, moves on to the next field
        (as enter does in a text box), so what is typed next is not lost on the dropdown."""
        if self.expanded and self.moves_on and self._list.highlighted is not None:
            # chosen here and now (not through the list's message), so that the next keys,
            # typed at once, reach the next field of the form
            self.value = self._options[self._list.highlighted][1]
            following = self._next_field()
            self.expanded = False
            self.screen.set_focus(following or self)  # now: the next keys, typed at once, go there
        elif self.expanded:
            self._list.action_select()
        else:
            self.action_show_overlay()

    def action_open_or_move(self, step: int) -> None:
        if not self.expanded:
            self.action_show_overlay()
        elif step > 0:
            self._list.action_cursor_down()
        else:
            self._list.action_cursor_up()

    def _next_field(self) -> Widget | None:
        """The widget after this dropdown (and its own list) in the screen's focus order."""
        passed = False
        for widget in self.screen.focus_chain:
            inside = widget is self or self in widget.ancestors
            if passed and not inside:
                return widget
            passed = passed or inside
        return None

    def action_close(self) -> None:
        self.expanded = False
        self.focus()
