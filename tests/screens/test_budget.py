"""The Budget screen driven headless: trips, costs, totals, rates; the store is checked each time."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from textual.widgets import DataTable, Input, Select, SelectionList, Static

from tests.conftest import TODAY
from tests.screens.typing import settle, type_fast
from usce_tui.app import UsceApp
from usce_tui.core.records import Expense, Program, Trip
from usce_tui.core.values import Money
from usce_tui.modals.dialogs import ConfirmDialog
from usce_tui.modals.record_form import RecordForm
from usce_tui.screens.budget import BudgetScreen
from usce_tui.store.store import Store

SIZE = (120, 40)


async def open_budget(pilot) -> BudgetScreen:
    await pilot.press("3")
    await pilot.pause()
    assert isinstance(pilot.app.screen, BudgetScreen)
    return pilot.app.screen


def text_of(screen: BudgetScreen, selector: str) -> str:
    return str(screen.query_one(selector, Static).render())


def cells(table: DataTable) -> list[list[str]]:
    return [[str(c) for c in table.get_row_at(i)] for i in range(table.row_count)]


async def test_sample_budget_shows_trips_totals_and_saving(sample_store: Store) -> None:
    async with UsceApp(sample_store, today=lambda: TODAY).run_test(size=SIZE) as pilot:
        screen = await open_budget(pilot)
        trips = cells(screen.query_one("#trip-table", DataTable))
        assert [row[0] for row in trips] == ["All costs", "Chicago spring rotations",
                                            "Omaha observership", "Not in a trip"]
        assert trips[1][4] == "31,748 PEN" and trips[1][7] == "13,047 PEN"
        assert trips[2][4] == "8,593 PEN*"  # a program fee written only as text
        # the cost a week and a letter say in which currency, as the total does ("818/wk" did not)
        # two 4-week programs in a trip of 32 days: the weeks are the trip's, not 8 (a newcomer)
        assert trips[1][5] == "6,945 PEN/wk" and trips[1][6] == "15,874 PEN"
        # and All costs counts that trip's weeks alike (it had 8 of them: 818 PEN/wk)
        assert trips[0][5] == "882 PEN/wk"
        assert "Left of your budget 1,563.75 PEN" in text_of(screen, "#budget-summary")
        assert "not counting 1 cost without an amount" in text_of(screen, "#budget-summary")
        await pilot.press("down")
        await pilot.pause()
        summary = text_of(screen, "#budget-summary")
        assert "combining saves 13,047 PEN" in summary and "8,466.23 USD" in summary
        assert screen.query_one("#line-table", DataTable).row_count == 10
        assert "program fee" in str(screen.query_one("#budget-chart", Static).render())


async def test_add_a_trip_and_a_cost_through_the_forms(store: Store) -> None:
    profile = store.profile()
    profile.home_currency = "USD"
    store.save_profile(profile)
    async with UsceApp(store, today=lambda: TODAY).run_test(size=SIZE) as pilot:
        screen = await open_budget(pilot)
        assert screen.query_one(".empty-state").display
        await pilot.press("a")
        await pilot.pause()
        form = pilot.app.screen
        assert isinstance(form, RecordForm)
        await pilot.press(*"Boston elective")
        form.query_one("#arrival", Input).value = "01/03/2027"
        form.query_one("#departure", Input).value = "15/02/2027"
        await pilot.pause()
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert pilot.app.screen is form  # departure before arrival
        assert "Departure: is before the arrival" in str(form.query_one(".record-form-errors").render())
        assert store.all(Trip) == []
        form.query_one("#departure", Input).value = "29/03/2027"
        await pilot.press("ctrl+s")
        await pilot.pause()
        (trip,) = store.all(Trip)
        assert trip.name == "Boston elective" and trip.departure.isoformat() == "2027-03-29"
        trips = screen.query_one("#trip-table", DataTable)
        trips.move_cursor(row=1)
        await pilot.pause()
        screen.query_one("#line-table", DataTable).focus()
        await pilot.press("a")
        await pilot.pause()
        form = pilot.app.screen
        assert form.query_one("#trip_id", Select).value == str(trip.id)
        form.query_one("#category", Select).value = "housing"
        form.query_one("#amount", Input).value = "-200"
        form.query_one("#currency", Input).value = "DOLLARS"
        form.query_one("#recurrence", Select).value = "per week"
        await pilot.pause()
        await pilot.press("ctrl+s")
        await pilot.pause()
        errors = str(form.query_one(".record-form-errors").render())
        assert "Amount: '-200' is negative" in errors and "Currency: 'DOLLARS'" in errors
        assert store.all(Expense) == []
        form.query_one("#amount", Input).value = "200"
        form.query_one("#currency", Input).value = "usd"
        await pilot.pause()
        await pilot.press("ctrl+s")
        await pilot.pause()
        (line,) = store.all(Expense)
        assert (line.trip_id, line.amount, line.recurrence) == (trip.id, Money(Decimal("200"), "USD"),
                                                                "per week")
        assert cells(trips)[1][4] == "800 USD"  # four weeks of housing
        assert "Total     800.00 USD" in text_of(screen, "#budget-summary")


async def test_deleting_a_trip_keeps_its_costs_and_undo_restores_both(sample_store: Store) -> None:
    async with UsceApp(sample_store, today=lambda: TODAY).run_test(size=SIZE) as pilot:
        screen = await open_budget(pilot)
        await pilot.press("down", "down")  # Omaha observership
        await pilot.pause()
        omaha = next(t for t in sample_store.all(Trip) if t.name == "Omaha observership")
        await pilot.press("x")
        await pilot.pause()
        dialog = pilot.app.screen
        assert isinstance(dialog, ConfirmDialog)
        # the totals drop (its visa fees, its days): the question says so (a newcomer read "its
        # costs stay" and saw All costs halve)
        assert "its visa and SEVIS fees, costs per day or week counted over its dates" in dialog.question
        await pilot.press("y")
        await pilot.pause()
        assert sample_store.get(Trip, omaha.id) is None
        loose = [e for e in sample_store.all(Expense) if e.description in ("Room rental", "Food")]
        assert loose and all(e.trip_id is None for e in loose)
        await pilot.press("u")
        await pilot.pause()
        restored = sample_store.get(Trip, omaha.id)
        assert restored is not None and restored.to_dict() | {"updated": ""} == omaha.to_dict() | {
            "updated": ""}
        assert all(e.trip_id == omaha.id for e in sample_store.all(Expense)
                   if e.description in ("Room rental", "Food"))
        assert "Omaha observership" in [row[0] for row in cells(screen.query_one("#trip-table", DataTable))]


async def test_rates_and_budget_are_saved_in_the_profile(sample_store: Store) -> None:
    async with UsceApp(sample_store, today=lambda: TODAY).run_test(size=SIZE) as pilot:
        screen = await open_budget(pilot)
        await pilot.press("r")
        await pilot.pause()
        form = pilot.app.screen
        assert isinstance(form, RecordForm)
        form.query_one("#rate_PEN", Input).value = "0"
        await pilot.pause()
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert pilot.app.screen is form
        assert sample_store.profile().exchange_rates[0].per_usd == Decimal("3.75")
        form.query_one("#rate_PEN", Input).value = "4"
        form.query_one("#budget_total", Input).value = "50000"
        await pilot.pause()
        await pilot.press("ctrl+s")
        await pilot.pause()
        profile = sample_store.profile()
        assert profile.exchange_rates[0].per_usd == Decimal("4")
        assert profile.exchange_rates[0].on == TODAY
        assert profile.budget_total == Money(Decimal("50000"), "PEN")
        assert "1 USD = 4 PEN" in text_of(screen, "#budget-summary")


async def test_program_fee_lines_point_to_the_programs_screen(sample_store: Store) -> None:
    async with UsceApp(sample_store, today=lambda: TODAY).run_test(size=SIZE) as pilot:
        screen = await open_budget(pilot)
        lines = screen.query_one("#line-table", DataTable)
        lines.focus()
        fee_row = next(i for i, row in enumerate(cells(lines)) if row[0] == "program fee")
        lines.move_cursor(row=fee_row)
        await pilot.press("e")
        await pilot.pause()
        assert pilot.app.screen is screen  # no form: the fee lives on the program


async def test_trip_form_lists_programs_to_combine(sample_store: Store) -> None:
    async with UsceApp(sample_store, today=lambda: TODAY).run_test(size=SIZE) as pilot:
        await open_budget(pilot)
        await pilot.press("down", "e")
        await pilot.pause()
        form = pilot.app.screen
        assert isinstance(form, RecordForm)
        chosen = {p.id: p.name for p in sample_store.all(Program)}
        assert sorted(chosen[key] for key in form.query_one(SelectionList).selected) == [
            "Internal Medicine Clerkship", "Internal Medicine Observership"]


async def test_a_new_cost_goes_to_the_trip_just_added(store: Store) -> None:
    """Seen: after adding the only trip, a new cost defaulted to "(no trip)"."""
    async with UsceApp(store, today=lambda: TODAY).run_test(size=(80, 24)) as pilot:
        await open_budget(pilot)
        await pilot.press("a", *"Boston elective", "ctrl+s")
        await pilot.pause()
        (trip,) = store.all(Trip)
        await pilot.press("tab", "a")  # to the costs, and add one
        await pilot.pause()
        form = pilot.app.screen
        assert isinstance(form, RecordForm)
        assert form.query_one("#trip_id", Select).value == str(trip.id)
        await pilot.press(*"Flight", "tab", *"650", "ctrl+s")  # USD: the home currency
        await pilot.pause()
        (cost,) = store.all(Expense)
        assert (cost.trip_id, cost.description, cost.amount) == (trip.id, "Flight",
                                                                Money(Decimal("650"), "USD"))


async def test_words_typed_right_after_a_are_the_cost_s_description(sample_store: Store) -> None:
    """Seen: the cost form opened on the Trip dropdown, so "Taxi from airport" typed right after a
    searched the trips (the text was lost, and once the trip changed to another)."""
    async with UsceApp(sample_store, today=lambda: TODAY).run_test(size=(80, 24)) as pilot:
        await open_budget(pilot)
        await pilot.press("tab")  # to the costs of the trip under the cursor
        await pilot.pause()
        await pilot.press("a")  # the trip the form offers, looked at once
        await pilot.pause()
        offered = pilot.app.screen.query_one("#trip_id", Select).value
        await pilot.press("escape")
        await pilot.pause()
        type_fast(pilot.app, "a", *"Taxi from airport", "tab", *"45", "ctrl+s")
        await settle(pilot)
        (taxi,) = [e for e in sample_store.all(Expense) if e.description == "Taxi from airport"]
        assert taxi.amount.amount == Decimal("45")
        assert str(taxi.trip_id or "") == offered  # the trip was not changed by the typing


async def test_with_several_trips_a_cost_from_all_costs_belongs_to_none(sample_store: Store) -> None:
    async with UsceApp(sample_store, today=lambda: TODAY).run_test(size=(80, 24)) as pilot:
        await open_budget(pilot)
        await pilot.press("tab", "a")  # the cursor is on "All costs"
        await pilot.pause()
        assert pilot.app.screen.query_one("#trip_id", Select).value == ""  # (no trip)


async def test_typing_over_a_new_cost_s_prefilled_currency_replaces_it(sample_store: Store) -> None:
    """Seen by a newcomer: the currency a new cost starts with was appended to ("PENEUR" or
    "USDEUR", refused). What the app put in a new record is selected when the field is reached;
    the user's own text in a record being edited is not (typing goes on at its end)."""
    async with UsceApp(sample_store, today=lambda: TODAY).run_test(size=(80, 24)) as pilot:
        await open_budget(pilot)
        await pilot.press("tab")
        await pilot.pause()
        type_fast(pilot.app, "a", *"Taxi", "tab", *"45", "tab", *"EUR", "ctrl+s")
        await settle(pilot)
        (taxi,) = [e for e in sample_store.all(Expense) if e.description == "Taxi"]
        assert taxi.amount == Money(Decimal("45"), "EUR")
        table = pilot.app.screen.query_one("#line-table", DataTable)
        table.focus()
        while "Taxi" not in str(table.get_row_at(table.cursor_row)):
            await pilot.press("down")
        await pilot.press("e")
        await pilot.pause()
        await pilot.press("tab", "tab")  # description, amount, then the currency
        await pilot.pause()
        currency = pilot.app.screen.query_one("#currency", Input)
        assert currency.has_focus and currency.selection.is_empty
        assert currency.cursor_position == len("EUR")


