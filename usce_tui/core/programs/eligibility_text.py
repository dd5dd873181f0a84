"""Requirements and eligibility as programs and directories write them, read into the app's
requirement keys without guessing.

Two shapes come in. A list of everyday phrases ("MD/MBBS, USMLE Step 1 & 2 CK, ECFMG
certification, faculty sponsor | Visa: B1/B2, J1") is read phrase by phrase. Prose ("Must be in
good academic standing at an approved medical school. Are a U.S. Citizen, Permanent Resident,
...") is never split on its commas into fake requirements: what can be recognised in it is
(enrolled students only, U.S. schools only, citizens only, graduates not eligible, a faculty
sponsor to find, visa types), and the whole text is kept as the program's eligibility text.
Nothing here marks a program for review: a phrase the app does not check is kept as written and
listed as "not checked", which is not an ambiguity.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

_NUMBERS = {"one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8,
            "nine": 9, "ten": 10}
_NUMBER = r"(?:\d+|" + "|".join(_NUMBERS) + r")\b"
# (pattern, requirement keys): every match adds its keys. Case-insensitive.
_RECOGNISED: tuple[tuple[str, tuple[str, ...]], ...] = (
    (r"step\s*1\s*(?:&|and|/|,|\+)\s*(?:step\s*)?2", ("step1", "step2ck")),
    (r"step\s*(?:1|one|i)\b", ("step1",)), (r"step\s*(?:2|two|ii)\b|\b2\s*ck\b", ("step2ck",)),
    (r"ecfmg", ("ecfmg",)), (r"toefl|\boet\b|ielts|english (?:test|proficiency|language)", ("english",)),
    (r"malpractice|liability (?:insurance|cover)", ("malpractice",)),
    (r"immuni[sz]|vaccin|\btb\b|\bppd\b|tuberculosis|health (?:clearance|forms?|screening)",
     ("immunizations",)),
    (r"health insurance|medical insurance", ("health_insurance",)),
    (r"background", ("background_check",)), (r"drug (?:screen|test)", ("drug_screen",)),
    (r"hipaa", ("hipaa",)), (r"\bvslo\b|\bvsas\b", ("vslo",)),
    (rf"(?:graduat\w*|completed medical school|year of graduation\s+\w+)\s+(?:with)?in\s+(?:the\s+"
     rf"(?:last|past)\s+)?{_NUMBER}|years? (?:of|since|from) graduation|\byog\b"
     rf"|graduates? of the (?:last|past) {_NUMBER}", ("graduated_within",)),
    (r"(?:faculty|physician|attending)\s+(?:sponsor|host|mentor)|own\s+(?:faculty\s+)?sponsor"
     r"|sponsoring\s+(?:faculty|physician|attending)|host\s+(?:physician|faculty|attending)"
     r"|(?:faculty|physician|attending)\b[\w\s]{0,30}\b(?:willing|agrees?) to (?:serve as |act as )?"
     r"(?:(?:a|the|their|your) )?(?:host|sponsor|supervise)|\bagrees? to (?:host|sponsor)"
     r"|sponsorship from (?:a |an |the )?(?:\w+ ){0,2}(?:faculty|physician|attending)"
     r"|(?:arrange|find|secure|recruit|identify|obtain)\w* (?:your |their |a |an )(?:own )?(?:[\w-]+ ){0,2}"
     r"(?:physician|attending|faculty|preceptor|sponsor|host)\b", ("faculty_sponsor",)),
)
# Who may apply: each (pattern, key), cancelled when ``_OPEN_TO_IMGS`` also matches.
_WHO = (
    (r"\blcme\b|\baoa\b|u\.?\s?s\.? (?:allopathic |osteopathic )?(?:medical )?(?:schools?|students?)"
     r"|(?:medical )?schools? in the (?:u\.?\s?s\.?|united states)|accredited (?:u\.?\s?s\.?|american) "
     r"(?:medical )?school|u\.?\s?s\.?[- ]accredited", "us_school_only"),
    (r"u\.?\s?s\.? citizens?|permanent residents?|green card|\bdaca\b|citizens? of the united states",
     "us_citizen_only"),
    (r"currently (?:pursuing|enrolled)|enrolled (?:in|at) (?:an? |the )?(?:\w+ )*(?:school|program|"
     r"university|institution)|final[- ]year|fourth[- ]year|\b4th[- ]year|(?:medical )?students? only"
     r"|only (?:for |open to )?(?:current )?(?:medical )?students|graduates? (?:are |is )?not eligible"
     r"|not (?:open|available) to graduates|must not have graduated|good academic standing|\bno graduates"
     r"|pursuing (?:a|an|the) (?:medical|md|do)|core clinical clerkships|\bvisiting students?\b",
     "enrolled_student"),
)
_OPEN_TO_IMGS = re.compile(
    r"international (?:medical )?(?:students?|graduates?|schools?)|\bimgs?\b|foreign (?:medical )?"
    r"(?:students?|graduates?|schools?)|non-?u\.?\s?s\.?|graduates? (?:are |is )?(?:welcome|eligible|"
    r"accepted)|students? (?:or|and) graduates|(?:not|no) (?:\w+ ){0,3}(?:required|needed)", re.I)
# Said outright: "not open to international medical graduates" (this wins over the words above).
_CLOSED_TO_IMGS = re.compile(
    r"not (?:open|available) to (?:\w+ ){0,2}(?:international|foreign|non-?u\.?\s?s\.?)|\bimgs? (?:are )?not "
    r"(?:eligible|accepted|considered)|(?:international|foreign) (?:medical )?(?:students?|graduates?|"
    r"applicants?)(?: and (?:\w+ )?graduates)? (?:are |is )?not (?:eligible|accepted|considered)"
    r"|\bno (?:international|foreign|non-?u\.?\s?s\.?) (?:applicants?|students?|schools?|graduates?)", re.I)
# Said of who may come: then "U.S. citizens or permanent residents" is one of the ways in, not the only one.
_IMGS_WELCOME = re.compile(r"\bimgs? (?:are |is )?(?:welcome|eligible|accepted)|international (?:medical )?"
                           r"(?:graduates|students|applicants) (?:are )?(?:welcome|eligible|accepted)"
                           r"|or (?:hold|have) (?:a |an )?(?:valid |appropriate )?visa", re.I)
_NOT_CITIZENS = re.compile(r"(?:not|no)\s+(?:need\s+to\s+be\s+)?(?:a\s+)?u\.?\s?s\.? citizen", re.I)

# Phrases every program asks for that need no check ("MD/MBBS", "CV"), with the material each
# puts on the program's checklist (None: nothing to tick).
_PLAIN: tuple[tuple[str, str | None], ...] = (
    (r"\bm\.?d\.?\b|\bmbbs\b|\bd\.?o\.?\b|medical (?:degree|diploma)|\bmbchb\b", None),
    (r"\bcv\b|curriculum vitae|r[eé]sum[eé]", "cv"),
    (r"personal statement|statement of (?:purpose|interest)|cover letter", "personal_statement"),
    (r"transcript", "transcript"), (r"dean'?s letter|\bmspe\b|good standing", "mspe"),
    (r"reference|recommendation|\blors?\b", None), (r"usmle (?:scores?|transcript)", "usmle_transcript"),
    (r"application (?:form|fee)|photo|passport|interview|\bid\b", None),
)
_VISA_PART = re.compile(r"\|\s*visas?\s*:?\s*([^|]*)", re.I)
_VISA_WORDS = (("B1/B2", r"\bb-?1\s*/\s*b-?2\b|\bb-?1\b|\bb-?2\b|visitor"), ("J-1", r"\bj-?1\b"),
               ("F-1", r"\bf-?1\b"), ("H-1B", r"\bh-?1-?b\b"), ("ESTA", r"\besta\b|visa waiver"))


@dataclass
class ReadEligibility:
    """What a requirements or eligibility text says, as the app can use it."""

    requirements: list[str] = field(default_factory=list)
    graduated_within_years: int | None = None
    visas: list[str] = field(default_factory=list)
    materials: list[str] = field(default_factory=list)  # checklist items the text asks for
    unchecked: list[str] = field(default_factory=list)  # phrases kept as written, not checked


def read_visas(text: str) -> list[str]:
    """The visa types a text names, in the app's spelling ("J1" is "J-1")."""
    return [name for name, pattern in _VISA_WORDS if re.search(pattern, text, re.I)]


