"""`fixed_zip` and `fixed_pdf`: the clock's stamps out, the content untouched."""

from __future__ import annotations

import io
import zipfile
from datetime import UTC, datetime

import time_machine

from paradesk.engines.common.packages import FIXED_ZIP_TIME, fixed_pdf, fixed_zip

# A PDF as LibreOffice ends one: dated, with a random id and a checksum.
PDF_TAIL = (
    b"/Producer(LibreOffice)/CreationDate(D:{stamp}Z')>>\nendobj\n"
    b"xref\n0 1\n0000000000 65535 f \ntrailer\n<</Size 1\n"
    b"/ID [ <{id}>\n<{id}> ]\n/DocChecksum /{id}\n>>\nstartxref\n9\n%%EOF\n"
)


def _zip_made_at(moment: datetime) -> bytes:
    out = io.BytesIO()
    with (
        time_machine.travel(moment, tick=False),
        zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive,
    ):
        archive.writestr("word/document.xml", "<w:document/>")
        archive.writestr("records/", "")
        archive.writestr("records/er.pdf", b"%PDF-1.7 ...")
    return out.getvalue()


def test_zips_made_at_different_times_become_the_same_bytes() -> None:
    early = _zip_made_at(datetime(2026, 1, 1, 9, 0, 0, tzinfo=UTC))
    late = _zip_made_at(datetime(2027, 6, 30, 17, 45, 13, tzinfo=UTC))
    assert early != late

    assert fixed_zip(early) == fixed_zip(late)
    with zipfile.ZipFile(io.BytesIO(fixed_zip(late))) as archive:
        assert archive.namelist() == ["word/document.xml", "records/", "records/er.pdf"]
        assert {info.date_time for info in archive.infolist()} == {FIXED_ZIP_TIME}
        assert archive.read("records/er.pdf") == b"%PDF-1.7 ..."


def test_pdfs_stamped_at_different_times_become_the_same_bytes() -> None:
    early = PDF_TAIL.replace(b"{stamp}", b"20260101090000").replace(
        b"{id}", b"3EFAA89701760BD25010F2F52236DC61"
    )
    late = PDF_TAIL.replace(b"{stamp}", b"20270630174513").replace(
        b"{id}", b"B58FC204CCA41A3FBD47CE1C798D580E"
    )

    assert fixed_pdf(early) == fixed_pdf(late)
    # Same length, so the cross-reference offsets still point where they did.
    assert len(fixed_pdf(late)) == len(late)
    assert b"/CreationDate(D:19800101000000Z')" in fixed_pdf(late)
