"""Injury scenarios of a hospital stay and the phrases its records are written from."""

from __future__ import annotations

from dataclasses import dataclass, field

import simple_icd_10_cm as icd


def dx(code: str) -> tuple[str, str]:
    """An ICD-10-CM code with its official description (checked to be billable)."""
    if not (icd.is_valid_item(code) and icd.is_leaf(code)):
        raise ValueError(code)
    return code, icd.get_description(code)


@dataclass
class Study:
    name: str  # printed exam name
    cpt: str
    rev: str  # UB-04 revenue code
    findings: str
    impression: str
    charge: int  # facility charge, cents
    prof: int  # professional read, cents


@dataclass
class Scenario:
    key: str
    mechanisms: list[str]
    injuries: list[str]  # ICD-10-CM codes
    complaints: list[str]
    ed_exam: str
    admit_studies: list[Study]
    consult: str  # orthopaedic surgery | trauma surgery | neurosurgery
    operation: tuple[str, str, int] | None  # (name, CPT, surgeon charge cents)
    implant: str
    postop_study: Study | None
    hospital_course_core: str
    pt_focus: str
    weight_bearing: str
    discharge_rx: list[str]
    restrictions: list[str]
    los: tuple[int, int]
    extra: dict[str, str] = field(default_factory=dict)


XR_CHEST = Study(
    "XR CHEST 1 VIEW PORTABLE",
    "71045",
    "0324",
    "The lungs are clear. No pneumothorax. Cardiomediastinal silhouette is normal.",
    "No acute cardiopulmonary process.",
    41200,
    6800,
)
CT_HEAD = Study(
    "CT HEAD WITHOUT CONTRAST",
    "70450",
    "0351",
    "No intracranial hemorrhage, mass effect or midline shift. Ventricles are normal "
    "in size. Small left frontal scalp soft tissue swelling. Calvarium intact.",
    "No acute intracranial abnormality. Left frontal scalp contusion.",
    218500,
    24600,
)

