"""Excel workbooks (.xlsx) in and out, through openpyxl: a sheet's rows as text for the same
readers that read CSV, and a table written as a real workbook (header row frozen, columns as
wide as their text, dates as dates). openpyxl is imported when a workbook is read or written."""

from __future__ import annotations

import io
import re
import zipfile
from collections.abc import Iterable, Sequence
from datetime import date, datetime, time
from decimal import Decimal
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from openpyxl import Workbook

MAX_WIDTH = 60  # characters: a column of long notes is not wider than this (the text wraps)
_ILLEGAL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f]")  # what an XML file cannot hold


class UnreadableWorkbook(ValueError):
    """The file is not a workbook openpyxl can read, or has no such sheet (one sentence)."""


def is_zip(raw: bytes) -> bool:
    return raw.startswith(b"PK\x03\x04")


def cell_text(value: object) -> str:
    """A cell as the text a CSV would hold: dates as ISO dates (with the time when there is
    one), whole numbers without ".0", yes/no for booleans."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, datetime):
        return value.date().isoformat() if value.time() == time(0) else value.isoformat(sep=" ")
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, float):
        return str(int(value)) if value.is_integer() else repr(value)
    return str(value)


def read_sheet(raw: bytes, sheet: str | None = None) -> tuple[list[list[str]], str, list[str]]:
    """Every row of the first sheet (or the one named ``sheet``, any case) as text, with the
    name of the sheet read and the names of every sheet."""
    book = _open(raw)
    try:
        if sheet is None:
            pages = book.worksheets
            if not pages:
                raise UnreadableWorkbook("has no sheets")
            page = pages[0]
        else:
            names = {name.lower(): name for name in book.sheetnames}
            if sheet.lower() not in names:
                raise UnreadableWorkbook(f"has no sheet named {sheet!r} (its sheets: "
                                         f"{', '.join(book.sheetnames)})")
            page = book[names[sheet.lower()]]
        rows = [[cell_text(v) for v in row] for row in page.iter_rows(values_only=True)]
        every = list(book.sheetnames)
    finally:
        book.close()
    while rows and not any(rows[-1]):
        rows.pop()
    return rows, page.title, every


def _open(raw: bytes) -> Workbook:
    if is_zip(raw) and b"mimetypeapplication/vnd.oasis.opendocument" in raw[:200]:
        raise UnreadableWorkbook("is an OpenDocument spreadsheet (.ods); save it as .xlsx or CSV "
                                 "from LibreOffice or Google Sheets first")
    from openpyxl import load_workbook

    try:
        return load_workbook(io.BytesIO(raw), read_only=True, data_only=True)
    except (zipfile.BadZipFile, KeyError, ValueError, OSError, TypeError) as exc:
        raise UnreadableWorkbook("is not an Excel workbook (.xlsx) that can be read; save it again "
                                 "from the spreadsheet as .xlsx or CSV") from exc


def write_sheet(title: str, headers: Sequence[str], rows: Iterable[Sequence[object]]) -> bytes:
    """A workbook of one sheet: a bold header row frozen at the top, each column as wide as its
    longest line (up to ``MAX_WIDTH``), dates as Excel dates, text as text (a cell starting with
    "=" is never a formula). Characters an XML file cannot hold are left out."""
    from openpyxl import Workbook
    from openpyxl.styles import Alignment, Font
    from openpyxl.utils import get_column_letter

    book = Workbook()
    page = book.active
    assert page is not None  # a new workbook has one sheet
    page.title = title[:31]
    page.append(list(headers))
    widths = [len(h) for h in headers]
    for values in rows:
        page.append([_ILLEGAL.sub("", v) if isinstance(v, str) else v for v in values])
        for index, value in enumerate(values):
            text = value.isoformat() if isinstance(value, date) else str(value)
            widths[index] = max(widths[index], *(len(line) for line in text.splitlines() or [""]))
    for row in page.iter_rows(min_row=2):
        for cell in row:
            if isinstance(cell.value, str) and cell.value.startswith("="):
                cell.data_type = "s"  # text, as typed: never run as a formula
            elif isinstance(cell.value, date | datetime):
                cell.number_format = "yyyy-mm-dd"
            elif isinstance(cell.value, str) and "\n" in cell.value:
                cell.alignment = Alignment(wrap_text=True, vertical="top")
    for cell in page[1]:
        cell.font = Font(bold=True)
    page.freeze_panes = "A2"
    for index, width in enumerate(widths, start=1):
        page.column_dimensions[get_column_letter(index)].width = min(width + 2, MAX_WIDTH)
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def as_cell(text: str, kind: str = "text") -> object:
    """A CSV cell's text as a workbook cell: "date" turns an ISO date into a date, "amount" an
    amount into a number kept exact (a ``Decimal`` written as text when it has no exact float)."""
    if not text:
        return None
    if kind == "date":
        return date.fromisoformat(text)
    if kind == "amount":
        value = Decimal(text)
        return float(value) if Decimal(repr(float(value))) == value else text
    return text
