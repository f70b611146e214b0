"""Short follow-up and daily treatment notes written the way clinics chart them.

The long notes of a case are real MTSamples transcriptions; the brief daily chiropractic
and therapy entries, re-examinations and routine follow-ups between them are composed
here from phrase banks (clinics write these from templates too).
"""

from __future__ import annotations

import random

from .textprep import Block

REGION_WORDS = {
    "neck": "neck",
    "back": "low back",
    "lumbar": "low back",
    "thoracic": "mid back",
    "shoulder_l": "left shoulder",
    "shoulder_r": "right shoulder",
    "knee_l": "left knee",
    "knee_r": "right knee",
    "ankle": "left ankle",
    "wrist": "left wrist",
    "head": "headaches",
}
SPINE_SEG = {"neck": "C3-C7", "back": "L3-S1", "thoracic": "T3-T8"}


def region_phrase(regions: list[str]) -> str:
    words = [REGION_WORDS[r] for r in regions if r in REGION_WORDS and r != "head"]
    if not words:
        words = ["neck"]
    if len(words) == 1:
        return words[0]
    return ", ".join(words[:-1]) + " and " + words[-1]


def pain_scores(rng: random.Random, n: int, start: int) -> list[int]:
    cur = float(start)
    out: list[int] = []
    for _ in range(n):
        cur = max(1.0, cur - rng.uniform(-0.4, 0.7))
        out.append(round(cur))
    return out


def chiro_daily(
    rng: random.Random, regions: list[str], pain: int, visit_no: int
) -> dict[str, str]:
    reg = region_phrase(regions)
    subj = rng.choice(
        [
            f"Pt reports {reg} pain {pain}/10. Stiffness worse in the morning.",
            f"Patient states {reg} pain is {pain}/10 today, improved with last "
            "treatment.",
            f"Pt c/o {reg} pain rated {pain}/10, aggravated by prolonged sitting and "
            "driving.",
            f"{reg.capitalize()} pain {pain}/10. Slept poorly last night. No new "
            "complaints.",
            f"Reports {reg} discomfort {pain}/10, some relief lasting 2 days after "
            "last visit.",
        ]
    )
    segs = [SPINE_SEG[r] for r in regions if r in SPINE_SEG] or ["C3-C7"]
    obj = rng.choice(
        [
            f"Palpable hypertonicity and tenderness {', '.join(segs)} paraspinals. "
            "Restricted ROM with end-range pain.",
            "Subluxation/fixation noted at "
            f"{rng.choice(['C5', 'C6', 'T4', 'L4', 'L5'])} and "
            f"{rng.choice(['C2', 'T6', 'L3', 'SI'])}. Muscle spasm decreased compared "
            "to prior visit.",
            "Trigger points upper trapezius bilaterally; lumbar paraspinal spasm "
            f"{rng.choice(['mild', 'moderate'])}.",
            "Cervical and lumbar ROM improving; mild guarding. Orthopedic tests "
            "unchanged.",
        ]
    )
    assess = rng.choice(
        [
            "Sprain/strain, responding to care.",
            "Improving. Continue current plan.",
            "Slow progress; symptoms persist with ADLs.",
            "Condition improving as expected.",
        ]
    )
    plan = rng.choice(
        [
            "CMT to 3-4 regions, EMS 15 min, moist heat. RTC 3x/week.",
            "Diversified adjustments, interferential stim, hot pack, home stretches "
            "reviewed. RTC 2x/week.",
            "CMT, mechanical traction, cold pack to low back. Continue per treatment "
            "plan.",
            "Adjustments C/T/L, myofascial release, EMS. Re-exam in 2 weeks.",
        ]
    )
    return {"S": subj, "O": obj, "A": assess, "P": plan, "visit_no": str(visit_no)}


def pt_daily(
    rng: random.Random, regions: list[str], pain: int, visit_no: int
) -> dict[str, str]:
    reg = region_phrase(regions)
    subj = rng.choice(
        [
            f"Pt reports {reg} pain {pain}/10 on arrival. Compliant with HEP.",
            f"Patient states pain is {pain}/10; able to sit longer at work.",
            f"Pain {pain}/10. Reports soreness after last session which resolved in 1 "
            "day.",
            f"{reg.capitalize()} pain {pain}/10. Difficulty with lifting and overhead "
            "reach persists.",
        ]
    )
    obj = rng.choice(
        [
            "Ther-ex: core stabilization progression, 3x10. Manual: STM and joint "
            "mobs grade II-III.",
            "AROM improving 10-15 degrees. Tolerated progression of resisted "
            "exercises without increase in pain.",
            "Manual therapy to paraspinals; neuromuscular re-ed for posture; moist "
            "heat 10 min post.",
            "Gait normalized; single-leg balance 20 sec; ther-ex per flowsheet.",
        ]
    )
    assess = rng.choice(
        [
            "Progressing toward STGs.",
            "Tolerated treatment well; decreased pain after session.",
            "Limited progress this week; continue POC.",
            "Good response to manual therapy.",
        ]
    )
    plan = rng.choice(
        [
            "Continue POC 2x/week. Progress HEP.",
            "Continue per plan of care; re-assess at visit 12.",
            "Add lifting mechanics next visit.",
            "Continue skilled PT 2-3x/week x 4 weeks.",
        ]
    )
    return {"S": subj, "O": obj, "A": assess, "P": plan, "visit_no": str(visit_no)}


