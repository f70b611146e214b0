"""Bill renderers: UB-04, CMS-1500 and itemized statements."""

from __future__ import annotations

import datetime as dt

from .common import Ctx
from .layout import PAGE_H, PAGE_W, Writer
from .model import ChargeLine, Citation, Statement, Txn, Visit
from .util import fmt_date, money


def _cite_line(ctx: Ctx, line: ChargeLine, quote: str, page: int) -> None:
    if ctx.other:
        return
    if line.citation is None:
        line.citation = Citation(ctx.doc.name, page, quote)


def _mmddyy(d: dt.date, sep: str = "") -> str:
    return f"{d.month:02d}{sep}{d.day:02d}{sep}{d.year % 100:02d}"


def _box(
    w: Writer,
    x: float,
    y: float,
    bw: float,
    bh: float,
    label: str,
    value: str = "",
    size: float = 8.5,
) -> None:
    """A form box: label small at the top-left, value below. y is the box top."""
    w.rect_at(x, y - bh, bw, bh, 0.5)
    if label:
        w.text_at(x + 2, y - 7, label, "Helvetica", 5.5, gray=0.25)
    if value:
        base = y - min(16.0, bh - 3.5)
        for i, ln in enumerate(value.split("\n")):
            w.text_at(x + 3, base - i * (size + 1.5), ln, "Courier", size)


