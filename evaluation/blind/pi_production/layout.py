"""A small page-layout engine on top of the reportlab canvas.

Pages are collected as drawing operations first, so the total page count (for "Page x of
y" footers and Bates numbers) is known before anything is written, and so the page where
each visit starts can be recorded for citations.
"""

from __future__ import annotations

import math
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from reportlab.lib.pagesizes import letter
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont
from reportlab.pdfgen.canvas import Canvas

PAGE_W, PAGE_H = letter

_DEJAVU = Path("/usr/share/fonts/truetype/dejavu")
_REGISTERED = False

FAMILIES: dict[str, tuple[str, str, str]] = {
    "Helvetica": ("Helvetica", "Helvetica-Bold", "Helvetica-Oblique"),
    "Times": ("Times-Roman", "Times-Bold", "Times-Italic"),
    "Courier": ("Courier", "Courier-Bold", "Courier-Oblique"),
    "DejaVu": ("DejaVuSans", "DejaVuSans-Bold", "DejaVuSans-Oblique"),
    "DejaVuSerif": ("DejaVuSerif", "DejaVuSerif-Bold", "DejaVuSerif-Italic"),
    "DejaVuCond": (
        "DejaVuSansCondensed",
        "DejaVuSansCondensed-Bold",
        "DejaVuSansCondensed",
    ),
}


def register_fonts() -> None:
    global _REGISTERED
    if _REGISTERED:
        return
    for name in (
        "DejaVuSans",
        "DejaVuSans-Bold",
        "DejaVuSans-Oblique",
        "DejaVuSerif",
        "DejaVuSerif-Bold",
        "DejaVuSerif-Italic",
        "DejaVuSansCondensed",
        "DejaVuSansCondensed-Bold",
    ):
        path = _DEJAVU / f"{name}.ttf"
        if path.exists():
            pdfmetrics.registerFont(TTFont(name, str(path)))
        else:  # fall back to a standard font under the same name
            base = "Times-Roman" if "Serif" in name else "Helvetica"
            if "Bold" in name:
                base = "Times-Bold" if "Serif" in name else "Helvetica-Bold"
            FAMILIES_FALLBACK[name] = base
    _REGISTERED = True


FAMILIES_FALLBACK: dict[str, str] = {}


def font(name: str) -> str:
    return FAMILIES_FALLBACK.get(name, name)


def width(s: str, fnt: str, size: float) -> float:
    return float(pdfmetrics.stringWidth(s, font(fnt), size))


@dataclass
class HandItem:
    """Text written by hand on a form; drawn on the raster image, not in the PDF."""

    x: float
    y: float
    text: str
    size: float


@dataclass
class PageBuf:
    ops: list[tuple[Any, ...]] = field(default_factory=list)
    texts: list[str] = field(default_factory=list)
    hand: list[HandItem] = field(default_factory=list)
    fax_header: str = ""


def wrap(s: str, fnt: str, size: float, maxw: float) -> list[str]:
    out: list[str] = []
    for para in s.split("\n"):
        words = para.split(" ")
        cur = ""
        for wd in words:
            trial = wd if not cur else cur + " " + wd
            if width(trial, fnt, size) <= maxw or not cur:
                cur = trial
            else:
                out.append(cur)
                cur = wd
        out.append(cur)
    return out


