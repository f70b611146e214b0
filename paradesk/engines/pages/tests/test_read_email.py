"""E-mail (.eml, .msg): headers and body as pages, every attachment a child."""

from __future__ import annotations

import email
import email.policy
from email.message import EmailMessage

import pytest

from paradesk.engines.pages import CorruptFileError, PagesOptions, read_pages, samples
from paradesk.engines.pages.tests import msgfile

BILL = samples.text_pdf([["Invoice: physical therapy, March 2025, total $1,240.00."]])
TRUNCATED = BILL[:150]


def test_eml_reads_headers_body_and_every_attachment() -> None:
    data = samples.eml_file(
        "Please find the requested records attached.",
        attachments=[
            ("bill.pdf", "application/pdf", BILL),
            ("scan-ä.pdf", "application/pdf", TRUNCATED),
            ("notes.txt", "text/plain", b"Call the adjuster on Monday."),
        ],
    )

    extraction = read_pages(data, name="records.eml")

    assert extraction.kind == "eml"
    assert extraction.metadata == {
        "From": "Records Desk <records@clinic.example>",
        "To": "paralegal@firm.test",
        "Cc": "attorney@firm.test",
        "Date": "Mon, 03 Mar 2025 10:00:00 -0500",
        "Subject": "Records from Riverside Clinic",
    }
    [page] = extraction.pages
    assert page.text.startswith("From: Records Desk <records@clinic.example>\n")
    assert page.text.endswith(
        "Subject: Records from Riverside Clinic\n\n"
        "Please find the requested records attached."
    )
    bill, broken, notes = extraction.attachments
    assert (bill.name, bill.data, bill.error) == ("bill.pdf", BILL, None)
    assert bill.extraction is not None
    assert "$1,240.00" in bill.extraction.pages[0].text
    assert (broken.name, broken.data, broken.extraction) == (
        "scan-ä.pdf",
        TRUNCATED,
        None,
    )
    assert broken.error == "the PDF is damaged or truncated"
    assert notes.extraction is not None
    assert notes.extraction.pages[0].text == "Call the adjuster on Monday."


def test_eml_prefers_plain_text_and_strips_html_when_there_is_none() -> None:
    both = samples.eml_file(
        "Plain body.", attachments=[], html="<p>HTML <b>body</b></p>"
    )
    html_only = EmailMessage()
    html_only["From"] = "a@clinic.example"
    html_only["Subject"] = "HTML only"
    html_only.set_content(
        "<html><head><style>p {color: red}</style></head><body>"
        "<p>Visit on <b>March 3</b>.</p><script>alert(1)</script><div>Bill &amp; notes"
        "</div></body></html>",
        subtype="html",
    )

    assert read_pages(both).pages[0].text.endswith("\n\nPlain body.")
    assert read_pages(html_only.as_bytes(), name="m.eml").pages[0].text == (
        "From: a@clinic.example\nSubject: HTML only\n\n"
        "Visit on March 3.\n\nBill & notes"
    )


@pytest.mark.parametrize("encoded", [False, True], ids=["7bit", "base64-encoded"])
def test_attached_email_is_read_recursively(encoded: bool) -> None:
    inner = samples.eml_file(
        "Forwarded original.",
        attachments=[("bill.pdf", "application/pdf", BILL)],
        subject="Original",
    )
    outer = EmailMessage()
    outer["From"] = "paralegal@firm.test"
    outer["To"] = "attorney@firm.test"
    outer["Subject"] = "Fwd: Original"
    outer.set_content("See below.")
    if encoded:
        outer.add_attachment(inner, maintype="message", subtype="rfc822")
    else:
        outer.add_attachment(
            email.message_from_bytes(inner, policy=email.policy.default)
        )

    extraction = read_pages(outer.as_bytes())

    [forwarded] = extraction.attachments
    assert forwarded.name == "attached-message-1.eml"
    assert forwarded.extraction is not None
    assert forwarded.extraction.metadata["Subject"] == "Original"
    [bill] = forwarded.extraction.attachments
    assert bill.extraction is not None
    assert "$1,240.00" in bill.extraction.pages[0].text


def test_attachments_nested_too_deeply_are_kept_unread() -> None:
    data = samples.eml_file(
        "Body.", attachments=[("bill.pdf", "application/pdf", BILL)]
    )

    extraction = read_pages(data, options=PagesOptions(max_depth=0))

    [bill] = extraction.attachments
    assert (bill.data, bill.extraction) == (BILL, None)
    assert bill.error == "attachments are nested more than 0 deep"


def test_msg_reads_like_an_email_with_attachments() -> None:
    data = msgfile.msg_file(
        subject="Records request",
        body="Please see the attached bill.",
        sender="Records Desk",
        to="paralegal@firm.test",
        attachments=[("bill.pdf", BILL), ("broken.pdf", TRUNCATED)],
    )

    extraction = read_pages(data, name="request.msg")

    assert extraction.kind == "msg"
    assert extraction.metadata["Subject"] == "Records request"
    assert extraction.metadata["From"] == "Records Desk"
    assert extraction.pages[0].text.endswith(
        "Subject: Records request\n\nPlease see the attached bill."
    )
    bill, broken = extraction.attachments
    assert bill.extraction is not None
    assert "$1,240.00" in bill.extraction.pages[0].text
    assert (broken.extraction, broken.error) == (
        None,
        "the PDF is damaged or truncated",
    )


@pytest.mark.parametrize("cut", [0.3, 0.7])
def test_damaged_msg_is_corrupt_not_a_crash(cut: float) -> None:
    data = msgfile.msg_file(
        subject="S", body="B", sender="X", to="Y", attachments=[("a.pdf", BILL)]
    )

    with pytest.raises(CorruptFileError, match=r"^the Outlook message is damaged$"):
        read_pages(data[: int(len(data) * cut)], name="request.msg")
