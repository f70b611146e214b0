"""The built-in templates render real letters from a full context, byte-stable."""

from __future__ import annotations

import hashlib
import io
import subprocess
import sys
import zipfile
from datetime import UTC, datetime

import pytest
from docx import Document
from docx.document import Document as DocumentObject
from docx.shared import Inches, Pt
from docx.table import Table
from docx.text.paragraph import Paragraph
from docxtpl import DocxTemplate
from jinja2 import StrictUndefined
from jinja2.sandbox import ImmutableSandboxedEnvironment

from paradesk.engines.drafting import fields
from paradesk.engines.drafting.builtin import (
    BUILTIN_VERSION,
    BUILTINS,
    FORM_HEADING_STYLE,
    PROVIDER_HEADING_STYLE,
    SECTION_HEADING_STYLE,
    SPECIALS_HEADER,
    template_bytes,
)
from paradesk.engines.drafting.context import (
    Client,
    Coded,
    DraftContext,
    Exhibit,
    Firm,
    FutureCare,
    Incident,
    Insurer,
    Letter,
    Matter,
    Provider,
    Recipient,
    Records,
    Signer,
    SpecialLine,
    Specials,
    SpecialTotals,
    Treatment,
    money,
)

KEYS = [builtin.key for builtin in BUILTINS]
FIRM_NAME = "Hart & Lowe <Trial Lawyers> LLP"
PROVIDER_NAME = "Lakeside Orthopedics & Spine <Main Campus>"


def _line(
    provider: str, charges: int, payments: int, adjustments: int, exhibit: str
) -> SpecialLine:
    balance = charges - payments - adjustments
    return SpecialLine(
        provider=provider,
        charges=money(charges),
        charges_cents=charges,
        payments=money(payments),
        payments_cents=payments,
        adjustments=money(adjustments),
        adjustments_cents=adjustments,
        balance=money(balance),
        balance_cents=balance,
        exhibit=exhibit,
    )


def _specials(lines: list[SpecialLine]) -> Specials:
    sums = {
        name: sum(getattr(line, f"{name}_cents") for line in lines)
        for name in ("charges", "payments", "adjustments", "balance")
    }
    return Specials(
        lines=lines,
        total=SpecialTotals(
            charges=money(sums["charges"]),
            charges_cents=sums["charges"],
            payments=money(sums["payments"]),
            payments_cents=sums["payments"],
            adjustments=money(sums["adjustments"]),
            adjustments_cents=sums["adjustments"],
            balance=money(sums["balance"]),
            balance_cents=sums["balance"],
        ),
    )


ATTORNEY = Signer(
    name="Rebecca Hart",
    title="Attorney at Law",
    is_attorney=True,
    bar_number="IL 6291044",
    email="rhart@hartlowe.example",
)
PARALEGAL = Signer(
    name="Marcus Bell",
    title="Senior Paralegal",
    supervisor="Rebecca Hart, Esq.",
    email="mbell@hartlowe.example",
    phone="(217) 555-0142",
)


