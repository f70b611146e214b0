"""A hospital chart and an outpatient therapy log in the shapes other people print them
(learnt from the blind `hospital_course` corpus: each case here is written anew, none
is copied from it)."""

from __future__ import annotations

from datetime import date

from paradesk.engines.medchron.classify import classify_page
from paradesk.engines.medchron.models import PageKind, PageText
from paradesk.engines.medchron.pipeline import build, read_document
from paradesk.engines.medchron.providers import find_clinicians

FOOTER = """Riverside Medical Center
12 Harbor Road - Easton, OH 44012
Patient: Marcus Lee D.O.B.: 04-11-1979 Acct: 5531"""


def _visits(pages: list[str], name: str = "chart.pdf") -> list[tuple[date, str]]:
    found, _ = read_document(
        name, [PageText(name, number, text) for number, text in enumerate(pages, 1)]
    )
    return [
        (e.date, e.provider or "") for e in found if e.kind.value == "visit" and e.date
    ]


def test_a_date_of_birth_after_the_patients_name_is_no_osteopath() -> None:
    assert find_clinicians("Patient: Marcus Lee D.O.B.: 04-11-1979") == []
    assert [c.display for c in find_clinicians("Marcus Lee, D.O. saw him")] == [
        "Marcus Lee, DO"
    ]


def test_each_note_of_the_admission_day_is_its_own_clinicians_visit() -> None:
    emergency = f"""EMERGENCY DEPARTMENT PHYSICIAN RECORD
ED Provider Note - 03-02-2023 10:15 - Rita Gomez, MD
HPI
Driver in a rear-end collision, neck pain.
IMPRESSION
S13.4XXA Sprain of ligaments of cervical spine, initial encounter
{FOOTER}"""
    history = f"""HISTORY AND PHYSICAL
Date of Service: 03-02-2023 Attending: Owen Price, MD
CHIEF COMPLAINT
Neck pain.
ASSESSMENT AND PLAN
Admit for observation.
{FOOTER}"""
    consult = f"""NEUROSURGERY CONSULTATION
Consult date: 03-02-2023 Consultant: Ines Novak, MD
Recommendation: collar, no surgery.
{FOOTER}"""
    assert _visits([emergency, history, consult]) == [
        (date(2023, 3, 2), "Rita Gomez, MD"),
        (date(2023, 3, 2), "Owen Price, MD"),
        (date(2023, 3, 2), "Ines Novak, MD"),
    ]


def test_progress_notes_headed_title_date_service_author_are_visits() -> None:
    page = f"""PROGRESS NOTES
Daily Progress Note | 03-03-2023 | Hospital Medicine
| Owen Price, MD
S: Pain 4/10.
-- O. Price, MD
Subsequent Hospital Care | 03-03-2023 |
Neurosurgery | Ines Novak, MD
S: Neck stiff, arms strong.
-- I. Novak, MD
Progress Note | 03-04-2023 | Hospital Medicine |
Owen Price, MD
S: Ready for discharge.
{FOOTER}"""
    assert _visits([page]) == [
        (date(2023, 3, 3), "Owen Price, MD"),
        (date(2023, 3, 3), "Ines Novak, MD"),
        (date(2023, 3, 4), "Owen Price, MD"),
    ]


def test_a_discharge_summary_is_dated_by_its_discharge_not_its_admission() -> None:
    page = f"""DISCHARGE SUMMARY
Discharge Date: 03-05-2023
Admission Date 03-02-2023
Attending Owen Price, MD
HOSPITAL COURSE
Observed overnight, collar fitted.
{FOOTER}"""
    assert _visits([page]) == [(date(2023, 3, 5), "Owen Price, MD")]


def test_a_therapy_log_names_rows_by_its_key_and_skips_cancelled_rows() -> None:
    page = """Harbor Physical Therapy
88 Pier Street - Easton, OH 44012
Patient: Marcus Lee D.O.B.: 04-11-1979 Acct: 5531
DAILY TREATMENT FLOW SHEET
Date Visit# Ther. Pain Interventions (CPT x units) Min Response
10-Apr-2023 1 JK 6/10 97110 x3 ther ex, 97140 x1 manual 60 Tolerated well
12-Apr-2023 2 JK 5/10 97110 x3 ther ex 45 Progressed reps
17-Apr-2023 - - - Pt cancelled - no charge 0 Called to reschedule
19-Apr-2023 3 AL 4/10 97110 x2 ther ex, 97530 x1 ther act 55 Improved gait
Therapist key: AL = Ana Lopez, DPT; JK = Jon Kim, PTA
"""
    assert _visits([page], "pt.pdf") == [
        (date(2023, 4, 10), "Jon Kim, PTA"),
        (date(2023, 4, 12), "Jon Kim, PTA"),
        (date(2023, 4, 19), "Ana Lopez, DPT"),
    ]


