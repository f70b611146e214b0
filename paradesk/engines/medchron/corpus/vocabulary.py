"""The words records are made of: names, facilities, injuries, codes and fees.

Every person and place here is invented. Diagnoses are listed by ICD-10-CM code only:
their descriptions come from simple_icd_10_cm when a case is written.
"""

from __future__ import annotations

from dataclasses import dataclass


def _rows(table: str) -> list[list[str]]:
    return [
        [cell.strip() for cell in line.split("|")]
        for line in table.strip().splitlines()
    ]


def _words(text: str) -> tuple[str, ...]:
    return tuple(text.split())


def _items(text: str) -> tuple[str, ...]:
    return tuple(item.strip() for item in text.strip().split(";"))


FIRST_NAMES = _words("""
    Maria James Aisha Daniel Keisha Robert Mei Carlos Erin Samuel Priya Thomas Lauren
    Marcus Nadia Victor Hannah Omar Rachel Trevor Yolanda Kevin Sofia Derek Imani
    Grant
    Leah Rafael Tamara Wesley Jenna Andre Colleen Hector Ana Bianca Felix Renee
""")
LAST_NAMES = _words("""
    Harper Okafor Lindqvist Delgado Brennan Castillo Whitfield Nakamura Pruitt
    Abernathy
    Solano Kowalczyk Fairbanks Mbeki Gallagher Thornton Vasquez Ellison Marchetti
    Quinlan
    Rasmussen Oyelaran Pendergast Tran Haddad Sorensen Beaumont Achebe Kincaid Moreau
    Lattimore Cavanagh Dunmore Strickland Ibarra Halvorsen Petrakis Winslow
""")
PLACES = _items("""
    Cedar Ridge; Lakeshore; Millbrook; Stonebridge; Willow Creek; Harbor View;
    Oak Hollow;
    Fairmont; Pine Valley; Northgate; Ashford; Maple Grove; Bayside; Kingsley;
    Silver Lake; Granite Falls; Red Oak; Elm Crossing
""")
STREETS = _items("Parkway; Medical Plaza Dr; Main St; Commerce Blvd; Hospital Dr")

# visit type | short file-name word | credentials | facility name patterns
_PROVIDER_KINDS = _rows("""
emergency | ER | MD, DO, MD | {} Regional Medical Center; {} General Hospital
urgent care | UrgentCare | MD, NP, PA-C | {} Urgent Care; {} Immediate Care
primary care | PCP | MD, DO, NP | {} Family Medicine; {} Internal Medicine Associates
orthopedics | ortho | MD, DO, PA-C | {} Orthopaedic Associates; {} Bone & Joint
chiropractic | chiro | DC | {} Chiropractic; {} Spine & Wellness; {} Chiro & Rehab
physical therapy | PT | PT/DPT, DPT, PT | {} Physical Therapy; {} Rehab & Performance
imaging | imaging | MD | {} Imaging Center; {} Diagnostic Imaging; {} Open MRI
pain management | pain_mgmt | MD, DO | {} Pain Management; {} Spine & Pain Institute
neurology | neuro | MD, DO | {} Neurology Associates; {} Neuroscience Clinic
surgery | surgery | MD, DO | {} Spine Surgery Center; {} Surgical Specialists
""")
VISIT_TYPES = tuple(row[0] for row in _PROVIDER_KINDS)
FILE_WORDS = {row[0]: row[1] for row in _PROVIDER_KINDS}
CREDENTIALS = {
    row[0]: tuple(c.strip().replace("/", ", ") for c in row[2].split(","))
    for row in _PROVIDER_KINDS
}
FACILITY_PATTERNS = {row[0]: _items(row[3]) for row in _PROVIDER_KINDS}


@dataclass(frozen=True)
class Region:
    """One injured body part: how patients say it hurts and how it is coded."""

    name: str
    complaints: tuple[str, ...]
    absent: str  # how a note denies it when this part was not hurt
    acute: tuple[str, ...]  # ICD-10-CM codes for the first encounters
    later: tuple[str, ...]  # codes for follow-up care
    chiro: str  # the segmental dysfunction code a chiropractor adds
    findings: tuple[str, ...]
    imaging: tuple[str, str]  # CPT code and exam title
    impression: tuple[str, ...]  # radiology findings, as sentences


