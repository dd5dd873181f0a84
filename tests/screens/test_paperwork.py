"""Issue 17: the Paperwork area (key 7) driven headless as a person types; the store is checked
after every change."""

from __future__ import annotations

from datetime import date

from textual.widgets import Static

from tests.conftest import TODAY
from tests.screens.seen import screen_lines
from usce_tui.app import UsceApp
from usce_tui.core.records import DOCUMENT_KINDS, Correspondence, Document, Program
from usce_tui.modals.dialogs import ChoiceDialog, ConfirmDialog, TextDialog
from usce_tui.modals.record_form import RecordForm
from usce_tui.screens.dashboard import DashboardScreen
from usce_tui.screens.paperwork import PaperworkScreen
from usce_tui.store.store import Store

SIZE = (120, 40)


async def open_paperwork(pilot) -> PaperworkScreen:
    await pilot.press("7")
    await pilot.pause()
    assert isinstance(pilot.app.screen, PaperworkScreen)
    return pilot.app.screen


async def test_a_document_is_added_by_typing_and_its_expiry_worked_out(store: Store) -> None:
    async with UsceApp(store, today=lambda: TODAY).run_test(size=SIZE) as pilot:
        screen = await open_paperwork(pilot)
        assert screen.query_one(".empty-state").display
        await pilot.press("a")
        await pilot.pause()
        form = pilot.app.screen
        assert isinstance(form, RecordForm)
        # Kind is a dropdown on "other": open it, letters are not typed in it, so move up to TB test
        ups = DOCUMENT_KINDS.index("other") - DOCUMENT_KINDS.index("TB test")
        # enter that chooses moves on to the next field, as in a text box
        await pilot.press("enter", *["up"] * ups, "enter")
        await pilot.press(*"IGRA, negative", "tab")
        await pilot.press("enter", "down", "down", "enter")  # status: have it
        await pilot.press(*"31/02/2026", "ctrl+s")  # a day that does not exist
        await pilot.pause()
        assert pilot.app.screen is form and store.all(Document) == []
        assert "Obtained on" in str(form.query_one(".record-form-errors").render())
        await pilot.press("ctrl+u", *"30/12/2025", "ctrl+s")
        await pilot.pause()
        (document,) = store.all(Document)
        assert (document.kind, document.note, document.status) == ("TB test", "IGRA, negative", "have it")
        assert document.obtained == date(2025, 12, 30) and document.expires is None  # derived, not stored
        row = screen.table.current
        assert row is not None and row[1][4] == "29/12/2026*" and row[1][5] == "✔ valid"


async def test_a_document_that_expires_before_a_rotation_warns_everywhere(sample_store: Store) -> None:
    """The sample's TB test runs out on 29/12/2026; the accepted Family Medicine Observership
    starts on 23/01/2027: the paperwork area, the program and the dashboard all say so."""
    async with UsceApp(sample_store, today=lambda: TODAY).run_test(size=SIZE) as pilot:
        dashboard = pilot.app.screen
        assert isinstance(dashboard, DashboardScreen)
        assert "TB test expires 3 weeks before Family Medicine Observership starts" in dashboard.text
        assert "Follow up with Internal Medicine Observership (no answer in 10 working days)" \
            in dashboard.text
        screen = await open_paperwork(pilot)
        (tb,) = [d for d in sample_store.all(Document) if d.kind == "TB test"]
        screen.select_record(tb.id or "")
        await pilot.pause()
        detail = str(screen.query_one("#paperwork-detail", Static).render())
        assert "expires 29/12/2026 (worked out from its kind)" in detail
        assert "TB test expires 3 weeks before Family Medicine Observership starts; renew by" in detail


