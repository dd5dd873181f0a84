"""The help screen (? or F1): every key of the screen underneath and of the app."""

from __future__ import annotations

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.screen import ModalScreen, Screen
from textual.widgets import DataTable, Static

GLOBAL_KEYS = (
    ("1 … 6", "Dashboard · Programs · Budget · Letters · Journal · Profile"),
    ("ctrl+p", "Command palette: every action by name"),
    ("? / F1", "This help"),
    ("tab / shift+tab", "Next / previous field"),
    ("ctrl+s", "Save a form"),
    ("escape", "Cancel a form, clear a filter, or close this help"),
    ("ctrl+q", "Quit (asks first if a form has unsaved changes)"),
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
        table.add_column("Does", width=60)
        own = [a.binding for a in self.under.active_bindings.values()
               if a.node is not self.app and a.binding.description
               and (a.binding.show or a.binding.tooltip)]
        if own:
            table.add_row(Text("This screen", style="bold"), "")
            for binding in own:
                key = binding.key_display or self.app.get_key_display(binding)
                table.add_row(key, binding.tooltip or binding.description)
            table.add_row("", "")
        table.add_row(Text("Everywhere", style="bold"), "")
        for key, does in GLOBAL_KEYS:
            table.add_row(key, does)
