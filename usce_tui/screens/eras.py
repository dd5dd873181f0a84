"""ERAS (key 8): from rotation to residency application. The experiences for MyERAS (drafted
from completed or accepted rotations, within ERAS's limits), the interview questions with the
stories that answer them, and the story bank: starred journal entries by theme."""

from __future__ import annotations

import dataclasses
from typing import Any

from rich.style import Style
from rich.text import Text
from textual.binding import Binding
from textual.screen import ModalScreen

from usce_tui.core.eras.files import month_year, write_stories_markdown
from usce_tui.core.eras.form import experience_from_form
from usce_tui.core.eras.rules import (
    DESCRIPTION_LIMIT,
    DRAFTED_FROM,
    MOST_MEANINGFUL,
    MOST_SELECTED,
    REFLECTION_LIMIT,
    Story,
    all_questions,
    draft_from_program,
    eras_length,
    is_built_in,
    linked_stories,
    material,
    programs_to_draft,
    refuse_marking,
    stories,
)
from usce_tui.core.parse import FieldError, FormErrors, counted, format_date
from usce_tui.core.records import Experience, JournalEntry, Letter, Profile, Program, Question, Record, Trip
from usce_tui.modals.dialogs import ChoiceDialog, TextDialog
from usce_tui.screens.base import NewRecordForm, detail_binding, list_bindings
from usce_tui.screens.two_lists import Row, TwoLists
from usce_tui.widgets.markup import escape

EXP_COLUMNS = (("", 3), ("Position title", 26), ("Organization", 22), ("Dates", 16), ("Type", 16),
               ("Descr.", 8), ("Refl.", 8))
EXP_PRIORITY = (0, 1, 5, 6, 3, 2, 4)
Q_COLUMNS = (("Question", 50), ("Stories", 8), ("Practised", 11))
Q_PRIORITY = (0, 1, 2)
ExpRow = tuple[Experience, tuple[str, ...], str]  # the experience, its cells, its style
QRow = tuple[Question, tuple[str, ...], str]
ALL_ROTATIONS = "All of them"
EMPTY = (
    "[b]No ERAS experiences yet.[/b] ERAS takes up to 10 (750 characters each), 3 of them most "
    "meaningful (a 300-character reflection each).\n"
    "  [b]d[/b]    draft one from a completed or accepted rotation\n"
    "  [b]a[/b]    add one that is not a rotation (research, volunteering, work)\n"
    "  [b]b[/b]    the story bank · [b]tab[/b]  the interview questions below (a adds one there)\n"
    "[dim]To explore with examples, run  usce --demo  (or  make demo).[/dim]"
)