class Writer:
    def __init__(
        self,
        family: str = "Helvetica",
        size: float = 9.5,
        margins: tuple[float, float, float, float] = (54, 54, 54, 60),
    ) -> None:
        register_fonts()
        self.family = family
        self.regular, self.bold, self.italic = FAMILIES[family]
        self.size = size
        self.left, self.right, self.top, self.bottom = margins
        self.pages: list[PageBuf] = []
        self.y = PAGE_H - self.top
        self.cont_header: Callable[[Writer], None] | None = None

    # ---- pages -------------------------------------------------------------
    @property
    def page_no(self) -> int:
        return len(self.pages)

    @property
    def page(self) -> PageBuf:
        return self.pages[-1]

    @property
    def text_w(self) -> float:
        return PAGE_W - self.left - self.right

    def new_page(self, header: bool = True) -> None:
        self.pages.append(PageBuf())
        self.y = PAGE_H - self.top
        if header and self.cont_header is not None:
            self.cont_header(self)

    def ensure(self, h: float) -> None:
        if not self.pages or self.y - h < self.bottom:
            self.new_page()

    def space(self, h: float) -> None:
        self.y -= h

    # ---- primitives ----------------------------------------------------------
    def text_at(
        self,
        x: float,
        y: float,
        s: str,
        fnt: str | None = None,
        size: float | None = None,
        align: str = "l",
        gray: float = 0.0,
    ) -> None:
        fnt = fnt or self.regular
        size = size or self.size
        self.page.ops.append(("text", x, y, s, fnt, size, align, gray))
        if s.strip():
            self.page.texts.append(s)

    def line_at(
        self,
        x1: float,
        y1: float,
        x2: float,
        y2: float,
        lw: float = 0.5,
        gray: float = 0.0,
    ) -> None:
        self.page.ops.append(("line", x1, y1, x2, y2, lw, gray))

    def rect_at(
        self,
        x: float,
        y: float,
        w: float,
        h: float,
        lw: float = 0.5,
        stroke: float | None = 0.0,
        fill: float | None = None,
    ) -> None:
        self.page.ops.append(("rect", x, y, w, h, lw, stroke, fill))

    def squiggle(self, x: float, y: float, w: float, seed: int) -> None:
        """A pen signature: a smooth wavy stroke."""
        pts: list[tuple[float, float]] = []
        n = 40
        for i in range(n + 1):
            t = i / n
            yy = (
                y
                + 5 * math.sin(t * 9 + seed) * (1 - t * 0.5)
                + 3 * math.sin(t * 23 + seed * 2)
            )
            pts.append((x + w * t, yy))
        self.page.ops.append(("path", pts, 0.9))

    def hand(self, x: float, y: float, text: str, size: float = 13) -> None:
        self.page.hand.append(HandItem(x, y, text, size))

    # ---- flow ----------------------------------------------------------------
    def write(
        self,
        s: str,
        fnt: str | None = None,
        size: float | None = None,
        x: float | None = None,
        lead: float | None = None,
        align: str = "l",
        gray: float = 0.0,
    ) -> None:
        size = size or self.size
        lead = lead or size * 1.28
        self.ensure(lead)
        self.y -= lead
        if align == "c":
            xx = PAGE_W / 2
        elif align == "r":
            xx = PAGE_W - self.right
        else:
            xx = self.left if x is None else x
        self.text_at(xx, self.y + size * 0.25, s, fnt, size, align, gray)

    def para(
        self,
        s: str,
        fnt: str | None = None,
        size: float | None = None,
        indent: float = 0,
        lead: float | None = None,
        after: float = 2,
    ) -> None:
        fnt = fnt or self.regular
        size = size or self.size
        for ln in wrap(s, fnt, size, self.text_w - indent):
            self.write(ln, fnt, size, x=self.left + indent, lead=lead)
        self.y -= after

    def labeled(
        self,
        label: str,
        s: str,
        size: float | None = None,
        indent: float = 0,
        after: float = 2,
        label_font: str | None = None,
    ) -> None:
        """'LABEL: text ...' with the text wrapping under the label."""
        size = size or self.size
        lf = label_font or self.bold
        lw = width(label + " ", lf, size)
        lead = size * 1.28
        if lw > 110:  # long labels: the text starts under the label
            self.ensure(lead * 2)
            self.write(label, lf, size, x=self.left + indent, lead=lead)
            self.para(s, self.regular, size, indent=indent + 12, lead=lead, after=after)
            return
        avail = self.text_w - indent - lw
        lines = wrap(s, self.regular, size, avail) if s else [""]
        self.ensure(lead)
        self.y -= lead
        self.text_at(self.left + indent, self.y + size * 0.25, label, lf, size)
        self.text_at(
            self.left + indent + lw, self.y + size * 0.25, lines[0], self.regular, size
        )
        for ln in lines[1:]:
            self.write(ln, self.regular, size, x=self.left + indent + lw, lead=lead)
        self.y -= after

    def heading(
        self,
        s: str,
        size: float | None = None,
        align: str = "l",
        rule: bool = False,
        before: float = 4,
        after: float = 3,
        fnt: str | None = None,
        fill: float | None = None,
    ) -> None:
        size = size or self.size + 1.5
        self.ensure(size * 2 + before + 12)
        self.y -= before
        if fill is not None:
            self.rect_at(
                self.left, self.y - size * 1.35, self.text_w, size * 1.35, 0, None, fill
            )
            self.write(s, fnt or self.bold, size, x=self.left + 3, align=align)
        else:
            self.write(s, fnt or self.bold, size, align=align)
        if rule:
            self.line_at(self.left, self.y - 2, PAGE_W - self.right, self.y - 2, 0.6)
            self.y -= 3
        self.y -= after

    def rule(self, lw: float = 0.5, gray: float = 0.0, gap: float = 4) -> None:
        self.ensure(gap * 2)
        self.y -= gap
        self.line_at(self.left, self.y, PAGE_W - self.right, self.y, lw, gray)
        self.y -= gap

    def kv_columns(
        self,
        pairs: list[tuple[str, str]],
        cols: int = 2,
        size: float | None = None,
        box: bool = False,
    ) -> None:
        size = size or self.size
        lead = size * 1.3
        colw = self.text_w / cols
        cells: list[tuple[str, float, list[str]]] = []
        for k, v in pairs:
            kw = width(k + " ", self.bold, size)
            cells.append(
                (k, kw, wrap(v, self.regular, size, colw - kw - 8) if v else [""])
            )
        rows = [cells[i : i + cols] for i in range(0, len(cells), cols)]
        heights = [max(len(c[2]) for c in r) for r in rows]
        self.ensure(sum(heights) * lead + 8)
        top = self.y
        yy = top - 2
        for r, h in zip(rows, heights, strict=True):
            for c, (k, kw, lines) in enumerate(r):
                x = self.left + c * colw + (4 if box else 0)
                self.text_at(x, yy - lead + size * 0.3, k, self.bold, size)
                for j, ln in enumerate(lines):
                    self.text_at(
                        x + kw, yy - (j + 1) * lead + size * 0.3, ln, self.regular, size
                    )
            yy -= h * lead
        self.y = yy - 3
        if box:
            self.rect_at(self.left, self.y, self.text_w, top - self.y, 0.6)
        self.y -= 4

    def table(
        self,
        widths: list[float],
        rows: list[list[str]],
        header: list[str] | None = None,
        size: float | None = None,
        aligns: str | None = None,
        grid: bool = True,
        header_fill: float | None = 0.88,
        pad: float = 2.5,
        bold_rows: set[int] | None = None,
        zebra: bool = False,
    ) -> list[int]:
        """Draw a table with wrapping cells; repeat the header on a new page.

        Returns the page number on which each row was drawn.
        """
        size = size or self.size - 0.5
        aligns = aligns or "l" * len(widths)
        total = sum(widths)
        scale = self.text_w / total if total > self.text_w else 1.0
        widths = [w * scale for w in widths]
        lead = size * 1.2
        pages: list[int] = []
        bold_rows = bold_rows or set()

        def draw_row(cells: list[str], fnt: str, fill: float | None) -> None:
            wrapped = [
                wrap(c, fnt, size, w - 2 * pad) if c else [""]
                for c, w in zip(cells, widths, strict=True)
            ]
            h = max(len(wl) for wl in wrapped) * lead + 2 * pad
            if self.pages and self.y - h < self.bottom:
                self.new_page()
                if header:
                    draw_row(header, self.bold, header_fill)
            elif not self.pages:
                self.new_page()
            top = self.y
            x = self.left
            if fill is not None:
                self.rect_at(x, top - h, sum(widths), h, 0, None, fill)
            for wl, w, al in zip(wrapped, widths, aligns, strict=True):
                for j, ln in enumerate(wl):
                    yy = top - pad - (j + 1) * lead + size * 0.3
                    if al == "r":
                        self.text_at(x + w - pad, yy, ln, fnt, size, "r")
                    elif al == "c":
                        self.text_at(x + w / 2, yy, ln, fnt, size, "c")
                    else:
                        self.text_at(x + pad, yy, ln, fnt, size)
                if grid:
                    self.rect_at(x, top - h, w, h, 0.4)
                x += w
            if not grid:
                self.line_at(
                    self.left, top - h, self.left + sum(widths), top - h, 0.25, 0.6
                )
            self.y = top - h

        if header:
            if not self.pages or self.y - (lead * 3 + 4 * pad) < self.bottom:
                self.new_page()
            draw_row(header, self.bold, header_fill)
        for i, r in enumerate(rows):
            fill = 0.965 if zebra and i % 2 else None
            draw_row(r, self.bold if i in bold_rows else self.regular, fill)
            pages.append(self.page_no)
        self.y -= 4
        return pages

    # ---- output --------------------------------------------------------------
    def save(self, path: Path, title: str) -> None:
        c = Canvas(str(path), pagesize=letter, invariant=1, pageCompression=1)
        c.setTitle(title)
        c.setAuthor("")
        c.setCreator("")
        c.setProducer("")
        for pg in self.pages:
            draw_ops(c, pg.ops)
            c.showPage()
        c.save()


