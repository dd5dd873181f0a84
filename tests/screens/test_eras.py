"""Issue 18: the ERAS area (key 8) driven headless as a person types; the store is checked after
every change."""

from __future__ import annotations

from datetime import date

from textual.widgets import Checkbox, Label, Static, TextArea
from textual.widgets._footer import FooterKey

from tests.conftest import TODAY
from tests.screens.seen import screen_lines
from tests.screens.typing import settle, type_fast
from usce_tui.app import UsceApp
from usce_tui.core.eras.rules import all_questions, stories
from usce_tui.core.records import Experience, JournalEntry, Letter, Program, Question
from usce_tui.modals.dialogs import ConfirmDialog, TextDialog
from usce_tui.modals.eras_forms import ExperienceForm
from usce_tui.modals.privacy import PrivacyDialog
from usce_tui.modals.record_form import RecordForm
from usce_tui.screens.eras import ErasScreen
from usce_tui.screens.journal import JournalScreen
from usce_tui.store.store import Store

SIZE = (120, 40)
TO_DESCRIPTION = 14  # tabs from the position title: 12 fields, then the two ticks


async def open_eras(pilot) -> ErasScreen:
    await pilot.press("8")
    await pilot.pause()
    assert isinstance(pilot.app.screen, ErasScreen)
    return pilot.app.screen


def questions_listed(store: Store) -> tuple[list[Question], int]:
    """The questions as the area lists them, and the row of the first built-in one."""
    listed = all_questions(sorted(store.all(Question), key=lambda q: q.created))
    return listed, next(n for n, q in enumerate(listed) if q.id is None)


def by_title(store: Store, title: str) -> Experience:
    (found,) = [e for e in store.all(Experience) if e.title == title]
    return found


async def test_an_experience_typed_in_full_is_refused_one_past_the_limit_then_saved(store: Store) -> None:
    async with UsceApp(store, today=lambda: TODAY).run_test(size=SIZE) as pilot:
        screen = await open_eras(pilot)
        assert screen.query_one(".empty-state").display
        await pilot.press("a")
        await pilot.pause()
        form = pilot.app.screen
        assert isinstance(form, ExperienceForm)
        type_fast(pilot.app, *"Teaching Assistant, Anatomy", "tab", *"Universidad del Sol (fictional)", "tab",
                  *"01/03/2021", "tab", *"15/12/2022", *["tab"] * (TO_DESCRIPTION - 3))
        text = ("Led weekly dissection labs and wrote exam questions. " * 15)[:751]
        assert not text[-2:].isspace()  # one backspace leaves 750 characters
        type_fast(pilot.app, *text)  # 751 characters, typed
        await settle(pilot)
        count = str(form.query_one("#description-count", Label).render())
        assert "751/750: 1 too many" in count
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert pilot.app.screen is form and store.all(Experience) == []
        errors = str(form.query_one(".record-form-errors", Static).render())
        assert "Description: is 751 characters as ERAS counts them; ERAS takes 750 (cut 1)" in errors
        await pilot.press("backspace", "ctrl+s")
        await pilot.pause()
        assert isinstance(pilot.app.screen, ErasScreen)
        saved = by_title(store, "Teaching Assistant, Anatomy")
        assert (saved.organization, saved.start, saved.end) == ("Universidad del Sol (fictional)",
                                                                date(2021, 3, 1), date(2022, 12, 15))
        assert len(saved.description) == 750 and saved.selected and not saved.meaningful
        assert saved.privacy_checked
        row = screen.table.current
        assert row is not None and row[1][5] == "750/750"


async def test_d_drafts_the_accepted_rotation_and_u_takes_the_draft_back(sample_store: Store) -> None:
    async with UsceApp(sample_store, today=lambda: TODAY).run_test(size=SIZE) as pilot:
        screen = await open_eras(pilot)
        before = len(sample_store.all(Experience))
        assert "d: 1 to draft" in str(screen.query_one("#exp-title", Static).render())
        # d, then the description typed at once: it opens the draft at its description (the
        # words went to the list as keys: the a of "shadowed" opened an add form)
        type_fast(pilot.app, "d", *"I shadowed attendings on rounds.", "ctrl+s")
        await settle(pilot)
        assert pilot.app.screen is screen
        (program,) = [p for p in sample_store.all(Program) if p.name == "Family Medicine Observership"]
        draft = by_title(sample_store, "Clinical Observer, Family Medicine")
        assert (draft.program_id, draft.organization, draft.kind, draft.supervisor) == (
            program.id, program.institution, "Education/training", program.supervisor)
        # January 2027, after today: drafted, not selected for ERAS until it is done
        assert draft.description == "I shadowed attendings on rounds." and not draft.selected
        assert screen.current_experience() == draft  # the cursor is on the draft
        await pilot.press("d")  # nothing left to draft: it says so
        await pilot.pause()
        assert len(sample_store.all(Experience)) == before + 1
        await pilot.press("u")
        await pilot.pause()
        assert len(sample_store.all(Experience)) == before