# ---------------------------------------------------------------------------
# UB-04
# ---------------------------------------------------------------------------
def ub04(ctx: Ctx, st: Statement) -> None:
    w = ctx.w
    case = ctx.case
    p = ctx.patient
    f = st.entity
    ctx.section(footer=-1)
    lx = w.left - 18
    fw = PAGE_W - 2 * lx
    top = PAGE_H - 30
    w.text_at(lx, top + 6, "UB-04 CMS-1450", "Helvetica-Bold", 7)
    first = min(x.date for x in st.lines)
    last = max(x.date for x in st.lines)
    _box(
        w,
        lx,
        top,
        fw * 0.36,
        48,
        "1",
        f"{f.billing_name.upper()}\n{f.addr.upper()}\n{f.city.upper()} {f.state} "
        f"{f.zip}\n{f.phone}",
        7.5,
    )
    _box(
        w,
        lx + fw * 0.36,
        top,
        fw * 0.3,
        48,
        "2  PAY-TO",
        f"{f.billing_name.upper()}\nPO BOX {ctx.rng.randint(1000, 9999)}",
        7.5,
    )
    x3 = lx + fw * 0.66
    _box(w, x3, top, fw * 0.22, 16, "3a PAT. CNTL #", st.account, 7.5)
    _box(w, x3, top - 16, fw * 0.22, 16, "b. MED. REC. #", f.style.get("mrn", ""), 7.5)
    _box(w, x3 + fw * 0.22, top, fw * 0.12, 32, "4 TYPE OF BILL", "0131", 8)
    _box(w, x3, top - 32, fw * 0.12, 16, "5 FED. TAX NO.", f.tin, 6.5)
    _box(
        w,
        x3 + fw * 0.12,
        top - 32,
        fw * 0.22,
        16,
        "6 STATEMENT COVERS PERIOD",
        f"{_mmddyy(first)}  {_mmddyy(last)}",
        7.5,
    )
    y = top - 48
    _box(
        w,
        lx,
        y,
        fw * 0.4,
        22,
        "8 PATIENT NAME",
        f"{p.last.upper()}, {p.first.upper()} {p.middle}".strip(),
        8,
    )
    _box(
        w,
        lx + fw * 0.4,
        y,
        fw * 0.6,
        22,
        "9 PATIENT ADDRESS",
        f"{p.address.upper()}  {p.city.upper()} {p.state} {p.zip}",
        7.5,
    )
    y -= 22
    cells = [
        ("10 BIRTHDATE", _mmddyy(p.dob), 0.14),
        ("11 SEX", p.sex, 0.06),
        ("12 ADMISSION DATE", _mmddyy(first), 0.14),
        ("13 HR", f"{ctx.rng.randint(8, 20):02d}", 0.06),
        ("14 TYPE", "1", 0.06),
        ("15 SRC", "7", 0.06),
        ("17 STAT", "01", 0.06),
        ("31 OCCURRENCE CODE / DATE", f"01  {_mmddyy(case.incident)}", 0.24),
        ("35 SPAN", "", 0.18),
    ]
    x = lx
    for label, val, frac in cells:
        _box(w, x, y, fw * frac, 22, label, val, 7.5)
        x += fw * frac
    y -= 30
    # service lines
    cols = [
        ("42 REV. CD.", 0.09),
        ("43 DESCRIPTION", 0.33),
        ("44 HCPCS / RATE / HIPPS CODE", 0.2),
        ("45 SERV. DATE", 0.11),
        ("46 SERV. UNITS", 0.08),
        ("47 TOTAL CHARGES", 0.11),
        ("48 NON-COVERED", 0.08),
    ]
    x = lx
    for label, frac in cols:
        w.rect_at(x, y - 12, fw * frac, 12, 0.5)
        w.text_at(x + 2, y - 8, label, "Helvetica", 5.5, gray=0.25)
        x += fw * frac
    y -= 12
    row_h = 12.5
    n_rows = 22
    w.rect_at(lx, y - row_h * (n_rows + 1), fw, row_h * (n_rows + 1), 0.5)
    for i in range(n_rows + 1):
        yy = y - row_h * (i + 1)
        if i < n_rows:
            w.text_at(lx - 9, yy + 3, str(i + 1), "Helvetica", 5)
        w.line_at(lx, yy, lx + fw, yy, 0.2, 0.6)
    x = lx
    for _label, frac in cols:
        x += fw * frac
        w.line_at(x, y, x, y - row_h * (n_rows + 1), 0.3, 0.4)
    for i, ln in enumerate(st.lines):
        yy = y - row_h * (i + 1) + 3.5
        x = lx
        vals = [
            ln.rev,
            ln.desc,
            ln.code if ln.code != ln.rev else "",
            _mmddyy(ln.date),
            str(ln.units),
            money(ln.charge_cents),
            "",
        ]
        for (_label, frac), val in zip(cols, vals, strict=True):
            if _label.startswith(("46", "47")):
                w.text_at(x + fw * frac - 3, yy, val, "Courier", 8, "r")
            else:
                w.text_at(x + 3, yy, val, "Courier", 8)
            x += fw * frac
        _cite_line(ctx, ln, ln.code if ln.code != ln.rev else ln.desc, w.page_no)
    yy = y - row_h * (n_rows + 1) + 3.5
    w.text_at(lx + 3, yy, "0001", "Courier-Bold", 8)
    w.text_at(lx + fw * 0.09 + 3, yy, "PAGE 1 OF 1", "Courier", 8)
    w.text_at(
        lx + fw * 0.42 + 3,
        yy,
        f"CREATION DATE {_mmddyy(st.statement_date or last)}",
        "Courier",
        7,
    )
    w.text_at(lx + fw * 0.81 - 3, yy, "TOTALS", "Courier-Bold", 7, "r")
    w.text_at(lx + fw * 0.92 - 3, yy, money(st.total_printed), "Courier-Bold", 8, "r")
    y -= row_h * (n_rows + 1) + 6
    # payer / dx / attending
    _box(w, lx, y, fw * 0.36, 30, "50 PAYER NAME", st.payer, 7.5)
    _box(
        w,
        lx + fw * 0.36,
        y,
        fw * 0.2,
        30,
        "51 HEALTH PLAN ID",
        f"{ctx.rng.randint(10000, 99999)}",
        7.5,
    )
    _box(
        w,
        lx + fw * 0.56,
        y,
        fw * 0.14,
        30,
        "54 PRIOR PAYMENTS",
        money(st.payments) if st.payments else "",
        7.5,
    )
    _box(
        w,
        lx + fw * 0.7,
        y,
        fw * 0.14,
        30,
        "55 EST. AMOUNT DUE",
        money(st.total_printed - st.payments),
        7.5,
    )
    _box(w, lx + fw * 0.84, y, fw * 0.16, 30, "56 NPI", f.npi, 7.5)
    y -= 34
    ed = next(
        (x.visit for x in st.lines if x.visit is not None and x.visit.kind == "ed"),
        None,
    )
    dxs = ed.diagnoses if ed else []
    _box(
        w,
        lx,
        y,
        fw,
        22,
        "66 DX   67 PRIN. DIAG. CD. / OTHER DIAGNOSIS CODES",
        "   ".join(c.replace(".", "") for c, _ in dxs),
        8,
    )
    y -= 26
    att = ed.clinician if ed else None
    _box(
        w,
        lx,
        y,
        fw * 0.5,
        24,
        "76 ATTENDING   NPI / LAST / FIRST",
        f"{att.npi}  {att.last.upper()}  {att.first.upper()}" if att else "",
        7.5,
    )
    _box(
        w,
        lx + fw * 0.5,
        y,
        fw * 0.5,
        24,
        "80 REMARKS",
        f"DOI {_mmddyy(case.incident)} AUTO ACCIDENT",
        7.5,
    )


