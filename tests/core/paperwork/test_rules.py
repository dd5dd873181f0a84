"""Issue 17: documents that expire, visa steps and correspondence, as pure functions with an
injected today."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest

from usce_tui.core.budget.rules import budget_lines
from usce_tui.core.paperwork.form import document_from_form
from usce_tui.core.paperwork.rules import (
    best_of,
    check_documents,
    correspondence_drafts,
    document_ages_text,
    document_warnings,
    expiry,
    follow_ups,
    read_document_ages,
    trip_warnings,
    valid_on,
    working_days_after,
)
from usce_tui.core.parse import FormErrors
from usce_tui.core.records import Correspondence, Document, Profile, Program, Trip
from usce_tui.core.values import Money

TODAY = date(2026, 11, 24)


@pytest.mark.parametrize("kind, obtained, given, expected", [
    ("TB test", date(2025, 12, 30), None, date(2026, 12, 29)),  # 12 months
    ("chest X-ray", date(2026, 3, 1), None, date(2027, 2, 28)),
    ("BLS / ACLS", date(2025, 5, 10), None, date(2027, 5, 9)),  # 2 years
    ("HIPAA training certificate", date(2026, 8, 1), None, date(2027, 7, 31)),
    ("flu vaccine", date(2026, 10, 5), None, date(2027, 6, 30)),  # its season
    ("flu vaccine", date(2026, 3, 1), None, date(2026, 6, 30)),  # a late shot of last season
    ("TB test", date(2025, 12, 30), date(2026, 6, 30), date(2026, 6, 30)),  # as the user gave it
    ("passport", date(2017, 8, 16), date(2027, 8, 15), date(2027, 8, 15)),
    ("CV", date(2026, 10, 1), None, None),  # does not expire
    ("TB test", None, None, None),  # nothing known
])
def test_expiry_is_given_or_derived_from_the_kind(kind, obtained, given, expected) -> None:
    assert expiry(Document(kind=kind, obtained=obtained, expires=given, status="have it")) == expected


def test_valid_on_a_day_needs_the_document_in_hand_and_unexpired() -> None:
    tb = Document(kind="TB test", obtained=date(2025, 12, 30), status="have it")
    assert valid_on(tb, date(2026, 12, 29)) and not valid_on(tb, date(2026, 12, 30))
    assert not valid_on(tb, date(2025, 12, 29))  # not yet obtained
    assert not valid_on(Document(kind="CV", status="requested"), TODAY)
    newer = Document(kind="TB test", obtained=date(2026, 11, 1), status="have it")
    assert best_of([tb, newer, Document(kind="TB test", status="missing")], "TB test") is newer


def _program(**changes) -> Program:
    base = dict(id="p1", name="Family Medicine Externship", status="accepted",
                start_dates=[date(2027, 1, 25)], duration_weeks=4,
                requirements=["immunizations", "background_check"])
    return Program(**(base | changes))


@pytest.mark.parametrize("obtained, given, state", [
    (date(2025, 12, 30), None, "expires before"),  # 29/12/2026, four weeks before the start
    (date(2026, 2, 1), None, "expires during"),  # 31/01/2027, in the rotation
    (date(2026, 11, 1), None, "valid"),
])
def test_a_document_is_checked_on_the_rotations_first_and_last_day(obtained, given, state) -> None:
    tb = Document(kind="TB test", obtained=obtained, expires=given, status="have it")
    (check,) = [c for c in check_documents(_program(), [tb], TODAY) if c.kind == "TB test"]
    assert check.state == state
    if state == "expires before":
        assert check.text.startswith("TB test expires 3 weeks before Family Medicine Externship starts")
        assert check.renew_by == date(2027, 1, 11)  # two weeks before the start


def test_a_program_may_say_how_recent_a_document_must_be() -> None:
    program = _program(document_ages={"background check": 90})
    old = Document(kind="background check", obtained=date(2026, 9, 1), status="have it")
    (check,) = [c for c in check_documents(program, [old], TODAY) if c.kind == "background check"]
    assert check.state == "too old" and "within 90 days" in check.text
    fresh = Document(kind="background check", obtained=date(2026, 11, 20), status="have it")
    (check,) = [c for c in check_documents(program, [fresh], TODAY) if c.kind == "background check"]
    assert check.state == "valid"


def test_missing_documents_are_listed_but_only_renewals_are_warnings() -> None:
    checks = check_documents(_program(), [], TODAY)
    assert {c.kind for c in checks if c.state == "missing"} >= {"TB test", "background check", "CV"}
    tb = Document(kind="TB test", obtained=date(2025, 12, 30), status="have it")
    warnings = document_warnings([_program(), _program(id="p2", status="researching")], [tb], TODAY)
    assert [(w.record_id, w.kind, w.subject) for w in warnings] == [("p1", "document", "TB test")]


@pytest.mark.parametrize("text, ages, unread", [
    ("TB test within 6 months; background check within 90 days",
     {"TB test": 180, "background check": 90}, []),
    ("flu vaccine within the last 2 weeks", {"flu vaccine": 14}, []),
    ("drug screen no older than 30 days", {"drug screen": 30}, []),
    ("vaccines recent", {}, ["vaccines recent"]),
    ("", {}, []),
])
def test_read_document_ages(text, ages, unread) -> None:
    assert read_document_ages(text) == (ages, unread)
    assert read_document_ages(document_ages_text(ages))[0] == ages


def test_document_ages_are_written_in_the_singular_or_the_plural() -> None:
    ages = {"TB test": 30, "drug screen": 1, "background check": 90}
    assert document_ages_text(ages) == ("TB test within 1 month; drug screen within 1 day; "
                                        "background check within 3 months")
    assert read_document_ages(document_ages_text(ages))[0] == ages


def _trip(**changes) -> Trip:
    base = dict(id="t1", name="Chicago spring rotations", arrival=date(2027, 3, 22),
                departure=date(2027, 4, 23), visa="B1/B2", visa_margin_days=21)
    return Trip(**(base | changes))


PASSPORT = Document(kind="passport", expires=date(2030, 1, 1), status="have it")


def test_a_visa_interview_too_close_to_arrival_is_a_warning() -> None:
    late = trip_warnings(_trip(visa_interview_on=date(2027, 3, 10)), [PASSPORT], TODAY)
    assert [w.subject for w in late] == ["interview"] and "later than 01/03/2027" in late[0].text
    assert trip_warnings(_trip(visa_interview_on=date(2027, 2, 20)), [PASSPORT], TODAY) == []
    shorter = _trip(visa_interview_on=date(2027, 3, 10), visa_margin_days=7)
    assert trip_warnings(shorter, [PASSPORT], TODAY) == []
    unbooked = trip_warnings(_trip(), [PASSPORT], TODAY)
    assert [w.subject for w in unbooked] == ["booking"]
    assert trip_warnings(_trip(visa="ESTA (visa waiver)"), [PASSPORT], TODAY) == []


def test_a_passport_must_outlast_the_trip_by_six_months() -> None:
    soon = Document(kind="passport", expires=date(2027, 8, 15), status="have it")
    (warning,) = trip_warnings(_trip(visa="none needed"), [soon], TODAY)
    assert warning.kind == "passport" and "less than 6 months after the trip ends" in warning.text
    assert warning.due == date(2026, 12, 22)  # 90 days before arrival
    assert [w.kind for w in trip_warnings(_trip(visa="none needed"), [], TODAY)] == ["passport"]


def test_a_passport_without_an_expiry_date_is_not_taken_as_lasting() -> None:
    """Seen by a newcomer: a passport saved with its expiry cleared read "does not expire", and
    the trip's passport warning went away. Such a passport is a warning of its own, and the
    form asks for the date."""
    undated = Document(kind="passport", status="have it")
    (warning,) = trip_warnings(_trip(visa="none needed"), [undated], TODAY)
    assert warning.subject == "undated" and "has no expiry date" in warning.text
    with pytest.raises(FormErrors) as caught:
        document_from_form({"kind": "passport", "status": "have it", "obtained": "01/01/2020",
                            "expires": ""}, Document(), "DMY", TODAY)
    assert "is needed for a passport" in str(caught.value.errors["expires"])
    asked = document_from_form({"kind": "passport", "status": "requested", "expires": ""}, Document(),
                               "DMY", TODAY)  # one not in hand yet may have no date
    assert asked.expires is None


def test_working_days_skip_weekends() -> None:
    assert working_days_after(date(2026, 11, 3), 10) == date(2026, 11, 17)  # a Tuesday
    assert working_days_after(date(2026, 11, 6), 1) == date(2026, 11, 9)  # Friday to Monday


def test_follow_ups_are_set_or_suggested_after_ten_working_days() -> None:
    sent = Correspondence(id="m1", program_id="p1", on=date(2026, 11, 3), direction="sent")
    answered = Correspondence(id="m2", program_id="p2", on=date(2026, 11, 3), direction="sent")
    reply = Correspondence(id="m3", program_id="p2", on=date(2026, 11, 5), direction="received")
    planned = Correspondence(id="m4", program_id="p3", on=date(2026, 11, 18), direction="received",
                             follow_up=date(2027, 1, 5))
    result = follow_ups([sent, answered, reply, planned])
    assert [(f.program_id, f.due, f.suggested) for f in result] == [
        ("p1", date(2026, 11, 17), True), ("p3", date(2027, 1, 5), False)]


def test_drafts_are_filled_from_the_profile_and_the_program() -> None:
    profile = Profile(name="Amara Quispe (fictional)", home_country="Peru", graduation_date=date(2024, 7, 15),
                      target_specialties=["Internal Medicine"], step1_status="passed")
    program = Program(name="Internal Medicine Observership", institution="Lakeshore General (fictional)")
    texts = correspondence_drafts(program, profile, "Mr. Luis Ferreira, GME office")
    assert set(texts) == {"first inquiry", "follow-up", "thank you"}
    first = texts["first inquiry"]
    assert first.startswith("Dear Mr. Ferreira,") and "from Peru, who graduated in 2024" in first
    assert "USMLE Step 1" in first and "observership" in first and first.endswith("Amara Quispe (fictional)")
    assert correspondence_drafts(program, profile)["thank you"].startswith("Dear Program Coordinator,")


def test_the_visa_and_sevis_fees_are_costs_of_the_trip() -> None:
    trip = _trip(visa="J-1", visa_fee=Money(Decimal(185), "USD"), sevis_fee=Money(Decimal(220), "USD"),
                 visa_fee_paid_on=date(2026, 11, 5))
    lines = [line for line in budget_lines([], [trip], []) if line.category == "visa/SEVIS"]
    assert [(line.unit.amount, line.state, line.trip_id) for line in lines] == [
        (Decimal(185), "actual", "t1"), (Decimal(220), "planned", "t1")]


def test_the_document_form_refuses_what_cannot_be_true() -> None:
    with pytest.raises(FormErrors) as caught:
        document_from_form({"kind": "TB test", "status": "have it", "obtained": "", "expires": ""},
                           Document(), "DMY", TODAY)
    assert "obtained" in caught.value.errors
    with pytest.raises(FormErrors) as caught:
        document_from_form({"kind": "passport", "status": "have it", "obtained": "01/01/2027",
                            "expires": "01/01/2020"}, Document(), "DMY", TODAY)
    assert set(caught.value.errors) == {"obtained", "expires"}  # in the future; before it was obtained
    saved = document_from_form({"kind": "TB test", "status": "have it", "obtained": "30/12/2025"},
                               Document(), "DMY", TODAY)
    assert saved.obtained == date(2025, 12, 30) and saved.expires is None
    assert expiry(saved) == date(2026, 12, 29)


# --- from the newcomer's pass -------------------------------------------------------------------
def test_an_expired_document_says_so_and_a_requested_one_is_not_none_on_file() -> None:
    old = Document(kind="TB test", obtained=date(2025, 10, 2), status="have it")  # ran out 01/10/2026
    checks = {c.kind: c for c in check_documents(_program(), [old, Document(kind="background check",
                                                                             status="requested")], TODAY)}
    assert checks["TB test"].text.startswith("TB test expired on 01/10/2026, before Family Medicine")
    assert checks["background check"].text == "background check: requested, not in hand yet"


def test_a_follow_up_set_by_hand_stays_when_a_newer_message_is_logged() -> None:
    planned = Correspondence(id="m1", program_id="p1", on=date(2026, 11, 18), direction="received",
                             follow_up=date(2027, 1, 13))
    newer = Correspondence(id="m2", program_id="p1", on=date(2026, 12, 2), direction="sent")
    assert [(f.last.id, f.due, f.suggested) for f in follow_ups([planned, newer])] == [
        ("m2", date(2026, 12, 16), True), ("m1", date(2027, 1, 13), False)]
    done = Correspondence(id="m3", program_id="p1", on=date(2027, 1, 14), direction="sent")
    assert [f.last.id for f in follow_ups([planned, newer, done])] == ["m3"]  # written to since


def test_the_draft_offered_follows_the_log_and_the_status() -> None:
    from usce_tui.core.paperwork.rules import default_draft

    program = Program(id="p1", name="IM Observership", status="researching")
    sent = Correspondence(program_id="p1", on=date(2026, 11, 3), direction="sent")
    answered = Correspondence(program_id="p1", on=date(2026, 11, 5), direction="received")
    assert default_draft(program, []) == "first inquiry"
    assert default_draft(program, [sent]) == "follow-up"
    assert default_draft(program, [sent, answered]) == "thank you"
    program.status = "accepted"
    assert default_draft(program, [sent]) == "follow-up"  # no reply to thank for yet


@pytest.mark.parametrize("text, kind, days", [("BLS within 24 months", "BLS / ACLS", 720),
                                              ("PPD within 6 months", "TB test", 180),
                                              ("flu shot within 1 month", "flu vaccine", 30)])
def test_document_ages_take_the_names_programs_use(text: str, kind: str, days: int) -> None:
    assert read_document_ages(text) == ({kind: days}, [])


def test_a_visa_step_done_cannot_be_in_the_future() -> None:
    from usce_tui.core.budget.form import trip_from_form

    values = {"name": "Boston", "arrival": "01/03/2027", "departure": "30/03/2027", "visa": "B1/B2",
              "ds160_on": "01/01/2027", "visa_interview_on": "01/02/2027"}
    with pytest.raises(FormErrors) as caught:
        trip_from_form(values, Trip(), "DMY", set(), TODAY)
    assert set(caught.value.errors) == {"ds160_on"}  # the interview may be booked ahead
    trip = trip_from_form(values | {"ds160_on": "20/11/2026"}, Trip(), "DMY", set(), TODAY)
    assert trip.visa_interview_on == date(2027, 2, 1)


def test_a_document_that_expires_during_the_rotation_and_is_too_old_says_both() -> None:
    program = _program(start_dates=[date(2027, 2, 15)], document_ages={"TB test": 90})
    tb = Document(kind="TB test", obtained=date(2026, 3, 1), status="have it")  # runs out 28/02/2027
    (check,) = [c for c in check_documents(program, [tb], TODAY) if c.kind == "TB test"]
    assert check.state == "expires during" and "older than it accepts (within 90 days" in check.text


def test_a_follow_up_set_on_a_message_whose_program_was_deleted_still_stands() -> None:
    """Seen by a newcomer: a follow-up set on a message vanished from the list and the dashboard
    once its program was deleted, though the message's form still held the date."""
    from datetime import timedelta

    from usce_tui.core.dashboard import paperwork_tasks

    alone = Correspondence(id="m9", program_id=None, on=date(2026, 11, 3), direction="sent",
                           who="Ms. Example, coordinator", follow_up=TODAY + timedelta(days=2))
    (follow,) = follow_ups([alone])
    assert follow.due == TODAY + timedelta(days=2) and not follow.suggested and follow.last is alone
    (task,) = [t for t in paperwork_tasks([], [], [], [alone], TODAY) if t.kind == "follow-up"]
    assert task.text == "Follow up: Ms. Example, coordinator (program deleted)" and task.record_id == "m9"
