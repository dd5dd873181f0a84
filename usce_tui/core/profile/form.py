"""The profile form: its fields, the stored profile as text, and the text back to a validated
``Profile``."""

from __future__ import annotations

import dataclasses
from datetime import date
from functools import partial

from usce_tui.core.forms import ErrorCollector, Field, choices, text
from usce_tui.core.parse import (
    format_date,
    parse_choice,
    parse_currency,
    parse_date,
    parse_days,
    parse_list,
    parse_money_text,
)
from usce_tui.core.records import (
    DATE_ORDERS,
    ECFMG_STATUSES,
    ENGLISH_STATUSES,
    ENGLISH_TESTS,
    EXAM_STATUSES,
    FEE_RANGE_ENDS,
    VISAS,
    Profile,
)

PROFILE_FIELDS: tuple[Field, ...] = (
    Field("name", "Name", placeholder="Your full name"),
    Field("home_country", "Home country", placeholder="e.g. India"),
    Field("home_currency", "Home currency", placeholder="e.g. INR"),
    Field("date_order", "Date order", choices(DATE_ORDERS)),
    Field("graduation_date", "Graduation date", date=True),
    Field("target_specialties", "Target specialties", placeholder="comma-separated"),
    Field("step1_status", "USMLE Step 1", choices(EXAM_STATUSES)),
    Field("step1_date", "Step 1 date", date=True),
    Field("step2ck_status", "USMLE Step 2 CK", choices(EXAM_STATUSES)),
    Field("step2ck_date", "Step 2 CK date", date=True),
    Field("ecfmg_status", "ECFMG certification", choices(ECFMG_STATUSES)),
    Field("ecfmg_date", "Certified on", date=True),
    Field("english_test", "English test", choices(ENGLISH_TESTS)),
    Field("english_status", "English test status", choices(ENGLISH_STATUSES)),
    Field("english_date", "English test date", date=True),
    Field("visa", "Visa", choices(VISAS)),
    Field("weekly_fee_limit", "Fee limit a week", placeholder="e.g. 500 USD (red flag above it)"),
    Field("letter_reminder_days", "Letter follow-up after", placeholder="days (14; then +7 and +16)"),
    Field("fee_range_end", "Fee ranges count", choices(FEE_RANGE_ENDS)),
)
# Date fields and the name each is given in error messages.
PROFILE_DATE_FIELDS = {
    "graduation_date": "Graduation date", "step1_date": "Step 1 date",
    "step2ck_date": "Step 2 CK date", "ecfmg_date": "ECFMG certification date",
    "english_date": "English test date",
}
_CHOICE_LABELS = {f.key: f.label for f in PROFILE_FIELDS if f.options}
_CHOICE_LABELS.update(english_status="English test status", ecfmg_status="ECFMG certification",
                      step1_status="Step 1 status", step2ck_status="Step 2 CK status")


def profile_values(profile: Profile) -> dict[str, str]:
    """The form's text for each field of a stored profile."""
    values: dict[str, str] = {}
    for field in PROFILE_FIELDS:
        value = getattr(profile, field.key)
        if field.date:
            values[field.key] = format_date(value, profile.date_order)
        elif field.key == "target_specialties":
            values[field.key] = ", ".join(value)
        elif field.key == "weekly_fee_limit":
            values[field.key] = f"{value.amount:f} {value.currency}"
        else:
            values[field.key] = str(value)
    return values


def profile_from_form(values: dict[str, str], base: Profile, today: date | None = None) -> Profile:
    """Validate the profile form's text values; raise ``FormErrors`` listing every bad field.

    Dates are read in the date order chosen in the same form, so switching to MDY and typing
    an MDY date in one go works.
    """
    check = ErrorCollector()
    result = dataclasses.replace(base, extra=dict(base.extra))
    result.name = text(values, "name")
    if not result.name:
        check.add("name", "Name", "is required")
    result.home_country = text(values, "home_country")
    order = check("date_order", lambda: parse_choice(values.get("date_order", "DMY"), DATE_ORDERS,
                                                     "Date order")) or "DMY"
    result.date_order = order
    result.home_currency = check("home_currency", lambda: parse_currency(
        values.get("home_currency", ""), "Home currency")) or base.home_currency
    for key, label in PROFILE_DATE_FIELDS.items():
        setattr(result, key, check(key, partial(parse_date, values.get(key, ""), order, label)))
    result.target_specialties = parse_list(values.get("target_specialties", ""))
    result.weekly_fee_limit = check("weekly_fee_limit", lambda: parse_money_text(
        values.get("weekly_fee_limit", "500 USD"), "Fee limit a week")) or base.weekly_fee_limit
    result.letter_reminder_days = check("letter_reminder_days", lambda: parse_days(
        values.get("letter_reminder_days", "14"), "Letter follow-up after")) or base.letter_reminder_days
    for key, vocabulary in (("step1_status", EXAM_STATUSES), ("step2ck_status", EXAM_STATUSES),
                            ("ecfmg_status", ECFMG_STATUSES), ("english_test", ENGLISH_TESTS),
                            ("english_status", ENGLISH_STATUSES), ("visa", VISAS),
                            ("fee_range_end", FEE_RANGE_ENDS)):
        chosen = check(key, partial(parse_choice, values.get(key, vocabulary[0]), vocabulary,
                                    _CHOICE_LABELS[key]))
        setattr(result, key, chosen or getattr(base, key))
    for exam, label in (("step1", "Step 1"), ("step2ck", "Step 2 CK")):
        status = getattr(result, f"{exam}_status")
        if status in ("passed", "failed", "scheduled") and getattr(result, f"{exam}_date") is None:
            check.add(f"{exam}_date", f"{label} date", f"is needed when the status is {status}")
    if today is not None:  # what is done is dated in the past (a passed exam next month was taken)
        done = [(f"{exam}_date", f"{label} date", getattr(result, f"{exam}_status"))
                for exam, label in (("step1", "Step 1"), ("step2ck", "Step 2 CK"))
                if getattr(result, f"{exam}_status") in ("passed", "failed")]
        if result.ecfmg_status == "certified":
            done.append(("ecfmg_date", "ECFMG certification date", "certified"))
        if result.english_status == "passed":
            done.append(("english_date", "English test date", "passed"))
        for key, label, status in done:
            day = getattr(result, key)
            if day is not None and day > today:
                check.add(key, label, f"is in the future, and the status is {status}"
                          + ("" if status == "certified" else " (or choose scheduled)"))
    if result.ecfmg_status == "certified" and result.ecfmg_date is None:
        check.add("ecfmg_date", "ECFMG certification date", "is needed when certified")
    if (result.english_status in ("passed", "scheduled") and result.english_test in ("TOEFL", "OET")
            and result.english_date is None):  # a result counts for two years from it
        check.add("english_date", "English test date",
                  f"is needed when the status is {result.english_status}")
    check.done()
    return result