SCENARIOS: list[Scenario] = [
    Scenario(
        key="tibial_plateau",
        mechanisms=[
            "was the restrained driver of a sedan that was struck head-on by a pickup "
            "truck; the right knee struck the dashboard",
            "was the front-seat passenger in a car that left the roadway and struck a "
            "utility pole; the right knee hit the dashboard",
        ],
        injuries=["S82.141A", "S80.11XA"],
        complaints=["right knee pain", "unable to bear weight on the right leg"],
        ed_exam="Right knee with large effusion, tenderness over the proximal tibia, "
        "unable to perform straight leg raise. Distal pulses palpable, compartments "
        "soft.",
        admit_studies=[
            Study(
                "XR KNEE RIGHT 3 VIEWS",
                "73562",
                "0320",
                "There is a comminuted fracture of the tibial plateau involving "
                "both the "
                "medial and lateral condyles with 6 mm articular depression. Large "
                "lipohemarthrosis. The fibula is intact.",
                "Bicondylar tibial plateau fracture with lipohemarthrosis.",
                48600,
                7900,
            ),
            Study(
                "CT KNEE RIGHT WITHOUT CONTRAST",
                "73700",
                "0350",
                "Comminuted bicondylar tibial plateau fracture (Schatzker VI) with "
                "metaphyseal-diaphyseal dissociation and 7 mm depression of the "
                "lateral "
                "articular surface.",
                "Schatzker VI tibial plateau fracture.",
                196000,
                22100,
            ),
        ],
        consult="orthopaedic surgery",
        operation=(
            "Open reduction internal fixation of right bicondylar tibial plateau "
            "fracture",
            "27536",
            640000,
        ),
        implant="lateral locking plate and medial buttress plate",
        postop_study=Study(
            "XR KNEE RIGHT 2 VIEWS",
            "73560",
            "0320",
            "Interval open reduction internal fixation of the tibial plateau with "
            "lateral and medial plates. Articular surface restored. No hardware "
            "failure.",
            "Postoperative changes, alignment near anatomic.",
            39800,
            6500,
        ),
        hospital_course_core="underwent open reduction and internal fixation of the "
        "right tibial plateau",
        pt_focus="gait training non-weight-bearing right lower extremity with walker",
        weight_bearing="non-weight-bearing right lower extremity",
        discharge_rx=[
            "oxycodone 5 mg every 6 hours as needed for severe pain",
            "acetaminophen 1000 mg every 8 hours",
            "enoxaparin 40 mg subcutaneously daily for 28 days",
            "docusate 100 mg twice daily",
        ],
        restrictions=[
            "Non-weight-bearing right leg",
            "No driving while taking opioid medication",
            "Off work until cleared by orthopaedics",
        ],
        los=(3, 5),
    ),
    Scenario(
        key="distal_radius_concussion",
        mechanisms=[
            "slipped on a wet floor near the entrance of a grocery store, fell forward "
            "onto an outstretched left hand and struck the forehead",
            "slipped on ice on an unsalted apartment-complex walkway, fell onto the "
            "outstretched left hand and struck the head",
        ],
        injuries=["S52.572A", "S06.0X1A", "S00.03XA"],
        complaints=[
            "left wrist pain and deformity",
            "headache",
            "brief loss of consciousness",
        ],
        ed_exam="Dorsal angulation deformity of the left wrist, swelling, intact "
        "median nerve sensation. Left frontal scalp hematoma. GCS 15.",
        admit_studies=[
            CT_HEAD,
            Study(
                "XR WRIST LEFT 3 VIEWS",
                "73110",
                "0320",
                "Comminuted intra-articular fracture of the distal radius with dorsal "
                "angulation of 25 degrees and 4 mm radial shortening. Ulnar styloid "
                "fracture.",
                "Intra-articular distal radius fracture with dorsal angulation.",
                41800,
                7100,
            ),
        ],
        consult="orthopaedic surgery",
        operation=(
            "Open reduction internal fixation of left distal radius, intra-articular, "
            "3 fragments",
            "25609",
            420000,
        ),
        implant="volar locking plate",
        postop_study=Study(
            "XR WRIST LEFT 2 VIEWS",
            "73100",
            "0320",
            "Volar plate and screw fixation of the distal radius fracture. Restoration "
            "of radial height and volar tilt.",
            "Satisfactory postoperative alignment.",
            35200,
            5900,
        ),
        hospital_course_core="underwent volar plate fixation of the left distal radius",
        pt_focus="left upper extremity edema control, digit range of motion, "
        "concussion "
        "precautions",
        weight_bearing="non-weight-bearing left upper extremity",
        discharge_rx=[
            "hydrocodone-acetaminophen 5-325 mg every 6 hours as needed",
            "ibuprofen 600 mg every 8 hours with food",
            "ondansetron 4 mg every 8 hours as needed for nausea",
        ],
        restrictions=[
            "No lifting more than 1 pound with left hand",
            "No screen time more than 2 hours a day for one week",
            "No driving until cleared",
        ],
        los=(2, 4),
    ),
    Scenario(
        key="hip_intertroch",
        mechanisms=[
            "fell down four concrete steps at a restaurant entrance where the handrail "
            "was missing and landed on the right hip",
            "tripped over a loose mat in a pharmacy aisle and fell onto the right side",
        ],
        injuries=["S72.141A", "S20.211A"],
        complaints=["right hip pain", "unable to stand"],
        ed_exam="Right lower extremity shortened and externally rotated, pain with any "
        "log roll. Neurovascularly intact distally. Right anterior chest wall "
        "tenderness.",
        admit_studies=[
            XR_CHEST,
            Study(
                "XR PELVIS 1-2 VIEWS",
                "72170",
                "0320",
                "Displaced intertrochanteric fracture of the right femur with varus "
                "angulation. Pelvic ring intact.",
                "Displaced right intertrochanteric femur fracture.",
                38900,
                6200,
            ),
        ],
        consult="orthopaedic surgery",
        operation=(
            "Intramedullary nail fixation of right intertrochanteric femur fracture",
            "27245",
            510000,
        ),
        implant="cephalomedullary nail",
        postop_study=Study(
            "XR HIP RIGHT 2-3 VIEWS",
            "73502",
            "0320",
            "Cephalomedullary nail fixation of the intertrochanteric fracture. Lag "
            "screw "
            "centered in the femoral head. Alignment improved.",
            "Postoperative fixation, no complication.",
            40100,
            6400,
        ),
        hospital_course_core="underwent intramedullary nailing of the right hip",
        pt_focus="weight-bearing as tolerated gait training with rolling walker, hip "
        "precautions",
        weight_bearing="weight-bearing as tolerated right lower extremity",
        discharge_rx=[
            "tramadol 50 mg every 6 hours as needed",
            "acetaminophen 650 mg every 6 hours",
            "apixaban 2.5 mg twice daily for 35 days",
            "senna 8.6 mg at bedtime",
        ],
        restrictions=[
            "Walker at all times",
            "No driving for 6 weeks",
        ],
        los=(4, 6),
    ),
    Scenario(
        key="chest_spleen",
        mechanisms=[
            "was the restrained driver of a car broadsided on the driver's side by a "
            "vehicle that ran a red light",
            "was the driver of a compact car struck on the driver's door by a "
            "delivery van "
            "at an intersection",
        ],
        injuries=["S22.42XA", "S27.0XXA", "S36.031A"],
        complaints=[
            "left chest wall pain",
            "shortness of breath",
            "left upper abdominal pain",
        ],
        ed_exam="Tenderness and crepitus over left ribs 5 through 8, decreased breath "
        "sounds on the left, left upper quadrant tenderness without peritonitis.",
        admit_studies=[
            XR_CHEST,
            Study(
                "CT CHEST ABDOMEN PELVIS WITH CONTRAST",
                "74177",
                "0350",
                "Acute fractures of left ribs 5 through 8. Small left pneumothorax. "
                "Grade II splenic laceration without active extravasation. Small "
                "perisplenic hematoma. No other solid organ injury.",
                "Left rib fractures 5-8 with small pneumothorax. Grade II splenic "
                "laceration.",
                312000,
                38400,
            ),
        ],
        consult="trauma surgery",
        operation=("Tube thoracostomy, left, with drainage", "32551", 98000),
        implant="28 French chest tube",
        postop_study=Study(
            "XR CHEST 1 VIEW PORTABLE",
            "71045",
            "0324",
            "Left chest tube in place. Interval resolution of the left pneumothorax.",
            "Resolved left pneumothorax, chest tube in good position.",
            41200,
            6800,
        ),
        hospital_course_core="had a left chest tube placed for the pneumothorax and "
        "was "
        "observed with serial hemoglobin checks for the splenic laceration",
        pt_focus="ambulation and incentive spirometry",
        weight_bearing="no lifting more than 10 pounds",
        discharge_rx=[
            "oxycodone 5 mg every 4 hours as needed",
            "lidocaine 5% patch to left chest wall 12 hours on, 12 hours off",
            "acetaminophen 1000 mg every 8 hours",
        ],
        restrictions=[
            "No contact sports or heavy lifting for 8 weeks (spleen)",
            "No air travel for 3 weeks",
        ],
        los=(4, 6),
    ),
    Scenario(
        key="trimalleolar",
        mechanisms=[
            "was riding a motorcycle that was cut off by a car making a left turn; the "
            "right foot was trapped under the motorcycle",
            "was a pedestrian in a crosswalk struck at low speed by a turning SUV; the "
            "right ankle twisted beneath the patient",
        ],
        injuries=["S82.851A"],
        complaints=["right ankle pain and swelling", "unable to bear weight"],
        ed_exam="Gross deformity of the right ankle with tense swelling, skin intact, "
        "dorsalis pedis pulse palpable after reduction.",
        admit_studies=[
            Study(
                "XR ANKLE RIGHT 3 VIEWS",
                "73610",
                "0320",
                "Trimalleolar fracture with lateral talar subluxation. Posterior "
                "malleolar fragment involves 30 percent of the articular surface.",
                "Trimalleolar fracture dislocation of the right ankle.",
                38700,
                6600,
            ),
        ],
        consult="orthopaedic surgery",
        operation=(
            "Open reduction internal fixation of right trimalleolar ankle fracture "
            "with "
            "fixation of posterior lip",
            "27823",
            480000,
        ),
        implant="one-third tubular plate and lag screws",
        postop_study=Study(
            "XR ANKLE RIGHT 2 VIEWS",
            "73600",
            "0320",
            "Plate and screw fixation of the distal fibula and medial malleolus. "
            "Mortise "
            "congruent.",
            "Satisfactory postoperative alignment.",
            33400,
            5600,
        ),
        hospital_course_core="underwent open reduction and internal fixation of the "
        "right ankle",
        pt_focus="non-weight-bearing gait with crutches, stair training",
        weight_bearing="non-weight-bearing right lower extremity in splint",
        discharge_rx=[
            "oxycodone-acetaminophen 5-325 mg every 6 hours as needed",
            "aspirin 81 mg twice daily for 4 weeks",
            "docusate 100 mg twice daily",
        ],
        restrictions=["Non-weight-bearing right leg", "Keep splint clean and dry"],
        los=(2, 4),
    ),
    Scenario(
        key="lumbar_burst",
        mechanisms=[
            "was the driver of a car that was rear-ended at highway speed and pushed "
            "into the vehicle ahead",
            "was the restrained rear-seat passenger in a rollover collision on the "
            "interstate",
        ],
        injuries=["S32.011A", "S16.1XXA"],
        complaints=["low back pain", "neck pain"],
        ed_exam="Midline tenderness at the thoracolumbar junction, no step-off, "
        "strength 5/5 in bilateral lower extremities, sensation intact, rectal tone "
        "normal.",
        admit_studies=[
            Study(
                "CT CERVICAL SPINE WITHOUT CONTRAST",
                "72125",
                "0350",
                "No cervical spine fracture or malalignment. Mild degenerative disc "
                "disease at C5-C6.",
                "No acute cervical spine fracture.",
                184000,
                21500,
            ),
            Study(
                "CT LUMBAR SPINE WITHOUT CONTRAST",
                "72131",
                "0350",
                "Burst fracture of the L1 vertebral body with 30 percent loss of "
                "anterior height and 15 percent retropulsion. Posterior elements "
                "intact.",
                "Stable-appearing L1 burst fracture.",
                184000,
                21500,
            ),
        ],
        consult="neurosurgery",
        operation=None,
        implant="",
        postop_study=Study(
            "XR LUMBAR SPINE 2-3 VIEWS",
            "72100",
            "0320",
            "Upright films in TLSO brace. L1 burst fracture with no progression of "
            "height loss compared with CT.",
            "Stable L1 fracture alignment in brace.",
            31800,
            5400,
        ),
        hospital_course_core="was fitted with a TLSO brace and mobilized once upright "
        "films confirmed stability",
        pt_focus="bed mobility and gait in TLSO brace, log-roll precautions",
        weight_bearing="TLSO brace when out of bed",
        discharge_rx=[
            "cyclobenzaprine 5 mg three times daily as needed for spasm",
            "oxycodone 5 mg every 6 hours as needed",
            "acetaminophen 1000 mg every 8 hours",
        ],
        restrictions=[
            "TLSO brace whenever upright",
            "No lifting more than 10 pounds",
            "No bending or twisting",
        ],
        los=(3, 5),
    ),
    Scenario(
        key="femoral_shaft",
        mechanisms=[
            "was a pedestrian struck by a sedan while crossing in a marked crosswalk",
            "was a bicyclist struck from behind by a car and thrown onto the roadway",
        ],
        injuries=["S72.322A", "S00.03XA"],
        complaints=["left thigh pain and deformity", "headache"],
        ed_exam="Left thigh swollen and angulated, compartments soft, distal pulses "
        "intact. Scalp abrasion.",
        admit_studies=[
            CT_HEAD,
            Study(
                "XR FEMUR LEFT 2 VIEWS",
                "73552",
                "0320",
                "Displaced transverse fracture of the mid femoral shaft with 2 cm "
                "overriding and lateral angulation.",
                "Displaced transverse left femoral shaft fracture.",
                40200,
                6600,
            ),
        ],
        consult="orthopaedic surgery",
        operation=(
            "Intramedullary nailing of left femoral shaft fracture",
            "27506",
            690000,
        ),
        implant="antegrade intramedullary nail",
        postop_study=Study(
            "XR FEMUR LEFT 2 VIEWS",
            "73552",
            "0320",
            "Intramedullary nail with proximal and distal interlocking screws. "
            "Near-anatomic alignment of the shaft fracture.",
            "Postoperative intramedullary nailing, alignment maintained.",
            40200,
            6600,
        ),
        hospital_course_core="underwent intramedullary nailing of the left femur",
        pt_focus="weight-bearing as tolerated with walker, quadriceps activation",
        weight_bearing="weight-bearing as tolerated left lower extremity",
        discharge_rx=[
            "oxycodone 5 mg every 4 hours as needed",
            "enoxaparin 40 mg subcutaneously daily for 4 weeks",
            "acetaminophen 1000 mg every 8 hours",
        ],
        restrictions=["Walker for ambulation", "Off work until cleared"],
        los=(3, 6),
    ),
    Scenario(
        key="proximal_humerus",
        mechanisms=[
            "fell down a flight of apartment stairs with a broken tread and landed on "
            "the right shoulder",
            "was the driver of a car that was T-boned on the passenger side and struck "
            "the right shoulder against the door",
        ],
        injuries=["S42.211A", "S20.211A"],
        complaints=["right shoulder pain", "unable to lift the right arm"],
        ed_exam="Swelling and ecchymosis of the right shoulder, pain with any motion, "
        "axillary nerve sensation intact, radial pulse 2+.",
        admit_studies=[
            XR_CHEST,
            Study(
                "XR SHOULDER RIGHT 3 VIEWS",
                "73030",
                "0320",
                "Displaced surgical neck fracture of the proximal humerus with medial "
                "displacement of the shaft. Glenohumeral joint located.",
                "Displaced right proximal humerus surgical neck fracture.",
                37600,
                6300,
            ),
        ],
        consult="orthopaedic surgery",
        operation=(
            "Open reduction internal fixation of right proximal humerus fracture",
            "23615",
            560000,
        ),
        implant="proximal humeral locking plate",
        postop_study=Study(
            "XR SHOULDER RIGHT 2 VIEWS",
            "73020",
            "0320",
            "Locking plate fixation of the proximal humerus. Humeral head height "
            "restored.",
            "Postoperative fixation in satisfactory position.",
            33900,
            5700,
        ),
        hospital_course_core="underwent open reduction and internal fixation of the "
        "right proximal humerus",
        pt_focus="sling management, pendulum exercises, elbow and hand range of motion",
        weight_bearing="non-weight-bearing right upper extremity, sling",
        discharge_rx=[
            "oxycodone 5 mg every 6 hours as needed",
            "acetaminophen 1000 mg every 8 hours",
            "ondansetron 4 mg every 8 hours as needed",
        ],
        restrictions=["Sling at all times except hygiene", "No lifting with right arm"],
        los=(2, 4),
    ),
]

