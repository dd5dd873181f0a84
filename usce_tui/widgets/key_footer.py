"""KeyFooter: Textual's compact Footer, rebuilt only when the keys it shows change."""

from __future__ import annotations

from typing import Any

from textual.app import ComposeResult
from textual.screen import Screen
from textual.widgets import Footer
from textual.widgets._footer import FooterKey  # the key widget is not exported by Textual


class KeyFooter(Footer):
    """The keys of this screen, in the compact style.

    Textual's Footer throws its keys away and mounts new ones whenever the screen says its
    bindings may have changed: every return to a screen, every focus move in a form. With ten
    keys that was a third of a return to Profile (mounting, restyling each key as its
    "compact" class arrived, painting). This one rebuilds only when what it would show (key,
    label, enabled, tooltip) differs from what it shows, and gives each key its compact class
    before it mounts, so it is styled once.
    """

    def __init__(self, **kwargs: Any) -> None:
        kwargs.setdefault("compact", True)
        super().__init__(**kwargs)
        self._shown: tuple[tuple[str, str, bool, str], ...] | None = None

    def _keys(self) -> tuple[tuple[str, str, bool, str], ...]:
        """What the footer would show now."""
        return tuple((binding.key, binding.description, enabled, tooltip)
                     for _node, binding, enabled, tooltip in self.screen.active_bindings.values()
                     if binding.show or binding.action == "app.command_palette")

    def compose(self) -> ComposeResult:
        if not self._bindings_ready and self.screen.is_attached:
            # the keys at once, with the screen's other widgets (Textual's footer waits for the
            # screen to say its keys are ready, then builds itself again: 14 ms of the start)
            try:
                self._shown = self._keys()
            except Exception:  # noqa: BLE001 - a key check that needs a widget still mounting: the
                self._shown = None  # keys then come as Textual's do (the check runs again there)
            else:
                self._bindings_ready = True
        elif self._bindings_ready:
            self._shown = self._keys()
        for widget in super().compose():
            if isinstance(widget, FooterKey):
                widget.set_class(self.compact, "-compact", update=False)
            yield widget

    def bindings_changed(self, screen: Screen) -> None:
        self._bindings_ready = True
        if screen.app.app_focus and self.is_attached and screen is self.screen:
            # once the screen has settled, as Textual's Footer does (its widgets may still be
            # mounting now, and what the keys offer depends on them)
            self.call_after_refresh(self._rebuild_if_changed)

    async def _rebuild_if_changed(self) -> None:
        if self.is_attached and self._keys() != self._shown:
            await self.recompose()
