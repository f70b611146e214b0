"""Word (.docx) files: paragraphs and tables in document order.

A .docx file stores no pages, only flowing text; where text falls on a page depends
on fonts and printer. So a page here ends only at an explicit page break (Ctrl+Enter,
`<w:br w:type="page"/>`): a document without one is a single page, and the numbers
match what a reader sees wherever the author forced a new page. Word's own record of
where it last broke pages (`lastRenderedPageBreak`) is ignored: it changes with every
save on a different machine.
"""

from __future__ import annotations

import io
import zipfile

import docx
from docx.opc.exceptions import OpcError
from docx.oxml.ns import qn
from docx.table import Table
from docx.text.paragraph import Paragraph

from paradesk.engines.pages.exceptions import CorruptFileError
from paradesk.engines.pages.models import Page

_TEXT = qn("w:t")
_TAB = qn("w:tab")
_BREAK = qn("w:br")
_CARRIAGE_RETURN = qn("w:cr")
_BREAK_TYPE = qn("w:type")
_PAGE_BREAK = "\f"


def read_docx(data: bytes) -> tuple[Page, ...]:
    """Reads a .docx file's body text, split into pages at explicit page breaks.

    Args:
        data: the .docx file.

    Returns:
        One text `Page` per explicit page break plus one; at least one page.

    Raises:
        CorruptFileError: the package or its XML is damaged.
    """
    try:
        document = docx.Document(io.BytesIO(data))
        blocks = [_block_text(block) for block in document.iter_inner_content()]
    except (OpcError, zipfile.BadZipFile, KeyError, ValueError, SyntaxError) as exc:
        # lxml's XMLSyntaxError is a SyntaxError.
        raise CorruptFileError("the Word file is damaged") from exc
    texts = "\n".join(blocks).split(_PAGE_BREAK)
    return tuple(
        Page(number=number, text=text.strip(), method="text")
        for number, text in enumerate(texts, start=1)
    )


def _block_text(block: Paragraph | Table) -> str:
    if isinstance(block, Table):
        return _table_text(block)
    return _paragraph_text(block)


def _paragraph_text(paragraph: Paragraph) -> str:
    parts: list[str] = []
    for node in paragraph._element.iter():
        if node.tag == _TEXT:
            parts.append(node.text or "")
        elif node.tag == _TAB:
            parts.append("\t")
        elif node.tag == _CARRIAGE_RETURN:
            parts.append("\n")
        elif node.tag == _BREAK:
            parts.append(_PAGE_BREAK if node.get(_BREAK_TYPE) == "page" else "\n")
    return "".join(parts)


def _table_text(table: Table) -> str:
    rows: list[str] = []
    for row in table.rows:
        cells: list[str] = []
        seen: set[int] = set()
        for cell in row.cells:
            # A merged cell is returned once per grid column it spans.
            if id(cell._tc) in seen:
                continue
            seen.add(id(cell._tc))
            cells.append(
                " ".join(
                    _paragraph_text(p).replace(_PAGE_BREAK, "\n")
                    for p in cell.paragraphs
                ).strip()
            )
        rows.append("\t".join(cells))
    return "\n".join(rows)