async def test_what_is_left_of_the_budget_is_said_on_all_costs_only(sample_store: Store) -> None:
    """Newcomer: "Not in a trip" said "Left of your budget 41,905.00 PEN", more than the whole
    budget of 40,000 (the budget less that row's few costs, a refund among them)."""
    async with UsceApp(sample_store, today=lambda: TODAY).run_test(size=(120, 40)) as pilot:
        await pilot.press("3")
        await pilot.pause()
        summary = pilot.app.screen.query_one("#budget-summary")
        assert "Left of your budget 1,563.75 PEN" in str(summary.render())
        for _ in range(3):  # the two trips, then "Not in a trip"
            await pilot.press("down")
            await pilot.pause()
            assert "Left of your budget" not in str(summary.render())


async def test_saving_rates_that_leave_a_currency_in_use_without_one_says_so(sample_store: Store) -> None:
    """Newcomer: emptying the rate of the home currency saved with "Rates and budget saved."
    and the totals then read "All costs -1,091 PEN*", only a * saying that most was left out."""
    async with UsceApp(sample_store, today=lambda: TODAY).run_test(size=SIZE) as pilot:
        await pilot.press("3")
        await pilot.pause()
        await pilot.press("r")
        await pilot.pause()
        field = pilot.app.screen.query_one("#rate_PEN", Input)
        field.focus()
        await pilot.pause()
        await pilot.press("end", *["backspace"] * len(field.value), "ctrl+s")
        await pilot.pause()
        said = [n.message for n in pilot.app._notifications][-1]
        assert said.startswith("Rates and budget saved. No rate for PEN: the totals leave out")
    assert "PEN" not in {r.currency for r in sample_store.profile().exchange_rates}


