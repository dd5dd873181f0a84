"""The patient-identifier scanner: what it must catch, and clinical text it must leave alone."""

from __future__ import annotations

import pytest

from usce_tui.core.journal.privacy import redact, scan

# (text, [(kind, matched text)]) -- every example is invented.
HITS = [
    ("Saw Mr. Alvarez on rounds.", [("NAME", "Alvarez")]),
    ("Mrs Okafor Bello was anxious.", [("NAME", "Okafor Bello")]),
    ("Ms. Chen asked about her scan.", [("NAME", "Chen")]),
    ("patient John Miller presented with chest pain", [("NAME", "John Miller")]),
    ("Pt. Rosa had a fall.", [("NAME", "Rosa")]),
    ("We called her daughter, Maria, to explain.", [("NAME", "Maria")]),
    ("his wife Lucia Perez stayed overnight", [("NAME", "Lucia Perez")]),
    ("DOB: 03/14/1952", [("DOB", "03/14/1952")]),
    ("born on 14 March 1952 in Texas", [("DOB", "14 March 1952")]),
    ("date of birth 1952-03-14", [("DOB", "1952-03-14")]),
    ("The patient was admitted on 02/11/2026 with sepsis.", [("DATE", "02/11/2026")]),
    ("She was discharged March 3, 2026 after two weeks.", [("DATE", "March 3, 2026")]),
    ("a 93-year-old woman with delirium", [("AGE", "93-year-old")]),
    ("Man, 101 yo, fall at home", [("AGE", "101 yo")]),
    ("aged 95 and living alone", [("AGE", "95")]),
    ("Call back at (312) 555-0147 tomorrow.", [("PHONE", "(312) 555-0147")]),
    ("fax 312-555-0199 for the records", [("PHONE", "312-555-0199")]),
    ("his son's number is +51 987 654 321", [("PHONE", "+51 987 654 321")]),
    ("emailed j.doe@example.org the results", [("EMAIL", "j.doe@example.org")]),
    ("lives at 1420 North Lake Shore Drive, Apt 5B", [("ADDRESS", "1420 North Lake Shore Drive, Apt 5B")]),
    ("moved from 22 Elm Street last year", [("ADDRESS", "22 Elm Street")]),
    ("Chicago, IL 60614 is where she lives", [("ZIP", "60614")]),
    ("zip code 02139", [("ZIP", "02139")]),
    ("MRN 1234567 flagged for follow-up", [("MRN", "1234567")]),
    ("medical record number: A-4471-22", [("MRN", "A-4471-22")]),
    ("account no. 88213-4", [("MRN", "88213-4")]),
    ("member ID 99812345", [("MRN", "99812345")]),
    ("the number 20418873 was on the wristband", [("ID", "20418873")]),
    ("wristband 20418873 was checked twice", [("NUMBER", "20418873")]),
    # What issue 16 saw slip through, one of each kind:
    ("His daughter, Maria, called the station twice.", [("NAME", "Maria")]),
    ("We admitted Rosa Delgado overnight for DKA.", [("NAME", "Rosa Delgado")]),
    ("Anjali Rao, 67, presented with chest pain.", [("NAME", "Anjali Rao")]),
    ("Our patient, Hamid Karimi, refused the prep.", [("NAME", "Hamid Karimi")]),
    ("she lives at 88 W. Birch St., Apt 4B with her son", [("ADDRESS", "88 W. Birch St., Apt 4B")]),
    ("copied his driver's licence D412-7739-0021 at triage", [("LICENCE", "D412-7739-0021")]),
    ("whose car had licence plate 7KJW392 in the bay", [("VEHICLE", "7KJW392")]),
    ("VIN 1HGCM82633A004352 from the crash report", [("VEHICLE", "1HGCM82633A004352")]),
    ("pacemaker serial PJN418822H interrogated", [("DEVICE", "PJN418822H")]),
    ("faxed the records to (646) 555-0110 today", [("PHONE", "(646) 555-0110")]),
    ("social security number 900 12 3456 for the forms", [("SSN", "900 12 3456")]),
    ("posts on instagram.com/rosa.d.recovery daily", [("URL", "instagram.com/rosa.d.recovery")]),
    # What a second newcomer found missed:
    ('I drew cultures on Yusuf Demir before starting vancomycin.', [('NAME', 'Yusuf Demir')]),
    ('Abuela Carmen, as the team called her, turned 92 on the ward.', [('NAME', 'Carmen'), ('AGE', '92')]),
    ("Tia Rosa, the patient's aunt, translated for us.", [('NAME', 'Rosa')]),
    ('Auntie Mercy brought jollof rice to the patient on the ward.', [('NAME', 'Mercy')]),
    ('The patient (Ortiz) refused the transfusion.', [('NAME', 'Ortiz')]),
    ('Patient name: Ngozi Adichie-Bello.', [('NAME', 'Ngozi Adichie-Bello')]),
    ('The Hernandez family asked for a meeting about hospice.', [('NAME', 'Hernandez')]),
    ('Met with the Okoro family about code status.', [('NAME', 'Okoro')]),
    ('La señora Gutiérrez lloraba porque su hijo Andrés no venía.',
     [('NAME', 'Gutiérrez'), ('NAME', 'Andrés')]),
    ('He turned ninety-one on the ward and we sang.', [('AGE', 'ninety-one')]),
    ('The patient was born on Christmas Day 1938.', [('DOB', 'Christmas Day 1938')]),
    ('Her Twitter handle @rosa_recovers posts about her chemo.', [('URL', '@rosa_recovers')]),
    ('Patient initials J.K., born 3/7/1961, came for a colonoscopy.',
     [('NAME', 'J.K.'), ('DOB', '3/7/1961')]),
    ('Ms. K, a 34-year-old with lupus, had new proteinuria.', [('NAME', 'K')]),
    ('Mr. Bekele came in with chest pain. Later Bekele was discharged on aspirin.',
     [('NAME', 'Bekele'), ('NAME', 'Bekele')]),
    # What a newcomer found missed (issue 16's review):
    ('Patient: Sarah Connor, admitted with pneumonia.', [('NAME', 'Sarah Connor')]),
    ("Patient's name was Linda Park.", [('NAME', 'Linda Park')]),
    ('Elderly man named Walter White with lung cancer.', [('NAME', 'Walter White')]),
    ('MR. HOLLOWAY had a seizure on the ward.', [('NAME', 'HOLLOWAY')]),
    ('Baby boy Garcia was born at 03:12 on 11/27/2026.', [('NAME', 'Garcia'), ('DATE', '11/27/2026')]),
    ('Her son-in-law Kevin drove her home.', [('NAME', 'Kevin')]),
    ('Don Eusebio Ccori had a femur fracture.', [('NAME', 'Eusebio Ccori')]),
    ('He is ninety-three years old and lives alone.', [('AGE', 'ninety-three years old')]),
    ('She turned 90 last week.', [('AGE', '90')]),
    ('She was born in March 1941 in Cusco.', [('DOB', 'March 1941')]),
    ('Her phone is 5552349876.', [('NUMBER', '5552349876')]),
    ('His WhatsApp is 987654321.', [('NUMBER', '987654321')]),
    ('Call her at (511) 987-654-321.', [('PHONE', '(511) 987-654-321')]),
    ('She lives on Calle Los Olivos 123, Lima.', [('ADDRESS', 'Calle Los Olivos 123')]),
    ('Her home is Av. Arequipa 1540, Miraflores.', [('ADDRESS', 'Av. Arequipa 1540')]),
    ('He lives on Jr. Union 456, Cercado de Lima.', [('ADDRESS', 'Jr. Union 456')]),
    ('He lives at 221B Baker Street.', [('ADDRESS', '221B Baker Street.')]),
    ('Mail goes to PO Box 4455, Tucson AZ 85701-1234.', [('ADDRESS', 'PO Box 4455'), ('ZIP', '85701-1234')]),
    ('His social security number ends in 6789.', [('SSN', '6789')]),
    ('The man in bed 7, Tony, was agitated.', [('ROOM', '7')]),
    ('Mr. and Mrs. Kowalski came in together.', [('NAME', 'Kowalski')]),
    ("Mrs. DeLuca's CT was clear.", [('NAME', 'DeLuca')]),
    ("SSN 123-45-6789 on the form", [("SSN", "123-45-6789")]),
    ("see https://portal.example.org/p/991 for the chart", [("URL", "https://portal.example.org/p/991")]),
    ("the monitor at 10.0.12.7 kept alarming", [("IP", "10.0.12.7")]),
    ("The patient in Room 412 had the isolation sign", [("ROOM", "412")]),
    ("moved to bed 7B overnight", [("ROOM", "7B")]),
    ("pt in rm #12, then bay 3", [("ROOM", "12"), ("ROOM", "3")]),
    ("Mr. Gomez in room 12, DOB 01/02/1930, MRN 7788990",
     [("NAME", "Gomez"), ("ROOM", "12"), ("DOB", "01/02/1930"), ("MRN", "7788990")]),
]

