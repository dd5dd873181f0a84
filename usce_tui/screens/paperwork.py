"""Paperwork (key 7): the documents that expire, checked against the rotations they gate, and
every email or call with a program, with the next follow-up and drafts to copy."""

from __future__ import annotations

from datetime import date, timedelta

from rich.text import Text
from textual.binding import Binding
from textual.screen import ModalScreen

from usce_tui.core.dashboard import FOLLOW_UP_SOON
from usce_tui.core.paperwork.rules import (
    GATED,
    HELD,
    best_of,
    by_expiry,
    check_documents,
    correspondence_drafts,
    default_draft,
    expiry,
    expiry_is_derived,
    follow_ups,
    trip_warnings,
    valid_on,
)
from usce_tui.core.parse import counted, format_date
from usce_tui.core.records import Correspondence, Document, Profile, Program, Trip
from usce_tui.modals.dialogs import ChoiceDialog, TextDialog
from usce_tui.modals.paperwork_forms import correspondence_form, document_form
from usce_tui.screens.base import NewRecordForm, detail_binding, list_bindings
from usce_tui.screens.two_lists import TwoLists
from usce_tui.widgets.markup import escape

DOC_COLUMNS = (("Document", 22), ("Note", 18), ("Status", 10), ("Obtained", 11), ("Expires", 12),
               ("Now", 10), ("For rotations", 22))
DOC_PRIORITY = (0, 4, 5, 2, 6, 3, 1)
# Summary (which stretches) before Who: at 80 columns both fit with the date, program and follow-up
MSG_COLUMNS = (("Date", 11), ("Program", 20), ("", 3), ("Who", 14), ("Summary", 14), ("Follow up", 12))
MSG_PRIORITY = (0, 1, 2, 5, 4, 3)
DocRow = tuple[Document, tuple[str, ...], str]  # the document, its cells, its style
MsgRow = tuple[Correspondence, tuple[str, ...], str]  # the message, its cells, its style
EMPTY = (
    "No documents or correspondence yet.\n\n"
    "Programs turn IMGs away for paperwork: a TB test older than 12 months at the start, a lapsed "
    "BLS, a passport that expires within six months of travel. Keep each document here with the "
    "day you got it (its expiry is worked out), and every email or call with a program.\n\n"
    "  a   add a document; tab to the correspondence and press a to log an email or call\n"
    "  d   drafts: a first inquiry, a follow-up and a thank-you to copy\n\n"
    "To explore with example paperwork, run  usce --demo  (or  make demo)."
)