def test_an_insurers_explanation_of_benefits_is_neither_a_visit_nor_a_bill() -> None:
    page = """ACME HEALTH PLAN - EXPLANATION OF BENEFITS
THIS IS NOT A BILL
Member Marcus Lee
Provider: Harbor Physical Therapy Claim # 2231
Service dates Billed Not covered / discount Allowed Plan paid You owe
04/10/2023 - 04/19/2023 1,200.00 400.00 800.00 640.00 160.00
"""
    assert classify_page(page).kind is PageKind.CUSTODIAN
    chronology = build([("eob.pdf", [PageText("eob.pdf", 1, page)])])
    assert chronology.encounters == ()
    assert chronology.bills == ()


UB04 = """UB-04 CMS-1450
1 BILLING PROVIDER 3a PAT CNTL # 4 TYPE OF
BILL
6 STATEMENT COVERS PERIOD
Riverside Medical Center 12 Harbor
Road Easton, OH 44012
450354895 0111 FROM 030223 THROUGH 030523
8 PATIENT NAME 10 BIRTHDATE 11 SEX 12 ADMISSION DATE
LEE, MARCUS 04111979 M 030223
42 REV CD 43 DESCRIPTION 44 HCPCS/RATES 45 SERV DATE 46 UNITS 47 TOTAL CHARGES
0450 EMERGENCY ROOM 99285 030223 1 2,900.00
0120 ROOM-BOARD/SEMI 030223 3 8,100.00
0001 TOTAL CHARGES 11,000.00
"""

GROUP_STATEMENT = """RIVERSIDE MEDICAL CENTER HOSPITALIST MEDICINE GROUP
Hospital medicine professional fees Statement date 20-Apr-2023
Patient: Marcus Lee Account 5531
Date of Service CPT Description Units Charge
02-Mar-2023 99223 Initial hospital care 1 485.00
03-Mar-2023 99232 Subsequent hospital care 1 198.00
Total charges 683.00
Balance due 683.00
"""


def test_a_ub04_is_billed_by_box_one_and_a_hospitalist_group_is_not_the_hospital() -> (
    None
):
    history = f"""HISTORY AND PHYSICAL
Date of Service: 03-02-2023 Attending: Owen Price, MD
Admit for observation.
{FOOTER}"""
    chronology = build(
        [
            ("chart.pdf", [PageText("chart.pdf", 1, history)]),
            (
                "bills.pdf",
                [
                    PageText("bills.pdf", 1, UB04),
                    PageText("bills.pdf", 2, GROUP_STATEMENT),
                ],
            ),
        ]
    )
    assert sorted((bill.provider, bill.charges_cents) for bill in chronology.bills) == [
        ("Riverside Medical Center", 1_100_000),
        ("Riverside Medical Center Hospitalist Medicine Group", 68_300),
    ]


def test_a_footer_names_the_facility_and_an_office_alone_does_not() -> None:
    from paradesk.engines.medchron.providers import facility_from_letterhead

    cover = """HEALTH INFORMATION MANAGEMENT - RELEASE OF INFORMATION
Patient Marcus Lee
Records enclosed Face sheet; emergency department record
"""
    assert facility_from_letterhead(cover) is None
    assert facility_from_letterhead(f"PROGRESS NOTES\nS: better.\n{FOOTER}") == (
        "Riverside Medical Center"
    )
    log = """PATIENT PRESCRIPTION HISTORY / DISPENSING LOG
Total price 104.49
Medi-Save Pharmacy #4420
6004 Main Street, Port Ellis, MI 17022 Tel (464) 209-9066
"""
    assert facility_from_letterhead(log) == "Medi-Save Pharmacy #4420"
    assert facility_from_letterhead(
        "HOLY NAME MEMORIAL HOSPITAL HOSPITALIST MEDICINE GROUP\n"
        "Hospital medicine professional fees Statement date 07/05/2023\n"
    ) == ("Holy Name Memorial Hospital Hospitalist Medicine Group")
    assert facility_from_letterhead(
        "Hometown Apothecary #1306 fs\n1238 Main Street, Easton, OH 44012\n"
    ) == ("Hometown Apothecary #1306")
    # A claim form's row of boxes is no store's name and number.
    assert facility_from_letterhead(
        "1 MILLBROOK GENERAL HOSPITAL 3a PAT CNTL # 795619\n4 TYPE OF BILL 0131\n"
    ) != ("1 MILLBROOK GENERAL HOSPITAL 3a PAT CNTL # 795619")


