"""The HIPAA authorization (45 CFR 164.508(c))."""

from __future__ import annotations

from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.shared import Inches, Pt

from paradesk.engines.drafting.builtin.blocks import signer_lines
from paradesk.engines.drafting.builtin.sheet import (
    FORM_HEADING_STYLE,
    FORM_LINE_STYLE,
    FORM_TEXT_STYLE,
    FORM_TITLE_STYLE,
    SIGNATURE_STYLE,
    Sheet,
)


def authorization(sheet: Sheet) -> None:
    """The authorization form; the stand-alone form and the records request share it.

    Each numbered part is one element or statement 45 CFR 164.508(c) requires, in
    plain language as (c)(3) demands.
    """
    text, line, heading = FORM_TEXT_STYLE, FORM_LINE_STYLE, FORM_HEADING_STYLE
    sheet.para("AUTHORIZATION FOR USE AND DISCLOSURE", style=FORM_TITLE_STYLE)
    sheet.para("OF PROTECTED HEALTH INFORMATION", style=FORM_TITLE_STYLE)
    sheet.para("(45 CFR 164.508)", style=text, align=WD_ALIGN_PARAGRAPH.CENTER).runs[
        0
    ].italic = True

    sheet.para(("Patient name: ", True), "{{ client.name }}", style=line)
    sheet.para(("Date of birth: ", True), "{{ client.date_of_birth }}", style=line)
    sheet.para(("Address:", True), style=line)
    sheet.tag("{%p for address_line in client.address_lines %}")
    sheet.para("{{ address_line }}", style=line, indent=0.5)
    sheet.tag("{%p endfor %}")

    # 164.508(c)(1)(i)
    sheet.para("1. Information to be disclosed", style=heading)
    sheet.para(
        # trim('.'): a description may end in a period; the sentence supplies one.
        "{% if records.description %}{{ records.description|trim('. ') }}"
        "{% else %}My complete medical record and billing records, including office "
        "and hospital notes, test and imaging results, and itemized bills{% endif %}"
        "; dates of service from "
        "{% if records.from_date %}{{ records.from_date }}{% else %}my first visit"
        "{% endif %} through "
        "{% if records.to_date %}{{ records.to_date }}{% else %}the date this "
        "authorization expires{% endif %}.",
        style=text,
    )
    # 164.508(a)(2) and (b)(3)(ii): psychotherapy notes need their own authorization.
    sheet.para(
        "This authorization does not cover psychotherapy notes. Psychotherapy "
        "notes may be released only with a separate authorization that covers "
        "them alone.",
        style=text,
    )
    sheet.para(
        "Some information has extra protection under federal or state law. It will "
        "be released only if I write my initials next to it here:",
        style=line,
        keep_with_next=True,
    )
    for item in (
        "HIV/AIDS-related information and test results",
        "Mental health records (other than psychotherapy notes)",
        "Substance use disorder (alcohol or drug) treatment records protected "
        "by 42 CFR Part 2",
    ):
        initials = sheet.para(f"________\t{item}", style=line, indent=1.3)
        initials.paragraph_format.first_line_indent = Inches(-0.8)
        initials.paragraph_format.tab_stops.add_tab_stop(Inches(1.3))

    # 164.508(c)(1)(ii)
    sheet.para("2. Who may disclose the information", style=heading)
    sheet.para("{{ provider.name }}", style=line)
    sheet.tag("{%p for address_line in provider.address_lines %}")
    sheet.para("{{ address_line }}", style=line)
    sheet.tag("{%p endfor %}")
    sheet.para(
        "{% if provider.phone %}Tel. {{ provider.phone }}{% endif %}"
        "{% if provider.phone and provider.fax %}  {% endif %}"
        "{% if provider.fax %}Fax {{ provider.fax }}{% endif %}",
        style=line,
    )

    # 164.508(c)(1)(iii)
    sheet.para("3. Who may receive the information", style=heading)
    sheet.para("{{ firm.name }}, its attorneys and staff", style=line)
    sheet.tag("{%p for address_line in firm.address_lines %}")
    sheet.para("{{ address_line }}", style=line)
    sheet.tag("{%p endfor %}")
    sheet.para(
        "{% if firm.phone %}Tel. {{ firm.phone }}{% endif %}"
        "{% if firm.phone and firm.email %}  {% endif %}{{ firm.email }}",
        style=line,
    )

    # 164.508(c)(1)(iv)
    sheet.para("4. Purpose", style=heading)
    sheet.para(
        "{% if records.purpose %}{{ records.purpose }}"
        "{% else %}At the request of the individual.{% endif %}",
        style=text,
    )

    # 164.508(c)(1)(v)
    sheet.para("5. Expiration", style=heading)
    sheet.para(
        "Expiration date or event: "
        "{% if records.expires %}{{ records.expires|trim('. ') }}"
        "{% else %}one year after the date I sign it{% endif %}.",
        style=text,
    )

    # 164.508(c)(2)(i)
    sheet.para("6. My right to revoke this authorization", style=heading)
    sheet.para(
        "I may revoke this authorization at any time by sending written notice to "
        "{{ provider.name }} at the address in part 2. My revocation will not "
        "affect any action already taken in reliance on this authorization before "
        "the provider received my written notice.",
        style=text,
    )

    # 164.508(c)(2)(ii)
    sheet.para("7. Signing is voluntary", style=heading)
    sheet.para(
        "I do not have to sign this authorization. {{ provider.name }} may not "
        "condition my treatment, payment, enrollment in a health plan, or "
        "eligibility for benefits on whether I sign it.",
        style=text,
    )

    # 164.508(c)(2)(iii)
    sheet.para("8. Redisclosure", style=heading)
    sheet.para(
        "Information disclosed under this authorization may be redisclosed by the "
        "person who receives it and may then no longer be protected by the federal "
        "privacy rules (the HIPAA Privacy Rule, 45 CFR Parts 160 and 164).",
        style=text,
    )

    # 164.508(c)(4)
    sheet.para("9. My copy", style=heading)
    sheet.para(
        "I am entitled to a copy of this authorization after I sign it.", style=text
    )

    # 164.508(c)(1)(vi)
    sheet.para("10. Signature", style=heading)
    _form_blank(sheet, "Signature of patient or personal representative", "Date")
    sheet.para(
        "If a personal representative signs for the patient:",
        style=line,
        keep_with_next=True,
        space_before=6,
    )
    _form_blank(sheet, "Printed name of personal representative", "")
    sheet.para(
        "Description of authority to act for the patient (for example, parent of a "
        "minor, legal guardian, health care power of attorney, or executor of the "
        "estate; please attach the document that gives this authority):",
        style=line,
        keep_with_next=True,
        space_before=6,
    )
    sheet.para("_" * 70, style=line, space_before=12)
    sheet.blank()


def _form_blank(sheet: Sheet, caption: str, second: str) -> None:
    """A line to write on with its caption under it (and a second, shorter one)."""
    stop = Inches(4.5)
    rule = "_" * 45 + ("\t" + "_" * 20 if second else "")
    written = sheet.para(rule, style=FORM_LINE_STYLE, space_before=18)
    written.paragraph_format.keep_with_next = True
    written.paragraph_format.tab_stops.add_tab_stop(stop)
    captioned = sheet.para(
        caption + ("\t" + second if second else ""), style=FORM_LINE_STYLE
    )
    captioned.paragraph_format.tab_stops.add_tab_stop(stop)
    captioned.runs[0].font.size = Pt(9)


def build_hipaa_authorization(sheet: Sheet) -> None:
    authorization(sheet)
    sheet.para(
        ("Please return the signed authorization to:", True),
        style=SIGNATURE_STYLE,
        space_before=6,
    )
    sheet.para("{{ signer.name }}", style=SIGNATURE_STYLE)
    signer_lines(sheet)
