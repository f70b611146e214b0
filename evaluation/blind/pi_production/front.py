"""Front matter of every production: fax cover sheet and custodian-of-records "
"affidavit."""

from __future__ import annotations

import datetime as dt

from .common import Ctx
from .layout import PAGE_W
from .util import add_days, fmt_date


def fax_cover(ctx: Ctx, sent: dt.date, pages: int, custodian: str) -> None:
    w = ctx.w
    rng = ctx.rng
    fac = ctx.doc.facility
    case = ctx.case
    ctx.section(footer=-1)
    st = rng.randint(0, 2)
    if st == 0:
        w.write("FAX", w.bold, 40, lead=44)
        w.write(fac.name, w.bold, 12)
        w.write("Health Information Management / Release of Information", w.regular, 9)
        w.rule(1.5)
    elif st == 1:
        ctx.letterhead()
        w.write("FACSIMILE TRANSMITTAL", w.bold, 16, align="c", lead=22)
        w.space(6)
    else:
        w.rect_at(w.left, w.y - 40, w.text_w, 40, 1.2)
        w.text_at(w.left + 10, w.y - 27, "FAX COVER SHEET", w.bold, 20)
        w.text_at(PAGE_W - w.right - 10, w.y - 18, fac.name, w.bold, 9, "r")
        w.text_at(
            PAGE_W - w.right - 10, w.y - 30, f"Fax {fac.fax}", w.regular, 8.5, "r"
        )
        w.y -= 50
    rows = [
        ["To:", case.vendor, "From:", custodian],
        ["Attn:", f"Records Dept. re: {case.firm}", "Dept:", "Release of Information"],
        ["Fax:", "(800) 555-0199", "Fax:", fac.fax],
        [
            "Date:",
            fmt_date(sent, rng.choice(["mdy", "long", "mdy_short"])),
            "Pages:",
            f"{pages} (including cover)",
        ],
        ["Re:", f"Records request \u2014 {ctx.pname(0)}", "Phone:", fac.phone],
    ]
    w.table([55, 200, 55, 200], rows, size=9.5, grid=rng.random() < 0.5)
    w.space(10)
    boxes = ["Urgent", "For Review", "Please Comment", "Please Reply", "As Requested"]
    checked = "As Requested"
    x = w.left
    w.y -= 12
    for b in boxes:
        w.rect_at(x, w.y - 1, 8, 8, 0.6)
        if b == checked:
            w.text_at(x + 1.2, w.y, "X", w.bold, 8)
        w.text_at(x + 12, w.y, b, w.regular, 9)
        x += 100
    w.y -= 20
    w.para(
        "Comments: Enclosed please find the records responsive to your request"
        " for the above patient, as authorized. Please contact our office at "
        f"{fac.phone}"
        " with any questions regarding this release.",
        size=9.5,
    )
    w.space(120)
    w.para(
        "CONFIDENTIALITY NOTICE: The documents accompanying this facsimile "
        "transmission contain "
        "confidential health information that is legally privileged. This information "
        "is intended "
        "only for the use of the individual or entity named above. If you are not the "
        "intended "
        "recipient, you are hereby notified that any disclosure, copying, distribution "
        "or action "
        "taken in reliance on the contents of these documents is strictly prohibited. "
        "If you have "
        "received this fax in error, please notify the sender immediately and destroy "
        "the documents.",
        fnt=w.italic,
        size=7.5,
    )


def affidavit(
    ctx: Ctx,
    signed: dt.date,
    n_pages: int,
    first: dt.date | None,
    last: dt.date | None,
    custodian: str,
    billing: bool,
) -> None:
    w = ctx.w
    rng = ctx.rng
    fac = ctx.doc.facility
    ctx.section(footer=-1)
    title = rng.choice(
        [
            "AFFIDAVIT OF CUSTODIAN OF RECORDS",
            "CERTIFICATION OF RECORDS CUSTODIAN",
            "BUSINESS RECORDS AFFIDAVIT",
        ]
    )
    w.write("COMMONWEALTH OF MASSACHUSETTS", w.bold, 10)
    w.write(
        "COUNTY OF "
        + rng.choice(["SUFFOLK", "MIDDLESEX", "ESSEX", "NORFOLK", "WORCESTER"]),
        w.bold,
        10,
    )
    w.space(10)
    w.write(title, w.bold, 14, align="c", lead=20)
    w.write(f"RE: {ctx.pname(0)}    DOB: {ctx.dob('mdy')}", w.bold, 10, align="c")
    w.space(10)
    what = (
        "itemized billing records and statements of charges"
        if billing
        else "medical records"
    )
    span = ""
    if first and last:
        span = f" for dates of service from {fmt_date(first)} through {fmt_date(last)}"
    paras = [
        f"Before me, the undersigned authority, personally appeared {custodian}, who, "
        "being by me "
        "duly sworn, deposed and stated as follows:",
        f"1. I am the duly authorized custodian of records for {fac.name}, {fac.addr}, "
        f"{fac.csz}, "
        f"and I have authority to certify the attached {what}.",
        f"2. Attached hereto are {n_pages} pages of {what} pertaining to the "
        "above-named patient"
        f"{span}. These are true and complete copies of all such records in our "
        "possession.",
        "3. The records were made at or near the time of the acts, events, conditions "
        "or diagnoses "
        "recorded, by, or from information transmitted by, a person with knowledge, "
        "and were kept "
        "in the course of the regularly conducted business activity of this facility, "
        "and it was "
        "the regular practice of this facility to make such records.",
        "4. A thorough search was made for all records requested, and no records have "
        "been withheld.",
    ]
    for p in paras:
        w.para(p, size=10, after=6)
    w.space(24)
    w.squiggle(w.left + 10, w.y, 120, seed=len(custodian))
    w.space(6)
    w.line_at(w.left, w.y, w.left + 220, w.y, 0.6)
    w.write(f"{custodian}, Custodian of Records", w.regular, 9.5)
    w.write(fac.name, w.regular, 9.5)
    w.space(18)
    w.para(
        f"Sworn to and subscribed before me this {fmt_date(signed, 'long')}.",
        size=10,
    )
    w.space(20)
    w.line_at(w.left, w.y, w.left + 220, w.y, 0.6)
    w.write("Notary Public", w.regular, 9.5)
    exp = add_days(signed, rng.randint(300, 1500))
    w.write(f"My commission expires: {fmt_date(exp)}", w.regular, 9)
    # notary seal
    cx, cy = PAGE_W - w.right - 90, w.y + 20
    w.rect_at(cx, cy, 80, 50, 1.0)
    w.text_at(cx + 40, cy + 34, "NOTARY PUBLIC", w.bold, 7, "c")
    w.text_at(cx + 40, cy + 22, "COMMONWEALTH OF", w.regular, 6.5, "c")
    w.text_at(cx + 40, cy + 12, "MASSACHUSETTS", w.regular, 6.5, "c")