# ---------------------------------------------------------------------------
# CMS-1500
# ---------------------------------------------------------------------------
def cms1500(ctx: Ctx, st: Statement) -> None:
    w = ctx.w
    case = ctx.case
    p = ctx.patient
    f = st.entity
    rng = ctx.rng
    ctx.section(footer=-1)
    lx = w.left - 14
    fw = PAGE_W - 2 * lx
    top = PAGE_H - 40
    w.text_at(lx, top + 12, "HEALTH INSURANCE CLAIM FORM", "Helvetica-Bold", 12)
    w.text_at(
        lx,
        top + 2,
        "APPROVED BY NATIONAL UNIFORM CLAIM COMMITTEE (NUCC) 02/12",
        "Helvetica",
        6,
    )
    w.text_at(lx + fw, top + 12, "CARRIER \u2192", "Helvetica", 7, "r")
    y = top - 6
    _box(
        w,
        lx,
        y,
        fw * 0.6,
        20,
        "1. MEDICARE  MEDICAID  TRICARE  CHAMPVA  GROUP HEALTH PLAN  FECA  OTHER",
        "                                                   [X] OTHER",
        7,
    )
    _box(
        w, lx + fw * 0.6, y, fw * 0.4, 20, "1a. INSURED'S I.D. NUMBER", case.claim_no, 8
    )
    y -= 20
    _box(
        w,
        lx,
        y,
        fw * 0.38,
        22,
        "2. PATIENT'S NAME (Last Name, First Name, Middle Initial)",
        f"{p.last.upper()}, {p.first.upper()} {p.middle}".strip(),
        8,
    )
    _box(
        w,
        lx + fw * 0.38,
        y,
        fw * 0.22,
        22,
        "3. PATIENT'S BIRTH DATE    SEX",
        f"{_mmddyy(p.dob, ' ')}   {p.sex}",
        8,
    )
    _box(
        w,
        lx + fw * 0.6,
        y,
        fw * 0.4,
        22,
        "4. INSURED'S NAME (Last Name, First Name, Middle Initial)",
        case.insurer.upper(),
        7.5,
    )
    y -= 22
    _box(
        w,
        lx,
        y,
        fw * 0.38,
        22,
        "5. PATIENT'S ADDRESS (No., Street)",
        f"{p.address.upper()}, {p.city.upper()} {p.state} {p.zip}",
        6.5,
    )
    _box(
        w,
        lx + fw * 0.38,
        y,
        fw * 0.22,
        22,
        "10b. AUTO ACCIDENT?  PLACE (State)",
        "[X] YES  [ ] NO   MA",
        7.5,
    )
    _box(
        w,
        lx + fw * 0.6,
        y,
        fw * 0.4,
        22,
        "11. INSURED'S POLICY GROUP OR FECA NUMBER",
        f"PIP {rng.randint(100000, 999999)}",
        7.5,
    )
    y -= 22
    _box(
        w,
        lx,
        y,
        fw * 0.38,
        22,
        "14. DATE OF CURRENT ILLNESS, INJURY, or PREGNANCY (LMP)",
        f"{_mmddyy(case.incident, ' ')}  QUAL 431",
        8,
    )
    ref = next(
        (
            x.visit.data.get("referrer")
            for x in st.lines
            if x.visit is not None and x.visit.data.get("referrer")
        ),
        None,
    )
    _box(
        w,
        lx + fw * 0.38,
        y,
        fw * 0.62,
        22,
        "17. NAME OF REFERRING PROVIDER OR OTHER SOURCE",
        f"DN {ref.first.upper()} {ref.last.upper()}" if ref else "",
        7.5,
    )
    y -= 22
    dxs: list[tuple[str, str]] = []
    for ln in st.lines:
        if ln.visit is not None:
            for d in ln.visit.diagnoses:
                if d not in dxs:
                    dxs.append(d)
    if not dxs:
        v0 = st.lines[0].visit
        dxs = list(v0.data.get("bill_dx", [])) if v0 else []
    letters = "ABCDEFGHIJKL"
    dx_txt = "    ".join(
        f"{letters[i]}. {c.replace('.', '')}" for i, (c, _) in enumerate(dxs[:12])
    )
    _box(
        w,
        lx,
        y,
        fw,
        30,
        "21. DIAGNOSIS OR NATURE OF ILLNESS OR INJURY  Relate A-lx to service line "
        "below (24E)   ICD Ind. 0",
        dx_txt,
        8,
    )
    y -= 34
    # line items
    heads = [
        ("24. A. DATE(S) OF SERVICE  From / To", 0.24),
        ("B. POS", 0.06),
        ("D. CPT/HCPCS  MODIFIER", 0.19),
        ("E. DX PTR", 0.08),
        ("F. $ CHARGES", 0.14),
        ("G. UNITS", 0.07),
        ("J. RENDERING PROVIDER ID. #", 0.22),
    ]
    x = lx
    for label, frac in heads:
        w.rect_at(x, y - 14, fw * frac, 14, 0.5)
        w.text_at(x + 2, y - 9, label, "Helvetica", 5.5, gray=0.25)
        x += fw * frac
    y -= 14
    row_h = 20
    pos = "23" if f.kind in ("hospital", "ed_group", "radiology_group") else "11"
    for i in range(6):
        x = lx
        yy = y - row_h * (i + 1)
        w.rect_at(lx, yy, fw, row_h, 0.4)
        w.text_at(lx - 8, yy + 7, str(i + 1), "Helvetica", 6)
        if i < len(st.lines):
            ln = st.lines[i]
            v: Visit | None = ln.visit
            rend = v.clinician.npi if v else f.npi
            ptr = "AB"[: max(1, min(2, len(dxs)))] if dxs else ""
            d = _mmddyy(ln.date, " ")
            dollars, cents = divmod(ln.charge_cents, 100)
            vals = [
                f"{d}  {d}",
                pos,
                f"{ln.code}  {ln.modifier}".strip(),
                ptr,
                "",
                str(ln.units),
                f"NPI {rend}",
            ]
            for (label, frac), val in zip(heads, vals, strict=True):
                if label.startswith("F."):
                    cx = x + fw * frac - 18
                    w.text_at(cx - 3, yy + 6, f"{dollars}", "Courier", 8.5, "r")
                    w.line_at(cx, yy, cx, yy + row_h, 0.3, 0.5)
                    w.text_at(cx + 3, yy + 6, f"{cents:02d}", "Courier", 8.5)
                else:
                    w.text_at(x + 3, yy + 6, val, "Courier", 8.5)
                x += fw * frac
            _cite_line(ctx, ln, ln.code, w.page_no)
    y -= row_h * 6 + 4
    tot = st.total_printed
    td, tc = divmod(tot, 100)
    paid = st.payments
    _box(
        w, lx, y, fw * 0.2, 24, "25. FEDERAL TAX I.D. NUMBER", f"{f.tin}  [X] EIN", 7.5
    )
    _box(w, lx + fw * 0.2, y, fw * 0.2, 24, "26. PATIENT'S ACCOUNT NO.", st.account, 8)
    _box(w, lx + fw * 0.4, y, fw * 0.16, 24, "27. ACCEPT ASSIGNMENT?", "[X] YES", 7.5)
    _box(
        w,
        lx + fw * 0.56,
        y,
        fw * 0.16,
        24,
        "28. TOTAL CHARGE",
        f"$ {td:,} | {tc:02d}",
        8.5,
    )
    pd, pc = divmod(paid, 100)
    _box(
        w,
        lx + fw * 0.72,
        y,
        fw * 0.14,
        24,
        "29. AMOUNT PAID",
        f"$ {pd} | {pc:02d}",
        8.5,
    )
    _box(w, lx + fw * 0.86, y, fw * 0.14, 24, "30. Rsvd for NUCC Use", "", 8)
    y -= 24
    v0 = st.lines[0].visit
    sig = v0.clinician if v0 else None
    sd = st.statement_date or st.lines[0].date
    _box(
        w,
        lx,
        y,
        fw * 0.3,
        46,
        "31. SIGNATURE OF PHYSICIAN OR SUPPLIER",
        f"{sig.disp(0).upper() if sig else ''}\nSIGNED {_mmddyy(sd)}",
        7.5,
    )
    svc = v0.facility if v0 else f
    _box(
        w,
        lx + fw * 0.3,
        y,
        fw * 0.33,
        46,
        "32. SERVICE FACILITY LOCATION INFORMATION",
        f"{svc.name.upper()}\n{svc.addr.upper()}\n{svc.city.upper()} {svc.state} "
        f"{svc.zip}",
        6.5,
    )
    _box(
        w,
        lx + fw * 0.63,
        y,
        fw * 0.37,
        46,
        f"33. BILLING PROVIDER INFO & PH #  {f.phone}",
        f"{f.billing_name.upper()}\n{f.addr.upper()}\n{f.city.upper()} {f.state} "
        f"{f.zip}\na. NPI {f.npi}",
        6.5,
    )
    y -= 52
    w.text_at(
        lx,
        y,
        "NUCC Instruction Manual available at: www.nucc.org          PLEASE PRINT OR "
        "TYPE          APPROVED OMB-0938-1197 FORM 1500 (02-12)",
        "Helvetica",
        5.5,
        gray=0.3,
    )


