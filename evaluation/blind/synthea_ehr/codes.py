"""Hand-checked code tables: SNOMED (Synthea) -> ICD-10-CM, CPT fees, name pools.

Every ICD-10-CM code below is checked at import time against ``simple_icd_10_cm``
(valid and billable leaf).  Descriptions printed on records come from the same
library so that what is printed is exactly the official title.
"""

from __future__ import annotations

import simple_icd_10_cm as icd

# Synthea SNOMED condition code -> ICD-10-CM.  Only mappings whose meaning
# matches without guessing laterality or site are listed; everything else is
# printed without an ICD code.
SNOMED_TO_ICD10: dict[str, str] = {
    "72892002": "Z34.90",  # Normal pregnancy
    "10509002": "J20.9",  # Acute bronchitis
    "444814009": "J01.90",  # Viral sinusitis
    "195662009": "J02.9",  # Acute viral pharyngitis
    "162864005": "E66.9",  # BMI 30+ - obesity
    "408512008": "E66.01",  # BMI 40+ - severely obese
    "15777000": "R73.03",  # Prediabetes
    "38341003": "I10",  # Hypertension
    "59621000": "I10",  # Essential hypertension
    "19169002": "O03.9",  # Miscarriage in first trimester
    "44465007": "S93.409A",  # Sprain of ankle
    "70704007": "S63.509A",  # Sprain of wrist
    "271737000": "D64.9",  # Anemia
    "40055000": "J32.9",  # Chronic sinusitis
    "301011002": "N39.0",  # E. coli urinary tract infection
    "197927001": "N39.0",  # Recurrent urinary tract infection
    "38822007": "N30.90",  # Cystitis
    "55822004": "E78.5",  # Hyperlipidemia
    "302870006": "E78.1",  # Hypertriglyceridemia
    "39848009": "S13.4XXA",  # Whiplash injury to neck
    "64859006": "M81.0",  # Osteoporosis
    "62106007": "S06.0X0A",  # Concussion with no loss of consciousness
    "62564004": "S06.0X9A",  # Concussion with loss of consciousness
    "110030002": "S06.0X9A",  # Concussion injury of brain
    "43878008": "J02.0",  # Streptococcal sore throat
    "283371005": "S51.819A",  # Laceration of forearm
    "283385000": "S71.119A",  # Laceration of thigh
    "284551006": "S91.319A",  # Laceration of foot
    "284549007": "S61.419A",  # Laceration of hand
    "370247008": "S01.81XA",  # Facial laceration
    "65363002": "H66.90",  # Otitis media
    "68496003": "K63.5",  # Polyp of colon
    "713197008": "K62.1",  # Recurrent rectal polyp
    "44054006": "E11.9",  # Diabetes (type 2 in Synthea's module)
    "127013003": "E11.21",  # Diabetic renal disease
    "368581000119106": "E11.40",  # Neuropathy due to type 2 diabetes
    "74400008": "K37",  # Appendicitis
    "428251008": "Z90.49",  # History of appendectomy
    "35999006": "O02.0",  # Blighted ovum
    "398254007": "O14.90",  # Preeclampsia
    "198992004": "O15.00",  # Antepartum eclampsia
    "79586000": "O00.109",  # Tubal pregnancy
    "65966004": "S52.90XA",  # Fracture of forearm
    "16114001": "S82.899A",  # Fracture of ankle
    "58150001": "S42.009A",  # Fracture of clavicle
    "33737001": "S22.39XA",  # Fracture of rib
    "359817006": "S72.009A",  # Closed fracture of hip
    "443165006": "M80.00XA",  # Pathological fracture due to osteoporosis
    "201834006": "M19.049",  # Localized, primary osteoarthritis of the hand
    "239873007": "M17.9",  # Osteoarthritis of knee
    "239872002": "M16.9",  # Osteoarthritis of hip
    "444470001": "S83.519A",  # Injury of anterior cruciate ligament
    "444448004": "S83.419A",  # Injury of medial collateral ligament of knee
    "307731004": "S46.019A",  # Injury of tendon of the rotator cuff
    "196416002": "K01.1",  # Impacted molars
    "367498001": "J30.2",  # Seasonal allergic rhinitis
    "82423001": "G89.29",  # Chronic pain
    "80394007": "R73.9",  # Hyperglycemia
    "237602007": "E88.810",  # Metabolic syndrome X
    "410429000": "I46.9",  # Cardiac arrest
    "429007001": "Z86.74",  # History of cardiac arrest
    "53741008": "I25.10",  # Coronary heart disease
    "22298006": "I21.9",  # Myocardial infarction
    "399211009": "I25.2",  # History of myocardial infarction
    "195967001": "J45.909",  # Asthma
    "233678006": "J45.909",  # Childhood asthma
    "24079001": "L20.9",  # Atopic dermatitis
    "40275004": "L25.9",  # Contact dermatitis
    "449868002": "F17.210",  # Smokes tobacco daily
    "26929004": "G30.9",  # Alzheimer's disease
    "49436004": "I48.91",  # Atrial fibrillation
    "88805009": "I50.9",  # Chronic congestive heart failure
    "185086009": "J44.9",  # Chronic obstructive bronchitis
    "87433001": "J43.9",  # Pulmonary emphysema
    "230690007": "I63.9",  # Stroke
    "84757009": "G40.909",  # Epilepsy
    "5602001": "F11.10",  # Opioid abuse
    "7200002": "F10.20",  # Alcoholism
    "370143000": "F32.9",  # Major depression disorder
    "36923009": "F32.9",  # Major depression, single episode
    "47505003": "F43.10",  # Posttraumatic stress disorder
    "192127007": "F90.9",  # Child attention deficit disorder
    "124171000119105": "G43.719",  # Chronic intractable migraine without aura
    "68235000": "J33.9",  # Nasal polyp
    "69896004": "M06.9",  # Rheumatoid arthritis
    "95417003": "M79.7",  # Primary fibromyalgia syndrome
    "90560007": "M10.9",  # Gout
    "431855005": "N18.1",  # Chronic kidney disease stage 1
    "431856006": "N18.2",  # Chronic kidney disease stage 2
    "433144002": "N18.30",  # Chronic kidney disease stage 3
    "254837009": "C50.919",  # Malignant neoplasm of breast
    "363406005": "C18.9",  # Malignant tumor of colon
    "92691004": "D07.5",  # Carcinoma in situ of prostate
}