def full_context(
    *, signer: Signer = ATTORNEY, future_care: bool = True, re: str = ""
) -> DraftContext:
    """A realistic matter: a rear-end collision, three providers, three bills."""
    return DraftContext(
        firm=Firm(
            name=FIRM_NAME,
            address_lines=[
                "400 South Fifth Street, Suite 900",
                "Springfield, IL 62701",
            ],
            phone="(217) 555-0100",
            email="intake@hartlowe.example",
        ),
        matter=Matter(
            number="PI-2024-0117",
            title="Whitfield v. Carver",
            jurisdiction="Illinois",
            injury_type="Motor vehicle collision",
        ),
        client=Client(
            name="Dana R. Whitfield",
            address_lines=["1827 Maple Ridge Drive", "Chatham, IL 62629"],
            phone="(217) 555-0199",
            date_of_birth="June 14, 1986",
        ),
        incident=Incident(
            date="2024-03-04",
            date_long="March 4, 2024",
            location="Veterans Parkway at Wabash Avenue, Springfield, Illinois",
            facts=(
                "Ms. Whitfield was stopped at a red light when your insured's pickup "
                "struck her sedan from behind at about 35 miles per hour.\n"
                "The police report records no braking before the impact."
            ),
            liability=(
                "Your insured was cited for following too closely and admitted at "
                "the scene that he was looking at his phone."
            ),
        ),
        insurer=Insurer(
            name="Prairie Mutual Insurance Company",
            address_lines=["PO Box 4410", "Bloomington, IL 61702"],
            claim_number="PMI-24-883102",
            insured="Travis Carver",
            adjuster="Joan Mercer",
            adjuster_email="jmercer@prairiemutual.example",
        ),
        recipient=Recipient(
            name="Prairie Mutual Insurance Company",
            attention="Joan Mercer, Claims Adjuster",
            address_lines=["PO Box 4410", "Bloomington, IL 61702"],
            email="jmercer@prairiemutual.example",
        ),
        provider=Provider(
            name=PROVIDER_NAME,
            address_lines=["2200 Lakeshore Drive", "Springfield, IL 62704"],
            phone="(217) 555-0300",
            fax="(217) 555-0301",
        ),
        records=Records(
            from_date="March 4, 2024",
            to_date="September 30, 2024",
            description="All office notes, imaging reports and itemized bills",
            purpose="Evaluation and settlement of my personal injury claim",
            expires="March 4, 2026",
        ),
        signer=signer,
        letter=Letter(
            date="2024-11-01",
            date_long="November 1, 2024",
            re=re,
            response_days=30,
            response_deadline="2024-12-01",
            response_deadline_long="December 1, 2024",
            demand="$185,000.00",
            demand_cents=18_500_000,
            general_damages=(
                "For months Ms. Whitfield could not lift her daughter or sleep "
                "through the night."
            ),
            body=(
                "We received your records from Lakeside Orthopedics.\n"
                "Next, we will send the demand to the insurer."
            ),
        ),
        treatment=[
            Treatment(
                provider="Memorial Medical Center Emergency Department",
                visit_types="Emergency",
                first_visit="March 4, 2024",
                last_visit="March 4, 2024",
                visits=1,
                diagnoses=[
                    Coded(code="S13.4XXA", description="Sprain of cervical spine"),
                    Coded(code="S33.5XXA", description="Sprain of lumbar spine"),
                ],
                procedures=[Coded(code="72125", description="CT cervical spine")],
                complaints=["neck pain", "low back pain"],
                summary="Seen by ambulance; CT negative for fracture; discharged.",
                citations="Ex. 1 at 1-4",
            ),
            Treatment(
                provider=PROVIDER_NAME,
                visit_types="Office visit, MRI",
                first_visit="March 12, 2024",
                last_visit="July 30, 2024",
                visits=6,
                diagnoses=[Coded(code="M50.121", description="C5-C6 disc herniation")],
                procedures=[Coded(code="72141", description="MRI cervical spine")],
                summary="MRI showed a C5-C6 herniation; two epidural injections.",
                citations="Ex. 2 at 1, 3; Ex. 3 at 2",
            ),
            Treatment(
                provider="Capital Physical Therapy",
                visit_types="Physical therapy",
                first_visit="March 20, 2024",
                last_visit="June 28, 2024",
                visits=24,
                procedures=[Coded(code="97110", description="Therapeutic exercise")],
                summary="Twenty-four sessions; discharged with residual stiffness.",
                citations="Ex. 4 at 1-22",
            ),
        ],
        specials=_specials(
            [
                _line("Memorial Medical Center", 684_250, 120_000, 310_480, "Ex. 5"),
                _line(PROVIDER_NAME, 1_295_000, 0, 0, "Ex. 6"),
                _line("Capital Physical Therapy", 528_000, 211_200, 0, "Ex. 7"),
            ]
        ),
        future_care=(
            [
                FutureCare(
                    provider=PROVIDER_NAME,
                    date_long="July 30, 2024",
                    recommendation="Anterior cervical discectomy and fusion at C5-C6",
                    citation="Ex. 2 at 14",
                )
            ]
            if future_care
            else []
        ),
        exhibits=[
            Exhibit(number=1, label="Exhibit 1", title="Memorial ED records"),
            Exhibit(
                number=2,
                label="Exhibit 2",
                title="Lakeside records",
                description="Medical records of Lakeside Orthopedics",
            ),
            Exhibit(number=5, label="Exhibit 5", title="Memorial UB-04"),
        ],
    )


