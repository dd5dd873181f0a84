"""Every screen usable at 80×24 (a laptop's terminal), nothing essential cut at 120×40.

Seen: at 80×24 Programs showed 4 rows and only the columns up to Cost; Letters hid Next action
and Due; Budget's costs table showed only its header; Journal had no preview and its search box
was off-screen; help was clipped. At 120 Budget's State read "plann" and Letters' next action was
cut. An invalid date in the journal's filter was ignored without a word.
"""

from __future__ import annotations

from textual.widget import Widget
from textual.widgets import DataTable, Input, Static

from tests.conftest import TODAY
from tests.screens.seen import screen_lines
from usce_tui.app import UsceApp
from usce_tui.core.records import JournalEntry, Program
from usce_tui.modals.help import HelpScreen
from usce_tui.store.store import Store
from usce_tui.widgets.paged_table import PagedTable

LAPTOP = (80, 24)
WIDE = (120, 40)


def _app(store: Store) -> UsceApp:
    return UsceApp(store, today=lambda: TODAY, demo=True)


async def shown_table(pilot, key: str, selector: str) -> PagedTable:
    """Go to an area (its key) and return one of its tables."""
    await pilot.press(key)
    await pilot.pause()
    return pilot.app.screen.query_one(selector, PagedTable)


def titles(table: DataTable) -> list[str]:
    return [str(column.label).rstrip(" ▲▼") for column in table.columns.values()]


def fits(table: DataTable) -> bool:
    """Every column is on screen: nothing to scroll sideways to."""
    return table.virtual_size.width <= table.scrollable_content_region.width


def visible_rows(table: DataTable) -> int:
    return min(table.row_count, table.scrollable_content_region.height - 1)  # less the header


def shown_text(widget: Widget) -> str:
    """The words a widget shows on screen, lines joined by spaces."""
    lines = widget.render_lines(widget.region.reset_offset)
    return " ".join(" ".join(line.text.split()) for line in lines).strip()


def column(table: DataTable, title: str) -> list[str]:
    index = titles(table).index(title)
    return [str(table.get_row_at(row)[index]) for row in range(table.row_count)]


async def test_programs_at_80x24_show_the_columns_that_matter_and_room_for_rows(sample_store: Store) -> None:
    async with _app(sample_store).run_test(size=LAPTOP) as pilot:
        table = await shown_table(pilot, "2", "#program-table")
        assert fits(table)
        assert titles(table)[:4] == ["Program", "Apply by", "Status", "Cost"]
        assert {"Eligible", "Flag"} <= set(titles(table))
        assert visible_rows(table) >= 8  # not 4
        bar = pilot.app.screen.query_one("#program-bar")
        assert not bar.display  # the filter bar waits for /

        await pilot.press("slash")
        await pilot.pause()
        search = pilot.app.screen.query_one("#program-filter", Input)
        assert bar.display and pilot.app.focused is search and search.region.width >= 40
        await pilot.press(*"obser", "enter")
        await pilot.pause()
        assert bar.display  # a filter is set: its bar stays in view
        await pilot.press("escape")
        await pilot.pause()
        assert not bar.display and pilot.app.focused is table

        rows_with_detail = table.scrollable_content_region.height
        await pilot.press("space")
        await pilot.pause()
        assert not pilot.app.screen.query_one("#program-detail").display
        assert table.scrollable_content_region.height > rows_with_detail + 5
        await pilot.press("space")
        await pilot.pause()
        assert pilot.app.screen.query_one("#program-detail").display


async def test_program_columns_follow_the_width_and_the_name_takes_what_is_left(sample_store: Store) -> None:
    async with _app(sample_store).run_test(size=WIDE) as pilot:
        table = await shown_table(pilot, "2", "#program-table")
        assert fits(table) and len(titles(table)) == 9
        await pilot.resize_terminal(100, 30)
        await pilot.pause()
        assert fits(table) and titles(table)[:3] == ["Program", "Apply by", "Status"]
        assert "Family Medicine Externship" in column(table, "Program")  # room enough: not cut
        await pilot.resize_terminal(*LAPTOP)
        await pilot.pause()
        assert "Family Medicine Ext…" in column(table, "Program")


async def test_letters_at_80x24_show_what_to_do_next_and_by_when(sample_store: Store) -> None:
    async with _app(sample_store).run_test(size=LAPTOP) as pilot:
        table = await shown_table(pilot, "4", "#letter-table")
        assert fits(table)
        assert titles(table)[:3] == ["Writer", "Next action", "Due"]
        assert "Remind (1 of 3): no answer yet" in column(table, "Next action")
        assert visible_rows(table) == table.row_count == 5


