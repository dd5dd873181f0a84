"""The help screen (? or F1): every key of the screen underneath and of the app."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.screen import ModalScreen, Screen
from textual.widgets import DataTable, Static

GLOBAL_KEYS = (
    ("1 … 6", "Dashboard, Programs, Budget, Letters, Journal, Profile (outside text fields)"),
    ("ctrl+p", "Command palette: every action by name"),
    ("? / F1", "This help"),
    ("tab / shift+tab", "Next / previous field"),
    ("ctrl+s", "Save a form"),
    ("escape", "Cancel a form, clear a filter, or close this help"),
    ("ctrl+q", "Quit (everything is already saved)"),
)


class HelpScreen(ModalScreen[None]):
    """A table of keys; escape, q or ? closes it."""

    BINDINGS = [
        Binding("escape", "dismiss", "Close", id="help-close"),
        Binding("q", "dismiss", "Close", show=False),
        Binding("question_mark", "dismiss", "Close", show=False),
    ]

    def __init__(self, under: Screen) -> None:
        super().__init__()
        self.under = under

    def compose(self) -> ComposeResult:
        with Vertical(id="help-box"):
            yield Static("Keys", classes="area-title")
            yield DataTable(id="help-table", cursor_type="row", zebra_stripes=True)
            yield Static("escape closes this help", classes="hint")

    def on_mount(self) -> None:
        table = self.query_one(DataTable)
        table.add_column("Key", width=18)
        table.add_column("Does", width=64)
        seen: set[str] = set()
        for active in self.under.active_bindings.values():
            binding = active.binding
            if binding.description and binding.show and binding.description not in seen:
                seen.add(binding.description)
                key = binding.key_display or self.app.get_key_display(binding)
                table.add_row(key, binding.tooltip or binding.description)
        for key, does in GLOBAL_KEYS:
            table.add_row(key, does)
