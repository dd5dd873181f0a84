"""Reading what users type: dates in their date order, amounts, currencies, emails, web
addresses, choices and lists. Each parser raises ``FieldError`` naming the field and the reason;
``ErrorCollector`` gathers every error of a form so that all bad fields are named at once."""

from __future__ import annotations

import re
import unicodedata
from datetime import date, datetime
from decimal import Decimal, InvalidOperation

from usce_tui.core.values import CURRENCIES, Money


# --- errors ---------------------------------------------------------------------------------
class FieldError(ValueError):
    """A value the user typed that cannot be accepted; names the field and the reason."""

    def __init__(self, field_name: str, reason: str) -> None:
        super().__init__(f"{field_name}: {reason}")
        self.field = field_name
        self.reason = reason


class FormErrors(ValueError):
    """Every field error of one form at once, keyed by field id."""

    def __init__(self, errors: dict[str, FieldError]) -> None:
        super().__init__("; ".join(str(e) for e in errors.values()))
        self.errors = errors


# --- parsers for user text ------------------------------------------------------------------
_ISO_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")
_EMAIL = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s]+$")
_URL = re.compile(r"^(https?://)?[\w-]+(\.[\w-]+)+(:\d+)?(/\S*)?$", re.IGNORECASE)
_AMOUNT = re.compile(r"^\d+(\.\d{1,2})?$")


_TWO_WAYS = re.compile(r"\d{1,3}[.,]\d{3}")  # 1.500 or 1,500: a thousand separator or a decimal point

def parse_date(text: str, order: str = "DMY", field_name: str = "Date") -> date | None:
    """Parse a typed date honouring the user's date order; blank gives None.

    ``03/04/2027`` is 3 April for a DMY user and March 4 for an MDY user; ISO ``2027-04-03``
    is read the same by both. A date without a year, or one that does not exist, is refused.
    """
    text = text.strip()
    if not text:
        return None
    if _ISO_DATE.match(text):
        try:
            return date.fromisoformat(text)
        except ValueError:
            raise FieldError(field_name, f"{text!r} is not a real date") from None
    from dateutil import parser as dateparser  # imported on first use: it is slow to load

    dayfirst = order == "DMY"
    try:
        first = dateparser.parse(text, dayfirst=dayfirst, default=datetime(2000, 1, 1))
        second = dateparser.parse(text, dayfirst=dayfirst, default=datetime(2001, 2, 2))
    except (ValueError, OverflowError) as exc:
        reason = "is not a real date" if "range" in str(exc) else "is not a date"
        raise FieldError(field_name, f"{text!r} {reason} ({date_hint(order)})") from None
    if first != second:
        raise FieldError(field_name, f"{text!r} needs a day, a month and a year ({date_hint(order)})")
    return first.date()


def counted(count: int, noun: str, plural: str = "") -> str:
    """"1 program", "3 programs" ("1 entry", "2 entries" with ``plural``): not "1 program(s)"."""
    return f"{count} {one_or_many(count, noun, plural or noun + 's')}"


def one_or_many(count: int, one: str, many: str) -> str:
    """The word that agrees with ``count``: "is" or "are", "needs" or "need"."""
    return one if count == 1 else many


def date_hint(order: str) -> str:
    """How a date is typed in the user's date order, for placeholders and messages."""
    return "DD/MM/YYYY" if order == "DMY" else "MM/DD/YYYY"


def format_date(value: date | None, order: str = "DMY") -> str:
    """Show a date the way the user types them (DD/MM/YYYY or MM/DD/YYYY)."""
    if value is None:
        return ""
    return value.strftime("%d/%m/%Y" if order == "DMY" else "%m/%d/%Y")


def parse_whole_number(text: str, field_name: str, low: int, high: int) -> int | None:
    """A whole number from ``low`` to ``high``, or None when blank."""
    text = text.strip()
    if not text:
        return None
    if not text.isdigit() or not low <= int(text) <= high:
        raise FieldError(field_name, f"{text!r} is not a whole number from {low} to {high}")
    return int(text)


def clip(text: str, width: int) -> str:
    """``text`` cut to fit a column of ``width`` cells with a one-cell gap, ending in … when cut."""
    return text if len(text) < width else text[:width - 2] + "…"


def parse_currency(text: str, field_name: str = "Currency") -> str:
    """An ISO 4217 code such as USD or INR, in any case."""
    code = text.strip().upper()
    if code not in CURRENCIES:
        raise FieldError(field_name, f"{text.strip()!r} is not a currency code (e.g. USD, EUR, INR)")
    return code


def plain_number(text: str) -> str | None:
    """An amount as people write it, in one plain form ("1500.50"), or None when it cannot be
    read one way only. A comma is a decimal comma when one or two digits follow it and there
    is no other separator ("3,75"), or when it follows the dots ("1.500,00"); otherwise commas
    group thousands ("1,500", "1,500,000") or lakhs ("1,50,000"). Spaces group thousands."""
    read = _plain_number(text)
    return read if read is not None and _PLAIN.fullmatch(read) else None  # "0..0", "1.2.3": no


_PLAIN = re.compile(r"-?\d+(?:\.\d+)?")


