"""Clinical phrase banks: injuries by body region, codes, findings, medications.

ICD-10-CM descriptions are read from the public CMS code list shipped in the
``simple_icd_10_cm`` package; every code used is checked to be a valid billable code.
"""

from __future__ import annotations

from dataclasses import dataclass

import simple_icd_10_cm as icd


def dx(code: str) -> tuple[str, str]:
    if not (icd.is_valid_item(code) and icd.is_leaf(code)):
        raise ValueError(f"not a billable ICD-10-CM code: {code}")
    return code, str(icd.get_description(code))


@dataclass(frozen=True)
class Mechanism:
    key: str
    code: str
    ed_hpi: (
        str  # "{who} ..." sentence fragment, after "Patient is a NN-year-old ... who"
    )
    short: str
    mvc: bool


MECHANISMS = [
    Mechanism(
        "rear_end",
        "V43.52XA",
        "was the restrained driver of a car that was struck from behind while stopped "
        "at a red light",
        "rear-end motor vehicle collision",
        True,
    ),
    Mechanism(
        "t_bone",
        "V43.52XA",
        "was the restrained driver of a car that was broadsided on the passenger side "
        "at an intersection",
        "side-impact motor vehicle collision",
        True,
    ),
    Mechanism(
        "passenger",
        "V43.62XA",
        "was the restrained front-seat passenger in a car that was rear-ended at "
        "moderate speed",
        "motor vehicle collision (passenger)",
        True,
    ),
    Mechanism(
        "pole",
        "V47.5XXA",
        "was the restrained driver of a car that struck a utility pole after swerving "
        "to avoid another vehicle",
        "single-vehicle collision with a fixed object",
        True,
    ),
    Mechanism(
        "slip",
        "W01.0XXA",
        "slipped on a wet floor in the produce aisle of a grocery store and fell "
        "backward onto the floor",
        "slip and fall",
        False,
    ),
    Mechanism(
        "stairs",
        "W10.9XXA",
        "fell down approximately four stairs at an apartment building when a stair "
        "tread gave way",
        "fall on stairs",
        False,
    ),
]


@dataclass(frozen=True)
class Region:
    key: str
    label: str  # "neck"
    spine: bool
    ed_dx: str
    chiro_dx: tuple[str, ...]
    ortho_dx: tuple[str, ...]
    ortho_dx_late: tuple[str, ...]
    pt_dx: tuple[str, ...]
    pain_dx: tuple[str, ...]
    xray: tuple[str, str]  # cpt, exam name
    xray_findings: str
    xray_impression: str
    mri: tuple[str, str]
    mri_findings: str
    mri_impression: str
    complaint: str
    complaint_late: str
    ed_exam: str
    chiro_exam: str
    ortho_exam: str
    pt_findings: str
    injection: tuple[str, str] | None  # cpt, name


