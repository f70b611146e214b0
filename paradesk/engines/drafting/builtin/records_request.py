"""The medical records request."""

from __future__ import annotations

from paradesk.engines.drafting.builtin.blocks import (
    date_line,
    dear,
    letterhead,
    re_block,
    signature_block,
)
from paradesk.engines.drafting.builtin.hipaa import authorization
from paradesk.engines.drafting.builtin.sheet import Sheet


def build_records_request(sheet: Sheet) -> None:
    letterhead(sheet)
    date_line(sheet)
    sheet.tag("{%p if provider.fax %}")
    sheet.para(("Via fax to {{ provider.fax }} and U.S. Mail", True))
    sheet.tag("{%p endif %}")
    sheet.line("{{ provider.name }}")
    sheet.line("Attn: Custodian of Medical and Billing Records")
    sheet.tag("{%p for address_line in provider.address_lines %}")
    sheet.line("{{ address_line }}")
    sheet.tag("{%p endfor %}")
    sheet.blank()
    re_block(
        sheet,
        "Request for Medical and Billing Records",
        (
            ("Patient:", "{{ client.name }}", ""),
            ("Date of Birth:", "{{ client.date_of_birth }}", "client.date_of_birth"),
            (
                "Dates of Service:",
                "{% if records.from_date %}{{ records.from_date }}{% else %}All dates"
                "{% endif %} through "
                "{% if records.to_date %}{{ records.to_date }}{% else %}present"
                "{% endif %}",
                "",
            ),
            ("Date of Incident:", "{{ incident.date_long }}", "incident.date_long"),
            ("Our File No.:", "{{ matter.number }}", "matter.number"),
        ),
    )
    dear(sheet, "Custodian of Records")
    sheet.para(
        "This firm represents {{ client.name }}, your patient, in connection with "
        "injuries from the incident of {{ incident.date_long }}. Enclosed is our "
        "client's authorization for the release of this information under the "
        "HIPAA Privacy Rule (45 CFR 164.508). Please send us copies of the "
        "following for dates of service from "
        "{% if records.from_date %}{{ records.from_date }}{% else %}the first visit"
        "{% endif %} through "
        "{% if records.to_date %}{{ records.to_date }}{% else %}the present"
        "{% endif %}:",
        keep_with_next=True,
    )
    sheet.bullet(
        ("Complete medical records", True),
        ", including intake forms and histories, physician, nursing and therapy "
        "notes, emergency department records, consultation and operative reports, "
        "test results, imaging reports, discharge summaries, referrals and "
        "correspondence{% if records.description %}, and in particular: "
        "{{ records.description|trim('. ') }}{% endif %}.",
    )
    sheet.bullet(
        ("Itemized billing", True),
        ": a UB-04 or CMS-1500 claim form or an itemized statement showing each "
        "date of service with its CPT or HCPCS code, diagnosis codes, charge, and "
        "every payment, adjustment and write-off, with the balance due.",
    )
    sheet.bullet(
        ("Custodian certification", True),
        ": a signed certification or affidavit of the custodian of records that "
        "the copies are true and complete and were made and kept in the regular "
        "course of business. If you hold no records for these dates, please say so "
        "in a signed certificate of no records.",
    )
    sheet.blank()
    sheet.para(
        "Please charge no more than the law allows for copies. Under the HIPAA "
        "right of access (45 CFR 164.524), a patient's own request may be charged "
        "only a reasonable, cost-based fee, and state law may set further limits. "
        "If the fee will exceed $50.00, please call our office with the amount "
        "before sending the records."
    )
    sheet.para(
        "Electronic copies (PDF) are preferred"
        "{% if firm.email %} and may be sent to {{ firm.email }}{% endif %}; paper "
        "copies may be mailed to the address above. Please include our file "
        "number{% if matter.number %} ({{ matter.number }}){% endif %} with your "
        "response."
    )
    sheet.para("Thank you for your prompt help.")
    signature_block(sheet)
    sheet.line("Enclosure: HIPAA authorization (45 CFR 164.508)")
    sheet.page_break()
    authorization(sheet)
