"""What every form shares below the screens: the declaration of a field, and one collector that
runs the parsers of a form and keeps every error, so that all bad fields are named at once."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any, TypeVar

from usce_tui.core.parse import FieldError, FormErrors

T = TypeVar("T")
Options = tuple[tuple[str, str], ...]  # (label, value)


@dataclass(frozen=True)
class Field:
    """One field of a form: a text box, or a choice among ``options``.

    A ``date`` field's placeholder is the date format in the user's date order.
    """

    key: str
    label: str
    options: Options | None = None
    placeholder: str = ""
    date: bool = False


def choices(values: Sequence[str]) -> Options:
    """Options whose label is their value."""
    return tuple((v, v) for v in values)


def text(values: dict[str, Any], key: str) -> str:
    """A form value as trimmed text ("" when missing or None)."""
    return str(values.get(key, "") or "").strip()


class ErrorCollector:
    """Runs the parsers of one form and keeps their errors by field id."""

    def __init__(self) -> None:
        self.errors: dict[str, FieldError] = {}

    def __call__(self, key: str, parse: Callable[[], T]) -> T | None:
        """The parser's result, or None after keeping its error under ``key``."""
        try:
            return parse()
        except FieldError as exc:
            self.errors[key] = exc
            return None

    def add(self, key: str, label: str, reason: str) -> None:
        """An error found by comparing fields; the first error of a field is kept."""
        self.errors.setdefault(key, FieldError(label, reason))

    def __contains__(self, key: str) -> bool:
        return key in self.errors

    def done(self) -> None:
        """Raise ``FormErrors`` with every error kept, if there is any."""
        if self.errors:
            raise FormErrors(self.errors)