REGIONS: dict[str, Region] = {
    "neck": Region(
        "neck",
        "neck",
        True,
        "S16.1XXA",
        ("S13.4XXA", "M99.01", "M62.838"),
        ("S13.4XXA", "M54.2"),
        ("M50.222", "M54.12"),
        ("M54.2",),
        ("M50.222", "M54.12"),
        ("72040", "XR CERVICAL SPINE 2-3 VIEWS"),
        "Vertebral body heights and disc spaces are maintained. There is straightening "
        "of the "
        "normal cervical lordosis. No fracture or subluxation. Prevertebral soft "
        "tissues are "
        "within normal limits.",
        "No acute fracture or malalignment of the cervical spine. Straightening of the "
        "cervical "
        "lordosis, which can be seen with muscle spasm.",
        ("72141", "MRI CERVICAL SPINE WITHOUT CONTRAST"),
        "C2-C3 through C4-C5: No significant disc bulge or stenosis. C5-C6: "
        "Broad-based "
        "posterior disc protrusion measuring approximately 3 mm, indenting the ventral "
        "thecal sac "
        "with mild right neural foraminal narrowing. C6-C7: Small central disc bulge "
        "without canal "
        "stenosis. The cord is normal in signal and caliber. Straightening of the "
        "cervical lordosis.",
        "1. C5-C6 posterior disc protrusion with mild right neural foraminal "
        "narrowing. "
        "2. Small C6-C7 disc bulge. 3. Straightening of the cervical lordosis.",
        "neck pain",
        "intermittent neck stiffness",
        "Tenderness to palpation of the bilateral cervical paraspinal muscles and "
        "trapezius; "
        "no midline bony tenderness; range of motion limited by pain; neurovascularly "
        "intact",
        "Hypertonicity of the cervical paraspinals and upper trapezius bilaterally; "
        "restricted motion at C5-C6 and C6-C7; positive cervical distraction test",
        "Cervical rotation limited to 50 degrees bilaterally; positive Spurling's test "
        "on the "
        "right; decreased sensation in the right C6 dermatome; reflexes 2+ and "
        "symmetric",
        "Cervical flexion 35 degrees, extension 30 degrees, rotation 50 degrees R / 55 "
        "degrees L; "
        "deep neck flexor endurance 12 seconds",
        (
            "62321",
            "Cervical interlaminar epidural steroid injection, C6-C7, with "
            "fluoroscopic guidance",
        ),
    ),
    "lowback": Region(
        "lowback",
        "low back",
        True,
        "S39.012A",
        ("S33.5XXA", "M99.03", "M62.830"),
        ("S39.012A", "M54.50"),
        ("M51.26", "M54.16"),
        ("M54.50",),
        ("M51.16", "M54.16"),
        ("72100", "XR LUMBAR SPINE 2-3 VIEWS"),
        "Five non-rib-bearing lumbar vertebrae. Vertebral body heights are maintained. "
        "Mild "
        "disc space narrowing at L4-L5. No fracture or spondylolisthesis. SI joints "
        "unremarkable.",
        "No acute osseous abnormality of the lumbar spine. Mild degenerative disc "
        "disease at L4-L5.",
        ("72148", "MRI LUMBAR SPINE WITHOUT CONTRAST"),
        "L1-L2 through L3-L4: Unremarkable. L4-L5: Broad-based posterior disc "
        "herniation "
        "measuring 4 mm with a high-intensity zone (annular fissure), mild bilateral "
        "neural "
        "foraminal narrowing and contact of the traversing left L5 nerve root. L5-S1: "
        "Small disc "
        "bulge without stenosis. Conus terminates normally at L1.",
        "1. L4-L5 disc herniation with annular fissure contacting the traversing left "
        "L5 nerve "
        "root. 2. Mild L5-S1 disc bulge.",
        "low back pain",
        "low back ache with prolonged sitting",
        "Tenderness and spasm of the bilateral lumbar paraspinal muscles; straight leg "
        "raise "
        "negative bilaterally; strength 5/5 in the lower extremities",
        "Lumbar paraspinal spasm L3-L5; restricted motion at L4-L5 and the right SI "
        "joint; "
        "positive Kemp's test on the left",
        "Lumbar flexion limited to 45 degrees with pain; positive straight leg raise "
        "on the left "
        "at 50 degrees; EHL strength 4+/5 on the left",
        "Lumbar flexion 40 degrees with pain at end range, extension 10 degrees; "
        "Oswestry "
        "Disability Index 38%",
        (
            "62323",
            "Lumbar interlaminar epidural steroid injection, L4-L5, with fluoroscopic "
            "guidance",
        ),
    ),
    "midback": Region(
        "midback",
        "mid back",
        True,
        "S29.012A",
        ("S23.3XXA", "M99.02"),
        ("S29.012A", "M54.6"),
        ("M54.6",),
        ("M54.6",),
        ("M54.6",),
        ("72070", "XR THORACIC SPINE 2 VIEWS"),
        "Normal thoracic kyphosis. Vertebral body heights are maintained. No fracture. "
        "Paraspinal lines are normal.",
        "No acute thoracic spine abnormality.",
        ("72146", "MRI THORACIC SPINE WITHOUT CONTRAST"),
        "Normal alignment. Small central disc protrusion at T7-T8 without cord "
        "contact. "
        "No marrow edema. The thoracic cord is normal.",
        "1. Small T7-T8 central disc protrusion without cord compression. 2. No acute "
        "abnormality.",
        "mid back pain",
        "mild mid back tightness",
        "Tenderness of the thoracic paraspinal muscles and rhomboids; no midline "
        "tenderness",
        "Thoracic paraspinal hypertonicity T4-T8; restricted motion T5-T6",
        "Thoracic paraspinal tenderness; no neurologic deficit",
        "Thoracic rotation limited 25%; scapular retraction weakness 4/5",
        None,
    ),
    "rshoulder": Region(
        "rshoulder",
        "right shoulder",
        False,
        "S43.401A",
        ("S43.401A",),
        ("S46.011A", "M25.511"),
        ("M75.41", "S46.011A"),
        ("M25.511",),
        ("M25.511",),
        ("73030", "XR SHOULDER RIGHT MIN 2 VIEWS"),
        "No fracture or dislocation. The acromioclavicular joint is intact. No soft "
        "tissue "
        "calcification.",
        "No acute osseous abnormality of the right shoulder.",
        ("73221", "MRI RIGHT SHOULDER WITHOUT CONTRAST"),
        "Partial-thickness articular-sided tear of the distal supraspinatus tendon "
        "involving "
        "approximately 30% of tendon thickness. Mild subacromial-subdeltoid bursitis. "
        "The labrum "
        "and biceps anchor are intact. No fracture.",
        "1. Partial-thickness articular-sided supraspinatus tear. 2. Mild subacromial "
        "bursitis.",
        "right shoulder pain",
        "right shoulder pain with overhead reaching",
        "Tenderness over the right anterior shoulder; painful abduction beyond 90 "
        "degrees; "
        "no deformity",
        "Right upper trapezius and supraspinatus trigger points; painful arc",
        "Right shoulder abduction 120 degrees, forward flexion 140 degrees; positive "
        "Hawkins and "
        "Neer impingement signs; supraspinatus strength 4/5",
        "Right shoulder flexion 130 degrees, abduction 110 degrees; pain 6/10 at end "
        "range",
        ("20610", "Injection, right subacromial space, triamcinolone 40 mg"),
    ),
    "lshoulder": Region(
        "lshoulder",
        "left shoulder",
        False,
        "S43.402A",
        ("S43.402A",),
        ("S46.012A", "M25.512"),
        ("M75.42", "S46.012A"),
        ("M25.512",),
        ("M25.512",),
        ("73030", "XR SHOULDER LEFT MIN 2 VIEWS"),
        "No fracture or dislocation. Glenohumeral alignment is normal.",
        "Normal left shoulder radiographs.",
        ("73221", "MRI LEFT SHOULDER WITHOUT CONTRAST"),
        "Tendinosis of the supraspinatus with a small interstitial partial-thickness "
        "tear. "
        "Small joint effusion. Labrum intact.",
        "1. Supraspinatus tendinosis with small interstitial partial-thickness tear.",
        "left shoulder pain",
        "left shoulder ache at night",
        "Tenderness over the left lateral shoulder; limited abduction due to pain",
        "Left supraspinatus and levator scapulae hypertonicity",
        "Left shoulder abduction 125 degrees; positive Neer sign; strength 4+/5",
        "Left shoulder flexion 135 degrees, abduction 115 degrees",
        ("20610", "Injection, left subacromial space, triamcinolone 40 mg"),
    ),
    "rknee": Region(
        "rknee",
        "right knee",
        False,
        "S80.01XA",
        (),
        ("S83.241A", "M25.561"),
        ("S83.241A",),
        ("M25.561",),
        ("M25.561",),
        ("73562", "XR KNEE RIGHT 3 VIEWS"),
        "No fracture. Small suprapatellar joint effusion. Joint spaces preserved.",
        "Small right knee joint effusion. No fracture.",
        ("73721", "MRI RIGHT KNEE WITHOUT CONTRAST"),
        "Oblique tear of the posterior horn of the medial meniscus extending to the "
        "inferior "
        "articular surface. Moderate joint effusion. Cruciate and collateral ligaments "
        "intact.",
        "1. Oblique tear of the posterior horn of the medial meniscus. 2. Moderate "
        "joint effusion.",
        "right knee pain",
        "right knee pain on stairs",
        "Abrasion and contusion over the right anterior knee; mild effusion; ligaments "
        "stable",
        "Right knee swelling noted",
        "Right knee medial joint line tenderness; positive McMurray test; trace "
        "effusion",
        "Right knee flexion 110 degrees, extension -5 degrees; quad lag",
        ("20610", "Arthrocentesis/injection, right knee, triamcinolone 40 mg"),
    ),
    "head": Region(
        "head",
        "head",
        False,
        "S06.0X0A",
        ("G44.309",),
        ("G44.309",),
        ("G44.309",),
        (),
        (),
        ("70450", "CT HEAD WITHOUT CONTRAST"),
        "No intracranial hemorrhage, mass effect or midline shift. Ventricles normal "
        "in size. "
        "No calvarial fracture.",
        "No acute intracranial abnormality.",
        ("70551", "MRI BRAIN WITHOUT CONTRAST"),
        "No acute infarct or hemorrhage. No abnormal susceptibility.",
        "1. Normal MRI of the brain.",
        "headache",
        "occasional headaches",
        "Mild tenderness of the occiput; no scalp hematoma; GCS 15; cranial nerves "
        "II-XII intact",
        "Suboccipital hypertonicity",
        "Alert and oriented; no focal deficit",
        "",
        None,
    ),
}

