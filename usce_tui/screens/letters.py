"""Letters (key 4): every letter of recommendation from the first idea to the thank-you."""

from __future__ import annotations

import copy

from rich.markup import escape
from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.widgets import DataTable, Footer, Header, Static

from usce_tui.core.journal.rules import headline
from usce_tui.core.letters.form import letter_fields, letter_from_form, letter_values
from usce_tui.core.letters.rules import (
    LETTER_MATERIALS,
    advance,
    check_letters,
    drafts,
    last_step,
    next_action,
    next_status,
)
from usce_tui.core.parse import format_date
from usce_tui.core.records import JournalEntry, Letter, Program, Record
from usce_tui.modals.dialogs import ChecklistDialog, ChoiceDialog, TextDialog
from usce_tui.modals.record_form import RecordForm
from usce_tui.screens.base import BaseScreen, cell

COLUMNS = (("Writer", 22), ("Specialty", 16), ("Rotation", 20), ("Status", 15), ("Days", 5),
           ("Next action", 26), ("Due", 12))
EMPTY = (
    "No letters yet.\n\n"
    "Track each writer here: when you asked, what you sent them, when to follow up, the ERAS "
    "Letter ID and the programs it goes to, and the thank-you.\n\n"
    "  a   add a letter (a writer you might ask)\n\n"
    "To explore with example letters, run  usce --demo  (or  make demo)."
)


