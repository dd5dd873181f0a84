"""Writing a journal entry, and the privacy check that runs before it is saved."""

from __future__ import annotations

import dataclasses
from datetime import date, datetime

from rich.text import Text
from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.screen import ModalScreen
from textual.widgets import Checkbox, DataTable, Footer, Input, Label, Select, Static, TextArea

from usce_tui.core.journal.privacy import Finding, redact, scan
from usce_tui.core.journal.rules import TEMPLATE, merge_tags, tags_in
from usce_tui.core.parse import FieldError, format_date, parse_date, parse_list
from usce_tui.core.records import JournalEntry, Program
from usce_tui.modals.dialogs import ConfirmDialog


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
        yield Footer()

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


class JournalEditor(ModalScreen[JournalEntry | None]):
    """A new or existing entry: date, time, rotation, title, tags, star, and the text."""

    BINDINGS = [
        Binding("ctrl+s", "save", "Save", id="journal-save", priority=True,
                tooltip="Check for patient identifiers, then save"),
        Binding("ctrl+t", "template", "Template", id="journal-template",
                tooltip="Insert the reflection prompts at the cursor"),
        Binding("escape", "cancel", "Cancel", id="journal-cancel",
                tooltip="Close (asks first if anything was typed)"),
    ]

    def __init__(self, entry: JournalEntry, programs: list[Program], order: str) -> None:
        super().__init__()
        self.entry = entry
        self.programs = programs
        self.order = order
        self._initial: tuple = ()

    def compose(self) -> ComposeResult:
        e = self.entry
        hint = "DD/MM/YYYY" if self.order == "DMY" else "MM/DD/YYYY"
        with Vertical(id="journal-editor-box"):
            yield Static("Edit the entry" if e.id else "New entry", classes="area-title")
            with Horizontal(classes="journal-editor-row"):
                yield Label("Date", classes="field-label")
                yield Input(format_date(e.date, self.order), placeholder=hint, id="entry-date")
                yield Label("Time", classes="field-label")
                yield Input(e.time, placeholder="HH:MM", id="entry-time")
                yield Label("Rotation", classes="field-label")
                yield Select([(p.name, p.id) for p in self.programs], prompt="(no rotation)",
                             value=e.program_id if e.program_id in {p.id for p in self.programs}
                             else Select.NULL, id="entry-rotation")
            with Horizontal(classes="journal-editor-row"):
                yield Label("Title", classes="field-label")
                yield Input(e.title, placeholder="a few words", id="entry-title")
                yield Label("Tags", classes="field-label")
                yield Input(", ".join(e.tags), placeholder="comma-separated; @tags in the text count",
                            id="entry-tags")
                yield Checkbox("★ for my statement", e.starred, id="entry-star")
            yield TextArea(e.body, id="entry-body", soft_wrap=True)
            yield Static(id="entry-errors")
        yield Footer()

    def on_mount(self) -> None:
        self._initial = self.values()
        self.query_one(TextArea).focus()

    def values(self) -> tuple:
        return tuple(str(w.value) for w in self.query("Input")) + (
            self.query_one(TextArea).text, self.query_one(Checkbox).value,
            self.query_one(Select).value)

    def has_unsaved_changes(self) -> bool:
        return bool(self._initial) and self.values() != self._initial

    def action_template(self) -> None:
        self.query_one(TextArea).insert(TEMPLATE)

    def _entry(self) -> JournalEntry | None:
        errors = []
        try:
            day = parse_date(self.query_one("#entry-date", Input).value, self.order, "Date")
            if day is None:
                raise FieldError("Date", "is required")
        except FieldError as exc:
            errors.append(str(exc))
            day = None
        time = self.query_one("#entry-time", Input).value.strip()
        try:
            if time:
                time = datetime.strptime(time, "%H:%M").strftime("%H:%M")
        except ValueError:
            errors.append(f"Time: {time!r} is not a time such as 20:15")
        body = self.query_one(TextArea).text.rstrip()
        title = self.query_one("#entry-title", Input).value.strip()
        if not body.strip() and not title:
            errors.append("Text: the entry is empty")
        self.query_one("#entry-errors", Static).update("\n".join(f"✘ {e}" for e in errors))
        if errors:
            self.notify(errors[0], title="Not saved", severity="error")
            return None
        rotation = self.query_one(Select).value
        tags = merge_tags(parse_list(self.query_one("#entry-tags", Input).value), tags_in(f"{title}\n{body}"))
        return dataclasses.replace(self.entry, date=day, time=time, title=title, body=body, tags=tags,
                                   starred=self.query_one(Checkbox).value,
                                   program_id=None if rotation is Select.NULL else int(rotation))  # type: ignore[arg-type]

    @work(exclusive=True, group="journal-save")
    async def action_save(self) -> None:
        """Refuse bad input; show possible identifiers to redact or keep; then return the entry."""
        entry = self._entry()
        if entry is None:
            return
        texts = {"title": entry.title, "body": entry.body}
        if any(scan(t) for t in texts.values()):
            decided = await self.app.push_screen_wait(PrivacyDialog(texts))
            if decided is None:
                return  # back to the text, nothing saved
            entry.title, entry.body = decided["title"], decided["body"]
        self.dismiss(entry)

    @work
    async def action_cancel(self) -> None:
        if self.has_unsaved_changes() and not await self.app.push_screen_wait(
                ConfirmDialog("Discard what you wrote in this entry?", yes="Discard", no="Keep writing")):
            return
        self.dismiss(None)

    @on(Input.Submitted)
    def _next_field(self, event: Input.Submitted) -> None:
        event.stop()
        self.focus_next()


def new_entry(today: date, now: datetime, program_id: int | None) -> JournalEntry:
    return JournalEntry(date=today, time=now.strftime("%H:%M"), program_id=program_id)
