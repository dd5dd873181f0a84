"""Keys act in the order they were typed, however fast.

Textual hands a key to the focused widget, and runs that widget's own key bindings (backspace
in a text box, down in a table, enter in a dropdown) only once the key has travelled back up to
the app; the app meanwhile has already handed the next keys on, and runs a priority binding
(a, e, ctrl+s, 1–6) the moment it arrives. Typed in one burst, "down down e" edited the first
row, "Chile backspace x" came out "Chilex", and enter in a dropdown arrived after the save.

Two rules put them back in order: a widget runs its own bindings when it handles the key
(``run_own_binding``, used by the app's text boxes, tables and dropdowns), and the app hands
on the next key only once the focused widget has handled the ones before it
(``handled_so_far``, in ``UsceApp.on_event``).
"""

from __future__ import annotations

import asyncio
import contextlib
from typing import Any

from textual import events
from textual.screen import Screen
from textual.widget import Widget
from textual.widgets import OptionList


async def run_own_binding(widget: Widget, event: events.Key) -> bool:
    """Run ``widget``'s own binding for ``event`` now; True when it had one."""
    if event.is_printable and event.key != "space":
        return False
    for key in event.aliases:
        for binding in widget._bindings.key_to_bindings.get(key, []):
            if binding.priority or not widget.check_action(binding.action.split("(")[0], ()):
                continue  # the app runs priority keys before the widget sees them
            event.stop()
            event.prevent_default()
            await widget.run_action(binding.action)
            return True
    return False


async def handled_so_far(widget: Widget | None) -> None:
    """Wait until ``widget`` has handled every message already sent to it, and what handling
    them sent on: to itself (enter in a list posts the choice to the list) and from there up
    to its screen, a parent at a time (the choice reaches the dialog that closes on it; "M
    enter y" lost its y to the closing dialog when the choice had not got there yet)."""
    if widget is None or not widget.is_running:
        return
    await _drained(widget)
    await _drained(widget)  # what handling those messages posted to the widget itself
    for node in widget.ancestors:
        if not isinstance(node, Widget):
            break  # the app: the key waiting here is one of its own messages
        await _drained(node)
        if isinstance(node, Screen):
            break


async def mounted(screen: Screen) -> None:
    """Wait until ``screen`` (a dialog the key before this one opened) is mounted, its focus
    set: "escape y" typed at once on a form had the y answer "Discard the changes?" while the
    question was still being built, and its focus then went to a button already gone."""
    for _ in range(500):  # at most about a second: a screen that never mounts must not stop the app
        if screen.is_mounted or screen.app.screen is not screen:
            return
        await asyncio.sleep(0.002)


async def _drained(node: Widget) -> None:
    """Wait until ``node`` has handled the messages sent to it so far (at most a second: a
    widget that stopped handling messages must not stop the app)."""
    if not node.is_running:
        return
    done = asyncio.Event()
    node.call_later(done.set)
    with contextlib.suppress(TimeoutError):
        await asyncio.wait_for(done.wait(), 1.0)


class OrderedOptionList(OptionList):
    """An ``OptionList`` that acts on its keys (enter, arrows) when it handles them, so that
    a key typed right after ``enter`` goes to what the choice opens, not to this list."""

    def __init__(self, *content: Any, **kwargs: Any) -> None:
        kwargs.setdefault("markup", False)  # the options are the user's names, not markup
        super().__init__(*content, **kwargs)

    async def _on_key(self, event: events.Key) -> None:
        await run_own_binding(self, event)

