"""The Journal screen driven headless: write and save, the privacy warning and redaction,
leaving unsaved text, filtering by tag, starring; the store is checked each time."""

from __future__ import annotations

import io

from rich.console import Console
from textual.widgets import DataTable, Input, Static, TextArea

from tests.conftest import TODAY
from usce_tui.app import UsceApp
from usce_tui.core.records import JournalEntry
from usce_tui.modals.dialogs import ConfirmDialog
from usce_tui.modals.journal_editor import JournalEditor
from usce_tui.modals.privacy import PrivacyDialog
from usce_tui.screens.journal import JournalScreen
from usce_tui.store.store import Store

SIZE = (120, 40)


async def open_journal(pilot) -> JournalScreen:
    await pilot.press("5")
    await pilot.pause()
    assert isinstance(pilot.app.screen, JournalScreen)
    return pilot.app.screen


async def test_write_an_entry_with_template_and_tags(store: Store) -> None:
    async with UsceApp(store, today=lambda: TODAY).run_test(size=SIZE) as pilot:
        screen = await open_journal(pilot)
        assert screen.query_one(".empty-state").display
        await pilot.press("a")
        await pilot.pause()
        editor = pilot.app.screen
        assert isinstance(editor, JournalEditor)
        assert editor.query_one("#entry-date", Input).value == TODAY.strftime("%d/%m/%Y")
        await pilot.press("ctrl+t")
        await pilot.press(*"Presented a case on rounds. @feedback")
        editor.query_one("#entry-title", Input).value = "First presentation"
        await pilot.pause()
        await pilot.press("ctrl+s")
        await pilot.pause()
        (entry,) = store.all(JournalEntry)
        assert entry.date == TODAY and entry.title == "First presentation"
        assert "## What did I learn?" in entry.body and entry.tags == ["feedback"]
        assert "today: written ✔" in str(screen.query_one("#journal-summary", Static).render())
        assert "streak 1 day," in str(screen.query_one("#journal-summary", Static).render())


async def test_the_prompts_typed_after_a_note_start_below_it(store: Store) -> None:
    """Seen by a newcomer: "Quick note typed fast" then ctrl+t gave "Quick note typed fast## What
    did I learn?", the heading glued to the note."""
    async with UsceApp(store, today=lambda: TODAY).run_test(size=SIZE) as pilot:
        await open_journal(pilot)
        await pilot.press("a")
        await pilot.pause()
        await pilot.press(*"Quick note typed fast", "ctrl+t", "ctrl+s")
        await pilot.pause()
        (entry,) = store.all(JournalEntry)
        assert entry.body.startswith("Quick note typed fast\n\n## What did I learn?\n")


async def test_privacy_warning_redacts_before_saving(store: Store) -> None:
    async with UsceApp(store, today=lambda: TODAY).run_test(size=SIZE) as pilot:
        await open_journal(pilot)
        await pilot.press("a")
        await pilot.pause()
        editor = pilot.app.screen
        editor.query_one(TextArea).text = "Mr. Alvarez in room 12 taught me about delirium."
        await pilot.press("ctrl+s")
        await pilot.pause()
        dialog = pilot.app.screen
        assert isinstance(dialog, PrivacyDialog)
        assert [f.kind for _, f in dialog.findings] == ["NAME", "ROOM"]
        hints = " ".join(str(h.render()) for h in dialog.query(".hint"))
        assert "a placeholder such as [NAME]." in hints  # was "such as ." (read as markup)
        assert store.all(JournalEntry) == []  # nothing saved while the warning is open
        await pilot.press("escape")  # back to the text
        await pilot.pause()
        assert pilot.app.screen is editor and store.all(JournalEntry) == []
        await pilot.press("ctrl+s")
        await pilot.pause()
        await pilot.press("down", "k")  # keep the room number knowingly; the name stays redacted
        await pilot.press("enter")
        await pilot.pause()
        (entry,) = store.all(JournalEntry)
        assert entry.body == "Mr. [NAME] in room 12 taught me about delirium."


async def test_leaving_with_unsaved_text_asks_first(store: Store) -> None:
    async with UsceApp(store, today=lambda: TODAY).run_test(size=SIZE) as pilot:
        await open_journal(pilot)
        await pilot.press("a")
        await pilot.pause()
        await pilot.press(*"Half a thought")
        await pilot.press("escape")
        await pilot.pause()
        assert isinstance(pilot.app.screen, ConfirmDialog)
        await pilot.press("n")
        await pilot.pause()
        editor = pilot.app.screen
        assert isinstance(editor, JournalEditor) and editor.query_one(TextArea).text == "Half a thought"
        await pilot.press("ctrl+q")  # quitting asks too
        await pilot.pause()
        assert isinstance(pilot.app.screen, ConfirmDialog)
        assert "unsaved changes" in pilot.app.screen.question
        await pilot.press("n")
        await pilot.pause()
        assert pilot.app.screen is editor
        assert store.all(JournalEntry) == []