def render(key: str, context: DraftContext) -> DocumentObject:
    """Fills a built-in the way the drafting renderer does, and reads it back."""
    template = DocxTemplate(io.BytesIO(template_bytes(key)))
    environment = ImmutableSandboxedEnvironment(undefined=StrictUndefined)
    template.render(context.as_template_data(), jinja_env=environment, autoescape=True)
    out = io.BytesIO()
    template.save(out)
    return Document(io.BytesIO(out.getvalue()))


def paragraphs(document: DocumentObject) -> list[Paragraph]:
    """Every paragraph in reading order, table cells included."""
    found: list[Paragraph] = []
    for block in document.iter_inner_content():
        if isinstance(block, Table):
            for row in block.rows:
                for cell in row.cells:
                    found += cell.paragraphs
        else:
            found.append(block)
    return found


def texts(document: DocumentObject) -> list[str]:
    return [paragraph.text for paragraph in paragraphs(document)]


def styled(document: DocumentObject, style: str) -> list[str]:
    return [
        p.text
        for p in document.paragraphs
        if p.style is not None and p.style.name == style
    ]


def test_builtins_are_the_five_we_ship() -> None:
    assert KEYS == [
        "demand",
        "records_request",
        "hipaa_authorization",
        "representation",
        "client_status",
    ]
    assert BUILTIN_VERSION == "1"
    assert all(builtin.name and builtin.description for builtin in BUILTINS)


def test_an_unknown_key_is_refused_naming_the_known_ones() -> None:
    with pytest.raises(KeyError, match=r"no built-in template 'demnd'.*demand"):
        template_bytes("demnd")


@pytest.mark.parametrize("key", KEYS)
def test_every_builtin_passes_the_field_check(key: str) -> None:
    check = fields.check(template_bytes(key))
    assert "signer.status" in check.paths
    assert "firm.name" in check.paths


@pytest.mark.parametrize("key", KEYS)
@pytest.mark.parametrize("signer", [ATTORNEY, PARALEGAL], ids=["attorney", "paralegal"])
def test_every_builtin_fills_every_tag_and_escapes_names(
    key: str, signer: Signer
) -> None:
    document = render(key, full_context(signer=signer))
    body = "\n".join(texts(document))
    for marker in ("{{", "}}", "{%", "%}", "{#"):
        assert marker not in body
    assert "&amp;" not in body
    assert FIRM_NAME in body
    assert "Dana R. Whitfield" in body
    assert signer.name in body


@pytest.mark.parametrize("key", KEYS)
def test_a_paralegal_signature_states_non_attorney_status(key: str) -> None:
    document = render(key, full_context(signer=PARALEGAL))
    lines = texts(document)
    assert PARALEGAL.status in lines
    assert "not an attorney" in PARALEGAL.status
    assert "Prepared under the supervision of Rebecca Hart, Esq." in PARALEGAL.status
    assert not any(line.startswith("Bar No.") for line in lines)


@pytest.mark.parametrize("key", KEYS)
def test_an_attorney_signature_has_a_bar_number_and_no_status_line(key: str) -> None:
    document = render(key, full_context(signer=ATTORNEY))
    lines = texts(document)
    assert "Bar No. IL 6291044" in lines
    assert not any("not an attorney" in line for line in lines)
    name_at = lines.index("Rebecca Hart")
    assert lines[name_at : name_at + 4] == [
        "Rebecca Hart",
        "Attorney at Law",
        "Bar No. IL 6291044",
        FIRM_NAME,
    ]