async def test_a_draft_from_a_rotation_still_ahead_says_its_dates_are_planned(sample_store: Store) -> None:
    """Newcomer: d drafted the accepted rotation of January 2027 (today is November 2026) with
    its planned dates and no word, selected for ERAS, which asks for what was done; and its
    notice said "Press u to undo" with the cursor in the description, where u is typed."""
    async with UsceApp(sample_store, today=lambda: TODAY).run_test(size=SIZE) as pilot:
        await open_eras(pilot)
        await pilot.press("d")
        await settle(pilot)
        said = [n.message for n in pilot.app._notifications]
        assert any("Starts 21/01/2027: planned dates, not for ERAS yet." in m for m in said), said
        assert not any("Press u" in m for m in said)  # the cursor is in the form: u would be typed
        draft = by_title(sample_store, "Clinical Observer, Family Medicine")
        assert draft.start is not None and draft.start > TODAY  # drafted all the same, to edit later
        assert not draft.selected  # not for ERAS until it is done


async def test_a_fourth_most_meaningful_is_refused_and_the_store_is_unchanged(sample_store: Store) -> None:
    async with UsceApp(sample_store, today=lambda: TODAY).run_test(size=SIZE) as pilot:
        screen = await open_eras(pilot)
        assert "★ 2 of 3 most meaningful" in str(screen.query_one("#exp-title", Static).render())
        await pilot.press("down", "down", "m")  # the rotating internship: the third
        await pilot.pause()
        assert by_title(sample_store, "Rotating Intern").meaningful
        await pilot.press("down", "m")  # the teaching assistantship: a fourth
        await pilot.pause()
        assert not by_title(sample_store, "Teaching Assistant, Anatomy").meaningful
        assert sum(e.meaningful for e in sample_store.all(Experience)) == 3
        assert any("at most 3 most meaningful" in n.message for n in pilot.app._notifications)
        await pilot.press("down", "s")  # the club membership was not selected: now it is
        await pilot.pause()
        club = "Member, Peruvian Society of Internal Medicine student chapter"
        assert by_title(sample_store, club).selected


async def test_patient_details_in_a_description_are_redacted_before_it_is_saved(sample_store: Store) -> None:
    async with UsceApp(sample_store, today=lambda: TODAY).run_test(size=SIZE) as pilot:
        screen = await open_eras(pilot)
        await pilot.press("down", "down", "e")  # the rotating internship, not described yet
        await pilot.pause()
        form = pilot.app.screen
        assert isinstance(form, ExperienceForm)
        assert pilot.app.focused is form.query_one("#description")  # what is left to write
        type_fast(pilot.app, *"Admitted Mr. Alvarez in room 12 with sepsis.")
        await settle(pilot)
        await pilot.press("ctrl+s")
        await pilot.pause()
        dialog = pilot.app.screen
        assert isinstance(dialog, PrivacyDialog)
        assert {f.kind for _, f in dialog.findings} >= {"NAME", "ROOM"}
        assert by_title(sample_store, "Rotating Intern").description == ""  # nothing saved yet
        await pilot.press("enter")  # redacting is the default
        await pilot.pause()
        assert pilot.app.screen is screen
        saved = by_title(sample_store, "Rotating Intern")
        assert "Alvarez" not in saved.description and "[NAME]" in saved.description
        assert saved.privacy_checked
        # the placeholders show as stored (Textual's markup read "[NAME]" as a tag and dropped it)
        assert "Admitted Mr. [NAME] in room [ROOM]" in str(screen.detail.render())