async def test_filter_by_tag_and_search(sample_store: Store) -> None:
    async with UsceApp(sample_store, today=lambda: TODAY).run_test(size=SIZE) as pilot:
        screen = await open_journal(pilot)
        assert len(screen.shown) == 20
        screen.query_one("#journal-tag", Input).value = "@culture"
        await pilot.pause()
        assert screen.shown and all("culture" in e.tags for e in screen.shown)
        assert screen.query_one(DataTable).row_count == len(screen.shown)
        await pilot.press("slash", *"teach-back")
        await pilot.pause()
        assert screen.shown == []
        await pilot.press("escape")
        await pilot.pause()
        assert len(screen.shown) == 20
        screen.query_one("#journal-since", Input).value = "31/02/2026"
        await pilot.pause()
        assert screen.query_one("#journal-since", Input).has_class("-invalid")


async def test_star_an_entry(sample_store: Store) -> None:
    async with UsceApp(sample_store, today=lambda: TODAY).run_test(size=SIZE) as pilot:
        screen = await open_journal(pilot)
        target = next(i for i, e in enumerate(screen.shown) if not e.starred)
        screen.query_one(DataTable).move_cursor(row=target)
        entry_id = screen.shown[target].id
        await pilot.press("s")
        await pilot.pause()
        assert sample_store.get(JournalEntry, entry_id).starred
        await pilot.press("s")
        await pilot.pause()
        assert not sample_store.get(JournalEntry, entry_id).starred


async def test_patterns_view(sample_store: Store) -> None:
    async with UsceApp(sample_store, today=lambda: TODAY).run_test(size=SIZE) as pilot:
        screen = await open_journal(pilot)
        await pilot.press("p")
        await pilot.pause()
        text = screen.patterns_text().plain
        assert "10 at the longest" in text and "@research" in text
        assert not screen.query_one(DataTable).display
        assert "(p or escape: back to the entries)" in text.splitlines()[0]
        await pilot.press("escape")  # a newcomer pressed it there and stayed in the patterns
        await pilot.pause()
        assert screen.query_one(DataTable).display


async def test_the_preview_shows_each_tag_once(store: Store) -> None:
    """Defect: tags written in the text appeared twice in the preview."""
    from usce_tui.core.records import JournalEntry

    store.save(JournalEntry(date=TODAY, title="Rounds", body="Handover practice @feedback",
                            tags=["feedback", "culture"]))
    async with UsceApp(store, today=lambda: TODAY).run_test(size=(120, 40)) as pilot:
        await pilot.press("5")
        await pilot.pause()
        preview = pilot.app.screen.query_one("#journal-view-text", Static).content
    console = Console(width=100, record=True, file=io.StringIO())
    console.print(preview)  # the preview as the terminal shows it
    shown = console.export_text()
    assert shown.count("@feedback") == 1 and shown.count("@culture") == 1


async def test_after_a_delete_the_cursor_stays_where_the_deleted_row_was(sample_store: Store) -> None:
    """Newcomer: after x y the cursor jumped to the top, so a quick down down x offered to
    delete the wrong entry."""
    async with UsceApp(sample_store, today=lambda: TODAY).run_test(size=SIZE) as pilot:
        await pilot.press("5")
        await pilot.pause()
        screen = pilot.app.screen
        assert isinstance(screen, JournalScreen)
        await pilot.press("down", "down")
        await pilot.pause()
        shown = list(screen.shown)
        doomed, below = shown[2], shown[3]
        assert screen.current() is not None and screen.current().id == doomed.id  # type: ignore[union-attr]
        await pilot.press("x")
        await pilot.pause()
        await pilot.press("y")
        await pilot.pause()
        assert doomed.id not in {e.id for e in sample_store.all(JournalEntry)}
        assert screen.current() is not None and screen.current().id == below.id  # type: ignore[union-attr]


async def test_a_failed_save_keeps_the_text_as_unsaved(store: Store, monkeypatch) -> None:
    """A save that fails (disk full, a file the app cannot read any more) opens the editor
    again with the text, and leaving it then asks first: it was never saved."""
    import errno

    from usce_tui.store import storage

    def full_disk(path, data) -> None:
        raise OSError(errno.ENOSPC, "No space left on device")

    async with UsceApp(store, today=lambda: TODAY).run_test(size=SIZE) as pilot:
        await open_journal(pilot)
        await pilot.press("a")
        await pilot.pause()
        await pilot.press(*"A thought worth keeping")
        with monkeypatch.context() as patch:
            patch.setattr(storage, "atomic_write_bytes", full_disk)
            await pilot.press("ctrl+s")
            await pilot.pause()
        editor = pilot.app.screen
        assert isinstance(editor, JournalEditor)
        assert editor.query_one(TextArea).text == "A thought worth keeping"
        assert store.all(JournalEntry) == []
        await pilot.press("escape")
        await pilot.pause()
        assert isinstance(pilot.app.screen, ConfirmDialog)  # it asks: the text was never saved
        await pilot.press("n")
        await pilot.pause()
        await pilot.press("ctrl+q")
        await pilot.pause()
        assert isinstance(pilot.app.screen, ConfirmDialog)
        await pilot.press("n")
        await pilot.pause()
        await pilot.press("ctrl+s")
        await pilot.pause()
        [entry] = store.all(JournalEntry)
        assert entry.body == "A thought worth keeping"