@pytest.mark.parametrize("key", ["demand", "records_request", "representation"])
def test_letters_open_with_letterhead_date_and_recipient(key: str) -> None:
    lines = texts(render(key, full_context()))
    assert lines[:4] == [
        FIRM_NAME,
        "400 South Fifth Street, Suite 900",
        "Springfield, IL 62701",
        "Tel. (217) 555-0100  |  intake@hartlowe.example",
    ]
    assert "November 1, 2024" in lines


def test_demand_sections_come_in_order() -> None:
    document = render("demand", full_context())
    assert styled(document, SECTION_HEADING_STYLE) == [
        "Facts of the Incident",
        "Liability",
        "Injuries and Treatment",
        "Medical Specials",
        "Future Medical Care",
        "General Damages",
        "Demand",
        "Exhibits",
    ]


def test_demand_re_block_names_client_claim_and_loss() -> None:
    lines = texts(render("demand", full_context()))
    start = lines.index("Re:\tSettlement Demand")
    assert lines[start + 1 : start + 6] == [
        "\tOur Client:\tDana R. Whitfield",
        "\tYour Insured:\tTravis Carver",
        "\tClaim No.:\tPMI-24-883102",
        "\tDate of Loss:\tMarch 4, 2024",
        "\tOur File No.:\tPI-2024-0117",
    ]
    assert "Dear Joan Mercer:" in lines
    assert "Prairie Mutual Insurance Company" in lines
    assert "Attn: Joan Mercer, Claims Adjuster" in lines


def test_a_given_re_line_replaces_the_re_block() -> None:
    re = "Our client: Dana R. Whitfield; Claim No.: PMI-24-883102"
    lines = texts(render("demand", full_context(re=re)))
    assert f"Re:\t{re}" in lines
    assert not any("Our Client:" in line for line in lines)


def test_demand_facts_and_liability_are_printed() -> None:
    context = full_context()
    document = render("demand", context)
    lines = texts(document)
    facts_at = lines.index("Facts of the Incident")
    # A line break in the facts becomes a break inside the paragraph.
    assert lines[facts_at + 1] == context.incident.facts
    assert lines[lines.index("Liability") + 1] == context.incident.liability


def test_demand_treatment_has_one_heading_per_provider() -> None:
    context = full_context()
    document = render("demand", context)
    assert styled(document, PROVIDER_HEADING_STYLE) == [
        care.provider for care in context.treatment
    ]
    lines = texts(document)
    assert "Emergency; March 4, 2024; 1 visit" in lines
    assert "Office visit, MRI; March 12, 2024 to July 30, 2024; 6 visits" in lines
    assert "S13.4XXA: Sprain of cervical spine" in lines
    assert "M50.121: C5-C6 disc herniation" in lines
    assert "97110: Therapeutic exercise" in lines
    assert "Complaints: neck pain; low back pain" in lines
    assert (
        "MRI showed a C5-C6 herniation; two epidural injections. "
        "(See Ex. 2 at 1, 3; Ex. 3 at 2.)"
    ) in lines
    # Physical therapy had no diagnoses: no empty "Diagnoses:" label for it.
    assert lines.count("Diagnoses:") == 2
    assert lines.count("Procedures:") == 3


def test_demand_specials_table_equals_the_context_to_the_cent() -> None:
    context = full_context()
    document = render("demand", context)
    (table,) = document.tables
    rows = [[cell.text for cell in row.cells] for row in table.rows]
    assert rows[0] == list(SPECIALS_HEADER)
    assert rows[1:-1] == [
        [
            line.provider,
            line.charges,
            line.payments,
            line.adjustments,
            line.balance,
            line.exhibit,
        ]
        for line in context.specials.lines
    ]
    total = context.specials.total
    assert rows[-1] == [
        "Total",
        "$25,072.50",
        "$3,312.00",
        "$3,104.80",
        "$18,655.70",
        "",
    ]
    assert rows[-1][1:5] == [
        total.charges,
        total.payments,
        total.adjustments,
        total.balance,
    ]
    total_runs = [
        run for cell in table.rows[-1].cells[:5] for run in cell.paragraphs[0].runs
    ]
    assert total_runs
    assert all(run.bold for run in total_runs)
    assert not any(run.bold for run in table.rows[1].cells[0].paragraphs[0].runs)
    blocks = list(document.iter_inner_content())
    table_at = next(i for i, block in enumerate(blocks) if isinstance(block, Table))
    headings_before = [
        block.text
        for block in blocks[:table_at]
        if isinstance(block, Paragraph)
        and block.style is not None
        and block.style.name == SECTION_HEADING_STYLE
    ]
    assert headings_before[-1] == "Medical Specials"


