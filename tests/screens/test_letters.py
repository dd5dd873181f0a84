"""The Letters screen driven headless: add, advance through every step, follow-ups becoming
overdue as days pass, bad input refused, packet and drafts; the store is checked each time."""

from __future__ import annotations

from datetime import date, timedelta

from rich.color import Color
from textual.widgets import DataTable, Input, OptionList, SelectionList, Static, TextArea

from tests.conftest import TODAY
from usce_tui.app import UsceApp
from usce_tui.core.records import Letter
from usce_tui.core.values import StatusChange
from usce_tui.modals.dialogs import ChecklistDialog, ChoiceDialog, TextDialog
from usce_tui.modals.record_form import RecordForm
from usce_tui.screens.letters import LettersScreen
from usce_tui.store.store import Store

SIZE = (120, 40)


class Clock:
    """An injectable "today" that a test can move forward."""

    def __init__(self, day: date) -> None:
        self.day = day

    def __call__(self) -> date:
        return self.day


async def open_letters(pilot) -> LettersScreen:
    await pilot.press("4")
    await pilot.pause()
    assert isinstance(pilot.app.screen, LettersScreen)
    return pilot.app.screen


def rows(screen: LettersScreen) -> list[list[str]]:
    table = screen.query_one(DataTable)
    return [[str(c) for c in table.get_row_at(i)] for i in range(table.row_count)]


async def test_add_a_letter_and_advance_it_through_every_step(store: Store) -> None:
    async with UsceApp(store, today=lambda: TODAY).run_test(size=SIZE) as pilot:
        screen = await open_letters(pilot)
        assert screen.query_one(".empty-state").display
        await pilot.press("a")
        await pilot.pause()
        form = pilot.app.screen
        assert isinstance(form, RecordForm)
        await pilot.press(*"Dr. Ana Example")
        form.query_one("#email", Input).value = "ana@example.org"
        form.query_one("#specialty", Input).value = "Pediatrics"
        await pilot.pause()
        await pilot.press("ctrl+s")
        await pilot.pause()
        (letter,) = store.all(Letter)
        assert (letter.writer_name, letter.status) == ("Dr. Ana Example", "identified")
        assert rows(screen)[0][5] == "Ask for the letter"
        for step in ("requested", "agreed", "materials sent", "uploaded", "thanked"):
            await pilot.press("n")
            await pilot.pause()
            stored = store.get(Letter, letter.id)
            assert stored.status == step and stored.history[-1] == StatusChange(step, TODAY)
            assert rows(screen)[0][3] == step
        assert len(store.get(Letter, letter.id).history) == 6
        await pilot.press("n")  # nothing after thanked
        await pilot.pause()
        assert len(store.get(Letter, letter.id).history) == 6


async def test_follow_up_becomes_overdue_when_days_pass(store: Store) -> None:
    asked = TODAY - timedelta(days=10)
    store.save(Letter(writer_name="Dr. Slow", status="requested",
                      history=[StatusChange("identified", asked), StatusChange("requested", asked)]))
    clock = Clock(TODAY)
    async with UsceApp(store, today=clock).run_test(size=SIZE) as pilot:
        screen = await open_letters(pilot)
        assert rows(screen)[0][5].startswith("Remind (1 of 3): no answer yet")
        assert rows(screen)[0][6] == (asked + timedelta(days=14)).strftime("%d/%m/%Y")
        assert "overdue" not in str(screen.query_one("#letter-checks", Static).render())
        clock.day = TODAY + timedelta(days=5)  # 15 days after asking
        await pilot.press("1", "4")
        await pilot.pause()
        assert "1 overdue" in str(screen.query_one("#letter-checks", Static).render())
        late = screen.query_one(DataTable).get_row_at(0)[0].style  # bold, in the theme's error colour
        assert late.bold and late.color == Color.parse(pilot.app.theme_variables["error"])
        await pilot.press("1")
        await pilot.pause()
        text = pilot.app.screen.text
        assert "1 late Dr. Slow: Remind (1 of 3): no answer yet" in text
        await pilot.press("4", "f")  # the user sends a reminder today
        await pilot.pause()
        assert store.all(Letter)[0].reminded == [clock.day]
        # the next follow-up counts from the reminder really sent: 7 days after it
        assert rows(screen)[0][6] == (clock.day + timedelta(days=7)).strftime("%d/%m/%Y")
        assert "overdue" not in str(screen.query_one("#letter-checks", Static).render())


async def test_bad_input_is_refused_and_nothing_saved(sample_store: Store) -> None:
    before = sample_store.all(Letter)
    async with UsceApp(sample_store, today=lambda: TODAY).run_test(size=SIZE) as pilot:
        await open_letters(pilot)
        await pilot.press("a")
        await pilot.pause()
        form = pilot.app.screen
        await pilot.press(*"Dr. New")
        form.query_one("#email", Input).value = "new@"
        form.query_one("#eras_letter_id", Input).value = "L-1000001"
        form.query_one("#on_requested", Input).value = "01/12/2026"
        await pilot.pause()
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert pilot.app.screen is form
        errors = str(form.query_one(".record-form-errors", Static).render())
        assert "Email: 'new@' is not an email address" in errors
        assert "ERAS Letter ID: L-1000001 is already the letter from Dr. Omar Haddad" in errors
        assert "Requested on: is in the future" in errors
        assert sample_store.all(Letter) == before
        await pilot.press("escape")
        await pilot.pause()
        await pilot.press("y")
        await pilot.pause()
    assert sample_store.all(Letter) == before