async def test_what_was_kept_knowingly_stays_kept_when_the_entry_is_edited(store: Store) -> None:
    """Saving an edited entry does not redact what the user kept knowingly before: an edit
    saves at once, and only a new finding asks again, with the old one still kept."""
    store.save(JournalEntry(date=TODAY, title="Ward", body="Mr. Alvarez taught me about delirium.",
                            privacy_checked=True))
    async with UsceApp(store, today=lambda: TODAY).run_test(size=SIZE) as pilot:
        await open_journal(pilot)
        await pilot.press("e")
        await pilot.pause()
        assert isinstance(pilot.app.screen, JournalEditor)
        await pilot.press(*" Again.")  # (an edit goes on at the end of the text)
        await pilot.press("ctrl+s")
        await pilot.pause()
        [entry] = store.all(JournalEntry)
        assert entry.body == "Mr. Alvarez taught me about delirium. Again."
        await pilot.press("e")
        await pilot.pause()
        await pilot.press(*" Call 312-555-0142.")
        await pilot.press("ctrl+s")
        await pilot.pause()
        dialog = pilot.app.screen
        assert isinstance(dialog, PrivacyDialog)
        assert [(f.text, c) for (_, f), c in zip(dialog.findings, dialog.choices, strict=True)] == [
            ("Alvarez", "keep"), ("312-555-0142", "redact")]
        await pilot.press("enter")
        await pilot.pause()
        [entry] = store.all(JournalEntry)
        assert entry.body == "Mr. Alvarez taught me about delirium. Again. Call [PHONE]."


async def test_tags_are_scanned_and_a_redacted_tag_is_dropped(store: Store) -> None:
    async with UsceApp(store, today=lambda: TODAY).run_test(size=SIZE) as pilot:
        await open_journal(pilot)
        await pilot.press("a")
        await pilot.pause()
        editor = pilot.app.screen
        await pilot.press(*"Follow-up call planned.")
        editor.query_one("#entry-tags", Input).focus()
        await pilot.press(*"followup, 312-555-0199")
        await pilot.press("ctrl+s")
        await pilot.pause()
        dialog = pilot.app.screen
        assert isinstance(dialog, PrivacyDialog)
        assert [(key, f.text) for key, f in dialog.findings] == [("tags", "312-555-0199")]
        await pilot.press("enter")
        await pilot.pause()
        [entry] = store.all(JournalEntry)
        assert entry.tags == ["followup"]


async def test_an_imported_entry_shows_every_finding_at_its_first_edit(store: Store) -> None:
    """An entry that never went through the check (imported) was never looked at: its first
    edit shows what it holds, to redact; once saved, its kept findings stay kept."""
    store.save(JournalEntry(date=TODAY, title="Night", body="Intubated Marcus Hale at 3 am."))
    async with UsceApp(store, today=lambda: TODAY).run_test(size=SIZE) as pilot:
        await open_journal(pilot)
        await pilot.press("e")
        await pilot.pause()
        await pilot.press(*" Long night.")
        await pilot.press("ctrl+s")
        await pilot.pause()
        dialog = pilot.app.screen
        assert isinstance(dialog, PrivacyDialog)
        assert [(f.text, c) for (_, f), c in zip(dialog.findings, dialog.choices, strict=True)] == [
            ("Marcus Hale", "redact")]
        await pilot.press("k", "enter")
        await pilot.pause()
        [entry] = store.all(JournalEntry)
        assert entry.body == "Intubated Marcus Hale at 3 am. Long night." and entry.privacy_checked


async def test_space_then_tab_typed_at_once_stars_the_entry(store: Store) -> None:
    """Seen by a newcomer: space on the ★ box and tab sent together left the box unticked (the
    tab moved on before the space acted); and an unticked box drew an X, dark on dark."""
    from tests.screens.seen import screen_lines
    from tests.screens.typing import settle, type_fast

    async with UsceApp(store, today=lambda: TODAY).run_test(size=SIZE) as pilot:
        await open_journal(pilot)
        await pilot.press("a")
        await pilot.pause()
        star_line = next(line for line in screen_lines(pilot.app) if "for my statement" in line)
        assert "▐ ▌ ★ for my statement" in star_line  # unticked: an empty box
        # the text box the cursor starts in says so (a newcomer typed the title into it)
        assert any("Write here:" in line for line in screen_lines(pilot.app))
        type_fast(pilot.app, *"Shadowed in clinic", "shift+tab", "space", "tab", "ctrl+s")
        await settle(pilot)
        (entry,) = store.all(JournalEntry)
        assert entry.body.startswith("Shadowed in clinic") and entry.starred
