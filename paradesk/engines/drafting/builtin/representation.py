"""The letter of representation."""

from __future__ import annotations

from paradesk.engines.drafting.builtin.blocks import (
    date_line,
    dear,
    insurer_re_block,
    letterhead,
    recipient_block,
    signature_block,
)
from paradesk.engines.drafting.builtin.sheet import Sheet


def build_representation(sheet: Sheet) -> None:
    letterhead(sheet)
    date_line(sheet)
    recipient_block(sheet)
    insurer_re_block(sheet, "Letter of Representation")
    dear(
        sheet,
        "{% if insurer.adjuster %}{{ insurer.adjuster }}"
        "{% else %}Claims Representative{% endif %}",
    )
    sheet.para(
        "Please be advised that this firm represents {{ client.name }} for injuries "
        "and losses arising from the incident of {{ incident.date_long }}"
        "{% if incident.location %} at {{ incident.location }}{% endif %}"
        "{% if insurer.insured %}, involving your insured, {{ insurer.insured }}"
        "{% endif %}"
        "{% if insurer.claim_number %} (your claim number "
        "{{ insurer.claim_number }}){% endif %}."
    )
    sheet.heading("Contact")
    sheet.para(
        "Please direct all further communication about this claim to this office"
        "{% if insurer.adjuster %}, and confirm that {{ insurer.adjuster }} is the "
        "adjuster assigned to it{% endif %}. Do not contact our client directly for "
        "any reason, including to request a recorded statement, medical "
        "authorizations or records. Any payment on this claim should be made "
        "payable to our client and this firm jointly."
    )
    sheet.heading("Preservation of Evidence")
    sheet.para(
        "Please preserve, and ask your insured to preserve, all evidence relating "
        "to the incident, including photographs, video and surveillance footage, "
        "incident and accident reports, witness statements, recorded statements, "
        "electronic and vehicle data, maintenance and inspection records, claim "
        "notes, and any physical evidence. Do not repair, alter or destroy anything "
        "involved in the incident until we have had an opportunity to inspect it."
    )
    sheet.heading("Insurance Information")
    sheet.para(
        "Please send us a copy of the declarations page of every policy that may "
        "cover this claim, stating the liability limits, including any excess or "
        "umbrella policy. If your policy provides medical payments or personal "
        "injury protection coverage available to our client, please open that claim "
        "and send us the forms needed to apply for it."
    )
    sheet.para(
        "Please acknowledge this letter and send the information requested within "
        "{{ letter.response_days }} days. Thank you for your cooperation."
    )
    signature_block(sheet)
    sheet.line("cc: {{ client.name }}")
