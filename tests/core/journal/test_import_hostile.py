"""Journal import of hostile or odd JSON: deep nesting, huge numbers, lone surrogates and
fields of the wrong type are refused or skipped with a short reason, never a traceback, never
a silent coercion, and never with the entry's text in the message (the text is private).

All entries below are fictional."""

from __future__ import annotations

import json
from datetime import date
from typing import Any

import pytest

from usce_tui.core.journal.files import JournalImport, UnreadableJournal, read_journal_export

SECRET = "Fictional patient Zyx Qwerty in bed 7"  # must never appear in a message


def jrnl(**fields: Any) -> dict[str, Any]:
    return {"date": "2026-10-01", "time": "09:00", "title": "Rounds", "body": SECRET,
            "tags": ["@case"], "starred": False} | fields


def dayone(**fields: Any) -> dict[str, Any]:
    return {"creationDate": "2026-10-02T04:30:00Z", "timeZone": "America/Chicago",
            "text": f"Title\n{SECRET}", "tags": ["rotation"], "starred": False} | fields


def read(*entries: Any) -> JournalImport:
    return read_journal_export(json.dumps({"entries": list(entries)}), [])


def assert_private(report: JournalImport) -> None:
    assert all("Zyx" not in line and "Qwerty" not in line for line in report.lines())


# --- the whole file is refused -----------------------------------------------------------
@pytest.mark.parametrize("text", [
    "[" * 100_000,
    '{"entries": [' + "[" * 100_000,
    '{"entries": [{"date": "2026-10-01", "body": "' + SECRET + '", "n": ' + "7" * 5000 + "}]}",
    "1" * 5000,
], ids=["deep array", "deep entries", "huge number in an entry", "huge number alone"])
def test_deep_nesting_and_huge_numbers_are_refused_in_one_short_sentence(text: str) -> None:
    with pytest.raises(UnreadableJournal, match=r"^is not readable JSON \(") as caught:
        read_journal_export(text, [])
    message = str(caught.value)
    assert len(message) < 80 and "Zyx" not in message and "7777" not in message
    assert caught.value.__cause__ is None and caught.value.__suppress_context__


# --- one entry is skipped ----------------------------------------------------------------
@pytest.mark.parametrize("bad", [
    {"body": "Rounds \ud800 then clinic"},
    {"title": "Half \udfff a pair"},
    {"tags": ["ok", "bad\ud83d"]},
])
def test_a_lone_surrogate_skips_that_entry_only(bad: dict[str, Any]) -> None:
    report = read(jrnl(date="2026-10-01"), jrnl(date="2026-10-02"), jrnl(date="2026-10-03", **bad))
    assert report.skipped == ["entry 3: has text that is not valid Unicode"]
    assert [e.date for e in report.added] == [date(2026, 10, 1), date(2026, 10, 2)]
    for entry in report.added:  # what is added can be saved as UTF-8
        "\n".join([entry.title, entry.body, entry.time, *entry.tags]).encode("utf-8")
    assert_private(report)


def test_a_lone_surrogate_in_a_day_one_entry_skips_it() -> None:
    text = '{"entries": [{"creationDate": "2026-10-02T04:30:00Z", "text": "A\\ud800B"}, ' \
           '{"creationDate": "2026-10-03T04:30:00Z", "text": "Fine"}]}'
    report = read_journal_export(text, [])
    assert report.skipped == ["entry 1: has text that is not valid Unicode"]
    assert [e.body for e in report.added] == ["Fine"]


@pytest.mark.parametrize("fields, tags", [
    ({"tags": "abc"}, ["abc"]),  # one string is one tag, not @a @b @c
    ({"tags": "@Night-shift"}, ["night-shift"]),
    ({"tags": None}, []),
    ({"tags": []}, []),
])
def test_jrnl_tags_are_read_as_written(fields: dict[str, Any], tags: list[str]) -> None:
    report = read(jrnl(body="Quiet day.", **fields))
    assert report.skipped == [] and report.added[0].tags == tags


@pytest.mark.parametrize("value, starred", [
    (True, True), (False, False), (None, False),
    ("true", True), ("false", False), ("TRUE", True), ("False", False),
    ("yes", True), ("No", False), (" yes ", True),
])
def test_jrnl_starred_is_a_real_true_or_false(value: Any, starred: bool) -> None:
    report = read(jrnl(starred=value))
    assert report.skipped == [] and report.added[0].starred is starred


def test_a_missing_starred_is_not_starred() -> None:
    entry = jrnl()
    del entry["starred"]
    assert read(entry).added[0].starred is False


@pytest.mark.parametrize("fields, title, body", [
    ({"title": None}, "", SECRET),
    ({"body": None}, "Rounds", ""),
    ({"title": None, "body": None}, "", ""),
])
def test_a_null_title_or_body_is_empty_not_none(fields: dict[str, Any], title: str, body: str) -> None:
    report = read(jrnl(**fields))
    assert report.skipped == []
    assert (report.added[0].title, report.added[0].body) == (title, body)


