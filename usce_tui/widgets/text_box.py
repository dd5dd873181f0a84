"""Text boxes that keep the keys in the order they were typed.

In Textual's ``Input`` and ``TextArea`` a printable key is typed at once, while an editing key
the box binds (backspace, left, right, home, end, ctrl+u, ctrl+w...) takes effect only after
the key has travelled up to the app, by which time the letters typed after it are already in:
"Chile", backspace, "x" typed in one burst came out "Chilex"; ctrl+u then "Chile" left the box
empty. ``TextBox`` (one line) and ``TextEditor`` (many) run their own editing keys the moment
they handle them, in the order typed.
"""

from __future__ import annotations

from textual import events
from textual.widget import Widget
from textual.widgets import Input, TextArea


async def _own_binding(widget: Widget, event: events.Key) -> bool:
    """Run the widget's own binding for ``event`` now; True when there was one."""
    if event.is_printable:
        return False
    for key in event.aliases:
        for binding in widget._bindings.key_to_bindings.get(key, []):
            if binding.priority:
                continue  # the app handles those before the box sees the key
            event.stop()
            event.prevent_default()
            await widget.run_action(binding.action)
            return True
    return False


class TextBox(Input):
    """An ``Input`` whose own key bindings act in the order the keys were typed."""

    async def _on_key(self, event: events.Key) -> None:
        if not await _own_binding(self, event):
            await super()._on_key(event)


class TextEditor(TextArea):
    """A ``TextArea`` whose own key bindings act in the order the keys were typed."""

    async def _on_key(self, event: events.Key) -> None:
        if not await _own_binding(self, event):
            await super()._on_key(event)