class LettersScreen(BaseScreen):
    """The letters table, the checks on the whole set, and the highlighted letter's packet."""

    AUTO_FOCUS = "#letter-table"
    BINDINGS = [
        Binding("a", "add", "Add", id="letters-add", tooltip="Add a letter"),
        Binding("e", "edit", "Edit", id="letters-edit", tooltip="Edit the letter (or enter)"),
        Binding("x", "delete", "Delete", id="letters-delete", tooltip="Delete the letter (asks)"),
        Binding("u", "undo", "Undo", id="letters-undo", show=False, tooltip="Bring back the last deleted"),
        Binding("n", "next_step", "Next step", id="letters-next",
                tooltip="Move the letter to its next step, dated today"),
        Binding("f", "followed_up", "Followed up", id="letters-followed-up",
                tooltip="Record that you sent a reminder today"),
        Binding("m", "materials", "Packet", id="letters-materials",
                tooltip="Tick what you sent the writer"),
        Binding("d", "drafts", "Drafts", id="letters-drafts",
                tooltip="Request, reminder and thank-you messages to copy"),
    ]

    letters: list[Letter] = []

    def compose(self) -> ComposeResult:
        yield Header()
        with Vertical(id="letters"):
            yield Static(EMPTY, classes="empty-state")
            yield Static(id="letter-checks")
            table: DataTable = DataTable(id="letter-table", cursor_type="row", zebra_stripes=True,
                                         cell_padding=0)
            for title, width in COLUMNS:
                table.add_column(title, width=width)
            yield table
            with Horizontal(id="letter-detail"):
                with VerticalScroll(id="letter-info"):
                    yield Static(id="letter-info-text")
                with VerticalScroll(id="letter-journal"):
                    yield Static(id="letter-journal-text")
        yield Footer()

    # -- data ----------------------------------------------------------------------------
    def refresh_data(self) -> None:
        if not self.data_changed():
            return
        today = self.usce.today()
        keep = self.current().id if self.current() else None
        self.profile = self.store.profile()
        self.programs = {p.id: p for p in self.store.all(Program)}
        self.letters = self.store.all(Letter)
        first = self.profile.letter_reminder_days
        self.actions = {x.id: next_action(x, today, first) for x in self.letters}
        # Overdue first, then by due date; finished letters last.
        self.letters.sort(key=lambda x: (not self.actions[x.id].overdue, self.actions[x.id].due is None,
                                         self.actions[x.id].due or today, x.writer_name.lower()))
        empty = not self.letters
        self.query_one(".empty-state").display = empty
        for part in ("#letter-checks", "#letter-table", "#letter-detail"):
            self.query_one(part).display = not empty
        checks = check_letters(self.letters, self.profile, today)
        overdue = sum(a.overdue for a in self.actions.values())
        self.query_one("#letter-checks", Static).update(
            " · ".join(checks.lines()) + (f" · [b red]{overdue} overdue[/]" if overdue else ""))
        self._fill(keep)

    def _fill(self, keep: int | None) -> None:
        table = self.query_one("#letter-table", DataTable)
        table.clear()
        today, order = self.usce.today(), self.profile.date_order
        widths = [w for _, w in COLUMNS]
        for x in self.letters:
            action = self.actions[x.id]
            status, since = last_step(x)
            rotation = self.programs.get(x.program_id)
            cells = (x.writer_name, x.specialty, rotation.name if rotation else "", status,
                     str((today - since).days) if since else "", action.text,
                     format_date(action.due, order) if action.due else "")
            style = "bold red" if action.overdue else ""
            table.add_row(*(cell(c, w, style) for c, w in zip(cells, widths, strict=True)),
                          key=str(x.id))
        ids = [x.id for x in self.letters]
        if keep in ids:
            table.move_cursor(row=ids.index(keep), animate=False)
        self._show_detail()

    def current(self) -> Letter | None:
        table = self.query_one("#letter-table", DataTable)
        if not self.letters or not 0 <= table.cursor_row < len(self.letters):
            return None
        return self.letters[table.cursor_row]

    def _show_detail(self) -> None:
        x = self.current()
        info = self.query_one("#letter-info-text", Static)
        journal = self.query_one("#letter-journal-text", Static)
        if x is None:
            info.update("")
            journal.update("")
            return
        order = self.profile.date_order
        rotation = self.programs.get(x.program_id)
        lines = [f"[b]{escape(x.writer_name)}[/b] {escape(x.title)}",
                 " · ".join(escape(v) for v in (x.institution, x.email, x.specialty) if v),
                 f"Type: {x.letter_type} · waived right to see: {'yes' if x.waived else 'no'} · "
                 f"ERAS Letter ID: {escape(x.eras_letter_id) or '—'}",
                 f"Assigned to: {escape(', '.join(x.assigned_to)) or '—'}",
                 f"Next: {escape(self.actions[x.id].text)}", "", "[b]Steps[/b]"]
        lines += [f" {format_date(h.on, order)} {h.status}" for h in x.history]
        if x.reminded:
            lines.append(" reminders sent: " + ", ".join(format_date(d, order) for d in x.reminded))
        lines += ["", "[b]Packet sent to the writer[/b] (m)"]
        lines += [f" {'[green]✔[/]' if m in x.materials_sent else '☐'} {m}" for m in LETTER_MATERIALS]
        if x.notes:
            lines += ["", escape(x.notes)]
        info.update("\n".join(lines))
        entries = self.store.where(JournalEntry, program_id=x.program_id) if rotation else []
        entries.sort(key=lambda e: (e.date or self.usce.today(), e.time))
        head = f"[b]Journal from {escape(rotation.name)}[/b]" if rotation else "[b]Journal[/b]"
        body = [f" {format_date(e.date, order)} {escape(headline(e, 60))}" for e in entries]
        journal.update("\n".join([head, *(body or [" no entries from this rotation"])]))

    def select_record(self, record_id: int) -> None:
        """Put the cursor on one letter (from the dashboard)."""
        self.refresh_data()
        ids = [x.id for x in self.letters]
        if record_id in ids:
            self.query_one("#letter-table", DataTable).move_cursor(row=ids.index(record_id), animate=False)
            self.query_one("#letter-table").focus()

    # -- events and actions --------------------------------------------------------------
    @on(DataTable.RowHighlighted, "#letter-table")
    def _highlighted(self) -> None:
        self._show_detail()

    @on(DataTable.RowSelected, "#letter-table")
    def _selected(self) -> None:
        self.action_edit()

    def show_saved(self, record: Record) -> None:
        self.refresh_data()
        ids = [x.id for x in self.letters]
        if record.id in ids:
            self.query_one("#letter-table", DataTable).move_cursor(row=ids.index(record.id),
                                                                   animate=False)

    def _form(self, letter: Letter) -> RecordForm[Letter]:
        order = self.profile.date_order
        others = [x for x in self.letters if x.id != letter.id]
        known = {p for p in self.programs if p is not None}
        today = self.usce.today()
        return RecordForm(f"Edit the letter from {letter.writer_name}" if letter.id else "Add a letter",
                          letter_fields(list(self.programs.values())), letter_values(letter, order),
                          lambda values: letter_from_form(values, letter, order, today, others, known),
                          order=order, checklist=("materials_sent", "Packet sent (space ticks)",
                                                  [(m, m) for m in LETTER_MATERIALS]))

    @work(exclusive=True, group="letter-form")
    async def _open(self, letter: Letter) -> None:
        while True:
            result = await self.app.push_screen_wait(self._form(letter))
            if result is None or self.save_records([result], f"Saved the letter from {result.writer_name}."):
                return
            letter = result

    def action_add(self) -> None:
        self._open(Letter())

    def action_edit(self) -> None:
        if (x := self.current()) is not None:
            self._open(x)

    @work(exclusive=True, group="letter-delete")
    async def action_delete(self) -> None:
        x = self.current()
        if x is not None:
            await self.delete_record(x, f"Delete the letter from {x.writer_name}? (u brings it back)",
                                     f"Deleted the letter from {x.writer_name}.",
                                     f"Restored the letter from {x.writer_name}.")

    def action_next_step(self) -> None:
        """One key moves the letter forward; the step is dated today and kept in the history."""
        x = self.current()
        if x is None:
            return
        step = next_status(x)
        if step is None:
            self.notify(f"The letter is {x.status}; there is no next step.", severity="warning")
            return
        letter = copy.deepcopy(x)
        advance(letter, self.usce.today())
        self.save_records([letter], f"{letter.writer_name}: {step}.")

    def action_followed_up(self) -> None:
        x = self.current()
        if x is None:
            return
        if x.status not in ("requested", "agreed", "materials sent"):
            self.notify("Reminders are for letters requested and not yet uploaded.", severity="warning")
            return
        letter = copy.deepcopy(x)
        letter.reminded.append(self.usce.today())
        self.save_records([letter], f"Reminder to {letter.writer_name} recorded; the next one is scheduled.")

    @work(exclusive=True, group="letter-materials")
    async def action_materials(self) -> None:
        x = self.current()
        if x is None:
            return
        items = [(m, m, m in x.materials_sent) for m in LETTER_MATERIALS]
        done = await self.app.push_screen_wait(ChecklistDialog(f"Sent to {x.writer_name}", items))
        if done is not None:
            letter = copy.deepcopy(x)
            letter.materials_sent = [m for m in LETTER_MATERIALS if m in done]
            self.save_records([letter], "Packet saved.")

    @work(exclusive=True, group="letter-drafts")
    async def action_drafts(self) -> None:
        """Pick a message; it is shown to select and copied to the clipboard. Nothing is sent."""
        x = self.current()
        if x is None:
            return
        texts = drafts(x, self.programs.get(x.program_id), self.profile)
        default = {"identified": "request", "uploaded": "thank you"}.get(x.status, "reminder")
        which = await self.app.push_screen_wait(ChoiceDialog("Which message?", list(texts), default))
        if which is None:
            return
        self.app.copy_to_clipboard(texts[which])
        await self.app.push_screen_wait(TextDialog(f"{which.capitalize()} for {x.writer_name}",
                                                   texts[which]))

