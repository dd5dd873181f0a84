"""Journal (key 5): daily reflections during rotations, searchable, with writing patterns."""

from __future__ import annotations

import copy
from collections.abc import Hashable
from datetime import date, datetime
from typing import Any

from rich.markdown import Markdown
from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Grid, Horizontal, Vertical, VerticalScroll
from textual.screen import ModalScreen
from textual.widgets import DataTable, Input, Select, Static

from usce_tui.core.eras.rules import unlinked_from
from usce_tui.core.journal.form import new_entry
from usce_tui.core.journal.rules import (
    JournalFilter,
    current_rotation,
    heatmap,
    list_line,
    month_labels,
    per_week,
    streaks,
    tag_counts,
    tags_in,
)
from usce_tui.core.parse import FieldError, counted, date_hint, format_date, one_or_many, parse_date
from usce_tui.core.records import JournalEntry, Program, Question, Record
from usce_tui.screens.base import BaseScreen, NewRecordForm, detail_binding, list_bindings
from usce_tui.widgets.choice import Choice
from usce_tui.widgets.empty_state import EmptyState
from usce_tui.widgets.key_footer import KeyFooter
from usce_tui.widgets.markup import escape
from usce_tui.widgets.paged_table import PagedTable
from usce_tui.widgets.text_box import TextBox

COLUMNS = (("Date", 11), ("★", 2), ("Rotation", 18), ("Title · first line", 30), ("Tags", 18))
COLUMN_PRIORITY = (0, 1, 3, 4, 2)  # on a laptop the rotation goes first (the preview names it)
SHOW = (("all entries", "all"), ("starred ★", "starred"), ("on this day", "on this day"))
EMPTY = (
    "No journal entries yet.\n\n"
    "During a rotation, write a few lines every day: what you learned, a case, feedback, a "
    "cultural lesson. They become your personal statement and interview answers.\n\n"
    "  a        write today's entry (ctrl+t inside inserts the reflection prompts)\n"
    "  ctrl+p   Import journal entries from jrnl or Day One (or: usce import journal FILE.json)\n\n"
    "To explore with example entries, run  usce --demo  (or  make demo)."
)