async def test_the_dashboard_at_80x24_gives_its_tasks_room_before_their_dates(sample_store: Store) -> None:
    """Seen: at 80 columns the tasks were cut ("Start preparing documents: Family Medicine Ext…")
    beside a date column; the days left say when, so on a laptop the date goes first."""
    async with _app(sample_store).run_test(size=LAPTOP) as pilot:
        table = pilot.app.screen.query_one("#dash-next", PagedTable)
        await pilot.pause()
        assert titles(table) == ["Days", "What"] and fits(table)
        tasks = column(table, "What")
        assert "Start preparing documents: Family Medicine Externship" in tasks
        assert "Deadline: Internal Medicine Observership" in tasks and "32 late" in column(table, "Days")
    async with _app(sample_store).run_test(size=WIDE) as pilot:
        table = pilot.app.screen.query_one("#dash-next", PagedTable)
        await pilot.pause()
        assert titles(table) == ["When", "Days", "What"]  # room for the date too


async def test_letters_at_120_show_the_whole_next_action(sample_store: Store) -> None:
    async with _app(sample_store).run_test(size=WIDE) as pilot:
        table = await shown_table(pilot, "4", "#letter-table")
        assert fits(table) and len(titles(table)) == 7
        assert "Remind (1 of 3): no answer yet" in column(table, "Next action")


async def test_budget_at_80x24_shows_cost_rows(sample_store: Store) -> None:
    async with _app(sample_store).run_test(size=LAPTOP) as pilot:
        lines = await shown_table(pilot, "3", "#line-table")
        assert fits(lines) and visible_rows(lines) >= 5  # only the header was visible
        assert titles(lines)[:3] == ["Description", "Line total", "State"]
        trips = pilot.app.screen.query_one("#trip-table", PagedTable)
        assert fits(trips) and titles(trips)[:2] == ["Trip", "Total"]
        assert trips.scrollable_content_region.height > trips.row_count  # every trip in view


async def test_budget_at_80x24_shows_a_trip_s_visa_warnings_and_totals_together(sample_store: Store) -> None:
    """Newcomer: on a trip with a visa and a passport warning the pane of 7 lines ended at the
    total, without the dollars or anything after, no sign that more was there and no key to
    reach it; the costs' title ended "x" cut mid-word."""
    async with _app(sample_store).run_test(size=LAPTOP) as pilot:
        await shown_table(pilot, "3", "#line-table")
        await pilot.press("down")  # the Chicago trip
        await pilot.pause()
        lines = screen_lines(pilot.app)
        text = "\n".join(lines)
        for seen in ("Visa B1/B2", "the passport expires", "Planned", "Paid", "Total", "8,466.23 USD",
                     "Costs: Chicago spring rotations  (tab moves here)"):
            assert seen in text, text
        side = pilot.app.screen.query_one("#budget-side")
        assert side.max_scroll_y == 0 or side.show_vertical_scrollbar  # what is cut says so
        costs = pilot.app.screen.query_one("#line-table", PagedTable)
        assert visible_rows(costs) >= 4


async def test_budget_at_120_cuts_no_state_or_amount(sample_store: Store) -> None:
    async with _app(sample_store).run_test(size=WIDE) as pilot:
        lines = await shown_table(pilot, "3", "#line-table")
        assert fits(lines) and len(titles(lines)) == 8
        assert set(column(lines, "State")) == {"planned", "paid"}  # as the totals say: "Paid" ("actual")
        assert not any(c.endswith("…") for name in ("Amount", "Line total", "In home currency")
                       for c in column(lines, name))
        trips = pilot.app.screen.query_one("#trip-table", PagedTable)
        assert fits(trips) and not any(c.endswith("…") for c in column(trips, "Total"))


async def test_journal_at_80x24_has_its_preview_and_a_search_box_to_type_in(sample_store: Store) -> None:
    async with _app(sample_store).run_test(size=LAPTOP) as pilot:
        await pilot.press("5")
        await pilot.pause()
        screen = pilot.app.screen
        table = screen.query_one("#journal-table", PagedTable)
        assert fits(table) and visible_rows(table) >= 8
        preview = screen.query_one("#journal-view")
        assert preview.display and preview.region.height >= 6 and preview.region.width >= 70
        assert screen.current().title in shown_text(screen.query_one("#journal-view-text"))

        await pilot.press("slash", *"feedback")
        await pilot.pause()
        search = screen.query_one("#journal-search", Input)
        assert search.region.width >= 40 and search.region.right <= LAPTOP[0]
        assert search.value == "feedback"


