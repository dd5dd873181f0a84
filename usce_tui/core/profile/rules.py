"""What follows from the profile: the user's stage, and a short readiness summary."""

from __future__ import annotations

from datetime import date
from functools import lru_cache

from dateutil.relativedelta import relativedelta

from usce_tui.core.records import Profile

STUDENT = "student"
RECENT = "graduate 0–5 y"
EARLIER = "graduate 5+ y"
UNKNOWN = "unknown (add a graduation date)"


def years_since_graduation(profile: Profile, today: date) -> int | None:
    """Whole years since graduation (None before graduating or without a date)."""
    grad = profile.graduation_date
    if grad is None or grad > today:
        return None
    return _whole_years(grad, today)


@lru_cache(maxsize=16)
def _whole_years(since: date, today: date) -> int:
    """Asked once per program when a list of 1,000 is checked against the profile: worked out
    once (dateutil's calendar arithmetic was a third of the eligibility checks' time)."""
    return relativedelta(today, since).years


def stage(profile: Profile, today: date) -> str:
    """Student until the graduation date, then graduate 0–5 years, then graduate 5+ years."""
    grad = profile.graduation_date
    if grad is None:
        return UNKNOWN
    if grad > today:
        return STUDENT
    years = years_since_graduation(profile, today)
    return RECENT if years is not None and years < 5 else EARLIER


def readiness(profile: Profile) -> list[tuple[str, bool, str]]:
    """(item, done, detail) for Step 1, Step 2 CK, ECFMG certification and the English test."""
    english_done = profile.english_test == "exempt" or profile.english_status == "passed"
    english_label = profile.english_test if profile.english_test != "none" else "not chosen"
    return [
        ("USMLE Step 1", profile.step1_status == "passed", profile.step1_status),
        ("USMLE Step 2 CK", profile.step2ck_status == "passed", profile.step2ck_status),
        ("ECFMG certification", profile.ecfmg_status == "certified", profile.ecfmg_status),
        ("English test", english_done, f"{english_label}, {profile.english_status}"),
    ]