# ---------------------------------------------------------------------------
# itemized statements
# ---------------------------------------------------------------------------
def _stmt_header(ctx: Ctx, st: Statement, title: str) -> None:
    w = ctx.w
    f = st.entity
    p = ctx.patient
    ctx.letterhead(f, sub="Patient Accounts / Billing Office")
    cont = f"{f.billing_name} \u2014 {title.title()} (continued)"
    who = f"{p.first} {p.last}   Acct {st.account}"

    def hdr(wr: Writer) -> None:
        wr.y -= 10
        wr.text_at(wr.left, wr.y, cont, wr.bold, 8.5)
        wr.text_at(PAGE_W - wr.right, wr.y, who, wr.regular, 8, "r")
        wr.y -= 5
        wr.line_at(wr.left, wr.y, PAGE_W - wr.right, wr.y, 0.5)
        wr.y -= 6

    w.cont_header = hdr
    w.write(title, w.bold, 13, align="c", lead=18)
    w.space(2)
    sd = st.statement_date or st.lines[-1].date
    w.kv_columns(
        [
            ("Statement Date:", fmt_date(sd)),
            ("Account #:", st.account),
            ("Patient:", f"{p.first} {p.last}"),
            ("Date of Birth:", fmt_date(p.dob)),
            ("Guarantor:", f"{p.first} {p.last}"),
            ("Date of Injury:", fmt_date(ctx.incident)),
        ],
        2,
        box=True,
    )