async def test_an_invalid_filter_date_is_named_not_ignored(sample_store: Store) -> None:
    async with _app(sample_store).run_test(size=LAPTOP) as pilot:
        await pilot.press("5")
        await pilot.pause()
        screen = pilot.app.screen
        await pilot.press("slash", "tab", "tab", "tab", *"31/02/2026")
        await pilot.pause()
        assert pilot.app.focused is screen.query_one("#journal-since", Input)
        summary = str(screen.query_one("#journal-summary", Static).render())
        assert "From: '31/02/2026' is not a real date (DD/MM/YYYY); not applied" in summary  # once
        since = sorted(e.date for e in sample_store.all(JournalEntry) if e.date)[-5]
        await pilot.press(*["backspace"] * 10, *since.strftime("%d/%m/%Y"))
        await pilot.pause()
        summary = str(screen.query_one("#journal-summary", Static).render())
        assert summary.startswith("5 of 20 entries")


async def test_help_wraps_rather_than_cuts(sample_store: Store) -> None:
    async with _app(sample_store).run_test(size=LAPTOP) as pilot:
        await pilot.press("5", "f1")
        await pilot.pause()
        assert isinstance(pilot.app.screen, HelpScreen)
        box = pilot.app.screen.query_one("#help-box")
        assert box.region.right <= LAPTOP[0]
        text = shown_text(pilot.app.screen.query_one("#help-text"))
        assert "Streaks, entries per week, heatmap and tags (again: the entry)" in text


async def test_sorting_at_80x24_goes_through_the_columns_on_screen(sample_store: Store) -> None:
    """Seen: at 80 columns s sorted "by City", a column not shown."""
    async with _app(sample_store).run_test(size=LAPTOP) as pilot:
        table = await shown_table(pilot, "2", "#program-table")
        shown = titles(table)
        seen = []
        for _ in range(len(shown)):
            await pilot.press("s")
            await pilot.pause()
            marked = [str(c.label) for c in table.columns.values() if str(c.label).endswith("▲")]
            assert len(marked) == 1  # the sorted column is on screen and shows it
            seen.append(marked[0].rstrip(" ▲"))
        assert sorted(seen) == sorted(shown)


async def test_an_empty_screen_keeps_what_a_key_does_beside_the_key(store: Store) -> None:
    """At 80 columns a key's line wraps: the rest stays in the column of what the key does
    (it went back under the key: "add a trip; then tab ... to add" / "each cost")."""
    async with _app(store).run_test(size=(80, 24)) as pilot:
        await pilot.press("3")
        await pilot.pause()
        lines = screen_lines(pilot.app)
        first = next(i for i, line in enumerate(lines) if "add a trip" in line)
        column = lines[first].index("add a trip")
        wrapped = lines[first + 1]
        assert wrapped[:column].strip(" │") == "" and wrapped[column:].split()[0] == "cost"
        assert lines[first + 2].strip(" │").startswith("r  exchange rates")


async def test_messages_do_not_pile_up_over_the_screen(sample_store: Store) -> None:
    """Seen by a newcomer: saving quickly stacked a message per save over the list at 80×24;
    the two newest stay, the older ones go."""
    app = UsceApp(sample_store, today=lambda: TODAY)
    async with app.run_test(size=(80, 24), notifications=True) as pilot:
        for n in range(1, 5):
            app.notify(f"Message number {n} of four.")
            await pilot.pause()
        await pilot.pause(0.2)
        shown = "\n".join(screen_lines(app))
        assert "number 3" in shown and "number 4" in shown
        assert "number 1" not in shown and "number 2" not in shown


async def test_a_long_text_left_shows_its_beginning_and_its_end_when_back(store: Store) -> None:
    """Seen by a newcomer: after leaving the Name field it still showed the end of a long name
    ("veland Observership in Internal Medicine")."""
    name = "Cleveland Observership in Internal Medicine and Family Practice"
    async with UsceApp(store, today=lambda: TODAY).run_test(size=(80, 24)) as pilot:
        await pilot.press("2", "a")
        await pilot.pause()
        await pilot.press(*name, "tab")
        await pilot.pause()
        (line,) = [line for line in screen_lines(pilot.app) if "Name" in line]
        assert "Cleveland Observership" in line
        await pilot.press("shift+tab")
        await pilot.pause()
        (line,) = [line for line in screen_lines(pilot.app) if "Name" in line]
        assert "Family Practice" in line  # the cursor, at the end, is in view


