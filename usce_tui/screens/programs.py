"""Programs (key 2): the spreadsheet of every USCE opportunity, with filter, sort and details."""

from __future__ import annotations

import copy
import dataclasses

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Grid, Vertical
from textual.widgets import DataTable, Input, Select, Static

from usce_tui.core.programs.files import identity
from usce_tui.core.programs.merge import merge_programs
from usce_tui.core.programs.rules import (
    change_status,
    linked_to,
    materials_checklist,
    materials_needed,
    program_labels,
)
from usce_tui.core.programs.view import (
    COLUMN_PRIORITY,
    COLUMNS,
    SHOW_CHOICES,
    ProgramFilter,
    ProgramRow,
    build_rows,
    cost_cell,
    order,
)
from usce_tui.core.records import (
    PROGRAM_STATUSES,
    PROGRAM_TYPES,
    Correspondence,
    Document,
    Expense,
    Experience,
    JournalEntry,
    Letter,
    Program,
    Record,
    Trip,
)
from usce_tui.modals.dialogs import ChecklistDialog, ChoiceDialog
from usce_tui.modals.program_form import ProgramForm
from usce_tui.screens.base import BaseScreen, NewRecordForm, detail_binding, list_bindings
from usce_tui.widgets.choice import Choice
from usce_tui.widgets.empty_state import EmptyState
from usce_tui.widgets.key_footer import KeyFooter
from usce_tui.widgets.paged_table import PagedTable
from usce_tui.widgets.program_detail import ProgramDetail
from usce_tui.widgets.text_box import TextBox

KEEP_BOTH = "Keep both: they are different programs"
MERGE_CHOICES = 30  # the others offered (possible duplicates and same names first)


EMPTY = (
    "No programs yet.\n\n"
    "Every clerkship, externship, observership and research position you consider lives here, "
    "with its requirements, costs, deadlines and status.\n\n"
    "  a        add a program\n"
    "  ctrl+p   Import programs from a spreadsheet you already keep (CSV or Excel)\n\n"
    "To explore with example programs, run  usce --demo  (or  make demo)."
)