class PaperworkScreen(TwoLists):
    """Documents on top, with what each gates; the correspondence with programs below."""

    AREA = "Paperwork"
    EMPTY = EMPTY
    AUTO_FOCUS = "#doc-table"
    NEEDS_RECORD = TwoLists.NEEDS_RECORD | {"toggle_detail"}
    HELP = """
Now  ✔ valid today · ✘ expired or not in hand · derived: the expiry worked out from the kind
     (TB test and chest X-ray 12 months, BLS/ACLS 2 years, HIPAA 1 year, a flu shot its season)
For rotations  a document that expires before or during a rotation you applied to shows here,
     on the program's checklist, on the dashboard and in the calendar, with a date to renew by
Follow up  the date you set, or 10 working days after a message you sent with no answer
tab  moves between the documents and the correspondence; a adds where the cursor is
"""
    BINDINGS = [
        *list_bindings("paperwork", "document or message",
                       "Add a document, or log an email or call (where the cursor is)"),
        Binding("d", "drafts", "Drafts", id="paperwork-drafts",
                tooltip="A first inquiry, a follow-up and a thank-you to copy (nothing is sent)"),
        detail_binding("paperwork"),
    ]

    BOX = "paperwork"
    UPPER = ("doc", DOC_COLUMNS, DOC_PRIORITY, 6)
    LOWER = ("msg", MSG_COLUMNS, MSG_PRIORITY, 4)

    def __init__(self) -> None:
        super().__init__()
        self.documents: list[Document] = []
        self.messages: list[Correspondence] = []
        self.programs: dict[str | None, Program] = {}
        self.profile = Profile()  # read from the file with the records (a focus may come first)
        self.gates: dict[str | None, list[str]] = {}  # warnings by document, from the last refill

    # -- data ----------------------------------------------------------------------------
    def reload(self) -> None:
        self.profile = self.store.profile()
        self.programs = {p.id: p for p in self.store.all(Program)}
        self.documents = sorted(self.store.all(Document), key=by_expiry)
        self.messages = sorted(self.store.all(Correspondence),
                               key=lambda m: (m.on or self.usce.today(), m.created), reverse=True)
        # the correspondence stays: "tab to the correspondence and press a" is how the first
        # email is logged (with the list hidden, tab went nowhere and a added a document)
        self.show_empty_state(not self.documents and not self.messages,
                              ("#doc-title", "#doc-table", "#paperwork-detail"))

    def _gates(self) -> dict[str | None, list[str]]:
        """For each document counted on (by id), what the rotations and trips say of it,
        soonest to act on first (warnings only)."""
        today, order = self.usce.today(), self.profile.date_order
        found: list[tuple[date, str | None, str]] = []
        for program in self.programs.values():
            if program.status in GATED:
                found += [(check.renew_by, check.document.id if check.document else None, check.text)
                          for check in check_documents(program, self.documents, today, order)
                          if check.renew_by is not None]
        passport = best_of(self.documents, "passport")
        for trip in self.store.all(Trip):
            found += [(task.due, passport.id, task.text)
                      for task in trip_warnings(trip, self.documents, today, order)
                      if task.kind == "passport" and passport is not None]
        out: dict[str | None, list[str]] = {}
        for _due, document_id, text in sorted(found, key=lambda f: f[0]):
            out.setdefault(document_id, []).append(text)
        return out

    def fill(self, keep: str | None = None) -> None:
        today, order = self.usce.today(), self.profile.date_order
        gates = self.gates = self._gates()  # worked out once per refill; the details pane reads it
        rows: list[DocRow] = []
        for document in self.documents:
            last = expiry(document)
            now = ("✔ valid" if valid_on(document, today) else "✘ expired" if last and last < today
                   else "✘ not yet" if document.status not in HELD else "✘")
            warnings = gates.get(document.id, [])
            style = "error" if warnings or now.startswith("✘ expired") else ""
            first = warnings[0].split(";")[0] if warnings else ""
            rows.append((document, (document.kind, document.note, document.status,
                                    format_date(document.obtained, order),
                                    format_date(last, order) + ("*" if expiry_is_derived(document) else ""),
                                    now, (f"⚑{len(warnings)} " if len(warnings) > 1 else "") + first), style))
        self.show_rows(self.table, rows, keep)
        soon = sum(1 for d in self.documents if (last := expiry(d)) and 0 <= (last - today).days <= 90)
        renew = sum(len(w) for w in gates.values())
        # held and past its date (a newcomer's two expired documents were counted nowhere)
        expired = sum(1 for d in self.documents if d.status in HELD and (last := expiry(d)) and last < today)
        self.list_title("upper",
            f"[b]Documents[/b] {len(self.documents)} · "
            + (f"[$error]{expired} expired[/] · " if expired else "")
            + f"[{'$error' if renew else '$text-muted'}]{renew} to renew[/] "  # for a rotation or a trip
            f"· {soon} expire{'s' if soon == 1 else ''} in 90 days "
            "[$text-muted]· * derived[/]")
        follow = {f.last.id: f for f in follow_ups(self.messages)}
        msgs: list[MsgRow] = []
        for message in self.messages:
            program = self.programs.get(message.program_id)
            next_one = follow.get(message.id)
            when = ("" if next_one is None else format_date(next_one.due, order)
                    + ("*" if next_one.suggested else ""))
            style = "error" if next_one is not None and next_one.due <= today else ""
            msgs.append((message, (format_date(message.on, order),
                                   program.name if program else
                                   "(deleted)" if message.program_id else "(no program)",
                                   "→" if message.direction == "sent" else "←", message.who,
                                   message.summary, when), style))
        self.show_rows(self.lower, msgs, keep)
        # within a week, as the dashboard lists them (one in 3 days was "0 due" here, and on it)
        late = sum(1 for f in follow.values() if f.due < today)  # (one 17 days late read "this week")
        soon = sum(1 for f in follow.values() if today <= f.due <= today + timedelta(days=FOLLOW_UP_SOON))
        counts = ([f"[$error]{counted(late, 'follow-up')} late[/]"] if late else []) + (
            [f"[$warning]{soon if late else counted(soon, 'follow-up')} this week[/]"] if soon else [])
        self.list_title("lower",
            f"[b]Correspondence[/b] {len(self.messages)} · "
            + (", ".join(counts) or "[$text-muted]no follow-up this week[/]")
            + " [$text-muted]· → sent ← received · * no reply yet[/]")
        self.show_detail()

    def cells(self, row: DocRow | MsgRow) -> list[Text]:
        """A row's cells, in red when it needs doing (a document to renew, a follow-up due)."""
        style = self.themed(row[2], bold=True) if row[2] else ""
        return [Text(cell, style=style) for cell in row[1]]

    def current_document(self) -> Document | None:
        row = self.table.current
        return row[0] if row else None

    def current_message(self) -> Correspondence | None:
        row = self.lower.current
        return row[0] if row else None

    def show_detail(self) -> None:
        detail = self.detail
        order, today = self.profile.date_order, self.usce.today()
        if self.on_lower():
            message = self.current_message()
            if message is None:
                detail.update("")
                return
            program = self.programs.get(message.program_id)
            with_whom = escape(program.name) if program else \
                "(program deleted)" if message.program_id else "(no program)"
            detail.update(f"{format_date(message.on, order)} {message.direction} by {message.channel}"
                          f"{' · ' + escape(message.who) if message.who else ''} · {with_whom}\n"
                          f"{escape(message.summary)}")
            return
        document = self.current_document()
        if document is None:
            detail.update("")
            return
        last = expiry(document)
        derived = " (worked out from its kind)" if expiry_is_derived(document) else ""
        head = " · ".join(x for x in (f"[b]{escape(document.kind)}[/b]", escape(document.note),
                                      document.status) if x)
        if document.status not in HELD:
            state = "not in hand yet"
        else:
            undated = "[$warning]expiry date not recorded (e to add it)[/]" if document.kind == "passport" \
                else "does not expire"  # every passport expires
            state = ((f"expires {format_date(last, order)}{derived}" if last else undated)
                     + (" · [$success]valid today[/]" if valid_on(document, today)
                        else " · [$error]not valid today[/]"))
        # the warnings first: at 80×24 the pane has five lines
        lines = [f"{head} · {state}"]
        lines += [f"[$error]⚑[/] {escape(text)}" for text in self.gates.get(document.id, [])]
        lines.append(f"[$text-muted]{escape(document.location) or 'no file location noted'}[/]")
        detail.update("\n".join(lines))

    # -- actions -------------------------------------------------------------------------
    def _form(self, record: Document | Correspondence) -> NewRecordForm:
        order, today = self.profile.date_order, self.usce.today()
        programs = [p for p in self.programs.values() if p is not None]
        verb = "Added" if record.id is None else "Saved"

        def form(typed: Document | Correspondence) -> ModalScreen[Document | Correspondence | None]:
            if isinstance(typed, Document):
                return document_form(typed, order, today)  # type: ignore[return-value]
            return correspondence_form(typed, order, today, programs)  # type: ignore[return-value]

        what = "the document" if isinstance(record, Document) else "the message"
        return form, record, lambda saved: f"{verb} {what}."

    def new_record_form(self) -> NewRecordForm:
        return self._form(Document())

    async def action_add(self) -> None:
        if not self.on_lower():
            await self.open_new_record_form()
            return
        if not self.programs:
            self.notify("Add the program first (Programs, key 2): each message belongs to one.",
                        severity="warning")
            return
        current = self.current_message()
        # the one under the cursor's program, or the only one; never the first of several (a
        # newcomer's first email went to a program they had not chosen)
        only = next(iter(self.programs)) if len(self.programs) == 1 else None
        program = current.program_id if current else only
        await self.open_form(*self._form(Correspondence(program_id=program, on=self.usce.today())), new=True)

    async def action_edit(self) -> None:
        record: Document | Correspondence | None = (self.current_message() if self.on_lower()
                                                    else self.current_document())
        if record is not None:
            await self.open_form(*self._form(record))

    async def action_delete(self) -> None:
        if self.on_lower():
            message = self.current_message()
            if message is not None:
                day = format_date(message.on, self.profile.date_order)
                await self.delete_record(message, f"Delete the message of {day}? (u brings it back)",
                                         "Message deleted.", "Message restored.")
            return
        document = self.current_document()
        if document is not None:
            obtained = format_date(document.obtained, self.profile.date_order)
            which = ", ".join(x for x in (document.note, obtained) if x)
            await self.delete_record(document, f"Delete the document {document.kind}"
                                     + (f" ({which})" if which else "") + "? (u brings it back)",
                                     "Document deleted.", "Document restored.")

    async def action_drafts(self) -> None:
        """Drafts for the highlighted message's program: a first inquiry, a follow-up, a thank-you."""
        message = self.current_message() if self.on_lower() else None
        program = self.programs.get(message.program_id) if message else None
        if program is None:
            choices = [p for p in self.programs.values() if p is not None]
            if not choices:
                self.notify("Add a program first (Programs, key 2).", severity="warning")
                return

            async def picked(name: str | None) -> None:
                chosen = next((p for p in choices if p.name == name), None)
                if chosen is not None:
                    await self._drafts(chosen, None)

            await self.ask(ChoiceDialog("Drafts for which program?", [p.name for p in choices]), picked)
            return
        await self._drafts(program, message)

    async def _drafts(self, program: Program, message: Correspondence | None) -> None:
        log = [m for m in self.messages if m.program_id == program.id]  # newest first
        who = message.who if message else next((m.who for m in log if m.who), "")
        texts = correspondence_drafts(program, self.profile, who)
        default = default_draft(program, self.messages)

        async def chosen(which: str | None) -> None:
            if which is not None:
                self.app.copy_to_clipboard(texts[which])
                await self.ask(TextDialog(f"{which.capitalize()}: {program.name}", texts[which]),
                               lambda _closed: None)

        await self.ask(ChoiceDialog(f"Which message to {program.name}?", list(texts), default), chosen)
