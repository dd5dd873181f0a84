"""The help screen (? or F1): every key of the screen underneath and of the app."""

from __future__ import annotations

from rich.table import Table
from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical, VerticalScroll
from textual.screen import ModalScreen, Screen
from textual.widgets import Static

from usce_tui.modals.quick import QuickScreen
from usce_tui.widgets.area_bar import AREAS
from usce_tui.widgets.key_footer import KeyFooter

GLOBAL_KEYS = (
    (f"1 … {len(AREAS)}", " · ".join(title for _, _, title in AREAS)
     + " (outside a text field, where digits are typed; escape leaves the field)"),
    ("ctrl+p", "Command palette: every action by name"),
    ("? / F1", "This help"),
    ("tab / shift+tab", "Next / previous field"),
    ("ctrl+s", "Save a form"),
    ("escape", "Cancel a form, clear a filter, or close this help"),
    ("ctrl+q", "Quit (asks first if a form has unsaved changes)"),
)


class HelpScreen(ModalScreen[None], QuickScreen):
    """The keys of the screen underneath and of the app, and what its marks mean, as text that
    wraps to the terminal's width; escape, q or ? closes it, the arrows scroll it."""

    BINDINGS = [
        Binding("escape", "dismiss", "Close", id="help-close", priority=True),
        Binding("q", "dismiss", "Close", show=False),
        Binding("question_mark", "dismiss", "Close", show=False),
    ]

    def __init__(self, under: Screen) -> None:
        super().__init__()
        self.under = under
        self.rows: list[tuple[str, str]] = []  # (key, what it does) as shown, for tests

    def compose(self) -> ComposeResult:
        with Vertical(id="help-box"):
            yield Static("Keys", classes="area-title")
            with VerticalScroll(id="help-scroll"):
                yield Static(self.keys_table(), id="help-text")
            yield Static("escape closes this help · ↑ ↓ scroll", classes="hint")
        yield KeyFooter()  # its own keys (the screen's, under it, do nothing here)

    def keys_table(self) -> Table:
        """Key and what it does, by section, the second column wrapping."""
        own = [a.binding for a in self.under.active_bindings.values()
               if a.node is not self.app and a.binding.description
               and (a.binding.show or a.binding.tooltip)]
        notes = str(getattr(self.under, "HELP", "")).strip().splitlines()
        sections = [
            ("This screen", [(b.key_display or self.app.get_key_display(b), b.tooltip or b.description)
                             for b in own]),
            ("Good to know", good_to_know(notes)),
            ("Everywhere", list(GLOBAL_KEYS)),
        ]
        table = Table.grid(padding=(0, 2))
        table.add_column(width=16, no_wrap=True)
        table.add_column(ratio=1)
        self.rows = []
        for title, rows in sections:
            if not rows:
                continue
            if self.rows:
                table.add_row("", "")
            table.add_row(Text(title, style="bold"), "")
            for row in rows:
                table.add_row(*row)
            self.rows += rows
        return table

    def on_mount(self) -> None:
        self.query_one("#help-scroll").focus()


def good_to_know(lines: list[str]) -> list[tuple[str, str]]:
    """A screen's ``HELP`` as (mark, meaning) rows: ``mark  meaning`` starts a row, and a line
    that starts with spaces goes on with the meaning above (the table wraps it to the width)."""
    rows: list[tuple[str, str]] = []
    for line in lines:
        if line.startswith(" ") and rows:
            mark, meaning = rows[-1]
            rows[-1] = (mark, f"{meaning} {line.strip()}")
        else:
            mark, _, meaning = line.partition("  ")
            rows.append((mark.strip(), meaning.strip()))
    return rows
