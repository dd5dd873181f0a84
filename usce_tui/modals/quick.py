"""Screens shown without the work Textual would redo: a base for every screen of the app.

Textual restyles a whole screen each time it is shown (in case the styles it depends on
changed meanwhile), and a screen shown for the first time is laid out twice, the second time
together with every screen under it, when the resize its own first layout sends comes back to
it. Here a screen is styled as it mounts, with the size classes it will need (the app's
``_styled_as_it_mounts``), restyled when the theme changes (Textual does that for every
screen), and laid out again only when the terminal's size changes.
"""

from __future__ import annotations

from textual import events
from textual.screen import Screen


def size_classes(screen: Screen, width: int, height: int) -> dict[str, bool]:
    """The screen's breakpoint classes (-narrow, -wide) at a size: on or off, as Textual sets
    them on a resize."""
    app = screen.app
    horizontal = (app.HORIZONTAL_BREAKPOINTS if screen.HORIZONTAL_BREAKPOINTS is None
                  else screen.HORIZONTAL_BREAKPOINTS) or []
    vertical = (app.VERTICAL_BREAKPOINTS if screen.VERTICAL_BREAKPOINTS is None
                else screen.VERTICAL_BREAKPOINTS) or []
    on = screen._get_breakpoint_classes(width, horizontal) | screen._get_breakpoint_classes(height, vertical)
    return {name: name in on for _, name in horizontal + vertical}


class QuickScreen(Screen):
    """Mix into a screen (these handlers run before Textual's own, which they may skip). A
    dialog lists it after ModalScreen: before it, Screen's opaque background won over the
    dialog's see-through one and the screen under a dialog was not seen."""

    def _on_screen_resume(self, event: events.ScreenResume) -> None:
        # styled as it mounted, and again by Textual on a theme change: laid out and painted
        event.refresh_styles = False

    async def _on_resize(self, event: events.Resize) -> None:
        """A new terminal size: Textual lays this screen out again, and those under it. The
        size this screen was just laid out at (its first layout reports it this way): only its
        size classes are brought up to date (a form built ahead for another size)."""
        if event.size != self.outer_size:
            return
        event.prevent_default()
        event.stop()
        self.update_classes(size_classes(self, event.size.width, event.size.height), animate=False)