def _plain_number(text: str) -> str | None:
    cleaned = text.strip().replace("$", "").replace(" ", "").replace("\u00a0", "").replace("\u202f", "")
    if "," in cleaned and "." in cleaned:
        if cleaned.rfind(",") > cleaned.rfind("."):  # 1.500,00: dots group, the comma is decimal
            whole, _, cents = cleaned.rpartition(",")
            groups = whole.split(".")
            if not all(len(g) == 3 for g in groups[1:]):
                return None
            return "".join(groups) + "." + cents
        whole, _, cents = cleaned.rpartition(".")
        grouped = _grouped(whole)
        return None if grouped is None else f"{grouped}.{cents}"
    if "," in cleaned:
        whole, _, last = cleaned.rpartition(",")
        if "," not in whole and 1 <= len(last) <= 2:  # 3,75
            return whole + "." + last
        return _grouped(cleaned)
    return cleaned


def _grouped(text: str) -> str | None:
    """Digits grouped by commas in thousands (1,500,000) or lakhs (1,50,000); None otherwise."""
    if "," not in text:
        return text
    head, *middle, last = text.split(",")
    if len(last) != 3 or not 1 <= len(head) <= 3 or any(len(g) not in (2, 3) for g in middle):
        return None
    return head + "".join(middle) + last


def parse_amount(text: str, field_name: str = "Amount", *, allow_blank: bool = True) -> Decimal | None:
    """A non-negative amount with at most two decimals: "1500", "1,500.50", "1.500,50", "3,75"
    and "$ 250" are read; an amount that reads two ways ("1.500") is refused."""
    shown = text.strip()
    if not shown:
        if allow_blank:
            return None
        raise FieldError(field_name, "is required")
    if shown.startswith("-") and plain_number(shown[1:].strip()) is not None:  # "-900hou" is no number
        raise FieldError(field_name, f"{shown!r} is negative; amounts are zero or more")
    cleaned = plain_number(shown)
    if (cleaned is None or not _AMOUNT.match(cleaned)) and _TWO_WAYS.fullmatch(shown):
        whole, part = re.split(r"[.,]", shown)
        # 1.5, not the 1.500 that reads two ways; 40, not 40.0 ("40.000")
        decimal = f"{whole}.{part.rstrip('0')}" if part.rstrip("0") else whole
        raise FieldError(field_name, f"{shown!r} reads two ways, {whole}{part} or {decimal}: write "
                         f"{whole}{part} for the one, {decimal} for the other")
    if cleaned is None or not _AMOUNT.match(cleaned):
        raise FieldError(field_name, f"{shown!r} is not an amount (e.g. 1500, 1,500.50 or 1.500,50)")
    try:
        value = Decimal(cleaned)
    except InvalidOperation:  # pragma: no cover - the regex already guards this
        raise FieldError(field_name, f"{shown!r} is not an amount") from None
    if value >= AMOUNT_LIMIT:
        raise FieldError(field_name, f"{shown!r} is too large (amounts stay below 1,000,000,000,000)")
    return value


AMOUNT_LIMIT = Decimal(10) ** 12  # a trillion in any currency: larger is a typing slip, and breaks sums


def parse_money_text(text: str, field_name: str, default_currency: str = "USD") -> Money:
    """An amount with an optional currency code after it, such as "500" or "500 USD"."""
    parts = text.strip().rsplit(None, 1)
    if len(parts) == 2 and parts[1].isalpha():
        amount_text, currency = parts
    else:
        amount_text, currency = text, default_currency
    amount = parse_amount(amount_text, field_name, allow_blank=False)
    return Money(Decimal(0) if amount is None else amount, parse_currency(currency, f"{field_name} currency"))


def parse_days(text: str, field_name: str, low: int = 1, high: int = 90) -> int:
    """A whole number of days between ``low`` and ``high``."""
    cleaned = text.strip().removesuffix("days").strip()
    if not cleaned.isdigit() or not low <= int(cleaned) <= high:
        raise FieldError(field_name, f"{text.strip()!r} is not a number of days from {low} to {high}")
    return int(cleaned)


def parse_email(text: str, field_name: str = "Email") -> str:
    """An email address (or blank)."""
    text = text.strip()
    if text and not _EMAIL.match(text):
        raise FieldError(field_name, f"{text!r} is not an email address (name@example.org)")
    return text


def parse_url(text: str, field_name: str = "Website") -> str:
    """A web address (or blank); ``https://`` is added when missing."""
    text = text.strip()
    if not text:
        return ""
    if not _URL.match(text):
        raise FieldError(field_name, f"{text!r} is not a web address (example.org/page)")
    return text if re.match(r"^https?://", text, re.I) else f"https://{text}"


def parse_choice(text: str, choices: tuple[str, ...], field_name: str) -> str:
    """One of a fixed vocabulary, matched without regard to case."""
    for choice in choices:
        if text.strip().lower() == choice.lower():
            return choice
    raise FieldError(field_name, f"{text!r} is not one of: {', '.join(choices)}")


def parse_list(text: str) -> list[str]:
    """Comma- or semicolon-separated words, trimmed, duplicates dropped, order kept."""
    seen: dict[str, None] = {}
    for part in re.split(r"[,;]", text):
        part = part.strip()
        if part and part.lower() not in {s.lower() for s in seen}:
            seen[part] = None
    return list(seen)


def fold(text: str) -> str:
    """``text`` for searching: without case or accents, so that "sao" finds "São" and
    "clinica" finds "Clínica" (many users type without accents on an English keyboard)."""
    decomposed = unicodedata.normalize("NFKD", text)
    return "".join(c for c in decomposed if not unicodedata.combining(c)).casefold()
