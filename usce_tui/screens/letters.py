"""Letters (key 4): every letter of recommendation from the first idea to the thank-you."""

from __future__ import annotations

import copy

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.widgets import DataTable, Static

from usce_tui.core.journal.rules import headline
from usce_tui.core.letters.form import letter_fields, letter_from_form, letter_values
from usce_tui.core.letters.rules import (
    LETTER_MATERIALS,
    MATERIAL_LABELS,
    NextAction,
    advance,
    check_letters,
    default_draft,
    drafts,
    in_order,
    last_step,
    next_status,
    record_reminder,
    why_no_reminder,
)
from usce_tui.core.parse import format_date
from usce_tui.core.records import JournalEntry, Letter, Program, Record
from usce_tui.modals.dialogs import ChecklistDialog, ChoiceDialog, TextDialog
from usce_tui.modals.record_form import RecordForm
from usce_tui.screens.base import BaseScreen, NewRecordForm, detail_binding, list_bindings
from usce_tui.widgets.empty_state import EmptyState
from usce_tui.widgets.key_footer import KeyFooter
from usce_tui.widgets.markup import escape
from usce_tui.widgets.paged_table import PagedTable

COLUMNS = (("Writer", 19), ("Specialty", 12), ("Rotation", 16), ("Status", 15), ("Days", 5),
           ("Next action", 26), ("Due", 11))
COLUMN_PRIORITY = (0, 5, 6, 3, 2, 1, 4)  # on a laptop: who, what to do next and by when
EMPTY = (
    "No letters yet.\n\n"
    "Track each writer here: when you asked, what you sent them, when to follow up, the ERAS "
    "Letter ID and the programs it goes to, and the thank-you.\n\n"
    "  a   add a letter (a writer you might ask)\n\n"
    "To explore with example letters, run  usce --demo  (or  make demo)."
)


