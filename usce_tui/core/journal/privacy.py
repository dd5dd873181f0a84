"""A scan of journal text for the patient identifiers that text patterns can catch (HIPAA Safe
Harbor's list), and their redaction. Pure functions; no textual.

It aims to catch what a careful reader would: names (after a title, beside "patient", after a
relation, after a clinical verb such as admitted or examined, before an age), birth dates and
dates tied to a patient, ages over 89, phone and fax numbers, emails, street addresses and ZIP
codes, record, account, health plan, licence, certificate, vehicle and device numbers, SSNs,
URLs and IP addresses, room and bed numbers; while leaving clinical text alone: doses, lab
values, vitals such as 120/80, years alone, times, scores and exam names, eponyms such as
"Parkinson disease" or "Glasgow Coma Scale", drug names, and the doctors and colleagues who
supervise and teach (after "Dr." or named with their role).
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass

from usce_tui.core.records import JournalEntry

_MONTHS = (r"(?:Jan(?:uary)?|Feb(?:ruary)?|Mar(?:ch)?|Apr(?:il)?|May|June?|July?|Aug(?:ust)?|"
           r"Sep(?:t(?:ember)?)?|Oct(?:ober)?|Nov(?:ember)?|Dec(?:ember)?)\.?")
_FULL_DATE = (rf"(?:\d{{1,2}}[/.-]\d{{1,2}}[/.-](?:\d{{4}}|\d{{2}})|\d{{4}}-\d{{2}}-\d{{2}}|"
              rf"\d{{1,2}}(?:st|nd|rd|th)?\s+{_MONTHS},?\s+\d{{4}}|{_MONTHS}\s+\d{{1,2}}(?:st|nd|rd|th)?,?\s+\d{{4}})")

# A name: one to three capitalised words (any alphabet's letters: José, Łukasz, O'Brien,
# Nguyễn), with particles such as "de la" or "van" between them.
_UP = r"[A-ZÀ-ÖØ-ÞĀ-ſ]"
_LETTER = r"[^\W\d_]"
_WORD = rf"{_UP}(?:{_LETTER}|['’-](?={_LETTER})){{1,30}}"  # bounded, so a long run cannot backtrack
_PARTICLES = r"(?:de|da|del|della|di|do|dos|das|du|la|le|van|von|der|den|ter|bin|ibn|al|el|y)"
_NAME = rf"{_WORD}(?:(?:\s+{_PARTICLES}){{0,2}}\s+{_WORD}){{0,2}}"
_LOWER_NAME = r"[^\W\d_](?:[^\W\d_]|['’-](?=[^\W\d_])){1,30}\b"  # "mrs. kowalczyk", typed in a hurry

# Capitalised words that are not names: sentence openers, days and months, titles of staff,
# parts of a hospital, languages and teams.
_NOT_NAMES = frozenset("""The A An And But Or So Yet With Was Is Are Were Had Has Have In On At Of For From
To Who Which That This These Those He She They We I His Her Their Our My Your It Its Today Tonight
Yesterday Tomorrow However Also Then Later After Before During While When Where Because Since Although
Though If Once Overall Now Still Even Just Only Not No Yes Both All Each Every Some Many Most Several
Education Safety Care Zero One Two Three Four Five Six Seven Eight Nine Ten Room Bed Unit Ward ICU ER
ED Admitted Discharged Presented Reported Denied Said Felt Monday Tuesday Wednesday Thursday Friday
Saturday Sunday January February March April May June July August September October November December
Dr Doctor Prof Professor Nurse Resident Attending Intern Fellow Student Chief Team Service Pharmacy
Radiology Cardiology Neurology Surgery Medicine Oncology Nephrology Psychiatry Pediatrics Obstetrics
Hospital Clinic General Memorial Medical Center Centre University Saint St County Department Emergency
Internal Family Grand Rounds Morning Report Step USMLE ERAS ECFMG English Spanish Arabic Farsi Hindi
Urdu Portuguese French Mandarin Cantonese Russian Polish Korean Tagalog Vietnamese God Allah Ramadan
Christmas Easter Diwali Eid Thanksgiving Mom Dad Mother Father Covid COVID Mr Mrs Ms Miss Mx Sr Sra
Man Woman Male Female Boy Girl Baby Infant Gentleman Lady Patient Pt Na K Cl Cr Hb Hgb Hct Plt Glu Mg
Ca Phos Alb Trop Lac Bili Sat Temp Wt Ht Pulse Weight Height Plan Assessment Impression Subjective
Objective HPI Note Notes Update Summary Dispo Disposition Labs Meds Vitals Exam Feedback Lesson Lessons
Goal Goals Reflection Learning Teaching Takeaway Tomorrow Question Questions Todo Reminder Experience
Satisfaction Portal Advocate Advocacy Relations Services Navigator Access Transport Flow Centered Day
Week Month Year Week's And Or Of The Appreciation Privacy Rights""".split())
# A name holding one of these is a place: "Mercy General admitted 40 patients".
_INSTITUTIONS = frozenset("""Hospital Hospitals General Clinic Center Centre Memorial University Medical
County
Health Regional Institute Infirmary Presbyterian Methodist Baptist Health Healthcare System Campus
Johns Hopkins Mount Mt Sinai Mayo Kaiser Permanente Cedars Langone Brigham Montefiore Beth Israel
Cleveland""".split())
# A capitalised word followed by one of these is an eponym or a product, not a person.
_EPONYM_NOUNS = frozenset("""disease syndrome sign signs palsy procedure scale score criteria catheter
lymphoma sarcoma tumor tumour test maneuver manoeuvre reflex fracture classification equation formula
rule triad phenomenon ulcer node nodes body bodies cell cells law line lines tube drip loading dose
regimen protocol operation repair reaction hernia disorder anemia anaemia encephalopathy
cardiomyopathy neuralgia nodule nodules tremor gait""".split())
# "Name, the PGY-1" or "Name (our resident)": a colleague, not a patient.
_COLLEAGUE = re.compile(r"\s*[,(–—-]\s*(?:the|our|my|a|an)?\s*(?:[a-z]+\s+)?"
                        r"(?:PGY|intern|resident|attending|fellow|nurse|"
                        r"charge nurse|student|medical student|chief|pharmacist|physician|doctor|"
                        r"preceptor|coordinator|scribe|MA|NP|PA|RN|social worker|case manager|"
                        r"program director|program coordinator|director|manager|clinic manager|"
                        r"administrator|secretary|"
                        r"receptionist|chaplain|interpreter|therapist|technician|tech|librarian|dean|"
                        r"supervisor|mentor|volunteer|staff|therapy dog|dog)\b"
                        r"|\s+(?:from|in|at)\s+(?:HR|human resources|admissions|IT|GME|the GME office|"
                        r"the front desk|the library|the office)\b", re.I)