def followup(
    rng: random.Random,
    regions: list[str],
    she: str,
    history: list[str],
    specialty: str,
    restrictions: bool,
) -> list[Block]:
    reg = region_phrase(regions)
    pron = she.lower()
    poss = "her" if she == "She" else "his"
    blocks = [
        Block("CHIEF COMPLAINT:", f"Follow-up {reg} pain."),
        Block(
            "INTERVAL HISTORY:",
            rng.choice(
                [
                    f"The patient returns for follow-up. {she} continues to have "
                    f"{reg} pain rated "
                    f"{rng.randint(4, 8)}/10, worse with bending, lifting and "
                    "prolonged sitting.",
                    f"{she} reports partial improvement since the last visit but "
                    f"still has {reg} pain with "
                    f"activity. Pain is {rng.randint(3, 7)}/10 at rest.",
                    f"The patient is seen in follow-up. {she} notes intermittent "
                    "radiating symptoms and "
                    f"difficulty sleeping because of {reg} pain.",
                ]
            ),
        ),
    ]
    if history:
        blocks.append(Block(None, " ".join(history)))
    exam = {
        "orthopedics": f"Tenderness over the {reg} region with decreased range of "
        "motion. Motor strength 5/5 "
        "in the extremities. Reflexes 2+ and symmetric. Sensation intact to light "
        "touch.",
        "pain management": "Paraspinal tenderness and myofascial trigger points. "
        "Facet loading "
        f"{rng.choice(['positive', 'equivocal'])}. Straight leg raise "
        f"{rng.choice(['negative', 'positive on the right at 60 degrees'])}.",
        "neurology": "Alert and oriented. Cranial nerves II-XII intact. Strength 5/5. "
        "DTRs 2+. Gait normal.",
        "primary care": f"Vitals stable. Mild tenderness of the {reg}. "
        "Neurovascularly intact.",
    }.get(specialty, f"Tenderness of the {reg} with guarding.")
    blocks.append(Block("PHYSICAL EXAMINATION:", exam))
    imp = {
        "orthopedics": [
            "Cervical sprain/strain with persistent cervicalgia.",
            "Lumbar sprain/strain with radicular complaints.",
            "Myofascial pain.",
        ],
        "pain management": [
            "Lumbar radiculopathy.",
            "Cervical facet-mediated pain.",
            "Myofascial pain syndrome.",
        ],
        "neurology": ["Post-traumatic headache.", "Cervicalgia."],
        "primary care": ["Neck and back pain following injury, improving."],
    }.get(specialty, ["Sprain/strain."])
    picks = imp[: rng.randint(1, len(imp))]
    blocks.append(
        Block("IMPRESSION:", " ".join(f"{i + 1}. {t}" for i, t in enumerate(picks)))
    )
    plan = rng.choice(
        [
            f"Continue physical therapy. {she} was given a prescription for meloxicam "
            "15 mg daily and "
            "cyclobenzaprine 10 mg at bedtime. Follow up in 4 weeks.",
            "Refer for pain management evaluation. Continue home exercise program. "
            "Return in 6 weeks.",
            f"Discussed options including injections. {she} wishes to continue "
            "conservative care for now. "
            "Follow up in 1 month.",
            "Continue current medications. Ice/heat as needed. Return to clinic in "
            "3-4 weeks or sooner if "
            f"{pron} worsens.",
        ]
    )
    blocks.append(Block("PLAN:", plan))
    if restrictions:
        blocks.append(
            Block(
                "WORK STATUS:",
                rng.choice(
                    [
                        "Modified duty: no lifting over 15 pounds, no repetitive "
                        f"bending. {she} may alternate "
                        "sitting and standing as needed.",
                        "Off work until next visit.",
                        "Light duty with no overhead work with the "
                        f"{rng.choice(['left', 'right'])} arm and no "
                        "lifting over 10 pounds.",
                    ]
                ),
            )
        )
    del poss
    return blocks


