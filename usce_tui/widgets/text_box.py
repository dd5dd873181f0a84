"""A one-line text box that keeps the keys in the order they were typed.

In Textual's ``Input`` a printable key is typed at once, while an editing key bound by the box
(backspace, left, right, home, end, ctrl+u, ctrl+w...) takes effect only after the key has
travelled up to the app, by which time the letters typed after it are already in: "Chile",
backspace, "x" typed in one burst came out "Chilex"; ctrl+u then "Chile" left the box empty.
``TextBox`` runs its own editing keys the moment it handles them, in the order typed.
"""

from __future__ import annotations

from textual import events
from textual.widgets import Input


class TextBox(Input):
    """An ``Input`` whose own key bindings act in the order the keys were typed."""

    async def _on_key(self, event: events.Key) -> None:
        if not event.is_printable:
            for key in event.aliases:
                for binding in self._bindings.key_to_bindings.get(key, []):
                    if binding.priority:
                        continue  # the app handles those before the box sees the key
                    event.stop()
                    event.prevent_default()
                    await self.run_action(binding.action)
                    return
        await super()._on_key(event)