def test_follow_up_headings_with_their_dates_first_open_visits() -> None:
    page = """Harbor Orthopaedic Associates
88 Pier Street - Easton, OH 44012
12-Apr-2023 - Follow-up - Sofia King, MD
Subjective: Shoulder better, sling off.
Assessment: Healing fracture of the right humerus.
Plan: Outpatient physical therapy.
26-Apr-2023 - Follow-up - Sofia King, MD
Subjective: Range of motion improving.
Plan: Continue therapy.
"""
    assert _visits([page], "ortho.pdf") == [
        (date(2023, 4, 12), "Sofia King, MD"),
        (date(2023, 4, 26), "Sofia King, MD"),
    ]


def test_a_statement_whose_dates_wrap_before_the_year_keeps_its_charges() -> None:
    page = """HARBOR EMERGENCY PHYSICIANS, P.A.
Professional services Statement date June 8th, 2023
Patient: Marcus Lee Account 586217
Date of
Service
CPT Description Units Charge
March 2nd,
2023
99285 ED visit, high complexity 1 1,601.00
Total charges 1,601.00
Payments (0.00)
Balance due 1,601.00
"""
    chronology = build([("bills.pdf", [PageText("bills.pdf", 1, page)])])
    assert [(b.charges_cents, b.reconciled) for b in chronology.bills] == [
        (160_100, True)
    ]


def test_a_pharmacy_log_is_the_pharmacys_bill_with_each_payers_part() -> None:
    page = """Corner Drug #5685
2276 Medical Park Blvd, Easton, OH 44012 Tel (280) 908-6361
PATIENT PRESCRIPTION HISTORY / DISPENSING LOG
Patient: Marcus Lee DOB 4/11/79
Filled Rx # NDC Drug Qty Days Prescriber Price Plan paid Copay
3/3/23 6954774 00904-6723-60 ACETAMINOPHEN 500 MG 100 16 PRICE, OWEN MD 8.99 5.99 3.00
3/5/23 6747596 00406-0552-01 OXYCODONE HCL 5 MG TAB 30 7 PRICE, OWEN MD 24.50 19.45 5.05
Total price 33.49
Plan paid 25.44
Patient paid 8.05
Balance 0.00
"""
    chronology = build([("rx.pdf", [PageText("rx.pdf", 1, page)])])
    assert [
        (b.provider, b.charges_cents, b.payments_cents, b.reconciled)
        for b in chronology.bills
    ] == [("Corner Drug #5685", 3_349, 3_349, True)]


def test_an_encounter_table_keeps_every_row_whatever_its_type_says() -> None:
    from paradesk.engines.medchron.anchors import find_anchors

    lines = [
        "Encounter Date Type Provider Location",
        "05/25/2017 Encounter for check up (procedure) Okafor, Ada MD Harbor Clinic",
        "09/21/2017 Encounter for symptom Okafor, Ada MD Harbor Clinic",
        "10/17/2017 Encounter for symptom Okafor, Ada MD Harbor Clinic",
    ]
    assert [anchor.value for anchor in find_anchors(lines)] == [
        date(2017, 5, 25),
        date(2017, 9, 21),
        date(2017, 10, 17),
    ]


def test_a_heading_of_author_then_date_and_time_opens_each_note() -> None:
    pages = [
        f"""{head}
Department: Riverside Medical Center
REASON FOR VISIT
Encounter for symptom
ASSESSMENT
Sprain of ankle (S93.409A)
PLAN
Rest and ice.
Electronically signed by Owen Price, MD on {signed}
"""
        for head, signed in (
            ("OWEN PRICE, MD - April 18, 2017 7:21 AM", "April 18, 2017 8:38 AM"),
            ("Owen Price, MD - June 5, 2017 7:21 AM", "June 5, 2017 8:38 AM"),
        )
    ]
    assert _visits(pages) == [
        (date(2017, 4, 18), "Owen Price, MD"),
        (date(2017, 6, 5), "Owen Price, MD"),
    ]


def test_diagnosis_codes_at_line_ends_do_not_make_a_note_a_bill() -> None:
    visits = "\n".join(
        f"DOS: 4/{day}/19 Visit #{n} Provider: Maya Keebler, DC\n"
        f"S: Neck pain {n}/10.\nA: Improving.\nDx: S13.4XXA, M99.01\n"
        f"Signed: Keebler, Maya DC 4/{day}/19 14:47"
        for n, day in enumerate((1, 3, 8, 11, 15, 18), 2)
    )
    page = f"Patient: WILLIAMSON, MELONY DOB: 8/8/80 Cornerstone Chiropractic\n{visits}"
    assert classify_page(page).kind is not PageKind.BILL
    assert len(_visits([page], "chiro.pdf")) == 6