def test_demand_with_no_bills_keeps_an_empty_table_and_zero_total() -> None:
    context = full_context().model_copy(update={"specials": Specials()})
    (table,) = render("demand", context).tables
    assert [[cell.text for cell in row.cells] for row in table.rows] == [
        list(SPECIALS_HEADER),
        ["Total", "$0.00", "$0.00", "$0.00", "$0.00", ""],
    ]


def test_demand_future_care_lists_each_recommendation() -> None:
    lines = texts(render("demand", full_context()))
    assert (
        "Anterior cervical discectomy and fusion at C5-C6, recommended by "
        f"{PROVIDER_NAME} on July 30, 2024 (Ex. 2 at 14)."
    ) in lines
    assert not any("No further medical care" in line for line in lines)


def test_demand_without_future_care_says_none_is_recommended() -> None:
    lines = texts(render("demand", full_context(future_care=False)))
    at = lines.index("Future Medical Care")
    assert lines[at + 1].startswith("No further medical care has been recommended")


def test_demand_states_the_amount_and_the_deadline() -> None:
    lines = texts(render("demand", full_context()))
    at = lines.index("Demand")
    assert "Dana R. Whitfield demands $185,000.00 in full settlement" in lines[at + 1]
    assert (
        "within 30 days of the date of this letter, on or before December 1, 2024"
        in lines[at + 2]
    )
    assert (
        "For months Ms. Whitfield could not lift her daughter"
        in lines[lines.index("General Damages") + 1]
    )


def test_demand_without_amount_or_general_damages_shows_placeholders() -> None:
    context = full_context()
    context = context.model_copy(
        update={
            "letter": context.letter.model_copy(
                update={"demand": "", "general_damages": ""}
            )
        }
    )
    body = "\n".join(texts(render("demand", context)))
    assert "[demand amount to be entered by the attorney]" in body
    assert "[General damages: to be written by the attorney.]" in body


def test_demand_lists_the_exhibits() -> None:
    lines = texts(render("demand", full_context()))
    assert "Exhibit 1: Memorial ED records" in lines
    assert (
        "Exhibit 2: Lakeside records (Medical records of Lakeside Orthopedics)" in lines
    )
    assert "Exhibit 5: Memorial UB-04" in lines


# 45 CFR 164.508(c): each element or statement, and a phrase that carries it.
HIPAA_PHRASES = {
    "(c)(1)(i) description": (
        "All office notes, imaging reports and itemized bills; dates of service "
        "from March 4, 2024 through September 30, 2024."
    ),
    "(c)(1)(ii) who discloses": PROVIDER_NAME,
    "(c)(1)(iii) who receives": f"{FIRM_NAME}, its attorneys and staff",
    "(c)(1)(iv) purpose": "Evaluation and settlement of my personal injury claim",
    "(c)(1)(v) expiration": "Expiration date or event: March 4, 2026.",
    "(c)(1)(vi) signature": "Signature of patient or personal representative\tDate",
    "(c)(1)(vi) representative": "Description of authority to act for the patient",
    "(c)(2)(i) revoke": (
        f"I may revoke this authorization at any time by sending written notice to "
        f"{PROVIDER_NAME}"
    ),
    "(c)(2)(i) exception": "will not affect any action already taken in reliance",
    "(c)(2)(ii) conditioning": (
        "may not condition my treatment, payment, enrollment in a health plan, or "
        "eligibility for benefits on whether I sign it"
    ),
    "(c)(2)(iii) redisclosure": (
        "may be redisclosed by the person who receives it and may then no longer be "
        "protected by the federal privacy rules"
    ),
    "(c)(4) copy": "I am entitled to a copy of this authorization",
    "psychotherapy notes": "This authorization does not cover psychotherapy notes.",
    "HIV": "HIV/AIDS-related information",
    "mental health": "Mental health records (other than psychotherapy notes)",
    "Part 2": "treatment records protected by 42 CFR Part 2",
    "initials": "only if I write my initials next to it",
}