# name | complaints | denial | acute codes | later codes | chiro code | findings |
# imaging CPT; exam title | impression
_REGIONS = """
neck | neck pain; neck stiffness; pain radiating to the right arm | denies neck pain
  | S13.4XXA S16.1XXA | S13.4XXD M54.2 M50.20 M54.12 | M99.01
  | tenderness to palpation over the cervical paraspinals; decreased cervical range of
    motion; positive Spurling's test on the right; trapezius muscle spasm
  | 72141; MRI CERVICAL SPINE WITHOUT CONTRAST
  | C5-C6 broad-based posterior disc protrusion, 3 mm; Straightening of the lordosis
low back | low back pain; pain radiating into the left leg; lower back stiffness
  | no low back pain | S33.5XXA S39.012A | S33.5XXD M54.50 M51.26 M54.16 | M99.03
  | lumbar paraspinal muscle spasm; straight leg raise positive at 45 degrees on the
    left; decreased lumbar flexion; tenderness over the L4-S1 spinous processes
  | 72148; MRI LUMBAR SPINE WITHOUT CONTRAST
  | L4-L5 disc herniation, 4 mm, abutting the left L5 nerve root; L5-S1 annular fissure
mid back | mid back pain; upper back tightness | denies mid back pain
  | S23.3XXA S29.012A | M54.6 S23.3XXD | M99.02
  | thoracic paraspinal tenderness; rhomboid trigger points
  | 72146; MRI THORACIC SPINE WITHOUT CONTRAST | Mild T6-T7 disc bulge; No fracture
head | headache; dizziness; difficulty concentrating | negative for headache
  | S06.0X0A G44.319 | G44.309 R42 R51.9 | M99.00
  | slow to answer questions; impaired tandem gait
  | 70450; CT HEAD WITHOUT CONTRAST
  | No acute intracranial hemorrhage; No mass effect or midline shift
shoulder | right shoulder pain; pain lifting the right arm | no shoulder pain
  | S43.401A M25.511 | M25.511 S43.401D | M99.07
  | painful arc of the right shoulder; positive Neer impingement sign; tenderness at
    the AC joint | 73221; MRI RIGHT SHOULDER WITHOUT CONTRAST
  | Partial-thickness supraspinatus tear; Subacromial bursitis
knee | right knee pain; knee swelling | denies knee pain | S80.01XA M25.561
  | S83.241A M25.561 | M99.06
  | medial joint line tenderness; positive McMurray test; small knee effusion
  | 73721; MRI RIGHT KNEE WITHOUT CONTRAST
  | Tear of the posterior horn of the medial meniscus; Joint effusion
"""


def _regions() -> tuple[Region, ...]:
    # One region per line that does not start with blanks; blanks continue it.
    text = _REGIONS.strip().replace("\n  |", " |").replace("\n    ", " ")
    regions = []
    for cells in _rows(text):
        name, complaints, absent, acute, later, chiro, findings, imaging, impr = cells
        exam = _items(imaging)
        regions.append(
            Region(
                name,
                _items(complaints),
                absent,
                _words(acute),
                _words(later),
                chiro,
                _items(findings),
                (exam[0], exam[1]),
                _items(impr),
            )
        )
    return tuple(regions)


REGIONS = _regions()

# Stated "no" in a note: these words must never reach the complaint list.
NEGATIONS = _items("""
    denies loss of consciousness; no numbness or tingling; denies chest pain;
    no bowel or bladder dysfunction; denies abdominal pain; no shortness of breath;
    denies nausea or vomiting; no weakness in the extremities
""")
PAIN_STYLES = _items(
    "pain {}/10; VAS {}; rates pain {} out of 10; Pain score: {}/10; NPRS {}/10"
)
# kind of incident | how the patient tells it
MECHANISMS = _rows("""
motor vehicle collision | was the restrained driver, rear-ended at a stoplight
motor vehicle collision | was a front-seat passenger in a T-bone collision
slip and fall | slipped on a wet floor in a grocery store and fell backward
trip and fall | tripped over a raised sidewalk slab and fell onto the right side
motor vehicle collision | was struck on the driver side while turning left
""")

