"""Text boxes that keep the keys in the order they were typed.

In Textual's ``Input`` and ``TextArea`` a printable key is typed at once, while an editing key
the box binds (backspace, left, right, home, end, ctrl+u, ctrl+w...) takes effect only after
the key has travelled up to the app, by which time the letters typed after it are already in:
"Chile", backspace, "x" typed in one burst came out "Chilex"; ctrl+u then "Chile" left the box
empty. ``TextBox`` (one line) and ``TextEditor`` (many) run their own editing keys the moment
they handle them, in the order typed (see ``in_order``).
"""

from __future__ import annotations

from textual import events
from textual.widgets import Input, TextArea

from usce_tui.widgets.in_order import run_own_binding


class TextBox(Input):
    """An ``Input`` whose own key bindings act in the order the keys were typed."""

    async def _on_key(self, event: events.Key) -> None:
        await run_own_binding(self, event)  # when it has none, Textual's own handler runs next


class TextEditor(TextArea):
    """A ``TextArea`` whose own key bindings act in the order the keys were typed."""

    async def _on_key(self, event: events.Key) -> None:
        await run_own_binding(self, event)  # when it has none, Textual's own handler runs next
