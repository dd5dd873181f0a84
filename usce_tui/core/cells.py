"""Spreadsheet cells that are safe to open: a CSV cell that begins with ``=``, ``+``, ``-``, ``@``,
a tab or a carriage return is a formula to Excel, LibreOffice and Google Sheets, and a program
name such as ``=HYPERLINK(…)`` would run when the export is opened. Such a cell is written with
a leading apostrophe (shown as text, never run), and the apostrophe is taken off again when the
file is imported, so a round trip gives the original text back. Plain numbers (``-500``) stay
numbers."""

from __future__ import annotations

import csv
import re
from collections.abc import Iterable
from typing import IO, Any

_FORMULA = re.compile(r"'*[=+\-@\t\r]")
_NUMBER = re.compile(r"[+-]?\d+(?:[.,]\d+)*")
_ESCAPED = re.compile(r"'+[=+\-@\t\r]")


def safe_cell(value: Any) -> Any:
    """``value`` as a cell a spreadsheet shows as text, never runs."""
    if isinstance(value, str) and _FORMULA.match(value) and not _NUMBER.fullmatch(value):
        return "'" + value
    return value


def read_cell(text: str) -> str:
    """A cell as exported, back to the original text (the apostrophe of ``safe_cell`` removed)."""
    return text[1:] if _ESCAPED.match(text) else text


class SafeWriter:
    """``csv.writer`` whose every cell goes through ``safe_cell``."""

    def __init__(self, out: IO[str]) -> None:
        self._writer = csv.writer(out)

    def writerow(self, row: Iterable[Any]) -> None:
        self._writer.writerow([safe_cell(cell) for cell in row])
