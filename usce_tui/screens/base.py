"""What every screen shares: typed access to the app and its store, reload on resume."""

from __future__ import annotations

from typing import TYPE_CHECKING

from textual.screen import Screen

from ..store import Store

if TYPE_CHECKING:
    from ..app import UsceApp


class BaseScreen(Screen):
    """A top-level area (a Textual mode) that reloads from the store whenever it is shown."""

    @property
    def usce(self) -> UsceApp:
        return self.app  # type: ignore[return-value]

    @property
    def store(self) -> Store:
        return self.usce.store

    def on_mount(self) -> None:
        self.usce.register_area(self)

    def has_unsaved_changes(self) -> bool:
        """True while a form on this screen holds text that is not saved (override)."""
        return False

    def on_screen_resume(self) -> None:
        self.refresh_data()

    def refresh_data(self) -> None:
        """Re-read what this screen shows from the store (override)."""