CLEAN = [
    "Gave 500 mg amoxicillin three times a day.",
    "BP 120/80, HR 88, SpO2 97% on room air.",
    "Hb 9.8 g/dL, K 3.5 mmol/L, creatinine 1.2, troponin 0.04.",
    "WBC 12000 and platelets 250000 on admission.",
    "In 2019 she had a similar episode.",
    "Rounds started at 07:30 and ended at 14:30.",
    "Step 2 CK is next month; Step 1 passed in 2025.",
    "ICD-10 I21.4 and J18.9 were the codes discussed.",
    "Feedback from Dr. Marsh: present the assessment before the plan.",
    "Dr. Haddad said my presentations are clearer now.",
    "The emergency room was busy all night.",
    "Bed rest was advised for two days.",
    "A 45-year-old man with chest pain; a 62 yo woman with dyspnea.",
    "There is room for improvement in my handovers.",
    "Patient education about inhalers took twenty minutes.",
    "The patient was anxious, so I slowed down.",
    "Titrated insulin by 2 units every 3 days.",
    "Learned the 5-2-1 rule for fluids; dose 0.5 mg/kg.",
    "USMLE Step 3 will come after the match.",
    "Our team of 4 residents saw 18 patients.",
    "Morning report on 24/11/2026 was about sepsis bundles.",
    "ECG showed ST elevation in V1-V4.",
    "Temperature 38.5 C, RR 22, GCS 15.",
    "Read the 2024 guideline on heart failure, pages 120-145.",
    "Glasgow Coma Scale 14 on arrival; we discussed Parkinson disease and Bell's palsy.",
    "We examined Murphy sign and talked about the Whipple procedure.",
    "My attending, Dr. Nwosu, saw the patient with me; Resident Dr. Kim checked my note.",
    "Priya, the PGY-1, showed me the order sets.",
    "Na 128, K 5.9, Cr 2.1, Plt 96 this morning.",
    "On March 3, 2026 I presented at grand rounds.",
    "Coded it as CPT 99223 and ICD-10 I50.9; pager 2231.",
    "Started Keppra 500 mg and Lasix 40 mg IV.",
    # What a second newcomer found flagged wrongly:
    'Visited Johns Hopkins and Mount Sinai during the interview trip.',
    'Our social worker, Mr. Banda, arranged transport home.',
    'Our preceptor, Mrs. Oduya, is a nurse practitioner.',
    'Called my program coordinator, Ms. Diaz, about my visa letter.',
    'Sister Theresa, the hospital chaplain, prayed with the family.',
    'The hospital at 1500 Main Street has a big simulation center.',
    'Rounded with Sarah, our chief resident, on the wards.',
    'I called my mother, Rosa, after the shift.',
    'Patient Safety Week at Mercy General was fun.',
    'We admitted Friday evening four patients.',
    'Named after Dr. Apgar, the score is simple.',
    'Patient navigator Jorge helped with the forms.',
    # What a newcomer found flagged wrongly (issue 16's review):
    'Penicillin G 24000000 units per day for neurosyphilis.',
    'PMID 31234567 was the trial.',
    'DOI 10.1056/NEJMoa2034577 is the paper.',
    'My ERAS ID is 2027123456.',
    'Patient Experience scores were low.',
    'Patient Satisfaction surveys arrived.',
    'Patient Portal training today.',
    'The Patient Advocate office called.',
    "Father's Day is next week.",
    'Mr. Bones, the therapy dog, visited.',
    'Mrs. Varga, the clinic manager, helped.',
    'Met Ms. Rivera, the program coordinator.',
    'Mrs. Chen, our program director, called.',
    'Mr. Davis from HR sent forms.',
    'My daughter, Sofia, called.',
    'My sister, Lucia, visited.',
    'My mother, Carmen, cooked.',
    'My brother Diego called.',
    'Grand rounds were held in Room 204.',
    'Room 5 of the library.',
    'Bed 5 is reserved for isolation.',
    'The 100-year-old hospital building is beautiful.',
]


