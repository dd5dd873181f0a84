"""Budget (key 3): what USCE will cost, trip by trip, in the home currency and in USD."""

from __future__ import annotations

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.screen import ModalScreen
from textual.widgets import DataTable, Static

from usce_tui.core.budget.rules import (
    Line,
    bar_chart,
    budget_lines,
    by_category,
    compare_separate,
    convert,
    days_between,
    detach_costs,
    longer_than_trip,
    overview,
    program_costs,
    programs_in_play,
    rate_table,
    trip_figures,
    weeks_in_play,
)
from usce_tui.core.paperwork.rules import trip_warnings, visa_steps
from usce_tui.core.parse import counted, format_date, one_or_many
from usce_tui.core.records import Document, Expense, Profile, Program, Record, Trip
from usce_tui.modals.budget_forms import expense_form, rates_form, trip_form
from usce_tui.screens.base import BaseScreen, NewRecordForm, detail_binding, list_bindings
from usce_tui.widgets.empty_state import EmptyState
from usce_tui.widgets.key_footer import KeyFooter
from usce_tui.widgets.markup import escape
from usce_tui.widgets.paged_table import PagedTable

ALL, LOOSE = "all", "none"  # the "All costs" and "Not in a trip" rows of the trips table
TRIP_COLUMNS = (("Trip", 24), ("Dates", 22), ("Days", 5), ("Progs", 6), ("Total", 15),
                ("Per week", 14), ("Per letter", 13), ("Combining saves", 16))
TRIP_PRIORITY = (0, 4, 1, 5, 2, 3, 6, 7)
LINE_COLUMNS = (("Category", 16), ("Description", 26), ("Amount", 15), ("Recurs", 10), ("×", 6),
                ("Line total", 16), ("In home currency", 17), ("State", 8))
LINE_PRIORITY = (1, 5, 7, 2, 0, 6, 3, 4)  # on a laptop: what, how much in all, planned or paid
TripRow = tuple[str, tuple[str, ...]]  # (key, cells)
LineRow = tuple[str, tuple[str, ...]]
EMPTY = (
    "No trips or costs yet.\n\n"
    "Plan each trip here: flights, housing, program fees, visa, insurance and daily living, in "
    "any currency, planned against what you actually paid.\n\n"
    "  a   add a trip; then tab to its costs and press a again to add each cost\n"
    "  r   exchange rates and your total budget\n\n"
    "To explore with an example budget, run  usce --demo  (or  make demo)."
)