@pytest.mark.parametrize("key", ["hipaa_authorization", "records_request"])
@pytest.mark.parametrize("element", list(HIPAA_PHRASES))
def test_authorization_has_each_hipaa_element(key: str, element: str) -> None:
    body = "\n".join(texts(render(key, full_context())))
    assert HIPAA_PHRASES[element] in body


def test_authorization_names_the_patient_provider_and_firm_addresses() -> None:
    lines = texts(render("hipaa_authorization", full_context()))
    assert "Patient name: Dana R. Whitfield" in lines
    assert "Date of birth: June 14, 1986" in lines
    assert "1827 Maple Ridge Drive" in lines
    assert "2200 Lakeshore Drive" in lines
    assert "Tel. (217) 555-0300  Fax (217) 555-0301" in lines
    assert "400 South Fifth Street, Suite 900" in lines


def test_authorization_defaults_purpose_and_expiry_when_not_given() -> None:
    context = full_context().model_copy(update={"records": Records()})
    lines = texts(render("hipaa_authorization", context))
    assert "At the request of the individual." in lines
    assert "Expiration date or event: one year after the date I sign it." in lines


def test_records_request_encloses_the_identical_authorization_after_a_page_break() -> (
    None
):
    context = full_context(signer=PARALEGAL)
    alone = render("hipaa_authorization", context)
    request = render("records_request", context)
    form = [p.text for p in alone.paragraphs]
    form = form[: form.index("Please return the signed authorization to:")]
    request_lines = [p.text for p in request.paragraphs]
    start = request_lines.index(form[0])
    assert request_lines[start : start + len(form)] == form
    breaks = [
        i
        for i, paragraph in enumerate(request.paragraphs)
        if paragraph._p.xpath(".//w:br[@w:type='page']")
    ]
    assert breaks == [start - 1]
    assert styled(request, FORM_HEADING_STYLE) == styled(alone, FORM_HEADING_STYLE)
    assert len(styled(alone, FORM_HEADING_STYLE)) == 10


def test_records_request_asks_for_records_bills_and_certification() -> None:
    lines = texts(render("records_request", full_context()))
    body = "\n".join(lines)
    assert lines[
        lines.index("November 1, 2024") + 1 : lines.index("November 1, 2024") + 6
    ] == [
        "Via fax to (217) 555-0301 and U.S. Mail",
        PROVIDER_NAME,
        "Attn: Custodian of Medical and Billing Records",
        "2200 Lakeshore Drive",
        "Springfield, IL 62704",
    ]
    assert "\tDates of Service:\tMarch 4, 2024 through September 30, 2024" in lines
    for phrase in (
        "Complete medical records",
        "and in particular: All office notes, imaging reports and itemized bills.",
        "UB-04 or CMS-1500",
        "CPT or HCPCS code",
        "certification or affidavit of the custodian of records",
        "HIPAA right of access (45 CFR 164.524)",
        "reasonable, cost-based fee",
        "please call our office with the amount before sending",
        "Enclosed is our client's authorization",
    ):
        assert phrase in body


def test_records_request_goes_to_the_provider_whoever_the_recipient_is() -> None:
    body = "\n".join(texts(render("records_request", full_context())))
    assert "Dear Custodian of Records:" in body
    assert "Prairie Mutual" not in body
    assert "Joan Mercer" not in body