def _events(st: Statement) -> list[tuple[dt.date, int, ChargeLine | Txn]]:
    ev: list[tuple[dt.date, int, ChargeLine | Txn]] = []
    for i, ln in enumerate(st.lines):
        ev.append((ln.date, i, ln))
    for j, t in enumerate(st.txns):
        ev.append((t.date, 1000 + j, t))
    ev.sort(key=lambda e: (e[0], e[1]))
    return ev


def itemized(ctx: Ctx, st: Statement) -> None:
    w = ctx.w
    rng = ctx.rng
    ctx.section(footer=st.entity.style.get("bill_footer", 1))
    style = st.style
    paren_pay = rng.random() < 0.5
    if style == 0:
        _stmt_header(ctx, st, "STATEMENT OF ACCOUNT \u2014 ITEMIZED")
        rows: list[list[str]] = []
        refs: list[ChargeLine | None] = []
        bal = 0
        for d, _k, item in _events(st):
            if isinstance(item, ChargeLine):
                bal += item.charge_cents
                rows.append(
                    [
                        fmt_date(d),
                        item.code,
                        item.desc,
                        money(item.charge_cents),
                        "",
                        "",
                        money(bal),
                    ]
                )
                refs.append(item)
            else:
                bal -= item.amount_cents
                if item.kind == "payment":
                    rows.append(
                        [
                            fmt_date(d),
                            "",
                            item.desc,
                            "",
                            money(item.amount_cents, parens=paren_pay),
                            "",
                            money(bal),
                        ]
                    )
                else:
                    rows.append(
                        [
                            fmt_date(d),
                            "",
                            item.desc,
                            "",
                            "",
                            money(item.amount_cents, parens=True),
                            money(bal),
                        ]
                    )
                refs.append(None)
        pages = w.table(
            [58, 42, 190, 62, 62, 66, 66],
            rows,
            header=[
                "Date",
                "Code",
                "Description",
                "Charges",
                "Payments",
                "Adjustments",
                "Balance",
            ],
            size=8,
            aligns="lllrrrr",
        )
        for r, pg, row in zip(refs, pages, rows, strict=True):
            if r is not None:
                _cite_line(ctx, r, row[2], pg)
        _summary(ctx, st, paren_pay)
    elif style == 1:
        _stmt_header(ctx, st, "ITEMIZED BILL")
        rows = []
        refs2: list[ChargeLine] = []
        for ln in st.lines:
            rows.append(
                [
                    fmt_date(ln.date, "mdy_short"),
                    ln.code,
                    str(ln.units),
                    ln.desc,
                    money(ln.charge_cents, dollar=True),
                ]
            )
            refs2.append(ln)
        pages = w.table(
            [60, 50, 36, 270, 80],
            rows,
            header=["DOS", "CPT", "Units", "Description", "Amount"],
            size=8,
            aligns="llllr",
            grid=False,
        )
        for r2, pg, row in zip(refs2, pages, rows, strict=True):
            _cite_line(ctx, r2, row[3], pg)
        if st.txns:
            w.write("Payments and Adjustments", w.bold, 9.5)
            trows = [
                [
                    fmt_date(t.date, "mdy_short"),
                    t.desc,
                    "Payment" if t.kind == "payment" else "Adjustment",
                    money(t.amount_cents, dollar=True, parens=True),
                ]
                for t in st.txns
            ]
            w.table(
                [60, 260, 90, 86],
                trows,
                header=["Date", "Description", "Type", "Amount"],
                size=8,
                aligns="lllr",
                grid=False,
            )
        _summary(ctx, st, True)
    else:
        _stmt_header(ctx, st, "Patient Account Ledger")
        rows = []
        refs = []
        for d, _k, item in _events(st):
            if isinstance(item, ChargeLine):
                prov = item.visit.clinician.disp(3) if item.visit else ""
                rows.append(
                    [
                        fmt_date(d, "mdy2"),
                        fmt_date(item.date, "mdy2"),
                        item.code,
                        item.desc,
                        prov,
                        money(item.charge_cents),
                        "",
                        "",
                    ]
                )
                refs.append(item)
            else:
                post = fmt_date(d, "mdy2")
                if item.kind == "payment":
                    rows.append(
                        [
                            post,
                            "",
                            "PMT",
                            item.desc,
                            "",
                            "",
                            money(item.amount_cents, parens=paren_pay),
                            "",
                        ]
                    )
                else:
                    rows.append(
                        [
                            post,
                            "",
                            "ADJ",
                            item.desc,
                            "",
                            "",
                            "",
                            money(item.amount_cents, parens=True),
                        ]
                    )
                refs.append(None)
        pages = w.table(
            [48, 48, 40, 168, 72, 56, 56, 56],
            rows,
            header=[
                "Post",
                "DOS",
                "Proc",
                "Description",
                "Provider",
                "Chg",
                "Pmt",
                "Adj",
            ],
            size=7.5,
            aligns="lllllrrr",
            zebra=True,
        )
        for r, pg, row in zip(refs, pages, rows, strict=True):
            if r is not None:
                _cite_line(ctx, r, row[3], pg)
        _summary(ctx, st, paren_pay, compact=True)


