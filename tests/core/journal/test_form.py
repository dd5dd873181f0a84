"""The journal editor's validation, as plain functions (it used to live in the screen, untested)."""

from __future__ import annotations

from datetime import date, datetime

import pytest

from usce_tui.core.journal.form import entry_from_form, new_entry
from usce_tui.core.parse import FormErrors
from usce_tui.core.records import JournalEntry

TODAY = date(2026, 11, 24)


def values(**changes: object) -> dict[str, object]:
    base: dict[str, object] = {"date": "24/11/2026", "time": "20:15", "title": "Rounds",
                               "tags": "feedback", "body": "Presented a case @teaching",
                               "starred": False, "program_id": None}
    return base | changes


def test_a_valid_entry_is_built_with_the_tags_of_the_box_and_the_text() -> None:
    entry = entry_from_form(values(), JournalEntry(), "DMY", TODAY)
    assert (entry.date, entry.time, entry.title) == (date(2026, 11, 24), "20:15", "Rounds")
    assert entry.tags == ["feedback", "teaching"]
    assert entry.body == "Presented a case @teaching"


def test_the_date_follows_the_date_order() -> None:
    assert entry_from_form(values(date="03/04/2026"), JournalEntry(), "MDY", TODAY).date == date(2026, 3, 4)


@pytest.mark.parametrize(("changes", "key", "message"), [
    ({"date": ""}, "date", "Date: is required"),
    ({"date": "31/02/2027"}, "date", "Date: '31/02/2027' is not a real date"),
    ({"time": "8pm"}, "time", "Time: '8pm' is not a time such as 20:15"),
    ({"time": "25:00"}, "time", "Time: '25:00'"),
    ({"title": "", "body": "  \n "}, "body", "Text: the entry is empty"),
    ({"date": "01/01/2030"}, "date", "Date: 01/01/2030 is in the future"),
])
def test_bad_input_names_the_field(changes: dict[str, object], key: str, message: str) -> None:
    with pytest.raises(FormErrors) as caught:
        entry_from_form(values(**changes), JournalEntry(), "DMY", TODAY)
    assert key in caught.value.errors
    assert message in str(caught.value.errors[key])


def test_every_bad_field_is_named_at_once() -> None:
    with pytest.raises(FormErrors) as caught:
        entry_from_form(values(date="", time="x", title="", body=""), JournalEntry(), "DMY", TODAY)
    assert set(caught.value.errors) == {"date", "time", "body"}


def test_a_time_is_normalised_and_blank_is_allowed() -> None:
    assert entry_from_form(values(time="7:05"), JournalEntry(), "DMY", TODAY).time == "07:05"
    assert entry_from_form(values(time=""), JournalEntry(), "DMY", TODAY).time == ""


def test_editing_keeps_the_id_and_what_the_form_does_not_show() -> None:
    stored = JournalEntry(id=7, created="2026-01-01T00:00:00+00:00", extra={"mood": "good"})
    entry = entry_from_form(values(starred=True, program_id=3), stored, "DMY", TODAY)
    assert (entry.id, entry.created, entry.extra, entry.starred, entry.program_id) == (
        7, "2026-01-01T00:00:00+00:00", {"mood": "good"}, True, 3)


def test_a_new_entry_starts_today_at_the_time_now() -> None:
    entry = new_entry(date(2026, 11, 24), datetime(2026, 11, 24, 21, 7), 4)
    assert (entry.date, entry.time, entry.program_id, entry.id) == (date(2026, 11, 24), "21:07", 4, None)