async def test_a_damaged_cost_left_out_of_the_sums_is_said_beside_them(sample_path) -> None:
    """Seen by a newcomer: a cost damaged by hand (7,200 PEN) vanished from the totals with no
    mark, while "not counting 1 cost without an amount" spoke of another cost. All costs says
    that a damaged record is left out, and where to mend it."""
    import orjson

    raw = orjson.loads(sample_path.read_bytes())
    key = next(iter(raw["expenses"]))
    raw["expenses"][key]["amount"] = {"amount": "seven thousand", "currency": "PEN"}
    sample_path.write_bytes(orjson.dumps(raw))
    with Store.open(sample_path, today=lambda: TODAY) as store:
        async with UsceApp(store, today=lambda: TODAY).run_test(size=SIZE) as pilot:
            screen = await open_budget(pilot)
            summary = text_of(screen, "#budget-summary")
            assert "1 damaged record (costs, trips, programs, profile) left out of these sums" in summary
            await pilot.press("down")  # a trip's row: the note is on All costs
            await pilot.pause()
            assert "damaged record" not in text_of(screen, "#budget-summary")


async def test_a_trip_shorter_than_its_programs_is_flagged(store: Store) -> None:
    """Seen by a newcomer: two 4-week programs on a trip of 21 days drew no word, while the cost
    a week counted the trip's 3 weeks, each program's share its own 4, and "combining saves"
    came partly from the short trip. The trip's summary says so."""
    first = store.save(Program(name="Maple Fictional Observership", duration_weeks=4))
    second = store.save(Program(name="Cedar Fictional Externship", duration_weeks=2))
    store.save(Trip(name="Spring", arrival=date(2027, 3, 1), departure=date(2027, 3, 22),
                    program_ids=[first.id, second.id]))
    async with UsceApp(store, today=lambda: TODAY).run_test(size=SIZE) as pilot:
        screen = await open_budget(pilot)
        await pilot.press("down")  # the trip's row
        await pilot.pause()
        summary = text_of(screen, "#budget-summary")
        assert "21 days: shorter than Maple Fictional Observership; check the dates" in summary
        assert "Cedar" not in summary.split("shorter than")[1].split(";")[0]
