"""Writing a journal entry; the privacy check runs before it is saved."""

from __future__ import annotations

from datetime import date
from typing import Any

from textual import work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.screen import ModalScreen
from textual.widgets import Checkbox, Input, Label, Select, Static, TextArea

from usce_tui.core.journal.form import entry_from_form
from usce_tui.core.journal.privacy import entry_text, scan
from usce_tui.core.journal.rules import TEMPLATE
from usce_tui.core.parse import FormErrors, date_hint, format_date
from usce_tui.core.records import JournalEntry, Program
from usce_tui.modals.dialogs import NOT_SAVED, forget_refusals
from usce_tui.modals.field_keys import FieldKeys
from usce_tui.modals.privacy import privacy_checked
from usce_tui.widgets.choice import Choice
from usce_tui.widgets.key_footer import KeyFooter
from usce_tui.widgets.text_box import TextBox
from usce_tui.widgets.text_editor import TextEditor
from usce_tui.widgets.ticks import TickBox


class JournalEditor(FieldKeys, ModalScreen[JournalEntry | None]):
    """A new or existing entry: date, time, rotation, title, tags, star, and the text."""

    BINDINGS = [
        Binding("ctrl+s", "save", "Save", id="journal-save", priority=True,
                tooltip="Check for patient identifiers, then save"),
        # priority: acted on as it arrives, before the text typed after it (Textual runs a
        # key the text area lets through only after the keys already waiting)
        Binding("ctrl+t", "template", "Template", id="journal-template", priority=True,
                tooltip="Insert the reflection prompts at the cursor"),
        Binding("escape", "cancel", "Cancel", id="journal-cancel", priority=True,
                tooltip="Close (asks first if anything was typed)"),
    ]

    def __init__(self, entry: JournalEntry, programs: list[Program], order: str, today: date) -> None:
        super().__init__()
        self.entry = entry
        self.programs = programs
        self.order = order
        self.today = today
        self._initial: tuple = ()
        self.not_saved_yet = False  # opened again with what was typed after a failed save

    def compose(self) -> ComposeResult:
        e = self.entry
        with Vertical(id="journal-editor-box"):
            yield Static("Edit the entry" if e.created else "New entry", classes="area-title")
            with Horizontal(classes="journal-editor-row"):
                yield Label("Date", classes="field-label")
                yield TextBox(format_date(e.date, self.order), placeholder=date_hint(self.order),
                              id="entry-date")
                yield Label("Time", classes="field-label")
                yield TextBox(e.time, placeholder="HH:MM", id="entry-time")
                yield Label("Rotation", classes="field-label")
                yield Choice([(p.name, str(p.id)) for p in self.programs], prompt="(no rotation)",
                             value=e.program_id if e.program_id is not None and e.program_id
                             in {p.id for p in self.programs} else Select.NULL,
                             id="entry-rotation")  # names shown as typed
            with Horizontal(classes="journal-editor-row"):
                yield Label("Title", classes="field-label")
                yield TextBox(e.title, placeholder="a few words", id="entry-title")
            with Horizontal(classes="journal-editor-row"):
                yield Label("Tags", classes="field-label")
                yield TextBox(", ".join(e.tags), placeholder="e.g. feedback, case",
                              id="entry-tags")
                yield TickBox("★ for my statement", e.starred, id="entry-star")
            yield TextEditor(e.body, id="entry-body", soft_wrap=True,  # the cursor starts here
                             placeholder="Write here: what happened, what you learned, feedback "
                                         "(ctrl+t: prompts; shift+tab: title and tags)")
            yield Static(id="entry-errors")
        yield KeyFooter()

    def on_mount(self) -> None:
        self._initial = self.values()
        self.focus_first()

    def focus_first(self) -> None:
        body = self.query_one(TextArea)
        if self.entry.created:  # an entry written before: what is typed now goes on at its end
            body.move_cursor(body.document.end)
        self.set_focus(body)

    def values(self) -> tuple:
        return tuple(str(w.value) for w in self.query(Input)) + (
            self.query_one(TextArea).text, self.query_one(Checkbox).value,
            self.query_one(Select).value)

    def has_unsaved_changes(self) -> bool:
        return self.not_saved_yet or bool(self._initial) and self.values() != self._initial

    def action_template(self) -> None:
        """The prompts, each heading on a line of its own: typed after some text, they start a
        blank line below it ("Quick note typed fast## What did I learn?" was glued on)."""
        body = self.query_one(TextArea)
        row, column = body.cursor_location
        if body.document.get_line(row)[:column].strip():
            lead = "\n\n"
        else:
            lead = "\n" if row and body.document.get_line(row - 1).strip() and not column else ""
        body.insert(lead + TEMPLATE)
        body.move_cursor((row + lead.count("\n") + 1, 0), center=True)  # under the first prompt, in view

    def form_values(self) -> dict[str, Any]:
        """What the editor holds, in the shape ``entry_from_form`` reads."""
        rotation = self.query_one(Select).value
        return {"date": self.query_one("#entry-date", Input).value,
                "time": self.query_one("#entry-time", Input).value,
                "title": self.query_one("#entry-title", Input).value,
                "tags": self.query_one("#entry-tags", Input).value,
                "body": self.query_one(TextArea).text, "starred": self.query_one(Checkbox).value,
                "program_id": None if rotation is Select.NULL else rotation}

    def _entry(self) -> JournalEntry | None:
        """The validated entry, or None after showing what is wrong."""
        forget_refusals(self.app)  # what a try before this one refused
        try:
            entry = entry_from_form(self.form_values(), self.entry, self.order, self.today)
        except FormErrors as exc:
            errors = [str(e) for e in exc.errors.values()]
            self.query_one("#entry-errors", Static).update("\n".join(f"✘ {e}" for e in errors))
            self.notify(errors[0], title=NOT_SAVED, severity="error")
            return None
        self.query_one("#entry-errors", Static).update("")
        return entry

    @work(exclusive=True, group="journal-save")
    async def action_save(self) -> None:
        """Refuse bad input; show possible identifiers to redact or keep; then return the entry."""
        entry = self._entry()
        if entry is None:
            return
        texts = {"title": entry.title, "body": entry.body, "tags": ", ".join(entry.tags)}
        # What the entry held when it was opened was seen and kept before (an entry saved
        # with a finding kept knowingly): only a new finding asks again.
        kept = frozenset(f.text for f in scan(entry_text(self.entry))) \
            if self.entry.id and self.entry.privacy_checked else frozenset()
        decided = await privacy_checked(self.app, texts, kept)
        if decided is None:
            return  # back to the text, nothing saved
        entry.title, entry.body = decided["title"], decided["body"]
        # a redacted tag is dropped rather than kept as "[PHONE]"
        entry.tags = [t for t in entry.tags if t in decided["tags"].split(", ")]
        entry.privacy_checked = True
        self.dismiss(entry)

    def action_cancel(self) -> None:
        self.close_or_ask("Discard what you wrote in this entry?", yes="Discard", no="Keep writing")

