"""Word files: paragraphs and tables in order, pages only at explicit page breaks."""

from __future__ import annotations

import io
import zipfile

import pytest

from paradesk.engines.pages import CorruptFileError, read_pages, samples


@pytest.mark.parametrize(
    ("pages", "table", "expected"),
    [
        (
            [["Demand letter", "Re: Alvarez v. Coastal Freight"]],
            None,
            ["Demand letter\nRe: Alvarez v. Coastal Freight"],
        ),
        (
            [["Medical specials"], ["Exhibit A follows."]],
            [["Provider", "Billed"], ["Riverside Clinic", "$1,240.00"]],
            [
                "Medical specials\nProvider\tBilled\nRiverside Clinic\t$1,240.00",
                "Exhibit A follows.",
            ],
        ),
        ([[]], None, [""]),
    ],
    ids=["one-page", "page-break-and-table", "blank-document"],
)
def test_docx_text_is_split_on_explicit_page_breaks(
    pages: list[list[str]], table: list[list[str]] | None, expected: list[str]
) -> None:
    extraction = read_pages(samples.docx_file(pages, table=table), name="letter.docx")

    assert extraction.kind == "docx"
    assert [p.text for p in extraction.pages] == expected
    assert [p.number for p in extraction.pages] == list(range(1, len(expected) + 1))
    assert {p.method for p in extraction.pages} == {"text"}


def test_docx_with_damaged_xml_is_corrupt() -> None:
    source = zipfile.ZipFile(io.BytesIO(samples.docx_file([["Hello"]])))
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as damaged:
        for item in source.infolist():
            data = source.read(item.filename)
            if item.filename == "word/document.xml":
                data = data[: len(data) // 2]
            damaged.writestr(item, data)

    with pytest.raises(CorruptFileError, match=r"^the Word file is damaged$"):
        read_pages(buffer.getvalue(), name="letter.docx")