# CPT/HCPCS code | the provider's description | usual fee in dollars | UB-04 revenue
_PROCEDURES = _rows("""
99283 | ED visit, moderate severity | 640 | 0450
99284 | ED visit, high severity | 1180 | 0450
99285 | ED visit, high complexity | 1890 | 0450
72040 | X-ray cervical spine, 2-3 views | 260 | 0320
72100 | X-ray lumbar spine, 2-3 views | 240 | 0320
96372 | Therapeutic injection, IM | 95 | 0510
J1885 | Ketorolac tromethamine, per 15 mg | 38 | 0636
99203 | Office visit, new patient, low | 210 |
99204 | Office visit, new patient, moderate | 330 |
99213 | Office visit, established, low | 150 |
99214 | Office visit, established, moderate | 225 |
99215 | Office visit, established, high | 310 |
72141 | MRI cervical spine without contrast | 2100 | 0610
72148 | MRI lumbar spine without contrast | 2100 | 0610
72146 | MRI thoracic spine without contrast | 2050 | 0610
70450 | CT head without contrast | 1450 | 0350
73221 | MRI right shoulder without contrast | 1900 | 0610
73721 | MRI right knee without contrast | 1900 | 0610
20610 | Arthrocentesis/injection, major joint | 410 |
J3301 | Triamcinolone acetonide, 10 mg | 24 | 0636
98940 | Chiropractic manipulation, 1-2 regions | 65 |
98941 | Chiropractic manipulation, 3-4 regions | 85 |
98942 | Chiropractic manipulation, 5 regions | 105 |
97140 | Manual therapy, each 15 min | 70 |
97012 | Mechanical traction | 45 |
G0283 | Electrical stimulation, unattended | 40 |
97014 | Electrical stimulation, unattended | 40 |
97010 | Hot/cold packs | 25 |
97161 | PT evaluation, low complexity | 195 |
97162 | PT evaluation, moderate complexity | 240 |
97110 | Therapeutic exercise, each 15 min | 65 |
97112 | Neuromuscular re-education, each 15 min | 70 |
97530 | Therapeutic activities, each 15 min | 72 |
97035 | Ultrasound, each 15 min | 38 |
64483 | Transforaminal epidural injection, lumbar, single level | 2450 | 0360
62321 | Cervical interlaminar epidural injection with imaging | 2100 | 0360
20552 | Trigger point injection, 1-2 muscles | 380 |
J1030 | Methylprednisolone acetate, 40 mg | 32 | 0636
77003 | Fluoroscopic guidance, spine injection | 310 | 0320
95886 | Needle EMG, each extremity | 520 |
95910 | Nerve conduction studies, 7-8 studies | 890 |
63030 | Lumbar laminotomy with discectomy, one level | 18500 | 0360
22551 | Anterior cervical discectomy and fusion, C5-C6 | 42000 | 0360
29881 | Knee arthroscopy with medial meniscectomy | 9800 | 0360
99024 | Postoperative follow-up visit | 0 |
""")
PROCEDURES = {row[0]: (row[1], int(row[2])) for row in _PROCEDURES}
REVENUE_CODES = {row[0]: row[3] for row in _PROCEDURES if row[3]}
REVENUE_NAMES = {
    "0450": "EMERGENCY ROOM", "0320": "DX X-RAY", "0350": "CT SCAN", "0610": "MRI",
    "0510": "CLINIC", "0636": "DRUGS/DETAIL CODE", "0360": "OR SERVICES",
}  # fmt: skip

MEDICATIONS = _items("""
    Ibuprofen 800 mg PO TID PRN pain; Cyclobenzaprine 10 mg PO at bedtime;
    Naproxen 500 mg PO BID with food; Methocarbamol 750 mg PO QID PRN spasm;
    Tramadol 50 mg PO q6h PRN severe pain; Meloxicam 15 mg PO daily;
    Gabapentin 300 mg PO TID; Lidocaine 5% patch, 12 hours on/12 off;
    Acetaminophen 500 mg, 2 tabs q6h PRN; Tizanidine 4 mg PO at bedtime PRN
""")
RESTRICTIONS = _items("""
    No lifting over 10 lbs; Off work for 1 week; Light duty, no overhead work;
    No prolonged sitting over 30 minutes; No driving while taking muscle relaxants;
    Off work until re-evaluated; Modified duty, 4-hour shifts
""")
_RECOMMENDATIONS = _rows("""
emergency | Follow up with primary care in 3-5 days; Return for worsening symptoms
urgent care | Follow up with your doctor within 1 week; Orthopedic referral if no relief
primary care | Physical therapy 3x/week for 4 weeks; MRI if symptoms persist 4 weeks
orthopedics | MRI of the affected spine; Pain management referral; Follow up in 4 weeks
chiropractic | Continue chiropractic care 3x/week; Re-examination in 30 days
physical therapy | Continue PT 2-3x/week for 6 weeks; Progress home exercise program
imaging | Clinical correlation recommended; Consider flexion-extension views
pain management | Repeat injection in 3-4 weeks if partial relief; Medial branch blocks
neurology | Neuropsychological testing; Vestibular therapy referral
surgery | Post-operative PT in 2 weeks; No lifting over 5 lbs for 6 weeks
""")
RECOMMENDATIONS = {row[0]: _items(row[1]) for row in _RECOMMENDATIONS}

# Visits before the incident: complaint | ICD-10-CM code | finding.
PRIOR_VISITS = _rows("""
annual physical | Z00.00 | normal cardiopulmonary examination
sore throat | J02.9 | erythematous pharynx without exudate
blood pressure follow-up | I10 | blood pressure 142/88
intermittent neck stiffness | M54.2 | mild cervical paraspinal tightness
""")
INSURERS = _items("Granite Mutual Insurance; Keystone Casualty Co.; Blue Harbor Health")
LAW_FIRMS = _items("Whitaker & Lowe, PLLC; Soto Injury Law; Brandt Trial Lawyers, P.A.")