HOSPITALS = [
    ("St. Brendan Regional Medical Center", "Harlow", "PA"),
    ("Mercy Valley Hospital", "Cold Spring", "OH"),
    ("Lakeshore General Hospital", "Port Ellis", "MI"),
    ("Good Samaritan Medical Center of Westbury", "Westbury", "NJ"),
    ("Riverside Community Hospital", "Falls Church Mills", "VA"),
    ("Pinecrest University Hospital", "Pinecrest", "NC"),
    ("Holy Name Memorial Hospital", "Easton Ridge", "CT"),
    ("Saint Agnes Trauma Center", "Brookfield", "WI"),
]
STREETS = [
    "Hospital Drive",
    "Medical Park Blvd",
    "Main Street",
    "Route 9",
    "Wellness Way",
    "Commerce Parkway",
    "Mill Road",
    "Oak Avenue",
]
INSURERS = [
    "Keystone Health Plan",
    "Summit Mutual Health",
    "Great Lakes Benefit Administrators",
    "Harborview Health Insurance Co.",
]
PHARMACIES = [
    "Corner Drug",
    "Medi-Save Pharmacy",
    "Hometown Apothecary",
    "RxPlus Pharmacy",
]
# PT billing codes: (code, description, charge per unit cents)
PT_CODES = {
    "97161": ("PT evaluation, low complexity", 18500),
    "97162": ("PT evaluation, moderate complexity", 21500),
    "97164": ("PT re-evaluation", 12500),
    "97110": ("Therapeutic exercise, each 15 min", 6200),
    "97140": ("Manual therapy, each 15 min", 5800),
    "97112": ("Neuromuscular re-education, each 15 min", 6400),
    "97116": ("Gait training, each 15 min", 5900),
    "97530": ("Therapeutic activities, each 15 min", 6600),
    "97010": ("Hot/cold packs", 2200),
}
PT_TREAT = {
    "97110": "ther ex",
    "97140": "manual",
    "97112": "NMR/balance",
    "97116": "gait",
    "97530": "ther act",
    "97010": "ice",
}
PROGRESS_SUBJ = [
    "Pain {p}/10 this morning, slept poorly because of pain.",
    "Reports pain {p}/10, improved with scheduled acetaminophen.",
    "Pain {p}/10. Tolerating diet. No nausea. Passing flatus.",
    "States pain is {p}/10 and mostly with movement. Worked with therapy yesterday.",
    "Pain controlled at {p}/10. Anxious about going home. Voiding without difficulty.",
]
PROGRESS_PLAN = [
    "Continue multimodal analgesia, wean IV opioids",
    "Continue DVT prophylaxis",
    "PT/OT daily",
    "Case management for discharge planning",
    "Bowel regimen",
    "Incentive spirometry 10 times per hour while awake",
]
HOME_MEDS = {
    "hypertension": "lisinopril 10 mg daily",
    "hyperlipidemia": "atorvastatin 20 mg nightly",
    "type 2 diabetes": "metformin 500 mg twice daily",
    "asthma": "albuterol inhaler as needed",
    "hypothyroidism": "levothyroxine 50 mcg daily",
    "depression": "sertraline 50 mg daily",
    "GERD": "omeprazole 20 mg daily",
}
# (drug name, NDC, qty, days, cash price cents)
RX_CATALOG = {
    "oxycodone": ("OXYCODONE HCL 5 MG TAB", "00406-0552-01", 30, 7, 2450),
    "oxycodone-acetaminophen": (
        "OXYCODONE-APAP 5-325 MG TAB",
        "00406-0512-01",
        30,
        7,
        2875,
    ),
    "hydrocodone-acetaminophen": (
        "HYDROCODONE-APAP 5-325 TAB",
        "00406-0123-01",
        24,
        6,
        1990,
    ),
    "tramadol": ("TRAMADOL HCL 50 MG TAB", "65862-0056-01", 28, 7, 1460),
    "acetaminophen": ("ACETAMINOPHEN 500 MG TAB", "00904-6723-60", 100, 16, 899),
    "enoxaparin": ("ENOXAPARIN 40 MG/0.4 ML SYR", "00955-1016-10", 10, 10, 14870),
    "apixaban": ("APIXABAN 2.5 MG TAB", "00003-0893-21", 70, 35, 58240),
    "aspirin": ("ASPIRIN EC 81 MG TAB", "00904-2009-60", 60, 30, 512),
    "docusate": ("DOCUSATE SODIUM 100 MG CAP", "00904-7181-61", 60, 30, 645),
    "senna": ("SENNA 8.6 MG TAB", "00904-6289-61", 30, 30, 480),
    "ondansetron": ("ONDANSETRON 4 MG ODT", "68462-0157-13", 12, 4, 1850),
    "ibuprofen": ("IBUPROFEN 600 MG TAB", "67877-0320-01", 60, 20, 1125),
    "cyclobenzaprine": ("CYCLOBENZAPRINE 5 MG TAB", "16729-0110-01", 30, 10, 1340),
    "lidocaine": ("LIDOCAINE 5% PATCH", "00591-3525-30", 30, 30, 9860),
    "gabapentin": ("GABAPENTIN 300 MG CAP", "59762-5026-01", 90, 30, 1780),
    "meloxicam": ("MELOXICAM 15 MG TAB", "29300-0125-10", 30, 30, 1020),
}