def chiro_reexam(
    rng: random.Random, regions: list[str], she: str, final: bool
) -> list[Block]:
    reg = region_phrase(regions)
    pct = rng.randint(35, 80)
    blocks = [
        Block(
            "SUBJECTIVE:",
            f"{she} reports approximately {pct}% overall improvement of {reg} "
            "complaints since "
            f"the start of care. Residual pain {rng.randint(2, 5)}/10 with prolonged "
            "activity.",
        ),
        Block(
            "OBJECTIVE:",
            "Cervical ROM: flexion 45, extension 50, rotation R 65 / L 60. Lumbar "
            "flexion 70 "
            "degrees with end-range pain. Kemp's test "
            + rng.choice(["negative", "positive on the right"])
            + ". Paraspinal spasm reduced.",
        ),
        Block(
            "ASSESSMENT:",
            "Cervical and lumbar sprain/strain, improving."
            if not final
            else "Cervical and lumbar sprain/strain. Patient has reached maximum "
            "chiropractic improvement.",
        ),
    ]
    if final:
        blocks.append(
            Block(
                "PLAN:",
                f"Released from active care. {she} will continue home exercises and "
                "return "
                "as needed for flare-ups. Residual symptoms may persist.",
            )
        )
    else:
        blocks.append(
            Block(
                "PLAN:",
                "Continue treatment 2x/week for 4 more weeks, then re-evaluate. "
                "Continue home stretching program.",
            )
        )
    return blocks


def pt_reeval(
    rng: random.Random, regions: list[str], she: str, final: bool
) -> list[Block]:
    reg = region_phrase(regions)
    blocks = [
        Block(
            "SUBJECTIVE:",
            f"{she} reports {reg} pain {rng.randint(2, 6)}/10 and improved tolerance "
            "for "
            "household tasks. Still limited with lifting and prolonged sitting.",
        ),
        Block(
            "OBJECTIVE:",
            "AROM within 10-20% of normal. Strength 4+/5 throughout. Oswestry "
            f"{rng.randint(18, 42)}%. NDI {rng.randint(14, 38)}%.",
        ),
        Block(
            "ASSESSMENT:",
            "Patient has met 3 of 4 short-term goals."
            if not final
            else "Patient has met most goals; plateau in progress.",
        ),
        Block(
            "PLAN:",
            "Continue skilled physical therapy 2x/week for 4 weeks."
            if not final
            else "Discharge from skilled PT to independent home exercise program.",
        ),
    ]
    return blocks


def postop(rng: random.Random, she: str, procedure: str) -> list[Block]:
    return [
        Block("CHIEF COMPLAINT:", "Postoperative visit."),
        Block(
            "HISTORY:",
            "The patient is seen for routine postoperative follow-up after "
            f"{procedure}. {she} reports "
            f"incisional soreness, pain {rng.randint(2, 5)}/10, improved radicular "
            "symptoms. No fevers or drainage.",
        ),
        Block(
            "EXAMINATION:",
            "Incision is clean, dry and intact without erythema. Sutures removed and "
            "Steri-Strips "
            "applied. Neurovascularly intact distally.",
        ),
        Block("IMPRESSION:", f"Status post {procedure}, doing well."),
        Block(
            "PLAN:",
            "Begin postoperative physical therapy in 2 weeks. Activity as tolerated "
            "with no lifting "
            "over 10 pounds. Return in 6 weeks with x-rays.",
        ),
    ]


def pt_initial(
    rng: random.Random, regions: list[str], she: str, age: int
) -> list[Block]:
    reg = region_phrase(regions)
    sex = "female" if she == "She" else "male"
    return [
        Block("DIAGNOSIS:", f"{reg.capitalize()} pain following injury."),
        Block(
            "HISTORY:",
            f"The patient is a {age}-year-old {sex} referred to physical therapy for "
            f"{reg} pain and "
            f"post-traumatic headaches after a fall. {she} reports dizziness with "
            "quick head turns and difficulty "
            "concentrating at work.",
        ),
        Block(
            "SUBJECTIVE:",
            f"Pain {rng.randint(5, 8)}/10 at worst, {rng.randint(2, 4)}/10 at best. "
            "Sleep disturbed. "
            "Headaches 4-5 days per week.",
        ),
        Block(
            "OBJECTIVE:",
            "Cervical AROM: flexion 35, extension 30, rotation R 50 / L 55 with pain "
            "at end range. "
            "Deep neck flexor endurance 12 seconds. Positive cervical "
            "flexion-rotation test. Dynamic visual acuity "
            "decreased by 2 lines. Gait steady without assistive device.",
        ),
        Block(
            "ASSESSMENT:",
            "The patient presents with cervicogenic and post-concussive symptoms "
            "limiting work and "
            "household activities and would benefit from skilled physical therapy.",
        ),
        Block(
            "PLAN:",
            "Skilled PT 2x/week for 6 weeks: therapeutic exercise, manual therapy, "
            "vestibular and "
            "oculomotor training, home exercise program.",
        ),
    ]