async def test_a_built_in_question_is_linked_to_a_story_and_practised(sample_store: Store) -> None:
    journal, programs = sample_store.all(JournalEntry), sample_store.all(Program)
    found = stories(journal, programs, sample_store.all(Letter))
    listed, first_built_in = questions_listed(sample_store)
    async with UsceApp(sample_store, today=lambda: TODAY).run_test(size=SIZE) as pilot:
        screen = await open_eras(pilot)
        await pilot.press("tab")
        await pilot.pause()
        assert pilot.app.focused is screen.lower
        await pilot.press(*["down"] * first_built_in, "e")
        await pilot.pause()
        form = pilot.app.screen
        assert isinstance(form, RecordForm)
        assert "Edit the question" in " ".join(screen_lines(pilot.app))  # it was "Add an interview …"
        await pilot.press("tab", *"Residency in Lima, then the camps.", "tab", "tab", "space", "ctrl+s")
        await pilot.pause()
        (saved,) = [q for q in sample_store.all(Question) if q.text == listed[first_built_in].text]
        assert saved.note == "Residency in Lima, then the camps."
        assert saved.stories == [found[0].entry.id] and saved.practised is None
        await pilot.press("p")
        await pilot.pause()
        (saved,) = [q for q in sample_store.all(Question) if q.id == saved.id]
        assert saved.practised == TODAY
        row = screen.lower.current
        assert row is not None and row[1][1:] == ("1", "24/11/2026")
        # x on the app's own question clears what was added to it; the question stays listed
        await pilot.press("x")
        await pilot.pause()
        assert isinstance(pilot.app.screen, ConfirmDialog)
        assert "Clear the stories, note and practice day" in pilot.app.screen.question
        await pilot.press("y")
        await pilot.pause()
        assert [q for q in sample_store.all(Question) if q.id == saved.id] == []
        assert listed[first_built_in].text in [r[0].text for r in screen.lower.items]


async def test_b_shows_the_story_bank_by_theme(sample_store: Store) -> None:
    async with UsceApp(sample_store, today=lambda: TODAY).run_test(size=SIZE) as pilot:
        await open_eras(pilot)
        await pilot.press("b")
        await pilot.pause()
        dialog = pilot.app.screen
        assert isinstance(dialog, TextDialog)
        assert "## Feedback\n\n### Feedback session (" in dialog.text
        assert "## How do you handle feedback or mistakes?\n\n- Story: Feedback session" in dialog.text
        await pilot.press("escape")
        await pilot.pause()
        assert isinstance(pilot.app.screen, ErasScreen)


async def test_the_story_bank_of_one_story_says_so_in_the_singular(store: Store) -> None:
    """Seen by a newcomer: "Story bank: 1 starred entries"."""
    store.save(JournalEntry(date=TODAY, title="First presentation", body="## Feedback\nWell done.",
                            starred=True))
    async with UsceApp(store, today=lambda: TODAY).run_test(size=SIZE) as pilot:
        await open_eras(pilot)
        await pilot.press("b")
        await pilot.pause()
        assert pilot.app.screen.title_text == "Story bank: 1 starred entry"


async def test_deleting_a_journal_entry_unlinks_it_from_its_questions_and_u_relinks(
        sample_store: Store) -> None:
    (entry,) = [e for e in sample_store.all(JournalEntry) if e.title == "Feedback session"]
    linked = [q.id for q in sample_store.all(Question) if entry.id in q.stories]
    assert linked
    async with UsceApp(sample_store, today=lambda: TODAY).run_test(size=SIZE) as pilot:
        await pilot.press("5")
        await pilot.pause()
        journal = pilot.app.screen
        assert isinstance(journal, JournalScreen)
        ids = [getattr(item, "id", None) for item in journal.table.items]
        await pilot.press(*["down"] * ids.index(entry.id), "x")
        await pilot.pause()
        dialog = pilot.app.screen
        assert isinstance(dialog, ConfirmDialog)
        assert "a story for 1 interview question: it is kept" in dialog.question
        await pilot.press("y")
        await pilot.pause()
        assert all(entry.id not in q.stories for q in sample_store.all(Question))
        await pilot.press("u")
        await pilot.pause()
        assert [q.id for q in sample_store.all(Question) if entry.id in q.stories] == linked


async def test_on_an_empty_file_the_questions_are_in_reach_and_s_m_are_hidden(store: Store) -> None:
    async with UsceApp(store, today=lambda: TODAY).run_test(size=SIZE) as pilot:
        screen = await open_eras(pilot)
        assert screen.query_one(".empty-state").display and not screen.table.display
        empty = screen.query_one(".empty-state")
        assert pilot.app.focused is empty  # no key is swallowed by a hidden table
        keys = {k.key for k in screen.query(FooterKey)}
        assert {"a", "d", "b"} <= keys and not {"s", "m", "p", "e", "x"} & keys
        await pilot.press("tab")  # to the questions
        await pilot.pause()
        assert pilot.app.focused is screen.lower
        await pilot.press("e", "tab", *"Two minutes.", "ctrl+s")  # its note: its words are the app's
        await pilot.pause()
        (saved,) = store.all(Question)
        assert (saved.text, saved.note) == ("Tell me about yourself.", "Two minutes.")