async def test_log_a_message_then_drafts_and_delete_with_undo(sample_store: Store) -> None:
    async with UsceApp(sample_store, today=lambda: TODAY).run_test(size=SIZE) as pilot:
        screen = await open_paperwork(pilot)
        before = len(sample_store.all(Correspondence))
        await pilot.press("tab")  # to the correspondence
        await pilot.pause()
        assert pilot.app.focused is screen.lower
        first = screen.current_message()
        await pilot.press("a")
        await pilot.pause()
        form = pilot.app.screen
        assert isinstance(form, RecordForm)
        await pilot.press("tab", "tab", "tab", "tab", *"Ms. Rivera", "tab", *"Asked for the health forms",
                          "tab", *"01/12/2026", "ctrl+s")
        await pilot.pause()
        assert len(sample_store.all(Correspondence)) == before + 1
        (logged,) = [m for m in sample_store.all(Correspondence) if m.who == "Ms. Rivera"]
        assert logged.program_id == first.program_id and logged.on == TODAY
        assert logged.follow_up == date(2026, 12, 1) and logged.summary == "Asked for the health forms"
        screen.select_record(logged.id or "")
        await pilot.pause()
        await pilot.press("d")
        await pilot.pause()
        choice = pilot.app.screen
        assert isinstance(choice, ChoiceDialog) and choice.current == "follow-up"  # the last one was sent
        await pilot.press("enter")
        await pilot.pause()
        draft = pilot.app.screen
        assert isinstance(draft, TextDialog) and draft.text.startswith("Dear Ms. Rivera,")
        await pilot.press("escape")
        await pilot.pause()
        await pilot.press("x")
        await pilot.pause()
        assert isinstance(pilot.app.screen, ConfirmDialog)
        await pilot.press("y")
        await pilot.pause()
        assert len(sample_store.all(Correspondence)) == before
        await pilot.press("u")
        await pilot.pause()
        assert any(m.who == "Ms. Rivera" for m in sample_store.all(Correspondence))


async def test_a_message_needs_a_program_first(store: Store) -> None:
    async with UsceApp(store, today=lambda: TODAY).run_test(size=SIZE) as pilot:
        store.add_all([Document(kind="CV", status="have it")])
        screen = await open_paperwork(pilot)
        screen.refresh_data()
        await pilot.press("tab", "a")
        await pilot.pause()
        assert isinstance(pilot.app.screen, PaperworkScreen)
        assert any("Add the program first" in n.message for n in pilot.app._notifications)
        assert store.all(Correspondence) == [] and store.all(Program) == []


async def test_letters_typed_at_once_in_an_opening_dropdown_pick_the_option(store: Store) -> None:
    """Newcomer: "a enter f l u enter" in one burst left the kind "other"."""
    from tests.screens.typing import settle, type_fast

    async with UsceApp(store, today=lambda: TODAY).run_test(size=SIZE) as pilot:
        await open_paperwork(pilot)
        # enter that chooses moves on to the next field, as in a text box (Kind, Note, Status, Obtained)
        type_fast(pilot.app, "a", "enter", *"flu", "enter", "tab", "enter", *"have", "enter",
                  *"05/10/2026", "ctrl+s")
        await settle(pilot)
        await pilot.pause(0.3)
        await settle(pilot)
    (document,) = store.all(Document)
    assert (document.kind, document.status) == ("flu vaccine", "have it")
    assert document.obtained == date(2026, 10, 5)


async def test_a_message_whose_program_was_deleted_is_not_moved_to_another(sample_store: Store) -> None:
    """Seen by a newcomer: after its program was deleted, editing a message showed the first
    program in Program, and saving moved the message to it without a word. The field shows
    "(choose the program)", and saving asks for one."""
    message = next(m for m in sample_store.all(Correspondence) if m.program_id)
    deleted = message.program_id
    sample_store.delete(Program, deleted)
    async with UsceApp(sample_store, today=lambda: TODAY).run_test(size=SIZE) as pilot:
        screen = await open_paperwork(pilot)
        await pilot.press("tab")
        screen.select_record(message.id or "")
        await pilot.pause()
        await pilot.press("e")
        await pilot.pause()
        form = pilot.app.screen
        assert isinstance(form, RecordForm)
        assert "(choose the program)" in " ".join(screen_lines(pilot.app))
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert pilot.app.screen is form
        errors = str(form.query_one(".record-form-errors").render())
        assert "Program: is required: choose the program" in errors
    assert sample_store.get(Correspondence, message.id).program_id in (deleted, None)  # not moved