# Codes used for the invented post-incident visits.
INJURY_CODES: tuple[str, ...] = (
    "S13.4XXA",
    "S13.4XXD",
    "S16.1XXA",
    "S16.1XXD",
    "S33.5XXA",
    "S33.5XXD",
    "S39.012A",
    "S39.012D",
    "S23.3XXA",
    "S29.012A",
    "S40.011A",
    "S40.012A",
    "S80.01XA",
    "S80.02XA",
    "S20.211A",
    "S20.212A",
    "S06.0X0A",
    "S06.0X0D",
    "G44.309",
    "M54.2",
    "M54.50",
    "M54.6",
    "M54.12",
    "M54.16",
    "M62.830",
    "M50.221",
    "M51.26",
    "M99.01",
    "M99.02",
    "M99.03",
    "M25.511",
    "M25.512",
    "R42",
    "V43.52XA",
    "V43.52XD",
    "Z04.1",
    "V43.62XA",
    "V43.62XD",
    "M50.222",
    "M50.223",
    "M51.27",
    "S29.012D",
    "S23.3XXD",
    "G44.319",
)


def icd_title(code: str) -> str:
    """Official ICD-10-CM title of ``code``."""
    return str(icd.get_description(code))


def _check_codes() -> None:
    for code in (*SNOMED_TO_ICD10.values(), *INJURY_CODES):
        if not (icd.is_valid_item(code) and icd.is_leaf(code)):
            raise ValueError(f"not a billable ICD-10-CM code: {code}")


_check_codes()

# CPT/HCPCS code -> (short description as printed on bills, fee in cents).
CPT: dict[str, tuple[str, int]] = {
    "99282": ("ED visit, low complexity", 42500),
    "99283": ("ED visit, moderate complexity", 68500),
    "99284": ("ED visit, high complexity", 118500),
    "99285": ("ED visit, highest complexity", 184000),
    "99203": ("Office/outpatient visit, new, low", 31000),
    "99204": ("Office/outpatient visit, new, moderate", 42500),
    "99205": ("Office/outpatient visit, new, high", 56000),
    "99213": ("Office/outpatient visit, est, low", 16500),
    "99214": ("Office/outpatient visit, est, moderate", 23500),
    "99215": ("Office/outpatient visit, est, high", 31500),
    "72040": ("X-ray cervical spine 2-3 views", 28500),
    "72070": ("X-ray thoracic spine 2 views", 26000),
    "72100": ("X-ray lumbosacral spine 2-3 views", 31000),
    "73030": ("X-ray shoulder, min 2 views", 24000),
    "73562": ("X-ray knee 3 views", 25500),
    "71046": ("X-ray chest 2 views", 22500),
    "70450": ("CT head/brain w/o contrast", 164000),
    "72125": ("CT cervical spine w/o contrast", 172000),
    "72141": ("MRI cervical spine w/o contrast", 215000),
    "72146": ("MRI thoracic spine w/o contrast", 215000),
    "72148": ("MRI lumbar spine w/o contrast", 215000),
    "73221": ("MRI shoulder joint w/o contrast", 195000),
    "96372": ("Ther/proph/diag injection, IM/SQ", 9500),
    "J1885": ("Injection, ketorolac tromethamine, per 15 mg", 1800),
    "J2550": ("Injection, promethazine HCl, up to 50 mg", 2400),
    "98940": ("Chiropractic manipulative tx, spinal 1-2 regions", 6500),
    "98941": ("Chiropractic manipulative tx, spinal 3-4 regions", 8500),
    "97140": ("Manual therapy techniques, each 15 min", 6000),
    "97110": ("Therapeutic exercises, each 15 min", 6500),
    "97112": ("Neuromuscular reeducation, each 15 min", 7000),
    "97530": ("Therapeutic activities, each 15 min", 7500),
    "97012": ("Mechanical traction", 4500),
    "97010": ("Hot or cold packs therapy", 2500),
    "97035": ("Ultrasound therapy, each 15 min", 4000),
    "G0283": ("Electrical stimulation, unattended", 3800),
    "97161": ("PT evaluation, low complexity", 19500),
    "97162": ("PT evaluation, moderate complexity", 22500),
    "97164": ("PT re-evaluation", 14000),
    "20552": ("Trigger point injection(s), 1-2 muscles", 27500),
    "64483": ("Transforaminal epidural injection, lumbar/sacral, 1 level", 245000),
    "62321": ("Interlaminar epidural injection, cervical/thoracic, w/ imaging", 260000),
    "J1040": ("Injection, methylprednisolone acetate, 80 mg", 3500),
    "J3301": ("Injection, triamcinolone acetonide, per 10 mg", 1600),
}