async def test_typing_in_an_experience_goes_on_after_its_text_and_space_hides_the_details(
        sample_store: Store) -> None:
    async with UsceApp(sample_store, today=lambda: TODAY).run_test(size=SIZE) as pilot:
        screen = await open_eras(pilot)
        research = "Research Assistant, Psychiatry"
        before = by_title(sample_store, research).description
        await pilot.press("e", *" Presented twice.", "ctrl+s")
        await pilot.pause()
        assert by_title(sample_store, research).description == before + " Presented twice."
        assert screen.detail.display
        await pilot.press("space")
        await pilot.pause()
        assert not screen.detail.display  # the pane said "space hides" and did not
        await pilot.press("space")
        await pilot.pause()
        assert screen.detail.display


async def test_at_80_by_24_tab_reaches_the_starred_entries_below_the_texts(sample_store: Store) -> None:
    async with UsceApp(sample_store, today=lambda: TODAY).run_test(size=(80, 24)) as pilot:
        await open_eras(pilot)
        await pilot.press("e")
        await pilot.pause()
        form = pilot.app.screen
        assert isinstance(form, ExperienceForm)
        below = form.query_one("#material-below")
        assert below.display and not form.query_one("#material-beside").display
        await pilot.press("tab", "tab")  # from the description, past the reflection
        await pilot.pause()
        assert pilot.app.focused is below
        assert "Feedback session" in str(below.query_one(Static).render())
        # what is typed there goes into the reflection above (a newcomer lost a reflection
        # typed into the pane)
        reflection = form.query_one("#reflection", TextArea)
        before = reflection.text
        type_fast(pilot.app, *"Taught me to listen")
        await settle(pilot)
        assert pilot.app.focused is reflection
        assert reflection.text.replace(before, "", 1) == "Taught me to listen"


async def test_an_eleventh_experience_starts_unselected(store: Store) -> None:
    store.add_all([Experience(title=f"Experience {n}", organization="Org (fictional)", selected=True)
                   for n in range(10)])
    async with UsceApp(store, today=lambda: TODAY).run_test(size=SIZE) as pilot:
        await open_eras(pilot)
        await pilot.press("a")
        await pilot.pause()
        form = pilot.app.screen
        assert isinstance(form, ExperienceForm)
        assert form.query_one("#selected", Checkbox).value is False
        await pilot.press(*"Research Volunteer", "tab", *"Lab (fictional)", "ctrl+s")
        await pilot.pause()
        assert not by_title(store, "Research Volunteer").selected  # saved, not refused


async def test_a_built_in_question_offers_no_delete(sample_store: Store) -> None:
    _listed, first_built_in = questions_listed(sample_store)
    async with UsceApp(sample_store, today=lambda: TODAY).run_test(size=SIZE) as pilot:
        screen = await open_eras(pilot)
        await pilot.press("tab")
        await pilot.pause()
        assert "x" in {k.key for k in screen.query(FooterKey)}  # a saved question
        await pilot.press(*["down"] * first_built_in)
        await pilot.pause()
        assert "x" not in {k.key for k in screen.query(FooterKey)}


async def test_unselecting_a_most_meaningful_experience_says_it_loses_its_star(sample_store: Store) -> None:
    """Seen by a newcomer: s on a ✓★ experience said only "Not selected", though it lost its ★
    too (the three most meaningful come from the ten); s again gave ✓ without the ★. It says
    so, and u puts both back."""
    async with UsceApp(sample_store, today=lambda: TODAY).run_test(size=SIZE, notifications=True) as pilot:
        screen = await open_eras(pilot)
        experience = screen.current_experience()
        assert experience is not None and experience.selected and experience.meaningful
        await pilot.press("s")
        await pilot.pause()
        said = [n.message for n in pilot.app._notifications][-1]
        assert "no longer most meaningful either" in said
        stored = sample_store.get(Experience, experience.id)
        assert not stored.selected and not stored.meaningful
        await pilot.press("u")
        await pilot.pause()
        stored = sample_store.get(Experience, experience.id)
        assert stored.selected and stored.meaningful
