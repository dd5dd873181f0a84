"""UsceApp: the six areas as Textual modes, global keys, command palette and theme."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from datetime import date
from functools import partial

from textual import work
from textual.app import App, SystemCommand
from textual.binding import Binding
from textual.screen import Screen
from textual.theme import Theme

from .screens.base import BaseScreen
from .screens.budget import BudgetScreen
from .screens.dashboard import DashboardScreen
from .screens.dialogs import ConfirmDialog
from .screens.help import HelpScreen
from .screens.journal import JournalScreen
from .screens.letters import LettersScreen
from .screens.profile import ProfileScreen
from .screens.programs import ProgramsScreen
from .storage import StorageError
from .store import Store

# (mode, key, title) in the order of the number keys.
AREAS: tuple[tuple[str, str, str], ...] = (
    ("dashboard", "1", "Dashboard"),
    ("programs", "2", "Programs"),
    ("budget", "3", "Budget"),
    ("letters", "4", "Letters"),
    ("journal", "5", "Journal"),
    ("profile", "6", "Profile"),
)


class UsceApp(App[int]):
    """The USCE Navigator app, built on an open ``Store``."""

    TITLE = "USCE Navigator"
    CSS_PATH = "app.tcss"
    MODES = {
        "dashboard": DashboardScreen,
        "programs": ProgramsScreen,
        "budget": BudgetScreen,
        "letters": LettersScreen,
        "journal": JournalScreen,
        "profile": ProfileScreen,
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

    @work
    async def programs_command(self, method: str) -> None:
        """Open the Programs screen and run one of its commands (import or export)."""
        await self.switch_mode("programs")
        screen = self.screen
        if isinstance(screen, ProgramsScreen):
            getattr(screen, method)()