@pytest.mark.parametrize("fields, reason", [
    ({"tags": 5}, "entry 2: tags is not a list of text"),
    ({"tags": {"a": 1}}, "entry 2: tags is not a list of text"),
    ({"tags": ["ok", 5]}, "entry 2: tags is not a list of text"),
    ({"tags": True}, "entry 2: tags is not a list of text"),
    ({"starred": "maybe"}, "entry 2: starred is not true or false"),
    ({"starred": 1}, "entry 2: starred is not true or false"),
    ({"starred": []}, "entry 2: starred is not true or false"),
    ({"title": 42}, "entry 2: title is not text"),
    ({"title": ["a", "b"]}, "entry 2: title is not text"),
    ({"body": 3.5}, "entry 2: body is not text"),
    ({"body": {"text": SECRET}}, "entry 2: body is not text"),
    ({"time": 2345}, "entry 2: time is not a time such as 20:15"),
    ({"time": "late"}, "entry 2: time is not a time such as 20:15"),
    ({"date": 20261001}, "entry 2: no readable date"),  # a number is not a date
    ({"date": None}, "entry 2: no readable date"),
])
def test_a_jrnl_field_of_the_wrong_type_skips_the_entry_and_names_the_field(
        fields: dict[str, Any], reason: str) -> None:
    report = read(jrnl(date="2026-10-01"), jrnl(**({"date": "2026-10-02"} | fields)))
    assert report.skipped == [reason]
    assert [e.date for e in report.added] == [date(2026, 10, 1)]
    assert_private(report)


@pytest.mark.parametrize("time, kept", [(None, ""), ("", ""), ("23:45", "23:45"), ("9:05", "09:05"),
                                        ("23:45:10", "23:45"), ("9:05:10", "09:05"), (" 07:30 ", "07:30")])
def test_jrnl_time(time: Any, kept: str) -> None:
    report = read(jrnl(time=time))
    assert report.skipped == [] and report.added[0].time == kept


def test_an_entry_that_is_not_an_object_is_skipped() -> None:
    report = read(jrnl(), "just a string", [1, 2], None)
    assert len(report.added) == 1
    assert report.skipped == [f"entry {n}: is not an entry (not a JSON object)" for n in (2, 3, 4)]


# --- Day One: the same rules ---------------------------------------------------------------
@pytest.mark.parametrize("fields, check", [
    ({"tags": "rotation"}, lambda e: e.tags == ["rotation"]),
    ({"tags": None}, lambda e: e.tags == []),
    ({"starred": "false"}, lambda e: e.starred is False),
    ({"starred": "True"}, lambda e: e.starred is True),
    ({"starred": None}, lambda e: e.starred is False),
    ({"text": None}, lambda e: (e.title, e.body) == ("", "")),
])
def test_day_one_fields_are_read_as_written(fields: dict[str, Any], check: Any) -> None:
    report = read(dayone(**fields))
    assert report.skipped == [] and check(report.added[0])


@pytest.mark.parametrize("fields, reason", [
    ({"tags": 7}, "entry 2: tags is not a list of text"),
    ({"tags": [None]}, "entry 2: tags is not a list of text"),
    ({"starred": "nope"}, "entry 2: starred is not true or false"),
    ({"starred": 0}, "entry 2: starred is not true or false"),
    ({"text": 12}, "entry 2: text is not text"),
    ({"text": [SECRET]}, "entry 2: text is not text"),
    ({"creationDate": 1700000000}, "entry 2: no readable date (creationDate)"),
    ({"creationDate": None}, "entry 2: no readable date (creationDate)"),
    ({"creationDate": "yesterday"}, "entry 2: no readable date (creationDate)"),
    # out of range once moved to the entry's time zone (an OverflowError, not a ValueError)
    ({"creationDate": "0001-01-01T00:00:00Z"}, "entry 2: no readable date (creationDate)"),
    ({"creationDate": "9999-12-31T23:59:00Z", "timeZone": "Asia/Kolkata"},
     "entry 2: no readable date (creationDate)"),
])
def test_a_day_one_field_of_the_wrong_type_skips_the_entry_and_names_the_field(
        fields: dict[str, Any], reason: str) -> None:
    report = read(dayone(creationDate="2026-10-01T12:00:00Z"), dayone(**fields))
    assert report.skipped == [reason]
    assert len(report.added) == 1
    assert_private(report)


@pytest.mark.parametrize("zone", ["America", "Etc", "x" * 300, "Mars/Olympus", "America/"],
                         ids=["a folder", "another folder", "a long name", "unknown", "bad key"])
def test_an_unusable_day_one_time_zone_keeps_the_time_as_exported(zone: str) -> None:
    report = read(dayone(creationDate="2026-10-02T04:30:00Z", timeZone=zone))
    assert report.skipped == []
    assert (report.added[0].date, report.added[0].time) == (date(2026, 10, 2), "04:30")


def test_an_entry_dated_after_today_is_skipped_with_the_reason() -> None:
    """Newcomer: an entry dated 2030 was imported although the editor refuses future dates."""
    text = json.dumps({"entries": [{"date": "2030-01-01", "time": "09:00", "title": "Later", "body": "x"},
                                   {"date": "2026-11-20", "time": "09:00", "title": "Before", "body": "y"}]})
    report = read_journal_export(text, [], date(2026, 11, 24))
    assert [e.title for e in report.added] == ["Before"]
    assert report.skipped == ["entry 1: dated 2030-01-01, after today"]