# "our social worker, Mr. Banda": a role, then the name.
_ROLE_BEFORE = re.compile(r"\b(?:[Oo]ur|[Mm]y|[Tt]he)\s+(?:[a-z]+\s+)?"
                          r"(?:social worker|case manager|preceptor|coordinator|"
                          r"director|manager|attending|resident|intern|fellow|nurse|pharmacist|chaplain|"
                          r"interpreter|therapist|supervisor|mentor|dean|administrator|secretary|"
                          r"practitioner|NP|PA|RN|tech|technician)\s*,?\s*(?:(?:Mr|Mrs|Ms|Miss|Mx|Sister|"
                          r"Brother)\.?\s+)?$")
_RELATIONS = (r"(?:son|daughter|mother|father|brother|sister)-in-law|step(?:mother|father|son|daughter)|"
              r"wife|husband|son|daughter|mother|father|mom|dad|brother|sister|partner|caregiver|"
              r"granddaughter|grandson|grandmother|grandfather|niece|nephew|aunt|uncle|cousin|fiancée?|"
              r"girlfriend|boyfriend|neighbou?r|roommate|friend|guardian|stepson|stepdaughter|child|"
              r"spouse|sibling|parent|twin|hijo|hija|esposo|esposa|madre|padre|hermano|hermana|nieto|nieta|"
              r"abuela|abuelo|tía|tío")
