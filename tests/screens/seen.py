"""What the terminal shows, as a user reads it."""

from __future__ import annotations

from textual.app import App


def screen_lines(app: App) -> list[str]:
    """The lines on the terminal, the current screen over whatever it lets show through."""
    update = app.screen._compositor.render_update(full=True, screen_stack=app._background_screens)
    return ["".join(segment.text for segment in strip) for strip in update.strips]