class LettersScreen(BaseScreen):
    """The letters table, the checks on the whole set, and the highlighted letter's packet."""

    AREA = "Letters"
    NEEDS_RECORD = BaseScreen.NEEDS_RECORD | {"next_step", "followed_up", "materials", "drafts",
                                              "toggle_detail"}
    AUTO_FOCUS = "#letter-table"
    HORIZONTAL_BREAKPOINTS = [(0, "-narrow"), (110, "-wide")]
    HELP = """
red  a next action past its date: overdue letters come first
Remind  follow-ups count from the last reminder you sent (f); u takes f or n back
"""
    BINDINGS = [
        *list_bindings("letters", "letter", "Add a letter"),
        Binding("n", "next_step", "Next", id="letters-next",
                tooltip="Move the letter to its next step, dated today"),
        Binding("f", "followed_up", "Reminded", id="letters-followed-up",
                tooltip="Record that you sent a reminder today"),
        Binding("m", "materials", "Packet", id="letters-materials",
                tooltip="Tick what you sent the writer", priority=True),
        Binding("d", "drafts", "Drafts", id="letters-drafts",
                tooltip="Request, reminder and thank-you messages to copy", priority=True),
        detail_binding("letters"),
    ]

    def __init__(self) -> None:
        super().__init__()
        self.rows: list[tuple[Letter, NextAction]] = []  # in the table's order
        self.programs: dict[str | None, Program] = {}

    def compose(self) -> ComposeResult:
        yield self.area_bar()
        with Vertical(id="letters"):
            yield EmptyState(EMPTY, classes="empty-state")
            yield Static(id="letter-checks")
            yield PagedTable[tuple[Letter, NextAction]](
                COLUMNS, self._cells, lambda row: str(row[0].id), priority=COLUMN_PRIORITY, stretch=5,
                id="letter-table")
            with Horizontal(id="letter-detail", classes="detail-pane") as detail:
                detail.border_title = "space hides"
                with VerticalScroll(id="letter-info"):
                    yield Static(id="letter-info-text")
                with VerticalScroll(id="letter-journal"):
                    yield Static(id="letter-journal-text")
        yield KeyFooter()

    @property
    def table(self) -> PagedTable[tuple[Letter, NextAction]]:
        return self.query_one("#letter-table", PagedTable)

    @property
    def letters(self) -> list[Letter]:
        return [letter for letter, _ in self.rows]

    # -- data ----------------------------------------------------------------------------
    def refresh_data(self) -> None:
        if not self.data_changed():
            return
        today = self.usce.today()
        keep = current.id if (current := self.current()) else None
        self.profile = self.store.profile()
        self.programs = {p.id: p for p in self.store.all(Program)}
        self.rows = in_order(self.store.all(Letter), today, self.profile.letter_reminder_days)
        empty = not self.rows
        self.show_empty_state(empty, ("#letter-checks", "#letter-table", "#letter-detail"))
        checks = check_letters(self.letters, self.profile, today)
        overdue = sum(action.overdue for _, action in self.rows)
        self.query_one("#letter-checks", Static).update(
            " · ".join(escape(line) for line in checks.lines())  # specialties as typed
            + (f" · [b $error]{overdue} overdue[/]" if overdue else ""))
        self._fill(keep)

    def _fill(self, keep: str | None) -> None:
        self.table.show(self.rows, self._index_of(keep))
        self._show_detail()

    def _cells(self, row: tuple[Letter, NextAction]) -> list[Text]:
        letter, action = row
        status, since = last_step(letter)
        rotation = self.programs.get(letter.program_id)
        cells = (letter.writer_name, letter.specialty, rotation.name if rotation else "", status,
                 str((self.usce.today() - since).days) if since else "", action.text,
                 format_date(action.due, self.profile.date_order) if action.due else "")
        style = self.themed("error", bold=True) if action.overdue else ""
        return [Text(c, style=style) for c in cells]

    def _index_of(self, letter_id: str | None) -> int | None:
        ids = [letter.id for letter in self.letters]
        return ids.index(letter_id) if letter_id in ids else None

    def _move_to(self, letter_id: str | None) -> bool:
        index = self._index_of(letter_id)
        if index is not None:
            self.table.move_to(index)
        return index is not None

    def current(self) -> Letter | None:
        row = self.table.current
        return row[0] if row else None

    def _show_detail(self) -> None:
        letter = self.current()
        info = self.query_one("#letter-info-text", Static)
        journal = self.query_one("#letter-journal-text", Static)
        if letter is None:
            info.update("")
            journal.update("")
            return
        order = self.profile.date_order
        action = dict((lt.id, a) for lt, a in self.rows)[letter.id]
        rotation = self.programs.get(letter.program_id)
        lines = [f"[b]{escape(letter.writer_name)}[/b] {escape(letter.title)}",
                 " · ".join(escape(v) for v in (letter.institution, letter.email, letter.specialty) if v),
                 f"Type: {letter.letter_type} · waived right to see: {'yes' if letter.waived else 'no'} · "
                 f"ERAS Letter ID: {escape(letter.eras_letter_id) or '—'}",
                 f"Assigned to: {escape(', '.join(letter.assigned_to)) or '—'}",
                 f"Next: {escape(action.text)}", "", "[b]Steps[/b]"]
        lines += [f" {format_date(h.on, order)} {h.status}" for h in letter.history]
        if letter.reminded:
            lines.append(" reminders sent: " + ", ".join(format_date(d, order) for d in letter.reminded))
        lines += ["", "[b]Packet sent to the writer[/b] (m)"]
        lines += [f" {'[$success]✔[/]' if m in letter.materials_sent else '☐'} {MATERIAL_LABELS[m]}"
                  for m in LETTER_MATERIALS]
        if letter.notes:
            lines += ["", escape(letter.notes)]
        info.update("\n".join(lines))
        entries = self.store.where(JournalEntry, program_id=letter.program_id) if rotation else []
        entries.sort(key=lambda e: (e.date or self.usce.today(), e.time))
        head = f"[b]Journal from {escape(rotation.name)}[/b]" if rotation else "[b]Journal[/b]"
        body = [f" {format_date(e.date, order)} {escape(headline(e, 60))}" for e in entries]
        journal.update("\n".join([head, *(body or [" no entries from this rotation"])]))

    def select_record(self, record_id: str) -> None:
        """Put the cursor on one letter (from the dashboard)."""
        self.refresh_data()
        if self._move_to(record_id):
            self.table.focus()

    # -- events and actions --------------------------------------------------------------
    @on(DataTable.RowHighlighted, "#letter-table")
    def _highlighted(self) -> None:
        self._show_detail()

    @on(DataTable.RowSelected, "#letter-table")
    async def _selected(self) -> None:
        await self.action_edit()

    def show_saved(self, record: Record) -> None:
        self.refresh_data()
        self._move_to(record.id)

    def _form(self, letter: Letter) -> RecordForm[Letter]:
        order = self.profile.date_order
        others = [other for other in self.letters if other.id != letter.id]
        known = {p for p in self.programs if p is not None}
        today = self.usce.today()
        return RecordForm(f"Edit the letter from {letter.writer_name}" if letter.id else "Add a letter",
                          letter_fields(list(self.programs.values())), letter_values(letter, order),
                          lambda values: letter_from_form(values, letter, order, today, others, known),
                          order=order, checklist=("materials_sent", "Packet sent (space ticks)",
                                                  [(m, MATERIAL_LABELS[m]) for m in LETTER_MATERIALS]))

    async def _open(self, letter: Letter) -> None:
        await self.open_form(self._form, letter, lambda saved: f"Saved the letter from {saved.writer_name}.")

    async def action_add(self) -> None:
        await self.open_new_record_form()

    def new_record_form(self) -> NewRecordForm:
        return self._form, Letter(), lambda saved: f"Added the letter from {saved.writer_name}."

    async def action_edit(self) -> None:
        if (letter := self.current()) is not None:
            await self._open(letter)

    async def action_delete(self) -> None:
        letter = self.current()
        if letter is not None:
            name = letter.writer_name
            await self.delete_record(letter, f"Delete the letter from {name}? (u brings it back)",
                                     f"Deleted the letter from {name}.", f"Restored the letter from {name}.")

    def action_next_step(self) -> None:
        """One key moves the letter forward; the step is dated today and kept in the history."""
        current = self.current()
        if current is None:
            return
        step = next_status(current)
        if step is None:
            self.notify(f"The letter is {current.status}; there is no next step.", severity="warning")
            return
        letter = copy.deepcopy(current)
        advance(letter, self.usce.today())
        self.save_records([letter], f"{letter.writer_name}: {step}.",
                          undo=([current], f"{letter.writer_name}: back to {current.status}."))

    def action_followed_up(self) -> None:
        """Record a reminder sent today, where one moves the next follow-up (the domain's rule)."""
        current = self.current()
        if current is None:
            return
        letter, today = copy.deepcopy(current), self.usce.today()
        if not record_reminder(letter, today):
            self.notify(why_no_reminder(letter, today), severity="warning")
            return
        self.save_records([letter], f"Reminder to {letter.writer_name} recorded; the next one is scheduled.",
                          undo=([current], f"Reminder to {letter.writer_name} taken back."))

    async def action_materials(self) -> None:
        current = self.current()
        if current is None:
            return
        items = [(m, MATERIAL_LABELS[m], m in current.materials_sent) for m in LETTER_MATERIALS]

        def ticked(done: list[str] | None) -> None:
            if done is not None:
                letter = copy.deepcopy(current)
                letter.materials_sent = [m for m in LETTER_MATERIALS if m in done]
                self.save_records([letter], "Packet saved.")

        await self.ask(ChecklistDialog(f"Sent to {current.writer_name}", items), ticked)

    async def action_drafts(self) -> None:
        """Pick a message; it is shown to select and copied to the clipboard. Nothing is sent."""
        letter = self.current()
        if letter is None:
            return
        texts = drafts(letter, self.programs.get(letter.program_id), self.profile)

        async def chosen(which: str | None) -> None:
            if which is not None:
                self.app.copy_to_clipboard(texts[which])
                await self.ask(TextDialog(f"Draft for {letter.writer_name}: {which}", texts[which]),
                               lambda _closed: None)

        if len(texts) == 1:  # a declined letter's one draft: no choice of one to make first
            await chosen(next(iter(texts)))
            return
        await self.ask(ChoiceDialog("Which message?", list(texts), default_draft(letter)), chosen)
