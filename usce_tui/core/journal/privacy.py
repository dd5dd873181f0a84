"""A scan of journal text for the patient identifiers that text patterns can catch (HIPAA Safe
Harbor's list), and their redaction. Pure functions; no textual.

It aims to catch what a careful reader would (names after titles and relations, birth dates and
dates tied to a patient, ages over 89, phone and fax numbers, emails, street addresses and ZIP
codes, record / account / plan numbers, SSNs, URLs and IP addresses, room and bed numbers) while
leaving clinical text alone: doses, lab values, vitals such as 120/80, years alone, times, exam
names, ICD codes, and the names of the doctors who supervise and give feedback.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

_MONTHS = (r"(?:Jan(?:uary)?|Feb(?:ruary)?|Mar(?:ch)?|Apr(?:il)?|May|June?|July?|Aug(?:ust)?|"
           r"Sep(?:t(?:ember)?)?|Oct(?:ober)?|Nov(?:ember)?|Dec(?:ember)?)\.?")
_FULL_DATE = (rf"(?:\d{{1,2}}[/.-]\d{{1,2}}[/.-](?:\d{{4}}|\d{{2}})|\d{{4}}-\d{{2}}-\d{{2}}|"
              rf"\d{{1,2}}(?:st|nd|rd|th)?\s+{_MONTHS},?\s+\d{{4}}|{_MONTHS}\s+\d{{1,2}}(?:st|nd|rd|th)?,?\s+\d{{4}})")
_NAME = r"[A-Z][a-zA-Z'’-]+(?:\s+[A-Z][a-zA-Z'’-]+)?"
# Capitalised words that follow "patient" without being a name.
_NOT_NAMES = frozenset("""The A An And But With Was Is Had Has In On At Of For From To Who Which That This
He She They His Her Their It Today Yesterday Tonight However Also Then Later After Before During
While When Where Because Education Safety Care Zero One Two Three Four Five Six Seven Eight Nine
Ten Room Bed Unit Ward ICU ER ED Admitted Discharged Presented Reported Denied Said Felt""".split())
_PATIENT_CONTEXT = re.compile(
    r"\b(?:patient|pt|admitted|admission|discharged?|presented|born|DOB|his|her|mother|father|"
    r"wife|husband|son|daughter|she|he|died|death|expired|seen|visit)\b", re.I)


@dataclass(frozen=True)
class Finding:
    """One possible identifier: where it is, what kind, and why it matters."""

    kind: str
    start: int
    end: int
    text: str
    reason: str

    @property
    def placeholder(self) -> str:
        return f"[{self.kind}]"


# (kind, pattern, reason); the first group, when there is one, is the part to redact.
_PATTERNS: tuple[tuple[str, re.Pattern[str], str], ...] = (
    ("EMAIL", re.compile(r"\b[\w.+-]+@[\w-]+(?:\.[\w-]+)+\b"), "an email address"),
    ("URL", re.compile(r"\bhttps?://\S+|\bwww\.[\w-]+\.\S+", re.I), "a web address"),
    ("IP", re.compile(r"\b(?:(?:25[0-5]|2[0-4]\d|1?\d?\d)\.){3}(?:25[0-5]|2[0-4]\d|1?\d?\d)\b"),
     "an IP address"),
    ("SSN", re.compile(r"\b\d{3}-\d{2}-\d{4}\b"), "a Social Security number"),
    ("DOB", re.compile(r"\b(?:DOB|D\.O\.B\.?|date of birth|birth ?date|born(?: on)?)\s*[:\-]?\s*"
                       rf"({_FULL_DATE})", re.I), "a date of birth"),
    ("MRN", re.compile(r"\b(?:MRN|MR#|med(?:ical)? rec(?:ord)?\.?(?: (?:number|no\.?|#))?|"
                       r"acc(?:oun)?t\.?(?: (?:number|no\.?|#))?|member (?:id|number)|"
                       r"policy(?: (?:number|no\.?|#))?|insurance (?:id|number)|"
                       r"health plan(?: (?:id|number))?|beneficiary (?:id|number)|"
                       r"chart(?: (?:number|no\.?|#))?)\s*[:#]?\s*([A-Z]{0,3}[-\d]{4,}[A-Z\d]*)",
                       re.I), "a medical record, account or health plan number"),
    ("PHONE", re.compile(r"(?<![\w/.])(?:\+\d{1,3}[\s.-]?)?(?:\(\d{2,4}\)\s?|\d{3}[\s.-])"
                         r"\d{3}[\s.-]\d{3,4}(?![\w/])"), "a phone or fax number"),
    ("NUMBER", re.compile(r"(?<![\d.,])\d{7,}(?![\d.,])"), "a long number (record, account or ID)"),
    ("ADDRESS", re.compile(r"\b\d{1,5}\s+(?:[NSEW]\.?\s+)?(?:[A-Z][a-z]+\s+){1,3}(?:Street|St|Avenue|Ave|"
                           r"Road|Rd|Boulevard|Blvd|Lane|Ln|Drive|Court|Ct|Way|Place|Pl|Terrace|Circle|"
                           r"Highway|Hwy|Parkway|Pkwy)\b\.?(?:,?\s+(?:Apt|Unit|Suite)\.?\s*#?\w+)?"),
     "a street address"),
    ("ZIP", re.compile(r"\b(?:[A-Z]{2}|zip(?: ?code)?:?)\s+(\d{5}(?:-\d{4})?)\b", re.I), "a ZIP code"),
    ("AGE", re.compile(r"\b((?:9\d|1[0-2]\d)\s*(?:-|\s)?\s*(?:y/?o\b|yo\b|years?[- ]old|yrs?(?: old)?\b|"
                       r"year-old))|\b(?:aged?|age of)\s+((?:9\d|1[0-2]\d))\b", re.I),
     "an age over 89"),
    ("ROOM", re.compile(r"\b(?:room|rm|bed|bay|cubicle|suite)\.?\s*(?:no\.?\s*|#\s*)?(\d+[A-Z]?)\b", re.I),
     "a room or bed number"),
    ("NAME", re.compile(rf"\b(?:Mr|Mrs|Ms|Miss|Mx|Mstr)\.?\s+({_NAME})"), "a name after a title"),
    ("NAME", re.compile(rf"\b(?:[Pp]atient|[Pp]t\.?|[Rr]esident)\s+(?:named\s+|called\s+)?({_NAME})"),
     "a patient's name"),
    ("NAME", re.compile(rf"\b(?:his|her|their|the patient's) (?:wife|husband|son|daughter|mother|father|"
                        rf"brother|sister|partner|caregiver|granddaughter|grandson),?\s+({_NAME})"),
     "a relative's name"),
)


def _full_dates(text: str) -> list[Finding]:
    """Full dates (day, month and year) in a sentence about a patient; a year alone is fine."""
    out = []
    for sentence in re.finditer(r"[^.!?\n]+(?:[.!?]|$)", text):
        if not _PATIENT_CONTEXT.search(sentence.group()):
            continue
        for match in re.finditer(_FULL_DATE, sentence.group(), re.I):
            start = sentence.start() + match.start()
            out.append(Finding("DATE", start, start + len(match.group()), match.group(),
                               "a full date tied to a patient (keep the year only)"))
    return out


def scan(text: str) -> list[Finding]:
    """Every possible identifier in ``text``, in order, without overlaps (the first kind found
    for a stretch of text wins)."""
    found: list[Finding] = []
    for kind, pattern, reason in _PATTERNS:
        for match in pattern.finditer(text):
            index = next((i for i in range(1, (match.lastindex or 0) + 1) if match.group(i)), 0)
            start, end = match.span(index)
            value = match.group(index)
            if kind == "NAME" and value.split()[0] in _NOT_NAMES:
                continue
            if kind == "NAME" and len(value.split()) == 2 and value.split()[1] in _NOT_NAMES:
                end = start + len(value.split()[0])
                value = value.split()[0]
            found.append(Finding(kind, start, end, value, reason))
    found += _full_dates(text)
    found.sort(key=lambda f: (f.start, -(f.end - f.start)))
    kept: list[Finding] = []
    for finding in found:
        if kept and finding.start < kept[-1].end:
            continue
        kept.append(finding)
    return kept


def redact(text: str, findings: list[Finding]) -> str:
    """``text`` with each finding replaced by its placeholder, such as ``[NAME]``."""
    out = text
    for finding in sorted(findings, key=lambda f: f.start, reverse=True):
        out = out[:finding.start] + finding.placeholder + out[finding.end:]
    return out
