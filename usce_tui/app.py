"""UsceApp: the six areas as Textual modes, global keys, command palette and theme."""

from __future__ import annotations

import importlib
from collections.abc import Callable, Iterable
from datetime import date
from functools import partial
from pathlib import Path

from textual import work
from textual.app import App, SystemCommand
from textual.binding import Binding
from textual.screen import Screen
from textual.theme import Theme

from usce_tui.modals.dialogs import ConfirmDialog, PathDialog
from usce_tui.modals.help import HelpScreen
from usce_tui.screens.base import BaseScreen
from usce_tui.screens.dashboard import DashboardScreen
from usce_tui.store.storage import StorageError, atomic_write_bytes
from usce_tui.store.store import Store

# (mode, key, title) in the order of the number keys.
AREAS: tuple[tuple[str, str, str], ...] = (
    ("dashboard", "1", "Dashboard"),
    ("programs", "2", "Programs"),
    ("budget", "3", "Budget"),
    ("letters", "4", "Letters"),
    ("journal", "5", "Journal"),
    ("profile", "6", "Profile"),
)


def _area(module: str, name: str) -> Screen:
    """Import a screen module the first time its area is opened, and build the screen."""
    return getattr(importlib.import_module(f".screens.{module}", __package__), name)()


class UsceApp(App[int]):
    """The USCE Navigator app, built on an open ``Store``."""

    TITLE = "USCE Navigator"
    CSS_PATH = "app.tcss"
    # The other screens are imported when first opened, so the app starts as fast as it can.
    MODES = {
        "dashboard": DashboardScreen,
        "programs": lambda: _area("programs", "ProgramsScreen"),
        "budget": lambda: _area("budget", "BudgetScreen"),
        "letters": lambda: _area("letters", "LettersScreen"),
        "journal": lambda: _area("journal", "JournalScreen"),
        "profile": lambda: _area("profile", "ProfileScreen"),
    }
    DEFAULT_MODE = "dashboard"
    BINDINGS = [
        *(
            Binding(key, f"switch_mode('{mode}')", title, id=f"go-{mode}",
                    tooltip=f"Go to {title}", show=key in "123456")
            for mode, key, title in AREAS
        ),
        Binding("question_mark", "help", "Help", key_display="?", id="help"),
        Binding("f1", "help", "Help", show=False, id="help-f1"),
        Binding("ctrl+q", "quit", "Quit", id="quit", priority=True),
    ]

    def __init__(self, store: Store, *, today: Callable[[], date] = date.today,
                 demo: bool = False) -> None:
        super().__init__()
        self.store = store
        self.today = today
        self.demo = demo
        self._areas: list[BaseScreen] = []
        if demo:
            self.sub_title = "demo data (a temporary copy; changes vanish on exit)"
        else:
            self.sub_title = str(store.path)

    def on_mount(self) -> None:
        saved = self.store.profile().theme
        if saved in self.available_themes:
            self.theme = saved
        self.theme_changed_signal.subscribe(self, self._remember_theme)

    def _remember_theme(self, theme: Theme) -> None:
        profile = self.store.profile()
        if profile.theme == theme.name or self.store.read_only:
            return
        profile.theme = theme.name
        try:
            self.store.save_profile(profile)
        except StorageError as exc:
            self.notify(str(exc), title="Theme not saved", severity="error")

    def register_area(self, screen: BaseScreen) -> None:
        """Screens announce themselves so that quitting can look for unsaved changes."""
        self._areas.append(screen)

    @work
    async def action_quit(self) -> None:
        """Quit; if a form holds unsaved changes, ask first."""
        dirty = [type(s).__name__.removesuffix("Screen") for s in self._areas if s.has_unsaved_changes()]
        # Forms and the journal editor open over a screen; what is typed there counts too.
        dirty += ["A form" for s in self.screen_stack if not isinstance(s, BaseScreen)
                  and callable(getattr(s, "has_unsaved_changes", None)) and s.has_unsaved_changes()]
        if dirty:
            question = f"{', '.join(dirty)} has unsaved changes. Quit and lose them?"
            if not await self.push_screen_wait(ConfirmDialog(question, yes="Quit", no="Stay")):
                return
        self.exit()

    def action_help(self) -> None:
        """Show every key of the current screen and of the app."""
        if not isinstance(self.screen, HelpScreen):
            self.push_screen(HelpScreen(self.screen))

    def get_system_commands(self, screen: Screen) -> Iterable[SystemCommand]:
        yield from super().get_system_commands(screen)
        for mode, key, title in AREAS:
            yield SystemCommand(f"Go to {title}", f"Open the {title} screen (key {key})",
                                partial(self.switch_mode, mode))
        yield SystemCommand("Help: keys", "Every key of this screen and the app (? or F1)",
                            self.action_help)
        yield SystemCommand("Import programs from a CSV file",
                            "Add programs from a spreadsheet; shows what was added, skipped or needs review",
                            partial(self.programs_command, "import_csv"))
        yield SystemCommand("Export programs to a CSV file",
                            "Every program, with requirements and history, for a spreadsheet",
                            partial(self.programs_command, "export_csv"))

        yield SystemCommand("Export calendar (.ics)",
                            "Deadlines, apply-by dates, preparation, trips, rotations and letter "
                            "follow-ups for your own calendar", self.export_calendar)

    @work
    async def export_calendar(self) -> None:
        """Ask where, then write the iCalendar file."""
        path = await self.push_screen_wait(PathDialog(
            "Export calendar (.ics)", "Import the file into your calendar; importing a newer export "
            "updates the same events. enter: write · escape: cancel",
            str(Path.home() / "usce-calendar.ics")))
        if path is None:
            return
        from usce_tui.core.calendar import calendar_events, write_calendar  # icalendar: only when used

        events = calendar_events(*self.store.calendar_inputs(), self.today())
        try:
            atomic_write_bytes(path, write_calendar(events))
        except OSError as exc:
            self.notify(f"Cannot write {path}: {exc.strerror or exc}.", severity="error", timeout=10)
            return
        self.notify(f"Wrote {path}.")

    @work
    async def programs_command(self, method: str) -> None:
        """Open the Programs screen and run one of its commands (import or export)."""
        await self.switch_mode("programs")
        screen = self.screen
        if type(screen).__name__ == "ProgramsScreen":
            getattr(screen, method)()
