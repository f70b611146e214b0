"""A chronology as the files an attorney works with: DOCX, PDF, XLSX, CSV, JSON.

    from paradesk.engines.medchron.render import format_for, render
    name = "rivera-chronology.pdf"
    data = render(chronology, format_for(name), title="Rivera v. Acme Freight")

DOCX and PDF carry the same sections (summary, timeline picture, providers,
encounters, gaps, specials, totals, missing documents, warnings); XLSX has one sheet
per table; CSV has one row per encounter; JSON is the `paradesk.chronology/1` contract.
"""

from __future__ import annotations

from pathlib import Path

from paradesk.engines.medchron import contract
from paradesk.engines.medchron.models import Chronology
from paradesk.engines.medchron.render.csvfile import render_csv
from paradesk.engines.medchron.render.pdf import render_pdf
from paradesk.engines.medchron.render.timeline import timeline_png
from paradesk.engines.medchron.render.word import render_docx
from paradesk.engines.medchron.render.workbook import render_xlsx

__all__ = ["FORMATS", "format_for", "render", "timeline_png"]

FORMATS = ("docx", "pdf", "xlsx", "csv", "json")


def format_for(path: str | Path) -> str:
    """The export format a file name asks for, from its extension (any case).

    Args:
        path: a file name or path such as "chronology.pdf".

    Returns:
        One of `FORMATS`.

    Raises:
        ValueError: the extension is not one of .docx, .pdf, .xlsx, .csv, .json.
    """
    suffix = Path(path).suffix.lower()
    if suffix[1:] in FORMATS:
        return suffix[1:]
    found = f'"{suffix}"' if suffix else "no extension"
    choices = ", ".join(f".{name}" for name in FORMATS)
    raise ValueError(
        f'cannot export a chronology to "{Path(path).name}" ({found}): '
        f"use a file name ending in {choices}"
    )


def render(chronology: Chronology, fmt: str, *, title: str | None = None) -> bytes:
    """Renders `chronology` as a file.

    Args:
        chronology: what to render.
        fmt: one of `FORMATS` ("docx", "pdf", "xlsx", "csv", "json").
        title: the matter, shown after "Medical chronology —" in DOCX, PDF and XLSX;
            CSV and JSON have no title.

    Returns:
        The file's bytes. The same chronology always gives the same PDF bytes.

    Raises:
        ValueError: `fmt` is not one of `FORMATS`.
    """
    if fmt == "docx":
        return render_docx(chronology, title=title)
    if fmt == "pdf":
        return render_pdf(chronology, title=title)
    if fmt == "xlsx":
        return render_xlsx(chronology, title=title)
    if fmt == "csv":
        return render_csv(chronology)
    if fmt == "json":
        return contract.dumps(chronology).encode("utf-8")
    raise ValueError(
        f"unknown chronology format {fmt!r}: use one of {', '.join(FORMATS)}"
    )