def is_prose(text: str) -> bool:
    """True for sentences ("Must be ... . Must have ..."), not a list of short phrases."""
    if re.search(r"[a-z][.!?]\s+[A-Z]", text):
        return True
    parts = [p for p in re.split(r"[;\n]|,(?!\d)", text) if p.strip()]
    return any(len(p.split()) > 6 for p in parts)


def _who(text: str) -> list[str]:
    keys = [key for pattern, key in _WHO if re.search(pattern, text, re.I)]
    if _CLOSED_TO_IMGS.search(text):
        return [k for k in keys if k != "us_school_only"] + ["us_school_only"]
    if _OPEN_TO_IMGS.search(text):
        keys = [k for k in keys if k not in ("us_school_only", "enrolled_student")]
    if _NOT_CITIZENS.search(text) or _IMGS_WELCOME.search(text):
        keys = [k for k in keys if k != "us_citizen_only"]
    return keys


# "No need to find your own preceptor: the office pairs every observer with an attending."
_SPONSOR_GIVEN = re.compile(r"(?:no|not|n't|never) (?:\w+ ){0,2}(?:need|required|necessary|have) to "
                            r"(?:find|arrange|secure|recruit|identify|obtain)"
                            r"|\b(?:program|office|department|we) (?:\w+ )?"
                            r"(?:pairs?|assigns?|matches?|provides?)\b", re.I)