async def test_a_refused_form_at_80x24_lists_every_problem_the_notice_above(store: Store) -> None:
    """Newcomer: the "Not saved" notice sat over the list of problems under the form, and a
    problem that wrapped onto a second line pushed the last one out of the list (5 of 6 shown)."""
    from textual.widgets._toast import ToastRack

    bad = {"duration_weeks": "ten", "website": "abc!", "contact_email": "x@", "fee_amount": "lots",
           "fee_currency": "XQZ", "deadline": "31/02/2027", "start_dates": "soon"}
    async with UsceApp(store, today=lambda: TODAY).run_test(size=LAPTOP, notifications=True) as pilot:
        await pilot.press("2", "a")
        await pilot.pause()
        form = pilot.app.screen
        await pilot.press(*"Neuro")
        for key, text in bad.items():
            form.query_one(f"#{key}", Input).focus()
            await pilot.press(*text)
        await pilot.press("ctrl+s")
        await pilot.pause(0.3)
        box = form.query_one(".record-form-errors", Static)
        lines = str(box.render()).splitlines()
        assert len(lines) == 6 and box.region.height == 6
        assert lines[-1].startswith("and 2 more")
        shown = screen_lines(pilot.app)  # each problem on one line, cut at the edge: none pushed out
        assert any("and 2 more (ctrl+s again lists what is left)" in line for line in shown), shown
        assert any("✘ Fee amount: 'lots' is not an amount" in line and line.rstrip(" │").endswith("…")
                   for line in shown), shown
        rack = form.query_one(ToastRack)
        assert rack.region.y < box.region.y and rack.region.bottom <= box.region.y  # above the list
        assert [n.message for n in pilot.app._notifications][-1] == "7 problems, listed under the form."
    assert store.all(Program) == []


async def test_budget_at_120x40_shows_a_trip_s_whole_totals(sample_store: Store) -> None:
    """Newcomer: at 120×40 the totals of a trip of two programs were cut at 11 lines while the
    costs below had nine empty ones, and the programs' names were cut mid-word ("Observ")."""
    async with _app(sample_store).run_test(size=WIDE) as pilot:
        await shown_table(pilot, "3", "#line-table")
        await pilot.press("down")  # the Chicago trip
        await pilot.pause()
        text = "\n".join(screen_lines(pilot.app))
        for seen in ("Visa B1/B2", "8,466.23 USD", "· Internal Medicine Obser…:",
                     "· Internal Medicine Clerk…:", "Rates: 1 USD = 3.75 PEN"):
            assert seen in text, text


async def test_a_form_keeps_the_typed_in_field_in_view_when_the_terminal_is_resized(store: Store) -> None:
    """Second newcomer run: widening the terminal with the cursor low in the program form left
    that field above the top of the form (the fields go two a row on a wide terminal)."""
    async with UsceApp(store, today=lambda: TODAY).run_test(size=LAPTOP) as pilot:
        await pilot.press("2", "a")
        await pilot.pause()
        await pilot.press(*["tab"] * 13)
        await pilot.pause()
        field = pilot.app.focused
        assert isinstance(field, Input) and field.id == "supervisor"
        await pilot.resize_terminal(*WIDE)
        await pilot.pause(0.3)
        assert pilot.app.focused is field
        assert pilot.app.screen.region.contains_region(field.region)
        await pilot.press(*"Dr. Example")
        assert field.value == "Dr. Example"


async def test_the_journal_editors_rotation_list_is_wide_enough_to_read_at_80_columns(
        sample_store: Store) -> None:
    """Seen by a newcomer: the list opened as narrow as its face, so the names wrapped mid-word
    ("Observershi" / "p"). It opens wider, and stays on the screen."""
    from textual.widgets._select import SelectOverlay

    async with UsceApp(sample_store, today=lambda: TODAY).run_test(size=LAPTOP) as pilot:
        await pilot.press("5", "a")
        await pilot.pause()
        await pilot.press("shift+tab", "shift+tab", "shift+tab", "shift+tab", "enter")
        await pilot.pause()
        overlay = pilot.app.screen.query_one("#entry-rotation > SelectOverlay", SelectOverlay)
        region = overlay.region
        assert region.width >= 40 and region.right <= LAPTOP[0]
        assert any("Internal Medicine Observership" in line for line in screen_lines(pilot.app))
