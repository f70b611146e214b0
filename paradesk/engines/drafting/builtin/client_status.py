"""The client status letter."""

from __future__ import annotations

from docx.enum.text import WD_ALIGN_PARAGRAPH

from paradesk.engines.drafting.builtin.blocks import (
    date_line,
    dear,
    letterhead,
    re_block,
    signature_block,
)
from paradesk.engines.drafting.builtin.sheet import Sheet


def build_client_status(sheet: Sheet) -> None:
    letterhead(sheet)
    sheet.para(
        ("PRIVILEGED AND CONFIDENTIAL: ATTORNEY-CLIENT COMMUNICATION", True),
        align=WD_ALIGN_PARAGRAPH.CENTER,
    )
    date_line(sheet)
    sheet.line("{{ client.name }}")
    sheet.tag("{%p for address_line in client.address_lines %}")
    sheet.line("{{ address_line }}")
    sheet.tag("{%p endfor %}")
    sheet.blank()
    re_block(
        sheet,
        "Status of Your Case",
        (
            ("Case:", "{{ matter.title }}", "matter.title"),
            ("Our File No.:", "{{ matter.number }}", "matter.number"),
        ),
    )
    dear(sheet, "{{ client.name }}")
    sheet.para(
        "We are writing to let you know where your case stands and what comes next."
    )
    sheet.tag("{%p if letter.body %}")
    sheet.para("{{ letter.body }}")
    sheet.tag("{%p else %}")
    sheet.para(("[Status and next steps: to be written before sending.]", True))
    sheet.tag("{%p endif %}")
    sheet.heading("What We Need From You")
    for reminder in (
        "Keep your medical appointments and follow your doctors' advice, and tell "
        "us about any new doctor, hospital, bill or health insurance payment.",
        "Do not discuss your case with anyone from an insurance company; refer "
        "them to us.",
        "Do not post about the incident, your injuries or your activities on "
        "social media.",
        "Let us know right away if your address, phone number or email changes.",
    ):
        sheet.bullet(reminder)
    sheet.blank()
    sheet.para(
        "If you have any questions, please call us"
        "{% if firm.phone %} at {{ firm.phone }}{% endif %}"
        "{% if firm.email %} or email {{ firm.email }}{% endif %}."
    )
    signature_block(sheet)
