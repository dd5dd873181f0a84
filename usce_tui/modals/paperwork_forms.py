"""The paperwork forms: a document, and one email or call with a program."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date

from usce_tui.core.paperwork.form import (
    correspondence_fields,
    correspondence_from_form,
    correspondence_values,
    document_fields,
    document_from_form,
    document_values,
)
from usce_tui.core.records import Correspondence, Document, Program
from usce_tui.modals.record_form import RecordForm


def document_form(document: Document, order: str, today: date) -> RecordForm[Document]:
    """Add or edit a document (the app keeps where its file is, never the file)."""
    return RecordForm(f"Edit the document: {document.kind}" if document.id else "Add a document",
                      document_fields(), document_values(document, order),
                      lambda values: document_from_form(values, document, order, today), order=order)


def correspondence_form(message: Correspondence, order: str, today: date,
                        programs: Sequence[Program]) -> RecordForm[Correspondence]:
    """Log an email or call with a program, with the next follow-up."""
    known = {p.id for p in programs if p.id is not None}
    return RecordForm(f"Edit the message: {message.summary[:40] or message.who or message.channel}"
                      if message.id else "Log an email or call",
                      correspondence_fields(programs), correspondence_values(message, order),
                      lambda values: correspondence_from_form(values, message, order, today, known),
                      order=order)