# Synthea condition description -> (ICD-10-CM code, history wording)
PMH_MAP: dict[str, tuple[str, str]] = {
    "Hypertension": ("I10", "hypertension"),
    "Prediabetes": ("R73.03", "prediabetes"),
    "Body mass index 30+ - obesity (finding)": ("E66.9", "obesity"),
    "Chronic low back pain (finding)": ("M54.50", "chronic low back pain"),
    "Chronic neck pain (finding)": ("M54.2", "chronic neck pain"),
    "Whiplash injury to neck": ("S13.4XXA", "prior whiplash injury"),
    "Anemia (disorder)": ("D64.9", "anemia"),
    "Hyperlipidemia": ("E78.5", "hyperlipidemia"),
    "Fibromyalgia (disorder)": ("M79.7", "fibromyalgia"),
    "Diabetes": ("E11.9", "type 2 diabetes"),
    "Chronic sinusitis (disorder)": ("J32.9", "chronic sinusitis"),
    "Osteoarthritis of knee": ("M17.9", "osteoarthritis of the knee"),
    "Gout": ("M10.9", "gout"),
    "Asthma": ("J45.909", "asthma"),
    "Gastroesophageal reflux disease (disorder)": ("K21.9", "GERD"),
    "Sprain of ankle": ("S93.401A", "prior ankle sprain"),
    "Chronic intractable migraine without aura": ("G43.719", "migraine"),
}