@pytest.mark.parametrize("text, expected", HITS, ids=[t for t, _ in HITS])
def test_identifiers_are_found(text: str, expected: list[tuple[str, str]]) -> None:
    assert [(f.kind, f.text) for f in scan(text)] == expected
    assert all(f.reason for f in scan(text))


@pytest.mark.parametrize("text", CLEAN)
def test_clinical_text_is_left_alone(text: str) -> None:
    assert scan(text) == []


def test_redact_replaces_each_finding_with_its_placeholder() -> None:
    text = "Mr. Gomez in room 12, DOB 01/02/1930, MRN 7788990, call (312) 555-0147."
    assert redact(text, scan(text)) == "Mr. [NAME] in room [ROOM], DOB [DOB], MRN [MRN], call [PHONE]."
    assert scan(redact(text, scan(text))) == []


def test_redact_only_the_chosen_findings() -> None:
    text = "Ms. Chen in bed 4"
    findings = scan(text)
    assert redact(text, [findings[1]]) == "Ms. Chen in bed [ROOM]"


def test_a_name_found_once_is_found_wherever_the_entry_mentions_it() -> None:
    text = "Mr. Rosa Delgado came in. Later Delgado was discharged; Delgado's son called."
    assert [f.text for f in scan(text)] == ["Rosa Delgado", "Delgado", "Delgado"]
    assert redact(text, scan(text)) == "Mr. [NAME] came in. Later [NAME] was discharged; [NAME]'s son called."
    assert [f.text for f in scan("Mr. Will said he will walk.")] == ["Will"]  # a name, not the verb


def test_in_tags_a_number_stands_alone_and_names_from_the_text_are_found() -> None:
    tags = "followup, okafor, 60614, rosa delgado, 555-0142"
    found = scan(tags, {"Okafor", "Rosa Delgado"}, tags=True)
    assert [(f.kind, f.text) for f in found] == [
        ("NAME", "okafor"), ("NUMBER", "60614"), ("NAME", "rosa delgado"), ("NUMBER", "555-0142")]
