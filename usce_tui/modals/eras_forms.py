"""The ERAS forms: an experience (its short fields, the description and reflection with live
counts against ERAS's limits, the rotation's starred entries beside them as material), and an
interview question with the stories that answer it."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from datetime import date
from typing import Any

from textual import events, on, work
from textual.app import ComposeResult
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.widgets import Checkbox, Label, Static, TextArea

from usce_tui.core.eras.form import (
    experience_fields,
    experience_values,
    question_fields,
    question_from_form,
    question_values,
)
from usce_tui.core.eras.rules import DESCRIPTION_LIMIT, REFLECTION_LIMIT, Story, eras_length, is_built_in
from usce_tui.core.journal.privacy import scan
from usce_tui.core.parse import FormErrors, format_date
from usce_tui.core.records import Experience, JournalEntry, Program, Question
from usce_tui.modals.privacy import privacy_checked
from usce_tui.modals.record_form import RecordForm
from usce_tui.widgets.field_grid import FieldGrid
from usce_tui.widgets.key_footer import KeyFooter
from usce_tui.widgets.markup import escape
from usce_tui.widgets.text_editor import TextEditor
from usce_tui.widgets.ticks import TickBox

LIMITS = {"description": DESCRIPTION_LIMIT, "reflection": REFLECTION_LIMIT}
TEXT_LABELS = {"description": ("Description", "your activities and responsibilities"),
               "reflection": ("Reflection", "most meaningful only: why it mattered")}


def material_text(entries: Sequence[JournalEntry], order: str) -> str:
    """The rotation's starred entries as markup, to write the description from (not pasted)."""
    if not entries:
        return ("[$text-muted]No starred journal entries for this rotation. Star the entries that "
                "matter (★ in the journal) and they show here as material.[/]")
    parts = ["[b]Material: the rotation's starred entries[/b] [$text-muted](write in your own words; "
             "leave out anything that identifies a patient)[/]"]
    for entry in entries:
        parts.append(f"\n[b]{format_date(entry.date, order)} · {escape(entry.title or '(untitled)')}[/b]\n"
                     f"{escape(entry.body.strip())}")
    return "\n".join(parts)