class JournalScreen(BaseScreen):
    """The entries (newest first, fed to the table a screenful at a time), the filters, and
    the highlighted entry rendered, or the writing patterns."""

    AREA = "Journal"
    NEEDS_RECORD = BaseScreen.NEEDS_RECORD | {"star", "patterns", "toggle_detail"}
    AUTO_FOCUS = "#journal-table"
    HORIZONTAL_BREAKPOINTS = [(0, "-narrow"), (110, "-wide")]  # the preview under the list
    FILTER_BAR = "#journal-bar"
    FILTER_FIRST = "#journal-search"
    HELP = """
dates  the filter's dates in your date order; one that is not a date is named above the list
@tag  a word after @ in the text is a tag: the tag filter and the patterns count it
"""
    BINDINGS = [
        *list_bindings("journal", "entry", "Write a new entry (today)", add="Write"),
        Binding("s", "star", "Star", id="journal-star", tooltip="Star or unstar for your statement"),
        Binding("p", "patterns", "Patterns", id="journal-patterns",
                tooltip="Streaks, entries per week, heatmap and tags (again: the entry)"),
        Binding("slash", "focus_filter", "Filter", key_display="/", id="journal-filter",
                tooltip="Search the text; tab reaches tag, rotation, dates and starred",
                priority=True),
        Binding("escape", "clear_filter", "Clear", id="journal-clear", show=False,
                tooltip="Clear every filter"),
        detail_binding("journal"),
    ]

    def __init__(self) -> None:
        super().__init__()
        self.entries: list[JournalEntry] = []
        self._patterns = False
        self._days: list[date] = []  # the days with an entry
        self._streak = (0, 0)  # (current, longest)
        self._filter_errors: list[str] = []  # dates in the filter that are not dates
        self._applied = JournalFilter()  # the filter that made the list shown

    def compose(self) -> ComposeResult:
        yield self.area_bar()
        with Vertical(id="journal"):
            yield EmptyState(EMPTY, classes="empty-state")
            with Grid(id="journal-bar", classes="filter-bar"):
                yield TextBox(placeholder="search the text · tab: more · escape clears",
                              id="journal-search", compact=True)
                yield TextBox(placeholder="@tag", id="journal-tag", compact=True)
                yield Choice([], prompt="any rotation", id="journal-rotation", compact=True)
                yield TextBox(placeholder="from date", id="journal-since", compact=True)
                yield TextBox(placeholder="to date", id="journal-until", compact=True)
                yield Choice(SHOW, allow_blank=False, value="all", id="journal-show", compact=True)
            yield Static(id="journal-summary")
            with Horizontal(id="journal-main"):
                yield PagedTable[JournalEntry](COLUMNS, self._row, lambda entry: str(entry.id),
                                               priority=COLUMN_PRIORITY, stretch=3, id="journal-table")
                with VerticalScroll(id="journal-view", classes="detail-pane") as view:
                    view.border_title = "space hides"
                    yield Static(id="journal-view-text")
        yield KeyFooter()

    # -- data ----------------------------------------------------------------------------
    def refresh_data(self) -> None:
        if not self.data_changed():
            return
        self.profile = self.store.profile()
        self.programs = {p.id: p for p in self.store.all(Program)}
        self.entries = self.store.all(JournalEntry)
        today = self.usce.today()
        self._days = [e.date for e in self.entries if e.date]
        self._streak = streaks(self._days, today)  # once per change, not once per keystroke
        rotations = sorted({e.program_id for e in self.entries if e.program_id in self.programs},
                           key=lambda pid: self.programs[pid].name.lower())
        chooser = self.query_one("#journal-rotation", Select)
        with self.prevent(Select.Changed):
            current = chooser.value
            chooser.set_options((self.programs[p].name, p) for p in rotations)
            if current in rotations:
                chooser.value = current
        hint = date_hint(self.profile.date_order)
        self.query_one("#journal-since", Input).tooltip = f"Entries on or after this date ({hint})"
        self.query_one("#journal-until", Input).tooltip = f"Entries on or before this date ({hint})"
        empty = not self.entries
        self.show_empty_state(empty, ("#journal-bar", "#journal-summary", "#journal-main"))
        self.apply_filter()

    def filter_active(self) -> bool:
        return bool(self._filter_errors) or self._applied != JournalFilter()

    def current_filter(self) -> JournalFilter:
        """The filter as typed; a date that is not one is marked, named in the summary line,
        and left out of the filter."""
        order = self.profile.date_order
        self._filter_errors = []

        def day(widget_id: str, label: str) -> date | None:
            widget = self.query_one(widget_id, Input)
            try:
                value = parse_date(widget.value, order, label)
            except FieldError as exc:
                widget.add_class("-invalid")
                self._filter_errors.append(f"{exc}; not applied")  # it says how to type one
                return None
            widget.remove_class("-invalid")
            return value

        rotation = self.query_one("#journal-rotation", Select).value
        show = self.query_one("#journal-show", Select).value
        return JournalFilter(
            text=self.query_one("#journal-search", Input).value,
            tag=self.query_one("#journal-tag", Input).value.strip(),
            program_id=None if rotation is Select.NULL else str(rotation),
            since=day("#journal-since", "From"), until=day("#journal-until", "To"),
            starred=show == "starred", on_this_day=self.usce.today() if show == "on this day" else None)

    @property
    def table(self) -> PagedTable[JournalEntry]:
        return self.query_one("#journal-table", PagedTable)

    @property
    def shown(self) -> list[JournalEntry]:
        """The entries the filters let through, newest first."""
        return self.table.items

    def apply_filter(self, keep: str | None = None) -> None:
        if keep is None and (current := self.current()) is not None:
            keep = current.id
        self._applied = self.current_filter()
        shown = self._applied.apply(self.entries)
        self.table.show(shown, next((i for i, e in enumerate(shown) if e.id == keep), None))
        self._show_summary()
        self._show_view()

    def _row(self, entry: JournalEntry) -> list[Text]:
        rotation = self.programs.get(entry.program_id)
        cells = (format_date(entry.date, self.profile.date_order), "★" if entry.starred else "",
                 rotation.name if rotation else "", list_line(entry), " ".join(f"@{t}" for t in entry.tags))
        return [Text(c) for c in cells]

    def current(self) -> JournalEntry | None:
        return self.table.current

    def _show_summary(self) -> None:
        current, longest = self._streak
        written = self.usce.today() in self._days
        summary = self.query_one("#journal-summary", Static)
        summary.set_class(bool(self._filter_errors), "-error")
        if self._filter_errors:
            summary.update(Text(" · ".join(self._filter_errors)))
        else:
            summary.update(f"{len(self.shown)} of {len(self.entries)} entries · streak "
                           f"{counted(current, 'day')}, longest {longest} · today: "
                           f"{'written ✔' if written else 'not yet (a)'}")
        self.sync_filter_bar()

    def _show_view(self) -> None:
        view = self.query_one("#journal-view-text", Static)
        if self._patterns:
            view.update(self.patterns_text())
            return
        e = self.current()
        if e is None:
            view.update(Text("No entry matches; escape clears the filters.", style="dim"))
            return
        rotation = self.programs.get(e.program_id)
        meta = " · ".join(x for x in (format_date(e.date, self.profile.date_order), e.time,
                                      rotation.name if rotation else "", "★" if e.starred else "") if x)
        source = f"# {e.title}\n\n" if e.title else ""
        written = tags_in(f"{e.title}\n{e.body}")  # tags in the text show there; list only the others
        extra = " ".join(f"`@{t}`" for t in e.tags if t not in written)
        view.update(Markdown(f"{source}*{meta}*\n\n{e.body}\n\n{extra}"))

    def patterns_text(self) -> Text:
        """Streaks, entries per week, the heatmap of the last 26 weeks and tag counts by month."""
        today, days = self.usce.today(), self._days
        current, longest = self._streak
        out = Text()
        out.append("Writing patterns", style="bold")
        out.append("  (p or escape: back to the entries)\n", style="dim")
        out.append(f"Streak: {counted(current, 'day')} now, {longest} at the longest\n\n")
        out.append("Entries per week (last 8)\n", style="bold")
        for monday, count in per_week(days, today):
            out.append(f"{format_date(monday, self.profile.date_order)}  {'■' * count} {count}\n")
        out.append("\nLast 26 weeks (Mon–Sun, darker: more entries)\n", style="bold")
        for label, row in zip("MTWTFSS", heatmap(days, today), strict=True):
            out.append(f"{label} {row}\n")
        out.append("\nTags by month (" + " ".join(month_labels(6, today)) + ")\n", style="bold")
        for tag, counts in list(tag_counts(self.entries, 6, today).items())[:12]:
            out.append(f"@{escape(tag)[:16]:<16} " + " ".join(f"{c:>3}" for c in counts) + "\n")
        return out

    # -- events --------------------------------------------------------------------------
    @on(Input.Changed, "#journal-bar Input")
    @on(Select.Changed, "#journal-bar Select")
    def _filter_changed(self, event: Input.Changed | Select.Changed) -> None:
        if not self.loaded:
            return  # a dropdown announcing its first value, before the data is read
        if isinstance(event, Select.Changed) and self.current_filter() == self._applied:
            return  # one announcing the value the list was just filled with
        self.apply_filter()

    @on(Input.Submitted, "#journal-bar Input")
    def _filter_done(self) -> None:
        self.query_one("#journal-table").focus()

    @on(DataTable.RowHighlighted, "#journal-table")
    def _highlighted(self) -> None:
        self._show_view()

    @on(DataTable.RowSelected, "#journal-table")
    async def _selected(self) -> None:
        await self.action_edit()

    # -- actions -------------------------------------------------------------------------
    def action_clear_filter(self) -> None:
        """Leave the patterns, if shown (as p does); else clear every filter."""
        if self._patterns:  # a newcomer pressed escape there, and stayed in them
            self.action_patterns()
            return
        with self.prevent(Input.Changed, Select.Changed):
            for widget in self.query("#journal-bar Input").results(Input):
                widget.value = ""
                widget.remove_class("-invalid")
            self.query_one("#journal-rotation", Select).clear()
            self.query_one("#journal-show", Select).value = "all"
        self.apply_filter()
        self.query_one("#journal-table").focus()

    def action_patterns(self) -> None:
        """Patterns take the whole width; p again brings back the entries."""
        self._patterns = not self._patterns
        self.set_class(self._patterns, "-patterns")
        self.remove_class("-no-detail")
        self._show_view()

    async def action_add(self) -> None:
        await self.open_new_record_form()

    def new_record_form(self) -> NewRecordForm:
        return self._editor(new_entry(self.usce.today(), datetime.now(), current_rotation(self.entries)))

    def form_key(self) -> Hashable:
        """A new entry starts at the time it is opened: a form built ahead serves that minute."""
        return (super().form_key(), datetime.now().strftime("%H:%M"))

    async def action_edit(self) -> None:
        if (e := self.current()) is not None:
            await self._open(e)

    async def _open(self, entry: JournalEntry) -> None:
        await self.open_form(*self._editor(entry))

    def _editor(self, entry: JournalEntry) -> NewRecordForm:
        programs = sorted(self.programs.values(), key=lambda p: p.name.lower())
        order, today = self.profile.date_order, self.usce.today()
        return (lambda typed: _journal_editor(typed, programs, order, today), entry,
                lambda saved: "Entry saved.")

    def show_saved(self, record: Record) -> None:
        self.refresh_data()
        self.apply_filter(keep=record.id)

    def action_star(self) -> None:
        if (e := self.current()) is not None:
            entry = copy.deepcopy(e)
            entry.starred = not entry.starred
            self.save_records([entry], "Starred for your statement." if entry.starred else "Star removed.")

    async def action_delete(self) -> None:
        e = self.current()
        if e is not None:
            day = format_date(e.date, self.profile.date_order)
            relinked = unlinked_from(e.id, self.store.all(Question))
            kept = one_or_many(len(relinked), "it is", "they are")
            linked = (f" It is a story for {counted(len(relinked), 'interview question')}: {kept} kept, "
                      "without it." if relinked else "")
            await self.delete_record(e, f"Delete the entry of {day}?{linked} (u brings it back)",
                                     "Entry deleted.", "Entry restored.", relinked)


def _journal_editor(entry: JournalEntry, programs: list[Program], order: str,
                    today: date) -> ModalScreen[Any]:
    """The editor, imported when first opened (or built ahead): it brings the privacy scan,
    whose patterns take a moment to compile, and a first visit need not wait for them."""
    from usce_tui.modals.journal_editor import JournalEditor

    return JournalEditor(entry, programs, order, today)