_CLINICAL_VERBS = (r"admitted|admitting|admit|discharged|discharging|discharge|saw|seen|seeing|see|"
                   r"examined|examining|examine|interviewed|interviewing|interview|rounded on|"
                   r"pre-?rounded on|consented|consenting|transferred|transferring|evaluated|"
                   r"evaluating|assessed|assessing|treated|treating|intubated|extubated|visited|"
                   r"visiting|counsell?ed|counsell?ing|educated|triaged|operated on|helped with|"
                   r"sat with|checked on|cared for|caring for|took care of|followed up (?:on|with)|"
                   r"presented|sedated|resuscitated|coded|scoped|dialyzed|catheterized|delivered|"
                   r"palpated|auscultated|reassured|comforted|accompanied|intubate|intubating|extubate|"
                   r"sedate|scope|consent|transfer|(?:\w+(?:centesis|otomy|ectomy|oscopy|plasty|biopsy)|"
                   r"procedure|LP|lumbar puncture|central line|line|consult|H&P|note|discharge summary|"
                   r"workup|work-up|family meeting|code|rapid response|cultures|labs|blood|gas|ABG|ECG|EKG|"
                   r"x-ray|CT|MRI|ultrasound|echo|exam|assessment|IV|dressing|wound care)"
                   r"\s+(?:on|for|of|with)")
# What a patient does or undergoes, after a name at the start of a clause: "X spiked overnight".
_PATIENT_EVENTS = (r"(?:was |is |has been |had |got )?(?:admitted|discharged|spiked|desatt?ed|coded|"
                   r"presented with|complained|complains|denied|denies|refused|refuses|tolerated|underwent|"
                   r"developed|decompensated|deteriorated|passed away|died|expired|vomited|fell|seized|"
                   r"was found|came in with|left AMA|signed out AMA|is NPO|"
                   r"(?:(?:is|was|still|remains|now|again|became)\s+)?(?:febrile|afebrile|intubated|extubated|"
                   r"altered|confused|hypoxic|tachycardic|hypotensive|septic|delirious|obtunded|agitated|"
                   r"NPO|jaundiced|anuric|oliguric)|[-–—:]\s)")
# An age after a name: "(54)", "54 y/o", ", 54 years old", ", a 54-year-old"; a bare ", 54," only
# after a name of two words or more (group "bare"), since "Plt 96," is a lab value.
_AGE_AFTER_NAME = (r"(?:\s*\(\s*\d{1,3}\s*(?:y/?o|yo|[MF])?\s*\)|,?\s*\d{1,3}\s*(?:y/?o\b|yo\b|years?\b|"
                   r"-year|[MF]\b|male\b|female\b)|,\s*an? \d{1,3}[- ]year[- ]old|"
                   r"(?P<bare>,\s*\d{1,3}\s*[,;]))")

_PATIENT_CONTEXT = re.compile(
    r"\b(?:patient|pt|man|woman|boy|girl|lady|gentleman|Mr|Mrs|Ms|moved|d/c'?d|admitted|admission|"
    r"discharged?|presented with|presents with|born|DOB|his|her|"
    r"mother|father|wife|husband|son|daughter|she|he|died|death|expired|seen|visit|surgery|"
    r"operated|transferred)\b", re.I)

# An identifier's value: letters, digits and inner dashes or slashes, at least one digit.
_ID = r"(?=[A-Z0-9/-]{0,40}\d)[A-Z0-9](?:[A-Z0-9]|[-/](?=[A-Z0-9])){3,40}"  # bounded: no backtracking
_NUMBER_WORD = (r"(?:\s+(?:number|num|no\.?|#|ID|identifier|code|numbered))?\s*(?:(?:is|was|as|of)\s+)?"
                r"[:#,]?\s*['\"‘“]?")


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