async def test_the_titles_count_expired_documents_and_follow_ups_due_this_week(store: Store) -> None:
    """Seen by a newcomer: two expired documents were counted nowhere in the title ("0 to renew
    · 0 expire in 90 days"), and "0 follow-ups due" stood while the dashboard listed one in 3
    days. The title counts what is expired, and the follow-ups of the coming week, as the
    dashboard does."""
    from datetime import timedelta

    program = store.save(Program(name="Fictional Valley Family Medicine"))
    store.add_all([Document(kind="TB test", status="have it", obtained=TODAY - timedelta(days=400)),
                   Document(kind="CV", status="have it"),
                   Correspondence(program_id=program.id, on=TODAY - timedelta(days=2), direction="received",
                                  follow_up=TODAY + timedelta(days=3))])
    async with UsceApp(store, today=lambda: TODAY).run_test(size=(80, 24)) as pilot:
        await open_paperwork(pilot)
        lines = screen_lines(pilot.app)
        assert any("Documents 2 · 1 expired · 0 to renew" in line for line in lines)
        assert any("Correspondence 1 · 1 follow-up this week" in line for line in lines)
    other = store.save(Program(name="Fictional Lakeside Internal Medicine"))
    store.add_all([Correspondence(program_id=other.id, on=TODAY - timedelta(days=30), direction="received",
                                  follow_up=TODAY - timedelta(days=17))])  # late: said so (a newcomer)
    async with UsceApp(store, today=lambda: TODAY).run_test(size=(80, 24)) as pilot:
        await open_paperwork(pilot)
        lines = screen_lines(pilot.app)
        assert any("Correspondence 2 · 1 follow-up late, 1 this week" in line for line in lines)


async def test_e_and_x_show_only_on_a_list_that_has_rows(store: Store) -> None:
    """Seen by a newcomer: with the cursor in the empty correspondence list, the footer still
    offered e Edit and x Delete (the README says keys that do nothing are not shown)."""
    from textual.widgets._footer import FooterKey

    store.add_all([Document(kind="CV", status="have it")])
    async with UsceApp(store, today=lambda: TODAY).run_test(size=(80, 24)) as pilot:
        await open_paperwork(pilot)

        def shown() -> set[str]:
            return {k.description for k in pilot.app.screen.query(FooterKey)}

        await pilot.pause()
        assert {"Edit", "Delete"} <= shown()  # on the documents
        await pilot.press("tab")
        await pilot.pause()
        await pilot.pause()
        assert "Edit" not in shown() and "Delete" not in shown() and "Add" in shown()


async def test_undoing_a_program_delete_keeps_what_was_edited_since(sample_store: Store) -> None:
    """Seen by a newcomer: a program deleted, its message's summary edited afterwards, then u on
    Programs: the program came back, and the message was put back as it was before the delete,
    the edit gone (a cost likewise). u now puts back the link only, on the record as it is."""
    message = next(m for m in sample_store.all(Correspondence) if m.program_id)
    program = sample_store.get(Program, message.program_id)
    assert program is not None
    async with UsceApp(sample_store, today=lambda: TODAY).run_test(size=SIZE) as pilot:
        await pilot.press("2")
        await pilot.pause()
        pilot.app.screen.select_record(program.id)
        await pilot.pause()
        await pilot.press("x", "y")
        await pilot.pause()
        assert sample_store.get(Program, program.id) is None
        unlinked = sample_store.get(Correspondence, message.id)
        assert unlinked is not None and unlinked.program_id is None
        unlinked.summary = "Edited after the delete"
        sample_store.save(unlinked)
        await pilot.press("u")
        await pilot.pause()
    back = sample_store.get(Correspondence, message.id)
    assert sample_store.get(Program, program.id) is not None
    assert back is not None and back.program_id == program.id and back.summary == "Edited after the delete"


async def test_the_first_message_is_logged_from_the_empty_paperwork(store: Store) -> None:
    """Seen by a newcomer: the empty Paperwork says "tab to the correspondence and press a to
    log an email or call", but with no documents tab went nowhere and a opened "Add a document".
    The correspondence list stays under the empty state, so tab reaches it and a logs a message."""
    store.save(Program(name="Fictional Valley Family Medicine"))
    async with UsceApp(store, today=lambda: TODAY).run_test(size=(80, 24)) as pilot:
        screen = await open_paperwork(pilot)
        await pilot.press("tab")
        await pilot.pause()
        assert pilot.app.focused is screen.lower
        await pilot.press("a")
        await pilot.pause()
        form = pilot.app.screen
        assert isinstance(form, RecordForm)
        shown = " ".join(screen_lines(pilot.app))
        assert "Log an email or call" in shown and "Fictional Valley Family Medicine" in shown  # the only one
    store.save(Program(name="Second Fictional Program"))
    store.save(Program(name="Third Fictional Program"))
    async with UsceApp(store, today=lambda: TODAY).run_test(size=(80, 24)) as pilot:
        await open_paperwork(pilot)
        await pilot.press("tab", "a")  # of several, none is guessed for the first message
        await pilot.pause()
        assert "(choose the program)" in " ".join(screen_lines(pilot.app))
