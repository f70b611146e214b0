"""Small synthetic record and bill pages (no real health data) for tests and the demo.

One emergency visit over two pages with its itemized bill, a page of physical-therapy
daily notes with the therapy ledger (whose printed total is deliberately wrong), an
old primary-care visit from before the incident, and an orthopedic claim form with no
records behind it. The synthetic corpus generator (`corpus`) makes whole cases.
"""

from __future__ import annotations

# Whose records these are (every page names him): a matter built from them must have
# him as its client, or the engine leaves the pages out as another patient's.
SAMPLE_PATIENT = "John Harper"

ER_1 = """Piedmont Regional Medical Center
Emergency Department Record
Patient: John Harper        DOB: 01/02/1980       MRN: 448812
Date of Service: 03/04/2024    Arrival: 14:32
Chief Complaint: Neck pain and low back pain after motor vehicle collision.
HPI: 44 y/o restrained driver rear-ended at a stop light. Rates pain 7/10.
Denies loss of consciousness. No numbness or tingling. Reports headache.
Physical Exam: Tenderness over the cervical paraspinals. Decreased ROM of the neck.
Page 1 of 2
"""
ER_2 = """Piedmont Regional Medical Center   Page 2 of 2
Patient: John Harper  DOB: 01/02/1980
Assessment:
1. Sprain of ligaments of cervical spine, initial encounter (S13.4XXA)
2. Cervicalgia
Procedures: CPT 99284 ED visit, level 4
Medications: Cyclobenzaprine 10 mg PO TID PRN spasm; Ibuprofen 600 mg q6h
Plan: Follow up with primary care in 1 week. Recommend physical therapy.
Work status: Off work for 3 days, then light duty, no lifting over 10 lbs.
Electronically signed by: Maria L. Chen, M.D. 03/04/2024 16:10
"""
ER_BILL = """Piedmont Regional Medical Center
ITEMIZED STATEMENT
Patient: John Harper   Account: 99812
Rendering Provider: Maria Chen, MD
Date       Code   Description              Charges
03/04/2024 99284  ED visit level 4         $1,850.00
03/04/2024 72040  X-ray cervical spine       $412.50
03/20/2024        INS PMT - BCBS            (800.00)
03/20/2024        Contractual adjustment    (300.00)
Total Charges: $2,262.50
Balance Due: $1,162.50
"""
PT_NOTES = """Peachtree Physical Therapy
Daily Notes
Patient: John Harper
DOS: 03/11/2024  Therapist: Ana Silva, PT, DPT
S: Pt reports neck pain 5/10, improving. Denies headache.
Treatment: 97110 Therapeutic exercise x2 units, 97140 Manual therapy
DOS: 03/13/2024  Therapist: Ana Silva, PT, DPT
S: Neck stiffness, pain 4/10.
Treatment: 97110 Therapeutic exercise
DOS: 05/20/2024  Therapist: Ana Silva, PT, DPT
S: pain 2/10
"""
PT_LEDGER = """Peachtree Physical Therapy
Patient Account Ledger          Provider: Ana Silva, PT, DPT
Date        Code   Description             Charge    Payment   Adj      Balance
03/11/2024  97110  Therapeutic exercise     180.00      0.00    0.00     180.00
03/11/2024  97140  Manual therapy            95.00      0.00    0.00     275.00
03/13/2024  97110  Therapeutic exercise     180.00      0.00    0.00     455.00
04/02/2024         Aetna payment              0.00    200.00    0.00     255.00
04/02/2024         Write-off                  0.00      0.00   55.00     200.00
06/01/2024  97110  Therapeutic exercise     180.00      0.00    0.00     380.00
Total charges: $640.00
"""
PCP_OLD = """Midtown Family Medicine
Office Visit
Visit Date: 01/15/2023
Provider: Robert Ames, MD
Chief Complaint: annual physical. Occasional low back pain.
Assessment: Low back pain, unspecified (M54.50)
"""
CMS_1500 = """HEALTH INSURANCE CLAIM FORM  (CMS-1500)
Patient: HARPER, JOHN
24. A. DATE(S) OF SERVICE  B. PLACE  D. PROCEDURES       F. $ CHARGES   G. UNITS
03/18/24  03/18/24  11  99204        350.00   1
03/18/24  03/18/24  11  72141        1,200.00 1
28. TOTAL CHARGE $ 1,550.00
31. SIGNATURE OF PHYSICIAN: Paul Okafor, MD
"""

# The pages of each sample file, in order.
SAMPLE_FILES: dict[str, list[str]] = {
    "Piedmont_ER_records.pdf": [ER_1, ER_2, ER_BILL],
    "Peachtree_PT_notes.pdf": [PT_NOTES],
    "Peachtree_PT_ledger.pdf": [PT_LEDGER],
    "Midtown_Family_Medicine_2023.pdf": [PCP_OLD],
    "Ortho_claim_CMS1500.pdf": [CMS_1500],
}