# (kind, pattern, reason); the first group that took part, when there is one, is what to redact.
_PATTERNS: tuple[tuple[str, re.Pattern[str], str], ...] = (
    ("EMAIL", re.compile(r"\b[\w.+-]{1,64}@[\w-]{1,63}(?:\.[\w-]{1,63}){1,6}\b"), "an email address"),
    ("URL", re.compile(r"\bhttps?://\S+|\bwww\.[\w-]+\.\S+|\b[\w-]{1,63}(?:\.[\w-]{1,63}){0,5}\.(?:com|org|net|edu|gov|"
                       r"io|me|co|info|ly|us|tv|app|page|link)/[^\s,;)]*[\w/]", re.I), "a web address"),
    ("URL", re.compile(r"(?i:\b(?:handle|username|user name|instagram|twitter|tiktok|facebook|snapchat|"
                       r"whatsapp|telegram|profile)\b[^.\n@]{0,20}?)(@[\w.]{2,30})"),
     "a social media handle"),
    ("IP", re.compile(r"\b(?:(?:25[0-5]|2[0-4]\d|1?\d?\d)\.){3}(?:25[0-5]|2[0-4]\d|1?\d?\d)\b"),
     "an IP address"),
    ("SSN", re.compile(r"\b\d{3}-\d{2}-\d{4}\b|(?i:\b(?:SSN|SS ?#|SS no\.?|"
                       r"social(?: security)?(?: number| no\.?| #)?)\s*(?:is\s+)?[:#]?\s*)"
                       r"(\d{3}[\s.]?\d{2}[\s.]?\d{4})\b"), "a Social Security number"),
    ("SSN", re.compile(r"(?i:\b(?:SSN|social security(?: number)?|social)\s+(?:ends|ending|that ends)\s+"
                       r"(?:in|with)\s+)(\d{4})\b"), "the last digits of a Social Security number"),
    ("DOB", re.compile(r"\b(?:DOB|D\.O\.B\.?|date of birth|birth ?date|born(?: on| in)?)\s*[:\-]?\s*"
                       rf"({_FULL_DATE}|{_MONTHS}\s+\d{{4}}|[A-Z][a-z]+(?:'s)?\s+(?:Day|Eve)\s+\d{{4}})",
                       re.I),
     "a date of birth"),
    ("VEHICLE", re.compile(r"(?i:\b(?:licen[cs]e plate|plate|tag|registration|VIN|vehicle identification)"
                           rf"{_NUMBER_WORD})({_ID}|[A-Z]{{2,3}}[- ]\d{{3,4}})\b|\b((?=[A-HJ-NPR-Z]{0,16}\d)"
                           r"(?=\d{0,16}[A-HJ-NPR-Z])[A-HJ-NPR-Z0-9]{17})\b"),
     "a vehicle identifier or licence plate"),
    ("LICENCE", re.compile(r"(?i:\b(?:driver'?s?\s+licen[cs]e|licen[cs]e|DL|certificate|cert\.?|permit|"
                           r"passport|green card|alien|A-number|NPI|DEA)"
                           rf"{_NUMBER_WORD})({_ID})\b"),
     "a licence or certificate number"),
    ("DEVICE", re.compile(r"(?i:\b(?:serial(?: number| no\.?| #)?|S/N|SN|IMEI|UDI|device (?:id|number)|"
                          r"lot(?: number| no\.?)?|model and serial)(?:\s+of\s+(?:his|her|their|the)\s+"
                          rf"[\w-]+(?:\s+[\w-]+)?)?{_NUMBER_WORD})({_ID})\b"),
     "a device identifier or serial number"),
    ("MRN", re.compile(r"\b(?:MRN|MR#|med(?:ical)? rec(?:ord)?\.?(?: (?:number|no\.?|#))?|"
                       r"acc(?:oun)?t\.?(?: (?:number|no\.?|#))?|member (?:id|number)|"
                       r"policy(?: (?:number|no\.?|#))?|insurance (?:id|number)|"
                       r"health plan(?: (?:id|number))?|beneficiary (?:id|identifier|number|no\.?|#)|MBI|"
                       r"medicaid(?: (?:id|number|no\.?|#))?|medicare(?: (?:id|number|no\.?|#))?|"
                       r"subscriber (?:id|number)|group (?:id|number)|claim (?:id|number)|"
                       r"chart(?: (?:number|no\.?|#))?)\s*[:#]?\s*"
                       rf"({_ID}|[A-Z]{{0,3}}[-\d]{{4,}}[A-Z\d]*)", re.I),
     "a medical record, account or health plan number"),
    # Any other number named as one: "hospital number, 26-004-1183", "transmitter ID 8GM4TQ",
    # "subscriber ID is HMO55092341"; not a code of the clinic's own (CPT, ICD, LOINC, NDC).
    ("ID", re.compile(r"(?<!CPT )(?<!ICD )(?<!LOINC )(?<!NDC )(?<!HCPCS )(?<!CPT code )(?<!ICD code )"
                      r"(?<!ERAS )(?<!AAMC )(?<!USMLE )(?<!ECFMG )(?<!NRMP )(?<!NBME )(?<!PMID )(?<!ORCID )"
                      r"(?:(?i:\b(?:number|no\.|ID|identifier|numbered))|#)"
                      r"(?:\s+for\s+(?:the\s+)?(?:pt|patient|him|her|them))?\s*(?:(?:is|was|as)\s+)?[:#,]?\s*"
                      rf"(?=[A-Z0-9/-]{{5}})({_ID})\b"),
     "an identifying number"),
    ("PHONE", re.compile(r"(?<![\w/.])(?:\+\d{1,3}[\s.-]?)?(?:\(\d{2,4}\)\s?|\d{3}[\s.-])"
                         r"\d{3}[\s.-]\d{3,4}(?:-\d{2,4})?(?![\w/])"), "a phone or fax number"),
    ("PHONE", re.compile(r"(?i:\b(?:phone|cell|mobile|tel|telephone|fax|number|call(?:ed)?(?: back)?(?: at)?|"
                         r"text(?:ed)?|reach(?:ed)?)\b[^.\n\d]{0,25}?)(?<![\d-])(\d{3}[-.]\d{4})(?![\d-])"),
     "a phone or fax number"),
    ("NUMBER", re.compile(r"\b[A-Z]{1,4}\d{7,}[A-Z]{0,3}\b|(?<![\w.,/])\d{7,}"
                          r"(?![\d,]|\.\d|\s*(?:units?|IU|mg|mcg|g|mL|cells|copies|/))"),
     "a long number (record, account or ID)"),
    ("ADDRESS", re.compile(r"\b(?:P\.?\s?O\.?\s+Box|Apartado|Casilla)\s+\d{1,6}\b|"
                           r"\b(?:Calle|Av\.|Avda\.|Avenida|Jr\.|Jirón|Jiron|Pasaje|Psje\.|Carrera|Cra\.|Rua|"
                           r"Travessa|Alameda|Calzada|Camino|Paseo)\s+(?:[A-ZÁÉÍÓÚÑ][\w'’.-]*\s+){1,4}(?:No\.?\s*|"
                           r"#\s*|N[°º]\s*)?\d{1,5}\b|"
                           r"\b\d{1,5}[A-Z]?\s+(?:[NSEW]\.?\s+)?(?:(?:[A-Z][a-z]+|\d{1,3}(?:st|nd|rd|th))\s+){1,3}"
                           r"(?:Street|St|Avenue|Ave|Road|Rd|Boulevard|Blvd|Lane|Ln|Drive|Dr|Court|Ct|Way|Place|Pl|Terrace|Circle|"
                           r"Highway|Hwy|Parkway|Pkwy|Trail|Square|Sq|Alley|Row|Loop)\b\.?"
                           r"(?:,?\s+(?:Apt|Unit|Suite|#)\.?\s*#?\w+)?"),
     "a street address"),
    ("ZIP", re.compile(r"\b(?:[A-Z]{2}|zip(?: ?code)?|post(?:al)? ?code)\s*(?:is\s+)?[:#]?\s+"
                       r"(\d{5}(?:-\d{4})?)\b|\b(\d{5}(?:-\d{4})?)\s+(?:zip|postal)(?: ?code)?\b", re.I),
     "a ZIP code"),
    ("AGE", re.compile(r"\b((?:9\d|1[0-2]\d)\s*(?:-|\s)?\s*(?:y/?o\b|yo\b|years?[- ]old|yrs?(?: old)?\b|"
                       r"year-old|years? of age))|\b(?:aged?|age of)\s+((?:9\d|1[0-2]\d))\b", re.I),
     "an age over 89"),
    ("AGE", re.compile(r"(?i:\b((?:ninety|one hundred)(?:[- ](?:one|two|three|four|five|six|seven|eight|"
                       r"nine))?[- ]years?[- ]old)|"
                       r"\bturned\s+((?:9\d|1[0-2]\d)|(?:ninety|one hundred)(?:-\w+)?)\b)"),
     "an age over 89"),
    ("ROOM", re.compile(r"\b(?:room|rm|bed|bay|cubicle|suite)\.?\s*(?:no\.?\s*|#\s*)?(\d+[A-Z]?)\b", re.I),
     "a room or bed number"),
)