def test_a_referral_retelling_another_clinicians_visit_is_not_this_notes_date() -> None:
    from paradesk.engines.medchron.anchors import find_anchors

    lines = [
        "PHYSICAL THERAPY INITIAL EVALUATION",
        "Referred by Dr. Yusuf Schiller following visit on 08/28/2017.",
        "Date of Service: 09/05/2017",
    ]
    assert [anchor.value for anchor in find_anchors(lines)] == [date(2017, 9, 5)]


def test_names_with_accented_letters_are_clinicians() -> None:
    assert [
        c.display for c in find_clinicians("Treating Provider: Sancho Valdés, MD")
    ] == ["Sancho Valdés, MD"]
    assert [c.display for c in find_clinicians("JIMÉNEZ, EMILIA MD")] == [
        "Emilia Jiménez, MD"
    ]


def test_the_clinician_a_notes_heading_names_outranks_a_referring_doctor() -> None:
    page = """HARBOR PHYSICAL THERAPY & REHAB
315 Pier Street, Easton, OH 44012
Pt Name DOB Referring MD Onset/DOI
Lee, Marcus April 11, 1979 Joseph Hackett, MD 02/25/2023
28-Mar-2023 — Physical Therapy Initial Evaluation — Ana Fadel, PT
SUBJECTIVE: neck pain after a collision.
ASSESSMENT: impairments in ROM and strength.
PLAN: Physical therapy 2 times per week for 6 weeks.
"""
    assert _visits([page], "pt.pdf") == [(date(2023, 3, 28), "Ana Fadel, PT")]


def test_the_date_under_a_reports_closing_signature_is_no_visit() -> None:
    from paradesk.engines.medchron.anchors import find_anchors

    closing = [
        "3. The claimant has reached maximum medical improvement.",
        "Emilia Jiménez, M.D., Diplomate, American Board of Orthopaedic Surgery",
        "Date: 07/01/2022",
        "Page 2 of 2",
    ]
    assert find_anchors(closing) == []
    # An attestation marks a signature even when OCR moved the page's text after it.
    jumbled = [
        "Margaret Herzog, M.D., Diplomate, American Board of Orthopaedic Surgery",
        "Date: 05/23/2023",
        "OPINIONS",
        "1. Causation: soft-tissue injuries.",
        "2. Treatment reasonable through 12 weeks.",
        "3. Maximum medical improvement.",
    ]
    assert find_anchors(jumbled) == []
    opening = [
        "Provider: Ana Fadel, PT",
        "Date: 04/05/2022",
        "S: neck pain 4/10.",
        "O: ROM improved.",
        "A: progressing.",
        "P: continue plan.",
    ]
    assert [anchor.value for anchor in find_anchors(opening)] == [date(2022, 4, 5)]


def test_a_wrapped_credential_still_names_the_emergency_physician() -> None:
    from paradesk.engines.medchron.providers import names_with_roles

    cell = "2021-05-09 Warren S. Dasgupta,\nD.O.\nEmergency Visit Cedar Falls"
    assert [item.clinician.display for item in names_with_roles(cell)] == [
        "Warren Dasgupta, DO"
    ]
    emergency = """Riverbend Medical Center
4349 Founders Way, Cedar Falls, TX 34388
EMERGENCY DEPARTMENT REPORT
Arrival: 2021-05-09 09:47
Encounter Date Provider Visit Type Location
2021-05-09 Warren S. Dasgupta,
D.O.
Emergency Visit Cedar Falls
CHIEF COMPLAINT: Motor vehicle accident.
ASSESSMENT: Cervical strain.
"""
    radiology = """Riverbend Medical Center
4349 Founders Way, Cedar Falls, TX 34388
RADIOLOGY REPORT
Exam Date: 2021-05-09
CT CERVICAL SPINE WITHOUT CONTRAST
IMPRESSION: No fracture.
Interpreted by: Umar Valdivia, MD
"""
    chronology = build(
        [
            (
                "er.pdf",
                [PageText("er.pdf", 1, emergency), PageText("er.pdf", 2, radiology)],
            )
        ]
    )
    assert sorted(
        (e.date, e.provider) for e in chronology.encounters if e.is_visit
    ) == [
        (date(2021, 5, 9), "Umar Valdivia, MD"),
        (date(2021, 5, 9), "Warren Dasgupta, DO"),
    ]