class ProgramsScreen(BaseScreen):
    """The programs table, its filter bar and the detail pane of the highlighted program."""

    AREA = "Programs"
    NEEDS_RECORD = BaseScreen.NEEDS_RECORD | {"status", "materials", "sort_next", "sort_reverse",
                                              "toggle_detail"}
    AUTO_FOCUS = "#program-table"
    HORIZONTAL_BREAKPOINTS = [(0, "-narrow"), (110, "-wide")]  # the filter bar takes two rows
    FILTER_BAR = "#program-bar"
    FILTER_FIRST = "#program-filter"
    HELP = """
★  the program is in one of your target specialties (Profile)
⚑2  two red flags: the details pane lists them
?  needs review: details unclear (from an import, or ticked in the form); e to check them
!  late to start preparing the documents for its apply-by date
columns  the most useful first: every column shows on a terminal 120 wide
"""
    BINDINGS = [
        *list_bindings("programs", "program", "Add a program"),
        Binding("p", "status", "Status", id="programs-status", tooltip="Move the program to a new status",
                priority=True),
        Binding("m", "materials", "Materials", id="programs-materials",
                tooltip="Tick the documents ready for this program", priority=True),
        Binding("slash", "focus_filter", "Filter", key_display="/", id="programs-filter",
                tooltip="Type to filter; tab reaches the quick filters", priority=True),
        Binding("escape", "clear_filter", "Clear", id="programs-clear", show=False,
                tooltip="Clear every filter and go back to the table"),
        Binding("M", "merge", "Merge", id="programs-merge", show=False,
                tooltip="Merge this program into another (a possible duplicate), or keep both",
                priority=True),
        Binding("s", "sort_next", "Sort", id="programs-sort", tooltip="Sort by the next column"),
        Binding("r", "sort_reverse", "Reverse", id="programs-reverse", show=False,
                tooltip="Reverse the sort order"),
        detail_binding("programs"),
    ]

    def __init__(self) -> None:
        super().__init__()
        self._rows: list[ProgramRow] = []
        self._ordered: list[ProgramRow] = []  # every row, in the sort order
        self._filter: ProgramFilter | None = None  # the filter that made the rows shown
        self._detail_of: ProgramRow | None = None
        self._sort = (5, False)
        self._specialties: list[str] = []
        self.documents: list[Document] = []

    def compose(self) -> ComposeResult:
        yield self.area_bar()
        with Vertical(id="programs"):
            with Grid(id="program-bar", classes="filter-bar"):
                yield TextBox(placeholder="type to filter · tab: more filters · escape clears",
                              id="program-filter", compact=True)
                yield Choice([(t, t) for t in PROGRAM_TYPES], prompt="any type", id="filter-type",
                             compact=True)
                yield Choice([(s, s) for s in PROGRAM_STATUSES], prompt="any status",
                             id="filter-status", compact=True)
                yield Choice([], prompt="any specialty", id="filter-specialty", compact=True)
                yield Choice([(label, key) for key, label in SHOW_CHOICES], allow_blank=False,
                             value="all", id="filter-show", compact=True)
            yield Static(id="program-summary")
            yield EmptyState(EMPTY, classes="empty-state")
            yield PagedTable[ProgramRow](COLUMNS, lambda row: row.cells, lambda row: str(row.id),
                                         priority=COLUMN_PRIORITY, stretch=0, id="program-table")
            detail = ProgramDetail(id="program-detail", classes="detail-pane")
            detail.border_title = "space hides the details"
            yield detail
        yield KeyFooter()

    # -- data ----------------------------------------------------------------------------
    @property
    def table(self) -> PagedTable[ProgramRow]:
        return self.query_one("#program-table", PagedTable)

    @property
    def _shown(self) -> list[ProgramRow]:
        """The rows the filter lets through, in the sort order."""
        return self.table.items

    def refresh_data(self, keep: str | None = None) -> None:
        """Re-read programs and profile (eligibility follows profile changes), then refill;
        nothing is recomputed when the file has not changed since the last time."""
        if not self.data_changed():
            return
        self.profile = self.store.profile()
        self.documents = self.store.all(Document)  # checked against each rotation in the details
        self._rows = build_rows(self.store.all(Program), self.profile, self.usce.today())
        self._reorder()
        specialties = sorted({r.program.specialty for r in self._rows if r.program.specialty},
                             key=str.lower)
        if specialties != self._specialties:
            self._specialties = specialties
            chooser = self.query_one("#filter-specialty", Select)
            current = chooser.value
            with self.prevent(Select.Changed):
                chooser.set_options((s, s) for s in specialties)
                if current in specialties:
                    chooser.value = current
        self.apply_filter(keep if keep is not None else self.current_id())

    def filter_active(self) -> bool:
        return self._filter is not None and self._filter != ProgramFilter()

    def current_filter(self) -> ProgramFilter:
        def chosen(widget_id: str) -> str:
            value = self.query_one(widget_id, Select).value
            return "" if value is Select.NULL else str(value)

        return ProgramFilter(text=self.query_one("#program-filter", Input).value,
                             type=chosen("#filter-type"), status=chosen("#filter-status"),
                             specialty=chosen("#filter-specialty"),
                             show=chosen("#filter-show") or "all")

    def _reorder(self) -> None:
        self._ordered = order(self._rows, *self._sort)
        self._filter = None
        self._show_sort()

    def apply_filter(self, keep: str | None = None) -> None:
        """Filter in Python (only the previous result when the user typed more) and feed the
        table what fits on screen."""
        wanted = self.current_filter()
        source = self._shown if wanted.narrows(self._filter) else self._ordered
        shown = wanted.apply(source, self.usce.today())
        self._filter = wanted
        index = next((i for i, r in enumerate(shown) if r.id == keep), None)
        self.table.show(shown, index)
        self._show_summary()
        self._show_detail()

    def current_id(self) -> str | None:
        row = self.current_row()
        return row.id if row else None

    def current_row(self) -> ProgramRow | None:
        return self.table.current

    def _show_sort(self) -> None:
        column, descending = self._sort
        for index, (title, width) in enumerate(COLUMNS):
            mark = ("▼" if descending else "▲") if index == column else ""
            gap = " " if len(title) + 2 < width else ""  # "Flag▲": a space before the next title
            self.table.set_title(index, title + gap + mark if mark else title)

    def _show_summary(self) -> None:
        total, shown = len(self._rows), len(self._shown)
        column, descending = self._sort
        if total and not shown:
            text = f"No program matches the filter (of {total}). escape clears it."
        else:
            text = f"{shown} of {total} programs · by {COLUMNS[column][0]}"
            text += " (descending)" if descending else ""
            text += " · marks ★ ⚑ ? ! explained in f1"
        self.query_one("#program-summary", Static).update(text)
        self.show_empty_state(total == 0, ("#program-summary", "#program-table", "#program-detail"))

    def _show_detail(self) -> None:
        row = self.current_row()
        if row is not None and row is self._detail_of:
            return  # the same program (rows are rebuilt after every change)
        self._detail_of = row
        self.query_one(ProgramDetail).show(row, self.profile.date_order, self.documents, self.usce.today())

    # -- events --------------------------------------------------------------------------
    @on(Input.Changed, "#program-filter")
    @on(Select.Changed, "#program-bar Select")
    def _filter_changed(self) -> None:
        if not self.loaded:
            return  # a dropdown announcing its first value, before the data is read
        self.apply_filter(self.current_id())

    @on(Input.Submitted, "#program-filter")
    def _filter_submitted(self) -> None:
        self.table.focus()

    @on(DataTable.RowHighlighted, "#program-table")
    def _highlighted(self) -> None:
        self._show_detail()

    @on(DataTable.RowSelected, "#program-table")
    async def _selected(self) -> None:
        await self.action_edit()

    @on(DataTable.HeaderSelected, "#program-table")
    def _header_clicked(self, event: DataTable.HeaderSelected) -> None:
        column, descending = self._sort
        clicked = int(str(event.column_key.value))
        self._sort = (clicked, not descending if clicked == column else False)
        self._reorder()
        self.apply_filter(self.current_id())

    # -- actions -------------------------------------------------------------------------
    def select_record(self, record_id: str) -> None:
        """Show one program (from the dashboard): clear the filters, put the cursor on it."""
        self.refresh_data()
        self.action_clear_filter()
        self.apply_filter(record_id)

    def action_clear_filter(self) -> None:
        """Clear the text and every quick filter, and go back to the table."""
        keep = self.current_id()
        with self.prevent(Input.Changed, Select.Changed):
            self.query_one("#program-filter", Input).value = ""
            for widget_id in ("#filter-type", "#filter-status", "#filter-specialty"):
                self.query_one(widget_id, Select).clear()
            self.query_one("#filter-show", Select).value = "all"
        self.apply_filter(keep)
        self.table.focus()

    def action_sort_next(self) -> None:
        """Sort by the next column on screen (a narrow screen hides some)."""
        shown = self.table.shown_columns
        place = shown.index(self._sort[0]) + 1 if self._sort[0] in shown else 0
        self._sort = (shown[place % len(shown)], False)
        self._reorder()
        self.apply_filter(self.current_id())

    def action_sort_reverse(self) -> None:
        self._sort = (self._sort[0], not self._sort[1])
        self._reorder()
        self.apply_filter(self.current_id())

    def show_saved(self, record: Record) -> None:
        self.refresh_data(keep=record.id)

    async def action_add(self) -> None:
        await self.open_new_record_form()

    def new_record_form(self) -> NewRecordForm:
        return self._form(Program())

    async def action_edit(self) -> None:
        row = self.current_row()
        if row is None:
            self.notify("No program is selected; press a to add one.", severity="warning")
            return
        await self._edit(row.program)

    async def _edit(self, program: Program) -> None:
        """Open the form and save what it returns (a failed save reopens it with the text)."""
        await self.open_form(*self._form(program))

    def _form(self, program: Program) -> NewRecordForm:
        verb = "Added" if program.id is None else "Saved"
        order, today = self.profile.date_order, self.usce.today()
        return (lambda typed: ProgramForm(typed, order, today), program,
                lambda saved: f"{verb} {saved.name}.")

    async def action_delete(self) -> None:
        """Delete the highlighted program after asking; u brings it back."""
        row = self.current_row()
        if row is None:
            return
        program, name = row.program, row.program.name
        store, pid = self.store, program.id  # only the linked records are decoded
        words, relinked = linked_to(program, store.where(Letter, program_id=pid),
                                    store.where(JournalEntry, program_id=pid), store.all(Trip),
                                    store.where(Expense, program_id=pid),
                                    experiences=store.where(Experience, program_id=pid),
                                    messages=store.where(Correspondence, program_id=pid))
        linked = (f" It is linked to {'; '.join(words)}: they are kept, without the link."
                  if words else "")
        await self.delete_record(program, f"Delete {name}?{linked} (u brings it all back)",
                                 f"Deleted {name}.", f"Restored {name}.", relinked)

    async def action_merge(self) -> None:
        """Merge the highlighted program into another one (its possible duplicate first): the
        other keeps its values and gains this one's notes, history, dates and links; or mark the
        two as distinct. ``u`` undoes either."""
        row = self.current_row()
        if row is None:
            return
        program = row.program
        same = identity(program)
        others = sorted((r.program for r in self._rows if r.program.id != program.id),
                        key=lambda p: (p.id != program.duplicate_of, identity(p) != same, p.name.lower()))
        if not others:
            self.notify("There is no other program to merge this one with.", severity="warning")
            return
        labels = [f"{n}. {p.name} · {p.type} · {cost_cell(p) or 'cost unknown'} · {p.city or 'no city'}"
                  for n, p in enumerate(others[:MERGE_CHOICES], start=1)]
        if program.duplicate_of:
            labels.insert(0, KEEP_BOTH)

        async def chosen(choice: str | None) -> None:
            if choice == KEEP_BOTH:
                distinct = dataclasses.replace(program, duplicate_of=None)
                self.save_records([distinct], f"{program.name} is kept as a program of its own.",
                                  undo=([program], f"{program.name} is marked a possible duplicate again."))
            elif choice is not None:
                await self._merge(program, others[int(choice.split(".", 1)[0]) - 1])

        # the cursor starts on the likely twin; with none, on nothing (down reaches the first):
        # "M enter y" typed at once merged a program into the first of an alphabetical list
        likely = labels[1] if program.duplicate_of else labels[0] if identity(others[0]) == same else None
        await self.ask(ChoiceDialog(f"Merge {program.name} ({cost_cell(program) or 'cost unknown'}) into…",
                                    labels, likely), chosen)

    async def _merge(self, program: Program, keep: Program) -> None:
        """Ask, then merge ``program`` into ``keep`` in one write (``u`` separates them)."""
        store, pid = self.store, program.id
        words, relinked = linked_to(program, store.where(Letter, program_id=pid),
                                    store.where(JournalEntry, program_id=pid), store.all(Trip),
                                    store.where(Expense, program_id=pid), to=keep.id,
                                    experiences=store.where(Experience, program_id=pid),
                                    messages=store.where(Correspondence, program_id=pid))
        twins = [(dataclasses.replace(p, duplicate_of=keep.id), p) for p in store.all(Program)
                 if p.duplicate_of == pid and p.id != keep.id]
        moved = f" Its {'; '.join(words)} move to it." if words else ""
        names = program_labels([program, keep])
        this, that = names[program.id], names[keep.id]
        await self.delete_record(
            program, f"Merge {program.name} ({program.type}, {cost_cell(program) or 'cost unknown'}) into "
            f"{keep.name} ({keep.type}, {cost_cell(keep) or 'cost unknown'})? {that} keeps its own "
            f"values (what {this} says differently goes in its notes) and gains what {this} adds: "
            f"notes, history, start dates, requirements.{moved} (u undoes it)",
            f"Merged {this} into {that}.", f"Separated {this} again.",
            [(merge_programs(keep, program), keep), *relinked, *twins], yes="Merge", show=keep.id)

    async def action_status(self) -> None:
        """Move the program along the pipeline; the step is dated in its history."""
        row = self.current_row()
        if row is None:
            return

        def chosen(status: str | None) -> None:
            program = copy.deepcopy(row.program)  # the row stays as stored if saving fails
            if status and change_status(program, status, self.usce.today()):
                self.save_records([program], f"{program.name}: {status}.")

        await self.ask(ChoiceDialog(f"Status of {row.program.name}", PROGRAM_STATUSES, row.program.status),
                       chosen)

    async def action_materials(self) -> None:
        """Tick the documents that are ready for this program."""
        row = self.current_row()
        if row is None:
            return

        def ticked(done: list[str] | None) -> None:
            if done is None:
                return
            program = copy.deepcopy(row.program)
            program.materials = {key: key in done for key in materials_needed(program)}
            self.save_records([program], f"Checklist saved: {len(done)} of {len(program.materials)} ready.")

        await self.ask(ChecklistDialog(f"Materials for {row.program.name}", materials_checklist(row.program)),
                       ticked)