ED_GIVEN = [
    "Ketorolac 30 mg IM",
    "Ibuprofen 800 mg PO",
    "Acetaminophen 1,000 mg PO",
    "Cyclobenzaprine 10 mg PO",
    "Lidocaine 4% patch applied to affected area",
    "Diazepam 5 mg PO",
]

ED_RX = [
    "Ibuprofen 600 mg tablet, 1 tab PO every 6 hours as needed for pain, #20",
    "Naproxen 500 mg tablet, 1 tab PO twice daily with food, #30",
    "Cyclobenzaprine 5 mg tablet, 1 tab PO at bedtime as needed for spasm, #15",
    "Methocarbamol 750 mg tablet, 1 tab PO three times daily as needed, #21",
    "Lidocaine 4% patch, apply 12 hours on / 12 hours off, #10",
    "Acetaminophen 500 mg tablet, 2 tabs PO every 8 hours as needed, #30",
]

ORTHO_RX = [
    "Meloxicam 15 mg PO daily",
    "Tizanidine 4 mg PO at bedtime as needed",
    "Gabapentin 300 mg PO at bedtime",
    "Methylprednisolone 4 mg dose pack as directed",
    "Diclofenac 1% gel to affected area four times daily",
]

HOME_MEDS = [
    "lisinopril 10 mg daily",
    "atorvastatin 20 mg daily",
    "metformin 500 mg twice daily",
    "omeprazole 20 mg daily",
    "sertraline 50 mg daily",
    "levothyroxine 50 mcg daily",
    "oral contraceptive",
    "cetirizine 10 mg daily",
]

ALLERGIES = [
    "NKDA",
    "No known drug allergies",
    "Penicillin (rash)",
    "Sulfa (hives)",
    "Codeine (nausea)",
]

ED_RESTRICT = [
    "No lifting more than 10 lbs for 1 week",
    "Off work for 3 days",
    "No driving while taking cyclobenzaprine",
    "Avoid strenuous activity until cleared by your doctor",
]

ORTHO_RESTRICT = [
    "Light duty: no lifting more than 20 lbs",
    "No overhead reaching with the affected arm",
    "Modified duty for 4 weeks",
    "Off work until next visit",
    "No repetitive bending or twisting",
]

CHIRO_MODALITIES = [
    ("97014", "Electrical stimulation, unattended"),
    ("97010", "Hot/cold pack"),
    ("97035", "Ultrasound"),
    ("97012", "Mechanical traction"),
    ("97140", "Manual therapy techniques"),
    ("97112", "Neuromuscular re-education"),
    ("97110", "Therapeutic exercise"),
]

PT_PROCS = [
    ("97110", "Therapeutic exercise"),
    ("97140", "Manual therapy"),
    ("97112", "Neuromuscular re-education"),
    ("97530", "Therapeutic activities"),
    ("97014", "Electrical stimulation, unattended"),
    ("97010", "Hot/cold pack"),
]

