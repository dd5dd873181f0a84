"""The privacy check before a journal entry is saved: each possible patient identifier, in
place, to redact (the default) or keep knowingly."""

from __future__ import annotations

from typing import Any

from rich.text import Text
from textual.app import App, ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import Static

from usce_tui.core.journal.privacy import Finding, names_in, redact, scan
from usce_tui.core.parse import counted
from usce_tui.modals.quick import QuickScreen
from usce_tui.widgets.key_footer import KeyFooter
from usce_tui.widgets.paged_table import PagedTable


def _context(text: str, finding: Finding) -> str:
    start, end = max(finding.start - 15, 0), min(finding.end + 15, len(text))
    return ("…" if start else "") + text[start:end].replace("\n", " ") + ("…" if end < len(text) else "")


class PrivacyDialog(ModalScreen[dict[str, str] | None], QuickScreen):
    """Each possible identifier in place with its reason; ``r`` redacts it, ``k`` keeps it
    knowingly, ``a`` redacts all; ``enter`` saves, ``escape`` goes back to the text."""

    BINDINGS = [
        # priority: acted on as they arrive ("k enter" typed at once saved before the k)
        Binding("r", "decide('redact')", "Redact", id="privacy-redact", priority=True),
        Binding("k", "decide('keep')", "Keep", id="privacy-keep", priority=True),
        Binding("a", "redact_all", "Redact all", id="privacy-all", priority=True),
        Binding("enter", "save", "Save", id="privacy-save", priority=True),
        Binding("escape", "dismiss(None)", "Back to the text", id="privacy-back", priority=True),
    ]

    def __init__(self, texts: dict[str, str], kept: frozenset[str] = frozenset()) -> None:
        super().__init__()
        self.texts = texts
        names = set().union(*(names_in(text) for text in texts.values()))  # one name, found everywhere
        self.findings = [(key, f) for key, text in texts.items()
                         for f in scan(text, names, tags=key == "tags")]
        # Redacting is the safe choice unless the user keeps it; what the saved entry already
        # held was kept knowingly before, and stays kept unless the user says otherwise.
        self.choices = ["keep" if f.text in kept else "redact" for _, f in self.findings]

    def compose(self) -> ComposeResult:
        with Vertical(id="privacy-box", classes="dialog-box"):
            yield Static(counted(len(self.findings), "possible patient identifier"), classes="area-title")
            yield Static("Notes about patients must not identify them. Redacting replaces the "
                         "text with a placeholder such as [NAME].", classes="hint", markup=False)
            yield PagedTable[int](
                (("Do", 7), ("Kind", 8), ("Found", 20), ("Where, and why", 30)), self._cells, str,
                priority=(0, 2, 1, 3), stretch=3, id="privacy-table")
            yield Static(id="privacy-why", classes="hint", markup=False)
            yield Static("r: redact, k: keep knowingly (each moves to the next) · a: redact all · "
                         "enter: save · escape: back to the text", classes="hint")
        yield KeyFooter()

    def _cells(self, index: int) -> list[Text]:
        key, finding = self.findings[index]
        return [Text(self.choices[index]), Text(finding.kind), Text(finding.text),
                Text(f"{_context(self.texts[key], finding)} ({finding.reason})")]

    @property
    def table(self) -> PagedTable[int]:
        return self.query_one("#privacy-table", PagedTable)

    def on_mount(self) -> None:
        self.table.show(range(len(self.findings)))
        self.table.focus()
        self._explain()

    def on_data_table_row_highlighted(self) -> None:
        self._explain()

    def _explain(self) -> None:
        """The highlighted finding's reason and the words around it in full (the table cuts them
        at 80 columns)."""
        index = self.table.index
        if index is None or not self.findings:
            return
        key, finding = self.findings[index]
        self.query_one("#privacy-why", Static).update(
            f"{finding.kind} {finding.text!r}: {finding.reason}, in “{_context(self.texts[key], finding)}”")

    def action_decide(self, choice: str) -> None:
        index = self.table.index
        if index is not None:
            self.choices[index] = choice
            self.table.show(self.table.items, min(index + 1, len(self.findings) - 1))

    def action_redact_all(self) -> None:
        self.choices = ["redact"] * len(self.findings)
        self.table.show(self.table.items, self.table.index)

    def action_save(self) -> None:
        result = {}
        for key, text in self.texts.items():
            chosen = [f for (k, f), choice in zip(self.findings, self.choices, strict=True)
                      if k == key and choice == "redact"]
            result[key] = redact(text, chosen)
        self.dismiss(result)


async def privacy_checked(app: App[Any], texts: dict[str, str],
                          kept: frozenset[str] = frozenset()) -> dict[str, str] | None:
    """The texts as the user decided (redacted or kept) after the privacy check, the same texts
    when it finds nothing new (``kept`` was seen and kept before), or None when the user went
    back to the text (nothing is to be saved)."""
    dialog = PrivacyDialog(texts, kept)
    if not any(f.text not in kept for _, f in dialog.findings):
        return texts
    return await app.push_screen_wait(dialog)