def test_representation_letter_covers_contact_evidence_and_limits() -> None:
    lines = texts(render("representation", full_context()))
    body = "\n".join(lines)
    assert "\tClaim No.:\tPMI-24-883102" in lines
    assert "\tYour Insured:\tTravis Carver" in lines
    assert "Dear Joan Mercer:" in lines
    for phrase in (
        "this firm represents Dana R. Whitfield",
        "involving your insured, Travis Carver (your claim number PMI-24-883102)",
        "direct all further communication about this claim to this office",
        "confirm that Joan Mercer is the adjuster assigned",
        "Do not contact our client directly",
        "ask your insured to preserve, all evidence relating to the incident",
        "declarations page of every policy",
        "liability limits",
        "within 30 days",
    ):
        assert phrase in body
    assert lines[-1] == "cc: Dana R. Whitfield"


def test_client_status_letter_carries_the_paralegals_update() -> None:
    context = full_context(signer=PARALEGAL)
    lines = texts(render("client_status", context))
    assert "PRIVILEGED AND CONFIDENTIAL: ATTORNEY-CLIENT COMMUNICATION" in lines
    assert "Dear Dana R. Whitfield:" in lines
    assert context.letter.body in lines
    assert "\tCase:\tWhitfield v. Carver" in lines
    assert "Chatham, IL 62629" in lines
    assert "What We Need From You" in lines


def test_templates_are_letter_size_with_inch_margins_in_times() -> None:
    for key in KEYS:
        document = Document(io.BytesIO(template_bytes(key)))
        (section,) = document.sections
        assert (section.page_width, section.page_height) == (Inches(8.5), Inches(11))
        assert {
            section.left_margin,
            section.right_margin,
            section.top_margin,
            section.bottom_margin,
        } == {Inches(1)}
        normal = document.styles["Normal"]
        assert normal.font.name == "Times New Roman"
        assert normal.font.size == Pt(12)
        with zipfile.ZipFile(io.BytesIO(template_bytes(key))) as archive:
            assert not [
                name for name in archive.namelist() if name.endswith((".jpeg", ".png"))
            ]


def test_template_bytes_are_stamped_with_fixed_times() -> None:
    data = template_bytes("demand")
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        assert {info.date_time for info in archive.infolist()} == {
            (1980, 1, 1, 0, 0, 0)
        }
    props = Document(io.BytesIO(data)).core_properties
    assert props.created == datetime(2024, 1, 1, tzinfo=UTC)
    assert props.modified == props.created
    assert props.title == "Personal injury demand letter"


_DIGESTS_SCRIPT = """
import hashlib
from paradesk.engines.drafting.builtin import BUILTINS, template_bytes
for builtin in BUILTINS:
    print(builtin.key, hashlib.sha256(template_bytes(builtin.key)).hexdigest())
"""


def test_template_bytes_are_identical_across_calls_and_processes() -> None:
    here = {key: hashlib.sha256(template_bytes(key)).hexdigest() for key in KEYS}
    template_bytes.cache_clear()
    rebuilt = {key: hashlib.sha256(template_bytes(key)).hexdigest() for key in KEYS}
    assert rebuilt == here
    assert len(set(here.values())) == len(KEYS)
    other = subprocess.run(  # noqa: S603  # our own interpreter and a fixed script
        [sys.executable, "-c", _DIGESTS_SCRIPT],
        capture_output=True,
        text=True,
        check=True,
    )
    there = dict(line.split() for line in other.stdout.splitlines())
    assert there == here


def test_a_description_or_expiry_ending_in_a_period_is_not_doubled() -> None:
    from paradesk.engines.drafting import render as engine
    from paradesk.engines.drafting.samples import sample_context

    context = sample_context().model_copy(
        update={
            "records": sample_context().records.model_copy(
                update={"description": "All records.", "expires": "One year."}
            )
        }
    )
    filled = engine.render(template_bytes("hipaa_authorization"), context)
    text = engine.document_text(filled)
    assert "All records; dates of service from" in text
    assert "Expiration date or event: One year." in text
    assert ".." not in text
    assert ".," not in text