PT_EXERCISES = [
    "chin tucks 2x10",
    "scapular retraction with theraband 3x10",
    "upper trapezius stretch 3x30 sec",
    "cat-camel 2x10",
    "bird-dog 2x10 each side",
    "bridges 3x10",
    "pelvic tilts 2x15",
    "prone press-ups 2x10",
    "wall slides 2x10",
    "shoulder pendulums 2 min",
    "UBE 6 min",
    "recumbent bike 8 min",
    "isometric cervical holds 5x10 sec",
    "sidelying external rotation 2x12",
    "quad sets 3x10",
    "straight leg raises 3x10",
]

CPT_DESC: dict[str, str] = {
    "99202": "Office/outpatient visit, new, straightforward",
    "99203": "Office/outpatient visit, new, low complexity",
    "99204": "Office/outpatient visit, new, moderate complexity",
    "99205": "Office/outpatient visit, new, high complexity",
    "99212": "Office/outpatient visit, est, straightforward",
    "99213": "Office/outpatient visit, est, low complexity",
    "99214": "Office/outpatient visit, est, moderate complexity",
    "99283": "Emergency dept visit, moderate MDM",
    "99284": "Emergency dept visit, moderate-high MDM",
    "99285": "Emergency dept visit, high MDM",
    "96372": "Therapeutic/prophylactic injection, IM",
    "J1885": "Injection, ketorolac tromethamine, per 15 mg",
    "98940": "Chiropractic manipulative treatment, spinal, 1-2 regions",
    "98941": "Chiropractic manipulative treatment, spinal, 3-4 regions",
    "98943": "Chiropractic manipulative treatment, extraspinal",
    "97014": "Electrical stimulation, unattended",
    "97010": "Hot/cold packs",
    "97035": "Ultrasound, each 15 min",
    "97012": "Mechanical traction",
    "97140": "Manual therapy techniques, each 15 min",
    "97112": "Neuromuscular re-education, each 15 min",
    "97110": "Therapeutic exercise, each 15 min",
    "97530": "Therapeutic activities, each 15 min",
    "97161": "PT evaluation, low complexity",
    "97162": "PT evaluation, moderate complexity",
    "97163": "PT evaluation, high complexity",
    "97164": "PT re-evaluation",
    "72040": "X-ray cervical spine, 2-3 views",
    "72100": "X-ray lumbosacral spine, 2-3 views",
    "72070": "X-ray thoracic spine, 2 views",
    "73030": "X-ray shoulder, min 2 views",
    "73562": "X-ray knee, 3 views",
    "70450": "CT head/brain without contrast",
    "72141": "MRI cervical spine without contrast",
    "72148": "MRI lumbar spine without contrast",
    "72146": "MRI thoracic spine without contrast",
    "73221": "MRI upper extremity joint without contrast",
    "73721": "MRI lower extremity joint without contrast",
    "70551": "MRI brain without contrast",
    "62321": "Interlaminar epidural injection, cervical/thoracic, w/ imaging",
    "62323": "Interlaminar epidural injection, lumbar/sacral, w/ imaging",
    "20610": "Arthrocentesis/injection, major joint",
    "J3301": "Injection, triamcinolone acetonide, per 10 mg",
    "J1030": "Injection, methylprednisolone acetate, 40 mg",
    "99080": "Special reports/forms",
    "99244": "Office consultation, moderate MDM",
    "97750": "Physical performance test/measurement",
}

REV_DESC = {
    "0450": "EMERGENCY ROOM",
    "0320": "DX X-RAY",
    "0350": "CT SCAN",
    "0250": "PHARMACY",
    "0636": "DRUGS REQUIRE DETAIL CODING",
    "0260": "IV THERAPY",
    "0510": "CLINIC",
    "0761": "TREATMENT ROOM",
}

PMH_NONE = "No significant past medical history"


def validate_all() -> None:
    for r in REGIONS.values():
        for c in (
            r.ed_dx,
            *r.chiro_dx,
            *r.ortho_dx,
            *r.ortho_dx_late,
            *r.pt_dx,
            *r.pain_dx,
        ):
            dx(c)
    for m in MECHANISMS:
        dx(m.code)
    for code, _ in PMH_MAP.values():
        dx(code)


MECHANISMS_BY_KEY: dict[str, Mechanism] = {m.key: m for m in MECHANISMS}