# "ECFMG certification preferred but not required", "TOEFL optional": not a requirement.
_NOT_NEEDED = re.compile(r"[^.;,]{0,40}?\b(?:preferred|optional|not (?:required|needed|necessary|mandatory)|"
                         r"helpful|a plus|an advantage|recommended|if available)\b", re.I)


def _recognised(text: str) -> list[str]:
    keys = [k for pattern, keys in _RECOGNISED
            if (match := re.search(pattern, text, re.I)) and not _NOT_NEEDED.match(text, match.end())
            for k in keys]
    return [k for k in keys if k != "faculty_sponsor" or not _SPONSOR_GIVEN.search(text)]


def read_eligibility(*texts: str, labels: dict[str, str] | None = None) -> ReadEligibility:
    """Read each text (a requirements column, an eligibility column) into one result.

    ``labels`` maps a requirement's label in lower case ("usmle step 1") to its key, so the
    app's own export reads back exactly."""
    out = ReadEligibility()
    for text in (t for t in texts if t.strip()):
        for visa_part in _VISA_PART.findall(text):
            out.visas += [v for v in read_visas(visa_part) if v not in out.visas]
        body = _VISA_PART.sub("", text)
        labelled: list[str] = []  # the app's own labels, read exactly
        if is_prose(body):
            keys = _recognised(body) + _who(body)
            unread: list[str] = []
        else:
            keys, unread = [], []
            for part in (p.strip() for p in re.split(r"[;\n]|,(?!\d)", body) if p.strip()):
                label_key = (labels or {}).get(part.lower())
                if label_key:
                    labelled.append(label_key)
                    continue
                found = _recognised(part) + _who(part)
                materials = [m for pattern, m in _PLAIN if re.search(pattern, part, re.I)]
                visas = read_visas(part) if re.search(r"visa", part, re.I) else []
                out.materials += [m for m in materials if m and m not in out.materials]
                out.visas += [v for v in visas if v not in out.visas]
                keys += found
                if not (found or materials or visas):
                    unread.append(part)
        if "graduated_within" in keys + labelled:
            number = re.search(rf"({_NUMBER})\s*(?:years?|yrs?)", body, re.I)
            if number:
                word = number[1].lower()
                out.graduated_within_years = int(word) if word.isdigit() else _NUMBERS[word]
            closed = re.search(r"graduates? (?:are |is )?not eligible", body, re.I)
            if "enrolled_student" in keys and not closed:
                keys.remove("enrolled_student")  # "graduated within 3 years" is about graduates
        out.requirements += [k for k in dict.fromkeys(labelled + keys) if k not in out.requirements]
        out.unchecked += unread
    return out