class BudgetScreen(BaseScreen):
    """Trips on top with the totals and a chart; the selected trip's cost lines below."""

    AREA = "Budget"
    HORIZONTAL_BREAKPOINTS = [(0, "-narrow"), (110, "-wide")]  # the chart beside the totals
    NEEDS_RECORD = BaseScreen.NEEDS_RECORD | {"toggle_detail"}
    HELP = """
*  a total that leaves out a cost: one without an amount, or in a currency with no rate (r)
tab  moves between the trips and their costs; a adds where the cursor is
chart  the costs by category show beside the totals on a terminal 110 wide or more
"""

    BINDINGS = [
        *list_bindings("budget", "trip or cost", "Add a trip or a cost (where the cursor is)"),
        Binding("r", "rates", "Rates", id="budget-rates", tooltip="Exchange rates and total budget",
                priority=True),
        detail_binding("budget"),
    ]

    def __init__(self) -> None:
        super().__init__()
        self._lines: list[Line] = []

    def compose(self) -> ComposeResult:
        yield self.area_bar()
        with Vertical(id="budget"):
            yield EmptyState(EMPTY, classes="empty-state")
            yield PagedTable[TripRow](TRIP_COLUMNS, lambda row: row[1], lambda row: row[0],
                                      priority=TRIP_PRIORITY, stretch=0, id="trip-table")
            with Horizontal(id="budget-top", classes="detail-pane") as top:
                top.border_title = "space hides"
                # not a tab stop (tab goes from the trips to their costs): the wheel scrolls it
                with VerticalScroll(id="budget-side", can_focus=False):
                    yield Static(id="budget-summary")
                yield Static(id="budget-chart")
            yield Static(id="budget-lines-title")
            yield PagedTable[LineRow](LINE_COLUMNS, lambda row: row[1], lambda row: row[0],
                                      priority=LINE_PRIORITY, stretch=1, id="line-table")
        yield KeyFooter()

    # -- data ----------------------------------------------------------------------------
    def refresh_data(self, keep: str | None = None) -> None:
        """Re-read the file when it changed; ``keep``: the trip (or row key) to highlight."""
        if not self.data_changed():
            if keep is not None:
                self._fill_trips(keep)
            return
        self.profile = self.store.profile()
        self.trips = self.store.all(Trip)
        self.programs = self.store.all(Program)
        self.expenses = {e.id: e for e in self.store.all(Expense)}
        self.rates = rate_table(self.profile.exchange_rates)
        self._lines = budget_lines(self.expenses.values(), self.trips, self.programs,
                                   self.profile.fee_range_end)
        empty = not self.trips and not self._lines
        self.show_empty_state(empty, ("#trip-table", "#budget-top", "#budget-lines-title", "#line-table"))
        self._fill_trips(keep)

    @property
    def trip_table(self) -> PagedTable[TripRow]:
        return self.query_one("#trip-table", PagedTable)

    @property
    def line_table(self) -> PagedTable[LineRow]:
        return self.query_one("#line-table", PagedTable)

    def _fill_trips(self, keep: str | None = None) -> None:
        keep = keep or self.selected_scope()
        home, order = self.profile.home_currency, self.profile.date_order
        in_play = programs_in_play(self._lines, self.trips, self.programs)
        rows: list[tuple[str, str, str, str, str, list[Line], list[Program], Trip | None]] = [
            (ALL, "All costs", "", "", "", self._lines, in_play, None)]
        for trip in self.trips:
            dates = (f"{format_date(trip.arrival, order)}–{format_date(trip.departure, order)}"
                     if trip.arrival and trip.departure else "no dates")
            days = str(days_between(trip.arrival, trip.departure)) if trip.arrival and trip.departure else ""
            members = [p for p in self.programs if p.id in trip.program_ids]
            rows.append((str(trip.id), trip.name, dates, days, str(len(members)),
                         self.scope_lines(str(trip.id)), members, trip))
        rows.append((LOOSE, "Not in a trip", "", "", "", self.scope_lines(LOOSE), [], None))
        shown: list[TripRow] = []
        for key, name, dates, days, count, lines, members, one_trip in rows:
            weeks = weeks_in_play(self.trips, members, self.profile.fee_range_end) if key == ALL else None
            figures = trip_figures(lines, members, home, self.rates, one_trip, self._lines, self.programs,
                                   self.profile.fee_range_end, weeks)
            everything, week, letter = figures.total, figures.per_week, figures.per_letter
            cells = (name, dates, days, count, f"{everything.amount:,.0f} {home}" + ("*" if
                     everything.apart or everything.needs_amount else ""),
                     f"{week:,.0f} {home}/wk" if week is not None else "",
                     f"{letter:,.0f} {home}" if letter is not None else "",
                     f"{figures.comparison.saving:,.0f} {home}" if figures.comparison else "")
            shown.append((key, cells))
        keys = [r[0] for r in rows]
        self.trip_table.show(shown, keys.index(keep) if keep in keys else 0)
        self._show_scope()

    def selected_scope(self) -> str:
        row = self.trip_table.current
        return row[0] if row else ALL

    def scope_lines(self, scope: str) -> list[Line]:
        if scope == ALL:
            return self._lines
        if scope == LOOSE:
            return [line for line in self._lines if line.trip_id is None]
        return [line for line in self._lines if str(line.trip_id) == scope]

    def _show_scope(self) -> None:
        scope = self.selected_scope()
        lines = self.scope_lines(scope)
        self._fill_lines(lines)
        trip = next((t for t in self.trips if str(t.id) == scope), None)
        title = trip.name if trip else ("all trips and costs" if scope == ALL else "costs not in a trip")
        self.query_one("#budget-lines-title", Static).update(
            f"[b]Costs: {escape(title)}[/b]  [$text-muted](tab moves here)[/]")
        self.query_one("#budget-summary", Static).update(self._summary(lines, trip, whole=scope == ALL))
        home = self.profile.home_currency
        chart = bar_chart(by_category(lines, home, self.rates), width=24)
        text = Text(f"By category, {home} (█ paid ░ planned)\n", style="bold")
        for label, bar, figure in chart:
            text.append(f"{label[:19]:<19} {bar:<24} {figure:>8}\n")
        self.query_one("#budget-chart", Static).update(text if chart else "")

    def _summary(self, lines: list[Line], trip: Trip | None, whole: bool = False) -> str:
        """The totals of the row under the cursor; what is left of the budget on *All costs*
        only (on *Not in a trip* it was the budget less those few costs: more than was left)."""
        home = self.profile.home_currency
        budget = self.profile.budget_total if whole else None
        figures = overview(lines, home, self.rates, budget)
        usd = overview(lines, "USD", self.rates, None)
        out = []
        if trip is not None:  # the visa and the passport against the trip's dates, first: to act on
            order, today = self.profile.date_order, self.usce.today()
            if trip.visa != "not set":
                done = [f"{label} {format_date(day, order)}" for label, day in visa_steps(trip) if day]
                out.append(f"Visa {escape(trip.visa)}: {' · '.join(done) or 'no step dated yet'} (e)")
            out += [f"[$error]⚑ {escape(task.text.removeprefix(trip.name + ': '))}[/]"
                    for task in trip_warnings(trip, self.store.all(Document), today, order)]
            longer = longer_than_trip(trip, self.programs, self.profile.fee_range_end)
            if longer and trip.arrival and trip.departure:  # (a newcomer's 3-week trip held two 4-week ones)
                out.append(f"[$warning]⚑ {days_between(trip.arrival, trip.departure)} days: shorter than "
                           f"{escape(', '.join(p.name for p in longer))}; check the dates (the cost a week "
                           "counts the trip's days)[/]")
        out += [f"Planned   {figures.planned.describe(notes=False)}",
                f"Paid      {figures.actual.describe(notes=False)}",
                f"[b]Total     {figures.everything.describe(notes=False)}[/b]"]
        if home != "USD":
            out.append(f"          [$text-muted]{usd.everything.describe(notes=False)}[/]")
        if figures.remaining is not None:
            style = "$error" if figures.remaining.amount < 0 else "$success"
            out.append(f"[{style}]Left of your budget {figures.remaining.describe_left()}[/]")
        elif whole and self.profile.budget_total is None:
            out.append("[$text-muted]No total budget yet (r)[/]")
        if whole and (left_out := self.store.damaged_of(Expense, Trip, Program, Profile)):
            # left out of every sum (a newcomer's hand-broken 7,200 PEN cost was missing unmarked);
            # a damaged profile takes the rates and the budget with it
            if [d.table for d in left_out] == [Profile.TABLE]:
                out.append("[$warning]Your profile cannot be read, so its rates and budget are left "
                           "out: ctrl+p, Damaged records[/]")
            else:
                out.append(f"[$warning]{counted(len(left_out), 'damaged record')} (costs, trips, "
                           "programs, profile) left out of these sums: ctrl+p, Damaged records[/]")
        if figures.everything.needs_amount and figures.remaining is None:
            needs = figures.everything.needs_amount
            verb = one_or_many(needs, "needs", "need")
            out.append(f"[$warning]{counted(needs, 'cost')} {verb} an amount[/]")
        if trip is not None:
            comparison = compare_separate(trip, self._lines, self.programs, home, self.rates,
                                          self.profile.fee_range_end)
            if comparison:
                out.append(f"As separate trips {comparison.separate.amount:,.0f} {home}: combining "
                           f"saves [b]{comparison.saving:,.0f} {home}[/b]")
            for share in program_costs(trip, self._lines, self.programs, home, self.rates,
                                       self.profile.fee_range_end):
                week = (f"{share.per_week:,.0f}/wk" if share.per_week
                        else "no weekly figure (its length is not set)" if not share.program.duration_weeks
                        else "no weekly figure yet (its costs need an amount or a rate: r)")
                letter = ", a letter possible" if share.per_letter else ""
                name = share.program.name
                name = escape(name if len(name) <= 24 else name[:23] + "…")  # cut, and seen to be
                out.append(f"· {name}: {share.total:,.0f} {home}, {week}{letter}")
        rates = ", ".join(f"1 USD = {r.per_usd} {r.currency} ({format_date(r.on, self.profile.date_order)})"
                          for r in self.profile.exchange_rates)
        out.append(f"[$text-muted]Rates: {rates or 'none yet (r)'}[/]")
        return "\n".join(out)

    def _fill_lines(self, lines: list[Line]) -> None:
        rows: list[LineRow] = []
        home = self.profile.home_currency
        names = {p.id: p.name for p in self.programs}
        for line in lines:
            total = line.total
            converted = convert(total, home, self.rates) if total else None
            description = line.description + (f" · {names[line.program_id]}" if line.program_id in names
                                               and line.expense_id is not None else "")
            cells = (line.category, description, str(line.unit) if line.unit else "?",
                     line.recurrence, "" if line.count is None else f"{line.count:.4g}",
                     str(total) if total else line.problem,
                     str(converted) if converted else ("no rate" if total else ""),
                     "paid" if line.state == "actual" else line.state)  # as the totals say it
            key = str(line.expense_id) if line.expense_id is not None else f"fee-{line.program_id}"
            rows.append((key, cells))
        self.line_table.show(rows)

    def select_record(self, record_id: str) -> None:
        """Put the cursor on one trip (from the dashboard)."""
        self.refresh_data(keep=str(record_id))  # All costs if the trip was deleted meanwhile
        self.trip_table.focus()

    # -- events --------------------------------------------------------------------------
    @on(DataTable.RowHighlighted, "#trip-table")
    def _trip_highlighted(self) -> None:
        self._show_scope()

    @on(DataTable.RowSelected)
    async def _selected(self) -> None:
        await self.action_edit()

    # -- actions -------------------------------------------------------------------------
    def _on_lines(self) -> bool:
        return self.focused is self.query_one("#line-table")

    def _current_line_key(self) -> str | None:
        row = self.line_table.current
        return row[0] if row else None

    async def _open(self, record: Trip | Expense, *, new: bool = False) -> None:
        """Open the right form; save what it returns (a failed save reopens the form)."""
        await self.open_form(*self._form(record), new=new)

    def _form(self, record: Trip | Expense) -> NewRecordForm:
        verb = "Added" if record.id is None else "Saved"
        what = "trip" if isinstance(record, Trip) else "cost"

        def form(typed: Trip | Expense) -> ModalScreen[Trip | Expense | None]:
            if isinstance(typed, Trip):
                return trip_form(typed, self.profile.date_order, self.programs,  # type: ignore[return-value]
                                 self.usce.today())
            return expense_form(typed, self.trips, self.programs)  # type: ignore[return-value]

        return form, record, lambda saved: f"{verb} the {what}."

    def new_record_form(self) -> NewRecordForm:
        """A trip (a cost is added from the costs table, on its trip)."""
        return self._form(Trip())

    async def action_add(self) -> None:
        if self._on_lines():
            await self._open(Expense(trip_id=self._trip_for_new_cost()), new=True)
        else:
            await self.open_new_record_form()

    def _trip_for_new_cost(self) -> str | None:
        """The trip a new cost belongs to: the one selected, or the only one there is."""
        scope = self.selected_scope()
        if scope not in (ALL, LOOSE):
            return scope
        return self.trips[0].id if scope == ALL and len(self.trips) == 1 else None

    def show_saved(self, record: Record) -> None:
        """A trip just added or edited is selected, so its costs come next."""
        self.refresh_data(keep=str(record.id) if isinstance(record, Trip) else None)

    def _target(self) -> Trip | Expense | None:
        if self._on_lines():
            key = self._current_line_key()
            if key and key.startswith("fee-"):
                self.notify("This fee comes from the program record; change it on the Programs "
                            "screen (key 2).", severity="warning")
                return None
            return self.expenses.get(key) if key else None
        scope = self.selected_scope()
        trip = next((t for t in self.trips if str(t.id) == scope), None)
        if trip is None:
            self.notify("Pick a trip (or tab to the costs) first.", severity="warning")
        return trip

    async def action_edit(self) -> None:
        target = self._target()
        if target is not None:
            await self._open(target)

    async def action_delete(self) -> None:
        """Delete the trip (its costs stay, as costs not in a trip) or the cost, after asking."""
        target = self._target()
        if target is None:
            return
        if isinstance(target, Trip):
            question = (f"Delete the trip {target.name}? Its cost lines stay, as costs not in a trip; "
                        "what the trip itself gave the totals goes with it: its visa and SEVIS fees, "
                        "costs per day or week counted over its dates, and the fees of programs that "
                        "were in play only through it. (u brings it back)")
        else:
            question = f"Delete the cost {target.description} ({target.amount})?"
        relinked = detach_costs(target, self.expenses.values()) if isinstance(target, Trip) else []
        await self.delete_record(target, question, "Deleted.", "Restored.", relinked)

    async def action_rates(self) -> None:
        """Edit the exchange rates and the total budget (kept in the profile)."""
        currencies = {self.profile.home_currency} | {line.unit.currency for line in self._lines if line.unit}
        currencies |= {r.currency for r in self.profile.exchange_rates}
        currencies.discard("USD")
        # saved as any form is: a failed save opens it again with what was typed
        await self.open_form(lambda profile: rates_form(profile, sorted(currencies), self.usce.today()),
                             self.profile, self._rates_saved)

    def _rates_saved(self, profile: Profile) -> str:
        """The save's message, naming the currencies in use that now have no rate: a blank rate is
        removed, and the totals then leave out every cost they would convert (a newcomer emptied
        the home currency's rate and read "All costs -1,091 PEN*" with only a * to say why)."""
        used = {line.unit.currency for line in self._lines if line.unit} | {profile.home_currency}
        rated = {r.currency for r in profile.exchange_rates} | {"USD"}
        missing = sorted(used - rated)
        if not missing:
            return "Rates and budget saved."
        return (f"Rates and budget saved. No rate for {', '.join(missing)}: the totals leave out "
                "what needs one (marked *); r to add it.")