class ErasScreen(TwoLists):
    """The experiences on top, the interview questions below."""

    AREA = "ERAS"
    BOX = "eras"
    EMPTY = EMPTY
    UPPER = ("exp", EXP_COLUMNS, EXP_PRIORITY, 1)
    LOWER = ("q", Q_COLUMNS, Q_PRIORITY, 0)
    AUTO_FOCUS = "#eras > .empty-state, #exp-table"
    NEEDS_RECORD = TwoLists.NEEDS_RECORD | {"toggle_detail", "select", "meaningful"}
    HELP = """
✓  selected for ERAS: at most 10 (s selects or unselects the experience under the cursor)
★  most meaningful: at most 3, each with a 300-character reflection (m marks or unmarks)
Descr. Refl.  each text's length as ERAS counts it (a line break counts 2), against 750
     and 300; a text past its limit is refused when saved
d  drafts an experience from a completed or accepted rotation: title, organization, dates,
     type and supervisor; you write the description and reflection, with the rotation's
     starred journal entries beside the editor, and the privacy check runs on save
Questions  the common interview questions and yours: e ticks the stories (starred journal
     entries) that answer one and keeps a practice note; p marks it practised today
tab  moves between the experiences and the questions; a adds where the cursor is
"""
    BINDINGS = [
        *list_bindings("eras", "experience or question",
                       "Add an experience, or an interview question (where the cursor is)"),
        Binding("d", "drafts", "Draft", id="eras-draft",
                tooltip="Draft an experience from a completed or accepted rotation"),
        Binding("s", "select", "Select", id="eras-select",
                tooltip="Select the experience for ERAS, or unselect it (at most 10)"),
        Binding("m", "meaningful", "Top 3", id="eras-meaningful",
                tooltip="Mark the experience most meaningful, or unmark it (at most 3)"),
        Binding("p", "practised", "Practised", id="eras-practised",
                tooltip="Mark the interview question practised today"),
        Binding("b", "story_bank", "Stories", id="eras-stories",
                tooltip="The story bank: starred journal entries by theme, and the questions"),
        detail_binding("eras"),
    ]

    def __init__(self) -> None:
        super().__init__()
        self.experiences: list[Experience] = []
        self.questions: list[Question] = []
        self.programs: dict[str | None, Program] = {}
        self.journal: list[JournalEntry] = []
        self.letters: list[Letter] = []
        self.found: list[Story] = []
        self.profile = Profile()

    def row_key(self, row: Row) -> str:
        """A built-in question has no id until it is saved: its text keys it."""
        return str(row[0].id or row[0].text)

    # -- data ----------------------------------------------------------------------------
    def reload(self) -> None:
        store = self.store
        self.profile = store.profile()
        self.programs = {p.id: p for p in store.all(Program)}
        self.journal = store.where(JournalEntry, starred=True)  # the stories: only these decoded
        self.letters = store.all(Letter)
        self.found = stories(self.journal, self.programs.values(), self.letters)
        self.experiences = sorted(store.all(Experience),
                                  key=lambda e: (not e.meaningful, not e.selected,
                                                 -(e.start.toordinal() if e.start else 0), e.title))
        self.questions = all_questions(sorted(store.all(Question), key=lambda q: q.created))
        self._show_experiences(bool(self.experiences))

    def _show_experiences(self, shown: bool) -> None:
        """Without experiences, what belongs there stands in their place; the questions (the
        common ones are built in) stay in view, and the cursor goes to them."""
        empty = self.query_one(".empty-state")
        empty.set_class(shown, "-while-empty")
        empty.can_focus = not shown  # in focus, a adds an experience, as on the table
        for part in ("#exp-title", "#exp-table", "#eras-detail"):
            self.query_one(part).set_class(not shown, "-while-empty")
        self.table.can_focus = shown
        if not shown and (self.focused is None or self.focused is self.table):
            empty.focus()
        elif shown and self.focused in (None, empty):
            self.set_focus(None)
            if self.is_current:
                self.call_after_refresh(self.table.focus)
        self.refresh_bindings()

    def fill(self, keep: str | None = None) -> None:
        order = self.profile.date_order
        rows: list[ExpRow] = []
        for e in self.experiences:
            marks = ("✓" if e.selected else " ") + ("★" if e.meaningful else "")
            dates = (f"{month_year(e.start)}–{month_year(e.end, 'now')}" if e.start
                     else month_year(e.end))
            described, reflected = eras_length(e.description), eras_length(e.reflection)
            over = described > DESCRIPTION_LIMIT or reflected > REFLECTION_LIMIT
            todo = not e.description or e.meaningful and not e.reflection
            cells = (marks, e.title, e.organization, dates, e.kind, f"{described}/{DESCRIPTION_LIMIT}",
                     f"{reflected}/{REFLECTION_LIMIT}" if e.meaningful or e.reflection else "—")
            rows.append((e, cells, "error" if over else "warning" if todo else ""))
        self.show_rows(self.table, rows, keep)
        selected = sum(e.selected for e in self.experiences)
        meaningful = sum(e.meaningful for e in self.experiences)
        to_draft = len(programs_to_draft(self.programs.values(), self.experiences))
        style = ("$error b" if selected > MOST_SELECTED else "b",  # a hand-edited file may hold more
                 "$error b" if meaningful > MOST_MEANINGFUL else "b")
        self.list_title("upper",
            f"[b]Experiences[/b] [{style[0]}]✓ {selected} of {MOST_SELECTED} selected[/] · "
            f"[{style[1]}]★ {meaningful} of {MOST_MEANINGFUL} most meaningful[/]"
            + (f" · [$warning]d: {to_draft} to draft[/]" if to_draft else ""))
        qrows: list[QRow] = []
        for q in self.questions:
            linked = len(linked_stories(q, self.found))
            qrows.append((q, (q.text, str(linked) if linked else "—",
                              format_date(q.practised, order) or "never"),
                          "" if linked else "muted"))
        self.show_rows(self.lower, qrows, keep)
        never = sum(1 for q in self.questions if q.practised is None)
        bare = sum(1 for q in self.questions if not linked_stories(q, self.found))
        self.list_title("lower",
            f"[b]Interview questions[/b] {len(self.questions)} · {bare} without a story · "
            f"{never} never practised")  # b, the story bank, is in the footer
        self.show_detail()

    def cells(self, row: ExpRow | QRow) -> list[Text]:
        style: Any = ""
        if row[2] == "muted":
            style = Style(dim=True)
        elif row[2]:
            style = self.themed(row[2], bold=row[2] == "error")
        return [Text(cell, style=style) for cell in row[1]]

    def current_experience(self) -> Experience | None:
        row = self.table.current
        return row[0] if row else None

    def current_question(self) -> Question | None:
        row = self.lower.current
        return row[0] if row else None

    # s and m act on an experience, p on a question: each is shown where it acts
    ON_EXPERIENCES = frozenset({"select", "meaningful"})

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action in self.ON_EXPERIENCES and self.on_lower():
            return False
        if action == "delete" and self.on_lower() and (q := self.current_question()) is not None \
                and q.id is None:
            return False  # a built-in question is not stored: there is nothing to delete
        if not self.experiences and not self.on_lower() and action in (
                *self.ON_EXPERIENCES, "toggle_detail", "edit", "delete"):
            return False  # on the empty state: nothing to act on yet
        if action == "practised" and not self.on_lower():
            return False
        return super().check_action(action, parameters)

    _on_built_in = False  # the cursor is on a built-in question (x deletes nothing there)

    def show_detail(self) -> None:
        built_in = self.on_lower() and (q := self.current_question()) is not None and q.id is None
        if built_in != self._on_built_in:  # the footer changes only then (not on every move)
            self._on_built_in = built_in
            self.refresh_bindings()
        detail = self.detail
        order = self.profile.date_order
        if self.on_lower():
            question = self.current_question()
            if question is None:
                detail.update("")
                return
            linked = linked_stories(question, self.found)
            lines = [f"[b]{escape(question.text)}[/b]"]
            lines += [f"• {format_date(s.entry.date, order)} {escape(s.entry.title or '(untitled)')}"
                      f"{' · ' + escape(s.rotation) if s.rotation else ''}" for s in linked]
            if not linked:
                lines.append("[$text-muted]No story linked: e, then tick the starred entries that "
                             "answer it.[/]")
            if question.note:
                lines.append(f"[$text-muted]Note:[/] {escape(question.note)}")
            detail.update("\n".join(lines))
            return
        experience = self.current_experience()
        if experience is None:
            detail.update("")
            return
        where = " · ".join(x for x in (experience.kind, experience.location, experience.setting,
                                       experience.frequency, experience.focus, experience.characteristic)
                           if x)
        lines = [f"[b]{escape(experience.title)}[/b] · {escape(experience.organization)}"
                 + (f" [$text-muted]· {escape(where)}[/]" if where else "")]
        if experience.description:
            lines.append(escape(experience.description.replace("\n", " ")))
        else:
            found = len(material(experience, self.journal))
            entries = counted(found, "starred journal entry", "starred journal entries")
            lines.append("[$warning]No description yet[/]: e to write it"
                         + (f" ({entries} beside the editor as material)." if found else "."))
        if experience.meaningful:
            lines.append("[$text-muted]Reflection:[/] " + (escape(experience.reflection.replace("\n", " "))
                                                           or "[$warning]not written yet[/]"))
        detail.update("\n".join(lines))

    def show_saved(self, record: Record) -> None:
        self.refresh_data(keep=str(record.id))

    # -- forms ---------------------------------------------------------------------------
    def _experience_form(self, experience: Experience) -> NewRecordForm:
        order = self.profile.date_order
        programs = [p for p in self.programs.values() if p is not None]
        known = {str(p.id) for p in programs}
        others = list(self.experiences)

        def validate(values: dict[str, Any]) -> Experience:
            result = experience_from_form(values, experience, order, known)
            refused = refuse_marking(others, result)
            if refused is not None:
                key = "selected" if "selected experiences" in refused else "meaningful"
                raise FormErrors({key: FieldError("Selected for ERAS" if key == "selected"
                                                  else "Most meaningful", refused)})
            return result

        def form(typed: Experience) -> ModalScreen[Experience | None]:
            from usce_tui.modals.eras_forms import experience_form  # with the privacy scan: when used

            return experience_form(typed, programs, order, validate, material(typed, self.journal))

        verb = "Added" if experience.id is None else "Saved"
        return form, experience, lambda saved: f"{verb} {saved.title}."

    def _question_form(self, question: Question) -> NewRecordForm:
        order, today = self.profile.date_order, self.usce.today()

        def form(typed: Question) -> ModalScreen[Question | None]:
            from usce_tui.modals.eras_forms import question_form

            return question_form(typed, self.found, order, today)

        verb = "Added" if question.id is None and not is_built_in(question) else "Saved"
        return form, question, lambda saved: f"{verb} the question."

    def new_record_form(self) -> NewRecordForm:
        # selected while ERAS has room for it; the eleventh starts unselected
        room = sum(e.selected for e in self.experiences) < MOST_SELECTED
        return self._experience_form(Experience(selected=room))

    # -- actions -------------------------------------------------------------------------
    async def action_add(self) -> None:
        if self.on_lower():
            await self.open_form(*self._question_form(Question()), new=True)
            return
        await self.open_new_record_form()

    async def action_edit(self) -> None:
        if self.on_lower():
            question = self.current_question()
            if question is not None:
                await self.open_form(*self._question_form(question))
            return
        experience = self.current_experience()
        if experience is not None:
            await self.open_form(*self._experience_form(experience))

    async def action_delete(self) -> None:
        if self.on_lower():
            question = self.current_question()
            if question is None:
                return
            if question.id is None:
                self.notify("A built-in question is not stored: there is nothing to delete.",
                            severity="warning")
                return
            if is_built_in(question):  # it stays listed: what goes is what the user added to it
                await self.delete_record(question, f"Clear the stories, note and practice day of "
                                         f"“{question.text}”? (the question stays, as the app's own; "
                                         "u brings them back)", "Cleared.", "Put back.", yes="Clear")
                return
            await self.delete_record(question, f"Delete the question “{question.text}”? "
                                     "(the stories stay in the journal; u brings it back)",
                                     "Question deleted.", "Question restored.")
            return
        experience = self.current_experience()
        if experience is not None:
            await self.delete_record(experience, f"Delete the experience {experience.title}? "
                                     "(u brings it back)", "Experience deleted.", "Experience restored.")

    def _toggle(self, what: str) -> None:
        """Select or unselect (``selected``), mark or unmark (``meaningful``) the experience
        under the cursor, within ERAS's counts; u puts it back."""
        experience = self.current_experience() if not self.on_lower() else None
        if experience is None:
            return
        original = experience
        changed = dataclasses.replace(experience)
        setattr(changed, what, not getattr(experience, what))
        if what == "meaningful" and changed.meaningful:
            changed.selected = True  # the three come from the ten
        if what == "selected" and not changed.selected:
            changed.meaningful = False
        refused = refuse_marking(self.experiences, changed)
        if refused is not None:
            self.notify(refused, title="ERAS's limit", severity="warning", timeout=8)
            return
        said = {("selected", True): "Selected for ERAS", ("selected", False): "Not selected",
                ("meaningful", True): "Marked most meaningful",
                ("meaningful", False): "No longer most meaningful"}
        extra = " (add its 300-character reflection: e)" if changed.meaningful and not changed.reflection \
            and what == "meaningful" else ""
        if original.meaningful and not changed.meaningful and what == "selected":
            extra = " It is no longer most meaningful either (the three come from the ten)."
        self.save_records([changed], f"{said[what, getattr(changed, what)]}: {changed.title}.{extra}",
                          undo=([original], f"Put back: {changed.title}."))

    def action_select(self) -> None:
        self._toggle("selected")

    def action_meaningful(self) -> None:
        self._toggle("meaningful")

    def action_practised(self) -> None:
        question = self.current_question() if self.on_lower() else None
        if question is None:
            self.notify("Tab to the interview questions, then p marks the one under the cursor practised.",
                        severity="warning")
            return
        today = self.usce.today()
        changed = dataclasses.replace(question, practised=today)
        undo = ([question], "Put back the last practised day.") if question.id else None
        self.save_records([changed], f"Practised today: {question.text}", undo=undo)

    async def action_drafts(self) -> None:
        """A draft experience from a completed or accepted rotation that has none (asks which
        when there are several; "all of them" drafts each)."""
        waiting = programs_to_draft(self.programs.values(), self.experiences)
        if not waiting:
            done = any(p.status in DRAFTED_FROM for p in self.programs.values())
            self.notify("Every completed or accepted rotation has an experience already (a adds one "
                        "that is not a rotation)." if done else
                        "No rotation is completed or accepted yet: mark one on Programs (key 2, p for "
                        "its status), then d drafts its experience; a adds one that is not a rotation.",
                        severity="warning", timeout=8)
            return
        trips = self.store.all(Trip)

        async def drafts(chosen: list[Program]) -> None:
            made = [draft_from_program(p, self.letters, self.store.where(JournalEntry, program_id=p.id),
                                       trips) for p in chosen]
            today, order = self.usce.today(), self.profile.date_order
            ahead = [d for d in made if d.start and d.start > today]
            for draft in ahead:
                draft.selected = False  # a rotation still to come is not an experience for ERAS yet
            fits = MOST_SELECTED - sum(e.selected for e in self.experiences)
            for n, draft in enumerate(d for d in made if d.selected):
                draft.selected = n < fits  # beyond ten, drafted but not selected
            names = ", ".join(p.name for p in chosen)
            unselected = sum(not d.selected for d in made) - len(ahead)
            beyond = (f" {unselected} not selected: {MOST_SELECTED} are already (s selects one once "
                      "another is unselected)." if unselected else "")
            one = len(made) == 1
            later = ("" if not ahead else
                     f" Starts {format_date(ahead[0].start, order)}: planned dates, not for ERAS yet."
                     if one else f" {len(ahead)} are still ahead: planned dates, not for ERAS yet.")
            # one draft opens in the editor: a short notice, for it shows over the form
            if self.add_records(made, (f"Drafted from {names}." if one else
                                       f"Drafted {len(made)} experiences from {names}: e to write each "
                                       "description.") + beyond + later,
                                "Draft removed." if one else "Drafts removed.",
                                "" if one else " Press u to undo."):
                self.select_record(str(made[0].id))
                if one:  # straight into its description: what is typed after d goes there
                    await self.open_form(*self._experience_form(made[0]))

        if len(waiting) == 1:
            await drafts(waiting)
            return
        names = {p.name: p for p in waiting}

        async def picked(name: str | None) -> None:
            if name == ALL_ROTATIONS:
                await drafts(waiting)
            elif name in names:
                await drafts([names[name]])

        await self.ask(ChoiceDialog("Draft an experience from which rotation?",
                                    [*names, ALL_ROTATIONS]), picked)

    async def action_story_bank(self) -> None:
        """The starred entries by theme, then the questions with their stories (copyable)."""
        text = write_stories_markdown(self.found, [q for q in self.questions if q.id],
                                      self.profile.date_order)
        stories = counted(len(self.found), "starred entry", "starred entries")  # not "1 starred entries"
        await self.ask(TextDialog(f"Story bank: {stories}", text), lambda _closed: None)