def draw_ops(c: Canvas, ops: list[tuple[Any, ...]]) -> None:
    for op in ops:
        kind = op[0]
        if kind == "text":
            _, x, y, s, fnt, size, align, gray = op
            c.setFillGray(gray)
            c.setFont(font(fnt), size)
            if align == "r":
                c.drawRightString(x, y, s)
            elif align == "c":
                c.drawCentredString(x, y, s)
            else:
                c.drawString(x, y, s)
        elif kind == "line":
            _, x1, y1, x2, y2, lw, gray = op
            c.setStrokeGray(gray)
            c.setLineWidth(lw)
            c.line(x1, y1, x2, y2)
        elif kind == "rect":
            _, x, y, w, h, lw, stroke, fill = op
            if fill is not None:
                c.setFillGray(fill)
            if stroke is not None:
                c.setStrokeGray(stroke)
                c.setLineWidth(lw)
            c.rect(
                x,
                y,
                w,
                h,
                stroke=1 if stroke is not None and lw > 0 else 0,
                fill=1 if fill is not None else 0,
            )
            c.setFillGray(0)
        elif kind == "path":
            _, pts, lw = op
            c.setStrokeGray(0.1)
            c.setLineWidth(lw)
            p = c.beginPath()
            p.moveTo(*pts[0])
            for pt in pts[1:]:
                p.lineTo(*pt)
            c.drawPath(p, stroke=1, fill=0)