# Synthea encounter classes -> chronology visit types.
CLASS_TO_VISIT_TYPE: dict[str, str] = {
    "ambulatory": "primary care",
    "wellness": "primary care",
    "outpatient": "other",
    "emergency": "emergency",
    "urgentcare": "urgent care",
    "inpatient": "other",
}

# Invented clinician names (Synthea-like surnames; Synthea itself draws
# names from the same kind of pools).
FIRST_NAMES: tuple[str, ...] = (
    "Adrienne",
    "Alan",
    "Alicia",
    "Ben",
    "Bianca",
    "Carmen",
    "Cedric",
    "Colleen",
    "Dana",
    "Darnell",
    "Deepa",
    "Derek",
    "Elena",
    "Ethan",
    "Farah",
    "Gavin",
    "Grace",
    "Hector",
    "Imani",
    "Irene",
    "Jared",
    "Joanna",
    "Kelvin",
    "Kristen",
    "Leah",
    "Marcus",
    "Maya",
    "Miguel",
    "Nadia",
    "Neil",
    "Noor",
    "Owen",
    "Paige",
    "Priya",
    "Rafael",
    "Renee",
    "Rohan",
    "Sabrina",
    "Sean",
    "Simone",
    "Tariq",
    "Tessa",
    "Trevor",
    "Vanessa",
    "Victor",
    "Wendy",
    "Yusuf",
    "Zoe",
)
LAST_NAMES: tuple[str, ...] = (
    "Abernathy",
    "Altenwerth",
    "Bashirian",
    "Bergnaum",
    "Boehm",
    "Cassin",
    "Dibbert",
    "Durgan",
    "Ebert",
    "Feest",
    "Gislason",
    "Gorczany",
    "Greenholt",
    "Haag",
    "Hackett",
    "Hauck",
    "Heidenreich",
    "Jakubowski",
    "Jaskolski",
    "Kautzer",
    "Keebler",
    "Kemmer",
    "Kovacek",
    "Kuvalis",
    "Langosh",
    "Lebsack",
    "Lindgren",
    "Mertz",
    "Monahan",
    "Nader",
    "Nienow",
    "Okafor",
    "Ondricka",
    "Pacocha",
    "Quigley",
    "Reinger",
    "Rempel",
    "Rolfson",
    "Sauer",
    "Schiller",
    "Stracke",
    "Tremblay",
    "Ullrich",
    "Vandervort",
    "Walsh",
    "Wiza",
    "Yundt",
    "Zieme",
)

PAYER_NAMES: dict[str, tuple[str, ...]] = {
    "private": (
        "Blue Cross Blue Shield of Massachusetts",
        "Harvard Pilgrim Health Care",
        "Tufts Health Plan",
        "Aetna",
        "UnitedHealthcare",
    ),
    "medicaid": ("MassHealth",),
    "medicare": ("Medicare Part B",),
    "dual_eligible": ("Medicare Part B",),
}

AUTO_INSURERS: tuple[str, ...] = (
    "Progressive",
    "GEICO",
    "Safety Insurance",
    "Arbella Mutual",
    "Plymouth Rock Assurance",
    "Liberty Mutual",
)

LAW_FIRMS: tuple[tuple[str, str], ...] = (
    ("Keller & Ames, LLP", "(617) 555-0142"),
    ("Donnelly Injury Law, P.C.", "(508) 555-0199"),
    ("Marsh, Ortega & Lind", "(781) 555-0117"),
    ("The Whitcomb Law Group", "(413) 555-0163"),
    ("Hale Personal Injury Attorneys", "(978) 555-0128"),
)