async def test_packet_checklist_and_drafts(sample_store: Store) -> None:
    async with UsceApp(sample_store, today=lambda: TODAY).run_test(size=SIZE) as pilot:
        screen = await open_letters(pilot)
        target = screen.current()
        await pilot.press("m")
        await pilot.pause()
        dialog = pilot.app.screen
        assert isinstance(dialog, ChecklistDialog)
        dialog.query_one(SelectionList).select_all()
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert len(sample_store.get(Letter, target.id).materials_sent) == 4
        assert "Journal from" in str(screen.query_one("#letter-journal-text", Static).render())
        await pilot.press("d")
        await pilot.pause()
        choice = pilot.app.screen
        assert isinstance(choice, ChoiceDialog)
        choice.query_one(OptionList).highlighted = choice.options.index("request")
        await pilot.press("enter")
        await pilot.pause()
        shown = pilot.app.screen
        assert isinstance(shown, TextDialog)
        text = shown.query_one(TextArea).text
        surname = target.writer_name.split()[-1]  # "Dear Dr. Haddad," not the full name
        assert text.startswith(f"Dear Dr. {surname},") and "strong, detailed letter" in text
        assert pilot.app.clipboard == text


async def test_delete_and_undo(sample_store: Store) -> None:
    async with UsceApp(sample_store, today=lambda: TODAY).run_test(size=SIZE) as pilot:
        screen = await open_letters(pilot)
        target = screen.current()
        await pilot.press("x")
        await pilot.pause()
        await pilot.press("y")
        await pilot.pause()
        assert sample_store.get(Letter, target.id) is None and len(rows(screen)) == 4
        await pilot.press("u")
        await pilot.pause()
        assert sample_store.get(Letter, target.id).history == target.history


async def test_f_on_an_agreed_letter_records_nothing_and_says_why(store: Store) -> None:
    """Defect: f on an *agreed* letter saved a reminder and said "the next one is scheduled",
    while the next action (send the materials) ignores reminders."""
    agreed = Letter(writer_name="Dr. Ana Example", status="agreed",
                    history=[StatusChange("requested", TODAY - timedelta(days=20)),
                             StatusChange("agreed", TODAY - timedelta(days=10))])
    store.save(agreed)
    async with UsceApp(store, today=lambda: TODAY).run_test(size=SIZE) as pilot:
        await open_letters(pilot)
        await pilot.press("f")
        await pilot.pause()
        messages = [n.message for n in pilot.app._notifications]
    (stored,) = store.all(Letter)
    assert stored.reminded == []
    assert any("send the materials" in m.lower() for m in messages)
    assert not any("scheduled" in m for m in messages)


async def test_u_takes_back_a_reminder_and_a_step(store: Store) -> None:
    """Defect: after f (or n), u said "Nothing to undo"."""
    asked = TODAY - timedelta(days=20)
    store.save(Letter(writer_name="Dr. Slow", status="requested",
                      history=[StatusChange("identified", asked), StatusChange("requested", asked)]))
    async with UsceApp(store, today=lambda: TODAY).run_test(size=SIZE) as pilot:
        await open_letters(pilot)
        await pilot.press("f", "f")  # the second f on the same day records nothing
        await pilot.pause()
        assert store.all(Letter)[0].reminded == [TODAY]
        assert any("already recorded" in n.message for n in pilot.app._notifications)
        await pilot.press("u")
        await pilot.pause()
        assert store.all(Letter)[0].reminded == []
        await pilot.press("n")
        await pilot.pause()
        assert store.all(Letter)[0].status == "agreed"
        await pilot.press("u")
        await pilot.pause()
    (letter,) = store.all(Letter)
    assert (letter.status, [h.status for h in letter.history]) == ("requested", ["identified", "requested"])


async def test_a_form_opens_without_the_notices_left_from_before(sample_store: Store) -> None:
    """Second newcomer run: "Dr. …: agreed. Press u to undo." stayed over the top of the form
    opened next, covering its fields; a warning or an error would stay."""
    async with UsceApp(sample_store, today=lambda: TODAY).run_test(size=SIZE, notifications=True) as pilot:
        await open_letters(pilot)
        await pilot.press("n")
        await pilot.pause()
        assert any("Press u to undo" in n.message for n in pilot.app._notifications)
        pilot.app.notify("Something went wrong.", severity="error")
        await pilot.pause(0.6)
        await pilot.press("a")
        await pilot.pause()
        assert isinstance(pilot.app.screen, RecordForm)
        messages = [n.message for n in pilot.app._notifications]
        assert not any("Press u to undo" in m for m in messages) and "Something went wrong." in messages


async def test_d_on_a_declined_letter_shows_its_one_draft_at_once(sample_store: Store) -> None:
    """Seen by a newcomer: d on a declined letter offered a list of one draft (an enter more to
    reach it), titled "Thanks for considering for Dr. …"."""
    declined = next(x for x in sample_store.all(Letter) if x.status == "declined")
    async with UsceApp(sample_store, today=lambda: TODAY).run_test(size=SIZE) as pilot:
        screen = await open_letters(pilot)
        screen.select_record(declined.id or "")
        await pilot.pause()
        await pilot.press("d")
        await pilot.pause()
        dialog = pilot.app.screen
        assert isinstance(dialog, TextDialog)
        assert dialog.text.startswith("Dear Dr. ") and "Thank you for considering" in dialog.text
