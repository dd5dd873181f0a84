"""Documents as a CSV file: every document with its dates, derived expiry and where it lives."""

from __future__ import annotations

import io
from collections.abc import Iterable
from datetime import date

from usce_tui.core.cells import SafeWriter
from usce_tui.core.paperwork.rules import by_expiry, expiry, expiry_is_derived, valid_on
from usce_tui.core.records import Document

DOCUMENT_COLUMNS = ("Kind", "Version or note", "Status", "Obtained", "Expires", "Expiry derived",
                    "Valid today", "Where the file is")


def write_documents(documents: Iterable[Document], today: date) -> str:
    """A CSV with one row per document (dates as ISO dates)."""
    out = io.StringIO()
    writer = SafeWriter(out)
    writer.writerow(DOCUMENT_COLUMNS)
    for document in sorted(documents, key=by_expiry):  # as the app lists them
        last = expiry(document)
        writer.writerow([document.kind, document.note, document.status,
                         document.obtained.isoformat() if document.obtained else "",
                         last.isoformat() if last else "", "yes" if expiry_is_derived(document) else "no",
                         "yes" if valid_on(document, today) else "no", document.location])
    return out.getvalue()