# Contexts that make a capitalised word a name: (pattern with the name in group "name", reason,
# whether words that cannot be names may be trimmed from its start rather than rejecting it).
_NAME_CONTEXTS: tuple[tuple[re.Pattern[str], str, bool], ...] = (
    (re.compile(rf"\b(?:Mr|Mrs|Ms|Miss|Mx|Mstr|Señora?|Sra|Srta|Sr|Don|Doña|Dona)\.?\s+"
                rf"(?P<name>(?:{_PARTICLES}\s+){{0,2}}{_NAME})"), "a name after a title", False),
    (re.compile(rf"\b(?:Tia|Tía|Tio|Tío|Auntie|Aunty|Aunt|Uncle|Abuela|Abuelo|Grandma|Grandpa|Granny|Nana|"
                rf"Baba|Mama|Papa|Doña|Dona|(?i:la señora|el señor|señora|señor|la sra\.|el sr\.))\s+"
                rf"(?P<name>{_NAME})"), "a name after a title", False),
    (re.compile(r"\b(?:Mr|Mrs|Ms|Miss|Mx)\.?\s+(?P<name>[A-Z])\b(?![.'’\w])"),
     "an initial after a title", False),
    (re.compile(r"(?i:\binitials?)\s*(?:are|were|is|:)?\s+(?P<name>[A-Z]\.?\s?[A-Z]\.?(?:\s?[A-Z]\.)?)"),
     "a patient's initials", False),
    (re.compile(rf"\b(?i:the)\s+(?P<name>{_WORD})\s+(?i:family|household|twins|kids|children)\b"),
     "a family name", False),
    (re.compile(r"\b(?:MR|MRS|MS|MISS)\.?\s+(?P<name>[A-Z][A-Z'’-]{1,30}(?:\s+[A-Z][A-Z'’-]{1,30})?)\b"),
     "a name after a title", False),
    (re.compile(rf"\b(?i:mr|mrs|ms|mx)\.\s+(?P<name>{_LOWER_NAME})"), "a name after a title", False),
    (re.compile(rf"\b(?i:patient|pt\.?|client)(?:'s)?(?:\s+(?i:named|called))?\s*(?:[,:]\s*|\(\s*|\s+)(?P<name>{_NAME})"),
     "a patient's name", False),
    (re.compile(rf"\b(?i:named|name (?:is|was)|name\s*:|baby (?:boy|girl)|goes by)\s+(?P<name>{_NAME})"),
     "a patient's name", False),
    (re.compile(rf"(?<!\bmy )(?<!\bMy )(?<!\bour )(?<!\bOur )\b"
                rf"(?i:(?:(?:his|her|their|the patient's|patient's|the|a|my patient's)\s+)?"
                rf"(?:{_RELATIONS}))(?:'s)?\s*(?:,\s*|\(\s*|\s+)(?i:named\s+|called\s+)?(?P<name>{_NAME})"),
     "a relative's name", False),
    (re.compile(rf"\b(?i:{_CLINICAL_VERBS})\s+(?P<name>{_NAME})(?P<more>(?:\s*,\s*{_NAME})*(?:,?\s+and\s+{_NAME})?)"),
     "a name in a clinical sentence", False),
    (re.compile(rf"\b(?i:started|restarted|put|placed|switched|weaned|titrated|loaded|bolused|diuresed|"
                rf"transfused|kept)\s+(?P<name>{_NAME})\s+(?i:on|off)\s+(?i:a|an|the|his|her|IV|PO|BiPAP|"
                rf"CPAP|oxygen|O2|room air|dialysis|pressors|insulin|heparin)\b"),
     "a name in a clinical sentence", False),
    (re.compile(rf"\b(?P<name>{_NAME}){_AGE_AFTER_NAME}"), "a name before an age", True),
    (re.compile(rf"(?:^|(?<=[.;!?]\s)|(?<=\n))(?P<name>{_NAME})\s+(?i:{_PATIENT_EVENTS})", re.M),
     "a name in a clinical sentence", False),
)


