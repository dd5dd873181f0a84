"""Snapshots of every screen and the main dialogs on the sample data, at a laptop's 80×24 and at
120×40, with the date frozen.

After an intended visual change: `.venv/bin/pytest tests/test_snapshots.py --snapshot-update`,
then look at the SVGs in the report before committing them.
"""

from __future__ import annotations

from datetime import datetime

import pytest

from tests.conftest import TODAY
from tests.screens.test_sync_in_app import until_looked_after
from usce_tui.app import UsceApp
from usce_tui.screens import journal
from usce_tui.store.store import Store

SIZES = {"laptop": (80, 24), "wide": (120, 40)}

# What a user presses to reach each view from the dashboard.
VIEWS = {
    "dashboard": [],
    "programs": ["2"],
    "budget": ["3"],
    "letters": ["4"],
    "journal": ["5"],
    "profile": ["6"],
    "program_form": ["2", "a"],
    "program_filter": ["2", "slash", "i", "n", "t"],
    "cost_form": ["3", "tab", "a"],
    "letter_drafts": ["4", "d"],
    "journal_editor": ["5", "a"],
    "journal_patterns": ["5", "p"],
    "delete_program": ["2", "x"],
    "help": ["2", "f1"],
    "paperwork": ["7"],
    "document_form": ["7", "a"],
    "paperwork_drafts": ["7", "tab", "d"],
    "eras": ["8"],
    "experience_form": ["8", "e"],
    "question_form": ["8", "tab", "e"],
    "story_bank": ["8", "b"],
}


def _app(store: Store) -> UsceApp:
    # demo=True gives a fixed subtitle instead of the (temporary) file path
    return UsceApp(store, today=lambda: TODAY, demo=True)


def test_dashboard_on_empty_file(snap_compare, store: Store) -> None:
    assert snap_compare(_app(store), terminal_size=SIZES["laptop"])


class _Clock(datetime):
    """The journal editor's time of day, frozen with the date."""

    @classmethod
    def now(cls, tz=None):  # type: ignore[no-untyped-def, override]
        return cls(TODAY.year, TODAY.month, TODAY.day, 9, 30)


@pytest.mark.parametrize("size", SIZES)
@pytest.mark.parametrize("view", VIEWS)
def test_view_on_sample(snap_compare, monkeypatch, sample_store: Store, view: str, size: str) -> None:
    monkeypatch.setattr(journal, "datetime", _Clock)

    async def type_then_hold_still(pilot) -> None:
        await pilot.press(*VIEWS[view])
        for _ in range(3):  # every key handled, the last screen mounted and drawn
            await pilot.pause()
        for widget in pilot.app.screen.query("Input, TextArea"):
            widget.cursor_blink = False  # a blinking cursor is drawn on or off by the clock
        await pilot.pause()

    assert snap_compare(_app(sample_store), terminal_size=SIZES[size], run_before=type_then_hold_still)


def _with_conflict_and_damage(store: Store) -> None:
    """The sample with a program edited on another device and a hand-damaged journal entry
    (fixed times, so the pictures do not change with the day)."""
    doc = store.document()
    key, program = next(iter(doc["programs"].items()))
    theirs = {**program, "notes": "Laptop: the coordinator (fictional) moved the start to March.",
              "updated": "2026-11-23T18:00:00+00:00"}
    doc["conflicts"] = {f"programs/{key}/snap": {"table": "programs", "key": key, "theirs": theirs,
                                                 "source": "usce (conflicted copy 2026-11-23).json",
                                                 "found": "2026-11-23T18:05:00+00:00"}}
    entry_key = next(iter(doc["journal"]))
    doc["journal"][entry_key] = {**doc["journal"][entry_key], "tags": "rounds"}
    store.storage.write(doc)


@pytest.mark.parametrize("size", SIZES)
@pytest.mark.parametrize("dialog", ["conflicts", "damaged"])
def test_sync_dialogs_on_sample(snap_compare, sample_store: Store, dialog: str, size: str) -> None:
    _with_conflict_and_damage(sample_store)

    async def open_dialog(pilot) -> None:
        app = pilot.app
        await until_looked_after(pilot)  # the notices of the start first (a dialog clears them)
        (app.resolve_conflicts if dialog == "conflicts" else app.mend_damaged)()
        for _ in range(3):
            await pilot.pause()
        for widget in app.screen.query("Input, TextArea"):
            widget.cursor_blink = False
        await pilot.pause()

    assert snap_compare(_app(sample_store), terminal_size=SIZES[size], run_before=open_dialog)