def _summary(ctx: Ctx, st: Statement, paren_pay: bool, compact: bool = False) -> None:
    w = ctx.w
    tot = st.total_printed
    bal = tot - st.payments - st.adjustments
    if compact:
        w.write(
            f"Total Charges: {money(tot)}    Total Pmts: "
            f"{money(st.payments, parens=paren_pay)}    "
            f"Total Adj: {money(st.adjustments, parens=True)}    Acct Balance: "
            f"{money(bal)}",
            w.bold,
            8.5,
        )
        return
    w.ensure(80)
    x = PAGE_W - w.right - 220
    w.space(4)
    rows = [
        ("Total Charges", money(tot, dollar=True)),
        ("Total Payments", money(st.payments, dollar=True, parens=paren_pay)),
        ("Total Adjustments", money(st.adjustments, dollar=True, parens=True)),
        ("BALANCE DUE", money(bal, dollar=True)),
    ]
    top = w.y
    for i, (k, v) in enumerate(rows):
        yy = top - (i + 1) * 14
        fnt = w.bold if i == 3 else w.regular
        w.text_at(x + 6, yy + 3, k, fnt, 9.5)
        w.text_at(x + 214, yy + 3, v, fnt, 9.5, "r")
    w.rect_at(x, top - len(rows) * 14 - 4, 220, len(rows) * 14 + 4, 0.8)
    w.y = top - len(rows) * 14 - 12
    w.para(
        "Please make checks payable to "
        + st.entity.billing_name
        + ". Questions? Call "
        + st.entity.phone
        + ".",
        size=8,
    )


def render_statement(ctx: Ctx, st: Statement) -> None:
    if st.form == "ub04":
        ub04(ctx, st)
    elif st.form == "cms1500":
        cms1500(ctx, st)
    else:
        itemized(ctx, st)