def _not_a_name(word: str) -> bool:
    """A word that is never a name here ("and" after "Mr." is typed lowercase too)."""
    return word in _NOT_NAMES or word.islower() and word.capitalize() in _NOT_NAMES


def _name_span(text: str, start: int, end: int, trim_front: bool) -> tuple[int, int] | None:
    """The part of ``text[start:end]`` that is a person's name, or None when it is not one (a
    word that cannot be a name, an eponym, a drug with its dose, a colleague with a role)."""
    words = [(m.start() + start, m.end() + start) for m in re.finditer(r"\S+", text[start:end])]
    if words and text[words[-1][1] - 2:words[-1][1]] in ("'s", "’s"):
        words[-1] = (words[-1][0], words[-1][1] - 2)  # "Mrs. DeLuca's CT": the name, not the 's
    if any(text[a:b] in _INSTITUTIONS for a, b in words):
        return None
    if trim_front:
        while words and _not_a_name(text[words[0][0]:words[0][1]]):
            words.pop(0)
    while words and _not_a_name(text[words[-1][0]:words[-1][1]]):
        words.pop()
    if not words or any(_not_a_name(text[a:b]) for a, b in words[:1]):
        return None
    first, last = words[0][0], words[-1][1]
    if re.search(r"\b(?:Dr|Dra|Doctor|Prof|Professor)\.?\s+$", text[max(first - 12, 0):first]):
        return None  # the doctor who teaches, not a patient
    if any(text[a:b].isupper() and b - a > 1 for a, b in words) and not re.search(
            r"\b(?:MR|MRS|MS|MISS)\.?\s+$", text[max(first - 6, 0):first]):
        return None  # an acronym (NIHSS, ECG, MRI) is not a name, unless a title in capitals precedes
    after = text[last:last + 40]
    follower = re.match(r"(?:['’]s)?\s+([a-z]+)", after)
    if follower and follower.group(1) in _EPONYM_NOUNS:
        return None
    if re.match(r"\s+\d+(?:\.\d+)?\s*(?:mg|mcg|g|units?|mL|mEq)\b", after):
        return None  # a drug and its dose
    if _COLLEAGUE.match(after) or _ROLE_BEFORE.search(text[max(first - 45, 0):first]):
        return None
    return first, last


