"""Parsing of what users type, and the record codec."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest

from usce_tui.core.parse import (
    FieldError,
    FormErrors,
    format_date,
    parse_amount,
    parse_currency,
    parse_date,
    parse_email,
    parse_list,
    parse_money_text,
    parse_url,
)
from usce_tui.core.profile.form import profile_from_form
from usce_tui.core.records import Expense, JournalEntry, Letter, Profile, Program, Trip
from usce_tui.core.values import Money, StatusChange


@pytest.mark.parametrize(
    ("text", "order", "expected"),
    [
        ("03/04/2027", "DMY", date(2027, 4, 3)),
        ("03/04/2027", "MDY", date(2027, 3, 4)),
        ("2027-04-03", "DMY", date(2027, 4, 3)),
        ("2027-04-03", "MDY", date(2027, 4, 3)),
        ("3 April 2027", "MDY", date(2027, 4, 3)),
        ("April 3, 2027", "DMY", date(2027, 4, 3)),
        ("29/02/2028", "DMY", date(2028, 2, 29)),
        ("  15.07.2024 ", "DMY", date(2024, 7, 15)),
        ("", "DMY", None),
    ],
)
def test_parse_date_honours_date_order(text: str, order: str, expected: date | None) -> None:
    assert parse_date(text, order) == expected


@pytest.mark.parametrize(
    ("text", "reason"),
    [
        ("31/02/2027", "not a real date"),
        ("2027-02-30", "not a real date"),
        ("29/02/2027", "not a real date"),
        ("abc", "not a date"),
        ("03/04", "needs a day, a month and a year"),
        ("April 2027", "needs a day, a month and a year"),
        ("3", "needs a day, a month and a year"),
    ],
)
def test_parse_date_refuses_with_field_and_reason(text: str, reason: str) -> None:
    with pytest.raises(FieldError) as err:
        parse_date(text, "DMY", "Graduation date")
    assert err.value.field == "Graduation date"
    assert reason in str(err.value)
    assert str(err.value).startswith("Graduation date:")


@pytest.mark.parametrize(
    ("text", "expected"),
    [("1500", Decimal("1500")), ("1,500.50", Decimal("1500.50")), ("$ 250", Decimal("250")),
     ("0", Decimal("0")), ("", None),
     # a decimal comma, as much of Latin America and Europe writes: read when unambiguous
     ("1.500,00", Decimal("1500.00")), ("3,75", Decimal("3.75")), ("12,5", Decimal("12.5")),
     ("1,500", Decimal("1500")), ("1,500,000", Decimal("1500000")), ("1 500", Decimal("1500")),
     ("1,50,000", Decimal("150000")), ("2.500.000,50", Decimal("2500000.50"))],
)
def test_parse_amount(text: str, expected: Decimal | None) -> None:
    assert parse_amount(text) == expected


@pytest.mark.parametrize(("text", "reason"), [("abc", "not an amount"), ("-5", "negative"),
                                              ("1.234", "reads two ways, 1234 or 1.234: write 1234 "
                                               "for the one, 1.234 for the other"),
                                              ("12e3", "not an amount"), ("1,5,0", "not an amount"),
                                              ("1.500", "reads two ways, 1500 or 1.5: write 1500 "
                                               "for the one, 1.5 for the other"),
                                              ("40.000", "reads two ways, 40000 or 40: write 40000 "
                                               "for the one, 40 for the other"),  # not "40.0"
                                              ("1,2345", "not an amount"),
                                              ("-900hou", "not an amount")])  # no number: not "negative"
def test_parse_amount_refuses(text: str, reason: str) -> None:
    with pytest.raises(FieldError, match=reason):
        parse_amount(text, "Fee")


def test_money_needs_a_known_currency() -> None:
    assert parse_money_text("1,200 usd", "Fee") == Money(Decimal("1200"), "USD")
    with pytest.raises(FieldError, match="Fee: is required"):
        parse_money_text("", "Fee")
    with pytest.raises(FieldError, match="Fee currency: 'XYZ' is not a currency code"):
        parse_money_text("10 XYZ", "Fee")
    assert parse_currency(" inr ") == "INR"


def test_email_and_url() -> None:
    assert parse_email("a.b@example.org") == "a.b@example.org"
    with pytest.raises(FieldError, match="Contact email: 'someone.example.org' is not an email"):
        parse_email("someone.example.org", "Contact email")
    assert parse_url("example.org/obs") == "https://example.org/obs"
    assert parse_url("http://example.org") == "http://example.org"
    with pytest.raises(FieldError, match="Website"):
        parse_url("not a url")


def test_parse_list_trims_and_dedups() -> None:
    assert parse_list(" Internal Medicine, internal medicine; Pediatrics ,,") == [
        "Internal Medicine", "Pediatrics"]


def test_format_date_follows_order() -> None:
    assert format_date(date(2027, 4, 3), "DMY") == "03/04/2027"
    assert format_date(date(2027, 4, 3), "MDY") == "04/03/2027"
    assert format_date(None) == ""


RECORDS = [
    Profile(name="Zoë Ñúñez 山田", graduation_date=date(2024, 7, 15), target_specialties=["Pediatrics"],
            step1_status="passed", step1_date=date(2025, 1, 2), home_currency="INR"),
    Program(name="Obs ✓", fee=Money(Decimal("1234.56"), "EUR"), start_dates=[date(2027, 1, 4)],
            history=[StatusChange("applied", date(2026, 10, 1), "sent by email")],
            requirements=["step1", "ecfmg"], materials={"cv": True}, academic_affiliation=None),
    Trip(name="Spring", arrival=date(2027, 3, 1), departure=date(2027, 3, 31), program_ids=["p1", "p2"]),
    Expense(trip_id="t1", amount=Money(Decimal("0.10"), "USD"), recurrence="per day"),
    Letter(writer_name="Dr. Ana Silva", history=[StatusChange("requested", date(2026, 9, 9))],
           assigned_to=["Metro General IM Residency"], reminded=[date(2026, 9, 23)]),
    JournalEntry(date=date(2026, 11, 1), time="21:05", title="Día uno", body="Lernen 😊", tags=["culture"]),
]


@pytest.mark.parametrize("record", RECORDS, ids=lambda r: type(r).__name__)
def test_codec_round_trip(record) -> None:
    again = type(record).from_dict(record.to_dict(), None)
    assert again == record


def test_unknown_keys_are_kept() -> None:
    raw = {**Trip(name="x").to_dict(), "future_field": [1, 2]}
    trip = Trip.from_dict(raw, 4)
    assert trip.extra == {"future_field": [1, 2]}
    assert trip.to_dict()["future_field"] == [1, 2]


def test_a_record_missing_fields_gets_their_defaults_each_its_own() -> None:
    """An older or hand-edited record lacks fields: they take their defaults, and the lists of
    two such records are not one list (adding a requirement to one left the other alone)."""
    first = Program.from_dict({"name": "Old record"}, "a")
    second = Program.from_dict({"name": "Another"}, "b")
    assert first == Program(id="a", name="Old record")
    assert first.fee_period == "once" and first.status == "researching"
    first.requirements.append("step1")
    first.materials["cv"] = True
    assert second.requirements == [] and second.materials == {}
    assert Program.from_dict({"name": "Third"}).requirements == []


def test_codec_names_the_bad_field() -> None:
    with pytest.raises(ValueError, match="'arrival'"):
        Trip.from_dict({"arrival": "31/02/2027"})


def _form(**changes: str) -> dict[str, str]:
    values = {
        "name": "Test User", "home_country": "Kenya", "home_currency": "KES", "date_order": "DMY",
        "graduation_date": "03/04/2024", "target_specialties": "Internal Medicine",
        "step1_status": "passed", "step1_date": "01/02/2025", "step2ck_status": "not taken",
        "step2ck_date": "", "ecfmg_status": "not started", "ecfmg_date": "",
        "english_test": "OET", "english_status": "passed", "english_date": "15/06/2025", "visa": "J-1",
    }
    values.update(changes)
    return values


def test_profile_form_accepts_valid_input() -> None:
    profile = profile_from_form(_form(), Profile())
    assert profile.graduation_date == date(2024, 4, 3)
    assert profile.home_currency == "KES"
    assert profile.target_specialties == ["Internal Medicine"]


def test_a_passed_or_scheduled_english_test_needs_its_date_as_the_exams_do() -> None:
    """Seen by a newcomer: English test "passed" with no date saved, while Step 1 passed with
    none was refused."""
    for status in ("passed", "scheduled"):
        with pytest.raises(FormErrors) as err:
            profile_from_form(_form(english_status=status, english_date=""), Profile())
        said = str(err.value.errors["english_date"])
        assert said == f"English test date: is needed when the status is {status}"
    assert profile_from_form(_form(english_test="exempt", english_date=""), Profile()).english_date is None
    assert profile_from_form(_form(english_status="not taken", english_date=""), Profile())


def test_a_passed_exam_or_certificate_is_not_dated_in_the_future() -> None:
    """Seen by a newcomer: Step 2 CK set to passed while its date was next January saved, and
    the dashboard then counted it as passed."""
    today = date(2026, 12, 7)
    with pytest.raises(FormErrors) as err:
        profile_from_form(_form(step2ck_status="passed", step2ck_date="16/01/2027",
                                ecfmg_status="certified", ecfmg_date="01/01/2027"), Profile(), today)
    assert str(err.value.errors["step2ck_date"]) == (
        "Step 2 CK date: is in the future, and the status is passed (or choose scheduled)")
    assert "is in the future" in str(err.value.errors["ecfmg_date"])
    scheduled = profile_from_form(_form(step2ck_status="scheduled", step2ck_date="16/01/2027"),
                                  Profile(), today)
    assert scheduled.step2ck_date == date(2027, 1, 16)


def test_profile_form_reads_dates_in_the_chosen_order() -> None:
    profile = profile_from_form(_form(date_order="MDY"), Profile())
    assert profile.graduation_date == date(2024, 3, 4)


@pytest.mark.parametrize("text, expected", [
    ("300", Money(Decimal("300"), "USD")), ("250 eur", Money(Decimal("250"), "EUR")),
    ("1,000.50 USD", Money(Decimal("1000.50"), "USD")),
])
def test_profile_weekly_fee_limit(text: str, expected: Money) -> None:
    assert profile_from_form(_form(weekly_fee_limit=text), Profile()).weekly_fee_limit == expected


@pytest.mark.parametrize("text, words", [("", "is required"), ("lots", "is not an amount"),
                                         ("300 XYZ", "is not a currency code")])
def test_profile_weekly_fee_limit_refused(text: str, words: str) -> None:
    with pytest.raises(FormErrors) as err:
        profile_from_form(_form(weekly_fee_limit=text), Profile())
    assert list(err.value.errors) == ["weekly_fee_limit"] and words in str(err.value)


def test_profile_form_lists_every_bad_field() -> None:
    with pytest.raises(FormErrors) as err:
        profile_from_form(_form(name=" ", graduation_date="31/02/2027", home_currency="RUPEES",
                                step1_date=""), Profile())
    assert set(err.value.errors) == {"name", "graduation_date", "home_currency", "step1_date"}
    assert "Step 1 date: is needed when the status is passed" in str(err.value)


def test_record_problems_name_vocabulary_and_currency() -> None:
    bad = Program(type="safari", fee=Money(Decimal("1"), "ABC"))
    problems = bad.problems()
    assert any("type 'safari'" in p for p in problems)
    assert any("'ABC'" in p for p in problems)
    assert Trip(arrival=date(2027, 2, 1), departure=date(2027, 1, 1)).problems() == [
        "departure is before arrival"]


@pytest.mark.parametrize("order, says", [("DMY", "(DD/MM/YYYY)"), ("MDY", "(MM/DD/YYYY)")])
def test_a_date_not_understood_says_how_dates_are_typed(order: str, says: str) -> None:
    """Newcomer: "'15/13/2027' is not a date" did not say what a date looks like here."""
    from usce_tui.core.parse import FieldError, parse_date

    with pytest.raises(FieldError) as info:
        parse_date("15/13/2027x", order, "Deadline date")
    assert str(info.value).endswith(says)


def test_counts_are_said_in_the_singular_or_the_plural_never_with_s_in_brackets() -> None:
    """Newcomer: "1 cost(s)", "would open 1 more program(s)" read as unfinished."""
    from usce_tui.core.parse import counted

    said = [counted(1, "program"), counted(3, "program"), counted(0, "day")]
    assert said == ["1 program", "3 programs", "0 days"]
    assert counted(2, "entry", "entries") == "2 entries"
    from usce_tui.core.parse import one_or_many

    assert [one_or_many(n, "is", "are") for n in (0, 1, 2)] == ["are", "is", "are"]