class ExperienceForm(RecordForm[Experience]):
    """ctrl+s checks every field and ERAS's limits, then the privacy check, then saves."""

    def __init__(self, experience: Experience, programs: Sequence[Program], order: str,
                 validate: Callable[[dict[str, Any]], Experience],
                 material: Sequence[JournalEntry] = ()) -> None:
        title = f"Edit the experience: {experience.title}" if experience.id else "Add an ERAS experience"
        super().__init__(title, experience_fields(programs), experience_values(experience, order),
                         validate, order=order)
        self.experience = experience
        self.material = material_text(material, order)

    def compose(self) -> ComposeResult:
        with Vertical(classes="record-form-box"):
            yield Static(self.title_text, classes="area-title", markup=False)  # names typed by the user
            with Horizontal(id="experience-body"):
                with VerticalScroll(can_focus=False, id="experience-fields"):
                    yield FieldGrid(self.fields, self.values, self.order)
                    yield from self.compose_after_fields()
                    with VerticalScroll(id="material-below", classes="material"):  # tab reaches it
                        yield Static(self.material)
                with VerticalScroll(id="material-beside", classes="material"):
                    yield Static(self.material)
            yield Static(classes="record-form-errors")
            yield Static("tab: next field · ctrl+s: check and save · escape: cancel", classes="hint")
        yield KeyFooter()

    def on_key(self, event: events.Key) -> None:
        """Letters typed in the starred entries (a pane to read, reached by tab to scroll it) go
        into the reflection, the text above it, and the pane says so once: a newcomer lost a
        whole reflection typed there."""
        focused = self.focused
        if focused is None or not focused.has_class("material") or not event.is_printable \
                or not event.character:
            return
        event.stop()
        event.prevent_default()
        editor = self.query_one("#reflection", TextArea)
        self.set_focus(editor)  # now: the next keys, typed at once, go there too
        editor.insert(event.character)
        if not self._told_material:
            self._told_material = True
            self.notify("The starred entries are there to read: what you type goes into the reflection.",
                        timeout=5)

    _told_material = False

    def compose_after_fields(self) -> ComposeResult:
        yield TickBox("Selected for ERAS (at most 10)", bool(self.values.get("selected")), id="selected")
        yield TickBox("Most meaningful (at most 3)", bool(self.values.get("meaningful")), id="meaningful")
        for key in LIMITS:
            yield Label(id=f"{key}-count", classes="section-label text-count")
            yield TextEditor(str(self.values.get(key) or ""), id=key, soft_wrap=True, classes="eras-text")

    def on_mount(self) -> None:
        super().on_mount()
        for key in LIMITS:
            self._count(key)

    def focus_first(self) -> None:
        """A new experience starts at its title; one drafted or written before at the
        description, the part that is yours to write (shift+tab goes back to the fields)."""
        if self.experience.title:
            text = self.query_one("#description", TextArea)
            self.set_focus(text, scroll_visible=False)  # scrolled once, below: the same every time
            text.move_cursor(text.document.end)  # what is typed goes on after what is written
            # and in view once the box has its size (the text is wrapped to it)
            text.call_after_refresh(text.scroll_cursor_visible, animate=False)
            # its count and its whole box in view, from the top
            label = self.query_one("#description-count")
            self.call_after_refresh(label.scroll_visible, top=True, animate=False)
        else:
            super().focus_first()

    def form_values(self) -> dict[str, Any]:
        values: dict[str, Any] = dict(self.query_one(FieldGrid).values())
        for key in LIMITS:
            values[key] = self.query_one(f"#{key}", TextArea).text
        for key in ("selected", "meaningful"):
            values[key] = self.query_one(f"#{key}", Checkbox).value
        return values

    def _count(self, key: str) -> None:
        """The text's length as ERAS counts it, against the limit, in red past it."""
        n, limit = eras_length(self.query_one(f"#{key}", TextArea).text), LIMITS[key]
        over = n > limit
        state = f"[$error b]{n}/{limit}: {n - limit} too many[/]" if over else f"{n}/{limit}"
        name, about = TEXT_LABELS[key]
        self.query_one(f"#{key}-count", Label).update(f"[b]{name}[/b] {state} [$text-muted]· {about}[/]")
        self.query_one(f"#{key}", TextArea).set_class(over, "-invalid")

    @on(TextArea.Changed)
    def _text_changed(self, event: TextArea.Changed) -> None:
        if event.text_area.id in LIMITS:
            self._count(event.text_area.id)

    @work(exclusive=True, group="experience-save")
    async def action_save(self) -> None:  # type: ignore[override]
        """Refuse bad input and text past ERAS's limits; show possible patient identifiers in
        the texts to redact or keep; then return the experience."""
        try:
            record = self.validate(self.form_values())
        except FormErrors as exc:
            self.refuse(exc)
            return
        texts = {"description": record.description, "reflection": record.reflection}
        # what the texts held when opened was seen and kept before: only a new finding asks
        kept = frozenset(f.text for text in (self.experience.description, self.experience.reflection)
                         for f in scan(text)) if self.experience.privacy_checked else frozenset()
        decided = await privacy_checked(self.app, texts, kept)
        if decided is None:
            return  # back to the text, nothing saved
        record.description, record.reflection = decided["description"], decided["reflection"]
        record.privacy_checked = True
        self.dismiss(record)


def experience_form(experience: Experience, programs: Sequence[Program], order: str,
                    validate: Callable[[dict[str, Any]], Experience],
                    material: Sequence[JournalEntry]) -> ExperienceForm:
    return ExperienceForm(experience, programs, order, validate, material)


def story_label(story: Story, order: str) -> str:
    """One story as the question's checklist shows it: date, title, rotation."""
    entry = story.entry
    return " · ".join(x for x in (format_date(entry.date, order), entry.title or "(untitled)",
                                  story.rotation) if x)


def question_form(question: Question, found: Sequence[Story], order: str,
                  today: date) -> RecordForm[Question]:
    """Add or edit an interview question, ticking the stories (starred entries) that answer it."""
    options = [(story_label(s, order), str(s.entry.id)) for s in found]
    offered = {value for _label, value in options}
    editing = question.id is not None or is_built_in(question)  # the app's own: edited, not added
    return RecordForm("Edit the question" if editing else "Add an interview question",
                      question_fields(), question_values(question, order),
                      lambda values: question_from_form(values, question, order, today, offered),
                      order=order,
                      checklist=("stories", "Stories that answer it (your starred journal entries)", options))