_AS_FOUND = ("a patient's initials", "an initial after a title")  # no word test: "J.K.", "Ms. K"


def _names(text: str) -> Iterator[Finding]:
    for pattern, reason, trim_front in _NAME_CONTEXTS:
        for match in pattern.finditer(text):
            spans = [match.span("name")]
            if "more" in pattern.groupindex and match.group("more"):  # "rounded on A, B and C"
                offset = match.start("more")
                spans += [(offset + m.start(), offset + m.end())
                          for m in re.finditer(_NAME, match.group("more"))]
            for start, end in spans:
                span = (start, end) if reason in _AS_FOUND else _name_span(text, start, end, trim_front)
                if span is None or ("bare" in pattern.groupindex and match.group("bare")
                                    and len(text[span[0]:span[1]].split()) < 2):
                    continue
                yield Finding("NAME", span[0], span[1], text[span[0]:span[1]], reason)


# The end of a sentence: . ! ? before a space or the end, not after a title or an abbreviation.
_SENTENCE_END = re.compile(r"(?<!\bMr)(?<!\bMrs)(?<!\bMs)(?<!\bDr)(?<!\bSt)(?<!\bJr)(?<!\bSr)(?<!\bvs)"
                           r"(?<!\bNo)(?<!\bApt)(?<!\bAv)(?<!\bPt)(?<!\bpt)[.!?](?=\s|$)|\n")


def _sentences(text: str) -> Iterator[tuple[int, str]]:
    """Each sentence of ``text`` with where it starts."""
    start = 0
    for end in _SENTENCE_END.finditer(text):
        yield start, text[start:end.end()]
        start = end.end()
    if start < len(text):
        yield start, text[start:]


# What a number is when it follows one of these: the writer's own (ERAS, USMLE) or a citation.
_OWN_NUMBER = re.compile(r"\b(?:ERAS|AAMC|USMLE|ECFMG|NRMP|NBME|ORCID|PMID|PMCID|DOI|ISBN|arXiv)\b[^.!?\n]*$")
_OLD_THING = re.compile(r"\s+(?:hospital|building|house|tradition|institution|church|clinic|program|bridge|"
                        r"tree|school|company|book|law|practice)\b", re.I)


def _own_number(text: str, position: int) -> bool:
    """True for a number that is the writer's own or a citation's, not a patient's."""
    return bool(_OWN_NUMBER.search(text[max(position - 30, 0):position]))


def _about_patients(text: str) -> list[tuple[int, str]]:
    """The sentences of ``text`` about a patient ("Mr. X in room 12", not "grand rounds were
    held in Room 204"), each with where it starts."""
    return [(start, sentence) for start, sentence in _sentences(text) if _PATIENT_CONTEXT.search(sentence)]


_SHORT_DATE = re.compile(rf"(?i:\b(?:on|d/c'?d|admitted|discharged|since|until|from|dated?|DOS|"
                         rf"operated|surgery|seen))\s+(\d{{1,2}}/\d{{1,2}}|{_MONTHS}\s+\d{{1,2}}(?:st|nd|rd|th)?|"
                         rf"\d{{1,2}}(?:st|nd|rd|th)?\s+{_MONTHS})(?![/\d])")


