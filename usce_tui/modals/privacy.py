"""The privacy check before a journal entry is saved: each possible patient identifier, in
place, to redact (the default) or keep knowingly."""

from __future__ import annotations

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import DataTable, Footer, Static

from usce_tui.core.journal.privacy import Finding, redact, scan


def _context(text: str, finding: Finding) -> str:
    start, end = max(finding.start - 25, 0), min(finding.end + 25, len(text))
    return ("…" if start else "") + text[start:end].replace("\n", " ") + ("…" if end < len(text) else "")


class PrivacyDialog(ModalScreen[dict[str, str] | None]):
    """Each possible identifier in place with its reason; ``r`` redacts it, ``k`` keeps it
    knowingly, ``a`` redacts all; ``enter`` saves, ``escape`` goes back to the text."""

    BINDINGS = [
        Binding("r", "decide('redact')", "Redact", id="privacy-redact"),
        Binding("k", "decide('keep')", "Keep", id="privacy-keep"),
        Binding("a", "redact_all", "Redact all", id="privacy-all"),
        Binding("enter", "save", "Save", id="privacy-save", priority=True),
        Binding("escape", "dismiss(None)", "Back to the text", id="privacy-back"),
    ]

    def __init__(self, texts: dict[str, str]) -> None:
        super().__init__()
        self.texts = texts
        self.findings = [(key, f) for key, text in texts.items() for f in scan(text)]
        self.choices = ["redact"] * len(self.findings)  # the safe choice unless the user keeps it

    def compose(self) -> ComposeResult:
        with Vertical(id="privacy-box", classes="dialog-box"):
            yield Static(f"{len(self.findings)} possible patient identifier(s)", classes="area-title")
            yield Static("Notes about patients must not identify them. Redacting replaces the "
                         "text with a placeholder such as [NAME].", classes="hint")
            yield DataTable(id="privacy-table", cursor_type="row", zebra_stripes=True)
            yield Static("r: redact · k: keep knowingly · a: redact all · enter: save · "
                         "escape: back to the text", classes="hint")
        yield Footer(compact=True)

    def on_mount(self) -> None:
        table = self.query_one(DataTable)
        table.add_column("Do", width=7, key="do")
        table.add_column("Kind", width=8)
        table.add_column("Found", width=22)
        table.add_column("Why, and where", width=70)
        for index, (key, finding) in enumerate(self.findings):
            table.add_row(self.choices[index], finding.kind, Text(finding.text),
                          Text(f"{finding.reason}: {_context(self.texts[key], finding)}"), key=str(index))
        table.focus()

    def action_decide(self, choice: str) -> None:
        table = self.query_one(DataTable)
        if table.row_count:
            row = table.cursor_row
            self.choices[row] = choice
            table.update_cell(str(row), "do", choice)
            table.move_cursor(row=min(row + 1, table.row_count - 1))

    def action_redact_all(self) -> None:
        for row in range(len(self.choices)):
            self.choices[row] = "redact"
            self.query_one(DataTable).update_cell(str(row), "do", "redact")

    def action_save(self) -> None:
        result = {}
        for key, text in self.texts.items():
            chosen = [f for (k, f), choice in zip(self.findings, self.choices, strict=True)
                      if k == key and choice == "redact"]
            result[key] = redact(text, chosen)
        self.dismiss(result)