# Dates in a sentence about a patient: a full date (a year alone is fine), or a day and month
# after a word that dates a stay ("d/c'd 11/6", "admitted on Nov 2"), since Safe Harbor counts
# every date element but the year.
_PATIENT_DATES = ((re.compile(_FULL_DATE, re.I), "a full date tied to a patient (keep the year only)"),
                  (_SHORT_DATE, "a date tied to a patient (keep the year only)"))


def _dates(text: str, about: list[tuple[int, str]]) -> Iterator[Finding]:
    for offset, sentence in about:
        for pattern, reason in _PATIENT_DATES:
            for match in pattern.finditer(sentence):
                start, end = (offset + i for i in match.span(match.lastindex or 0))
                yield Finding("DATE", start, end, text[start:end], reason)


_PLACE_BEFORE = re.compile(r"\b(?:hospital|clinic|center|centre|office|campus|school|library|building|"
                           r"pharmacy|university|church|mosque|temple|embassy|consulate)\s+(?:is\s+)?"
                           r"(?:at|on)\s+$", re.I)
_TAG = re.compile(r"[^,\s](?:[^,]*[^,\s])?")  # one tag of a comma-separated list


def names_in(text: str) -> set[str]:
    """The names ``scan`` finds in ``text`` (to look for again in the rest of an entry)."""
    return {f.text for f in scan(text) if f.kind == "NAME"}


def scan(text: str, names: Iterable[str] = (), *, tags: bool = False) -> list[Finding]:
    """Every possible identifier in ``text``, in order, without overlaps (the longest finding
    that starts first wins; among equals, the first kind listed). Every other mention of a name
    found (or of one in ``names``: found elsewhere in the entry) is found too (in any case among
    tags), and each of its words alone ("Rosa Delgado" ... "Delgado"). ``tags``: ``text`` is a list of tags,
    where a number stands alone, without the words that would say what it is."""
    found: list[Finding] = []
    for kind, pattern, reason in _PATTERNS:
        for match in pattern.finditer(text):
            index = next((i for i in range(1, (match.lastindex or 0) + 1) if match.group(i)), 0)
            start, end = match.span(index)
            found.append(Finding(kind, start, end, match.group(index), reason))
    about = _about_patients(text)
    found = [f for f in found
             if not (f.kind == "ROOM" and not any(o <= f.start < o + len(t) for o, t in about)
                     or f.kind in ("NUMBER", "ID") and _own_number(text, f.start)
                     or f.kind == "AGE" and _OLD_THING.match(text, f.end))]
    found += _names(text)
    found += _dates(text, about)
    found = [f for f in found
             if not (f.kind == "ADDRESS" and _PLACE_BEFORE.search(text[max(f.start - 30, 0):f.start]))]
    if tags:
        found += [Finding("NUMBER", m.start(), m.end(), m.group(), "a number as a tag")
                  for m in _TAG.finditer(text) if sum(c.isdigit() for c in m.group()) >= 4]
    known = {f.text for f in found if f.kind == "NAME"} | set(names)
    words = {w for name in known for w in name.split() if len(w) >= 3 and not _not_a_name(w)}
    for name in sorted(known | words, key=len, reverse=True):
        if len(name) < 2:
            continue
        # in any case among tags ("okafor"); as written in text, where "will" is not "Mr. Will"
        for match in re.finditer(rf"(?<!\w){re.escape(name)}(?!\w)", text, re.I if tags else 0):
            found.append(Finding("NAME", match.start(), match.end(), match.group(),
                                 "the same name, mentioned again"))
    found.sort(key=lambda f: (f.start, -(f.end - f.start)))
    kept: list[Finding] = []
    for finding in found:
        if kept and finding.start < kept[-1].end:
            continue
        kept.append(finding)
    return kept


def entry_text(entry: JournalEntry) -> str:
    """All of an entry a person typed, to scan: title, text and tags."""
    return "\n".join((entry.title, entry.body, ", ".join(entry.tags)))


def redact(text: str, findings: list[Finding]) -> str:
    """``text`` with each finding replaced by its placeholder, such as ``[NAME]``."""
    out = text
    for finding in sorted(findings, key=lambda f: f.start, reverse=True):
        out = out[:finding.start] + finding.placeholder + out[finding.end:]
    return out
