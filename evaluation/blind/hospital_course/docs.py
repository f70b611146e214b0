"""PDF building: reportlab story with page anchors, headers drawn per page, scans."""

from __future__ import annotations

import copy
import hashlib
import io
import random
import re
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

import numpy as np
import pypdfium2 as pdfium
from PIL import Image, ImageDraw, ImageFilter, ImageFont
from reportlab.lib import colors
from reportlab.lib.pagesizes import letter
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import inch
from reportlab.platypus import (
    BaseDocTemplate,
    Flowable,
    Frame,
    KeepTogether,
    NextPageTemplate,
    PageBreak,
    PageTemplate,
    Paragraph,
    Spacer,
    Table,
    TableStyle,
)

W, H = letter
MONO = "/usr/share/fonts/truetype/dejavu/DejaVuSansMono.ttf"
BOLD = "/usr/share/fonts/truetype/dejavu/DejaVuSans-Bold.ttf"

FONTS = {
    "helv": ("Helvetica", "Helvetica-Bold"),
    "times": ("Times-Roman", "Times-Bold"),
    "courier": ("Courier", "Courier-Bold"),
}


def esc(s: str) -> str:
    return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


class Anchor(Flowable):
    """Zero-size flowable that records the page it lands on."""

    def __init__(self, sink: dict[str, int], key: str) -> None:
        super().__init__()
        self.sink, self.key = sink, key
        self.width = self.height = 0

    def wrap(self, aw: float, ah: float) -> tuple[float, float]:
        return 0, 0

    def draw(self) -> None:
        self.sink[self.key] = self.canv.getPageNumber()


class SetHeader(Flowable):
    """Zero-size flowable that sets the running header of the page it lands on."""

    def __init__(self, hdr: dict[str, Any]) -> None:
        super().__init__()
        self.hdr = hdr
        self.width = self.height = 0

    def wrap(self, aw: float, ah: float) -> tuple[float, float]:
        return 0, 0

    def draw(self) -> None:
        self.canv._pd_hdr = self.hdr  # type: ignore[attr-defined]


@dataclass
class Styles:
    font: str = "helv"
    size: float = 9.5

    def __post_init__(self) -> None:
        reg, bold = FONTS[self.font]
        s = self.size
        self.body = ParagraphStyle("b", fontName=reg, fontSize=s, leading=s * 1.25)
        self.small = ParagraphStyle(
            "s", fontName=reg, fontSize=s - 1.5, leading=s * 1.05
        )
        self.bold = ParagraphStyle("bb", fontName=bold, fontSize=s, leading=s * 1.25)
        self.h1 = ParagraphStyle(
            "h1", fontName=bold, fontSize=s + 3, leading=s * 1.6, spaceBefore=4
        )
        self.h2 = ParagraphStyle(
            "h2", fontName=bold, fontSize=s + 0.5, leading=s * 1.4, spaceBefore=5
        )
        self.center = ParagraphStyle(
            "c", fontName=bold, fontSize=s + 2, leading=s * 1.5, alignment=1
        )
        self.reg, self.boldname = reg, bold


@dataclass
class Story:
    """A document's flowables plus the anchors that locate citations."""

    st: Styles
    items: list[Any] = field(default_factory=list)
    anchors: dict[str, int] = field(default_factory=dict)
    quotes: dict[str, str] = field(default_factory=dict)
    n_anchor: int = 0

    def add(self, *fl: Any) -> None:
        self.items.extend(fl)

    def anchor(self, quote: str) -> str:
        self.n_anchor += 1
        key = f"a{self.n_anchor}"
        self.quotes[key] = quote
        self.items.append(Anchor(self.anchors, key))
        return key

    def p(self, text: str, style: ParagraphStyle | None = None) -> None:
        self.items.append(Paragraph(esc(text), style or self.st.body))

    def q(self, text: str, style: ParagraphStyle | None = None) -> str:
        """A paragraph kept on one page whose whole text is a citation quote."""
        self.items.append(KeepTogether([Paragraph(esc(text), style or self.st.body)]))
        return self.anchor(text)

    def qs(self, before: str, quote: str, after: str = "", style: Any = None) -> str:
        """A paragraph kept on one page that contains the quote."""
        txt = f"{before}{quote}{after}"
        self.items.append(KeepTogether([Paragraph(esc(txt), style or self.st.body)]))
        return self.anchor(quote)

    def h(self, text: str) -> None:
        self.items.append(Paragraph(esc(text), self.st.h2))

    def kv(self, rows: list[tuple[str, str]], widths: tuple[float, float] = (1.6, 5.4)):
        data = [
            [
                Paragraph(f"<b>{esc(k)}</b>", self.st.body),
                Paragraph(esc(v), self.st.body),
            ]
            for k, v in rows
        ]
        t = Table(data, colWidths=[widths[0] * inch, widths[1] * inch])
        t.setStyle(
            TableStyle(
                [
                    ("VALIGN", (0, 0), (-1, -1), "TOP"),
                    ("TOPPADDING", (0, 0), (-1, -1), 1),
                    ("BOTTOMPADDING", (0, 0), (-1, -1), 1),
                ]
            )
        )
        self.items.append(t)

    def table(
        self,
        head: list[str],
        rows: list[list[str]],
        widths: list[float],
        grid: bool = True,
        size: float | None = None,
    ) -> None:
        sz = size or self.st.size - 1
        cs = ParagraphStyle("t", fontName=self.st.reg, fontSize=sz, leading=sz * 1.2)
        hs = ParagraphStyle(
            "th", fontName=self.st.boldname, fontSize=sz, leading=sz * 1.2
        )
        data = [[Paragraph(esc(h), hs) for h in head]]
        data += [[Paragraph(esc(c), cs) for c in r] for r in rows]
        t = Table(data, colWidths=[w * inch for w in widths], repeatRows=1)
        style = [
            ("VALIGN", (0, 0), (-1, -1), "TOP"),
            ("TOPPADDING", (0, 0), (-1, -1), 1.5),
            ("BOTTOMPADDING", (0, 0), (-1, -1), 1.5),
            ("BACKGROUND", (0, 0), (-1, 0), colors.Color(0.88, 0.88, 0.88)),
        ]
        if grid:
            style.append(("GRID", (0, 0), (-1, -1), 0.4, colors.grey))
        else:
            style.append(("LINEBELOW", (0, 0), (-1, 0), 0.6, colors.black))
        t.setStyle(TableStyle(style))
        self.items.append(t)

    def space(self, h: float = 6) -> None:
        self.items.append(Spacer(1, h))

    def page_break(self, two_col: bool | None = None) -> None:
        if two_col is not None:
            self.items.append(NextPageTemplate("two" if two_col else "one"))
        self.items.append(PageBreak())

    def header(self, hdr: dict[str, Any]) -> None:
        self.items.append(SetHeader(hdr))


HeaderFn = Callable[[Any, dict[str, Any], int, int], None]


def build_pdf(story: Story, draw_header: HeaderFn, title: str, top: float = 1.15):
    """Build twice (the second time knowing the page count); return bytes and pages."""
    total = 0
    out = b""
    for _ in range(2):
        buf = io.BytesIO()
        known = total

        def on_end(canv: Any, doc: Any, known: int = known) -> None:
            hdr = getattr(canv, "_pd_hdr", {})
            draw_header(canv, hdr, canv.getPageNumber(), known)

        doc = BaseDocTemplate(
            buf,
            pagesize=letter,
            leftMargin=0.7 * inch,
            rightMargin=0.7 * inch,
            topMargin=top * inch,
            bottomMargin=0.8 * inch,
            title=title,
            author="",
            creator="",
            invariant=1,
        )
        fw, fh = doc.width, doc.height
        one = Frame(doc.leftMargin, doc.bottomMargin, fw, fh, id="f1")
        gap = 0.25 * inch
        cw = (fw - gap) / 2
        two = [
            Frame(doc.leftMargin, doc.bottomMargin, cw, fh, id="c1"),
            Frame(doc.leftMargin + cw + gap, doc.bottomMargin, cw, fh, id="c2"),
        ]
        doc.addPageTemplates(
            [
                PageTemplate(id="one", frames=[one], onPageEnd=on_end),
                PageTemplate(id="two", frames=two, onPageEnd=on_end),
            ]
        )
        story.anchors.clear()
        items = copy.deepcopy(story.items, {id(story.anchors): story.anchors})
        doc.build(items)
        out = buf.getvalue()
        total = len(pdfium.PdfDocument(out))
    return out, total


def norm(s: str) -> str:
    return " ".join(s.replace("\u00ad", "").split())


def page_texts(pdf: bytes) -> list[str]:
    doc = pdfium.PdfDocument(pdf)
    out = []
    for i in range(len(doc)):
        tp = doc[i].get_textpage()
        out.append(norm(tp.get_text_range()))
    return out


def resolve(story: Story, texts: list[str]) -> dict[str, int]:
    """Page (1-based) of every anchored quote, checked against the page text."""
    pages: dict[str, int] = {}
    for key, quote in story.quotes.items():
        p = story.anchors.get(key)
        if p is None:
            raise RuntimeError(f"anchor {key} not drawn")
        nq = norm(quote)
        for cand in (p, p - 1, p + 1):
            if 1 <= cand <= len(texts) and nq in texts[cand - 1]:
                pages[key] = cand
                break
        else:
            raise RuntimeError(f"quote not on page {p}: {quote!r}")
    return pages


# ---------------------------------------------------------------- scanning


def _font(path: str, px: int) -> ImageFont.FreeTypeFont:
    return ImageFont.truetype(path, px)


def degrade(img: Image.Image, rng: random.Random, dpi: int, fax: str, bilevel: bool):
    nrng = np.random.default_rng(rng.randrange(2**31))
    if fax:
        d = ImageDraw.Draw(img)
        d.text(
            (int(0.3 * dpi), int(0.07 * dpi)), fax, font=_font(MONO, dpi // 11), fill=0
        )
    img = img.rotate(
        rng.uniform(-1.6, 1.6), resample=Image.Resampling.BICUBIC, fillcolor=255
    )
    a = np.asarray(img, dtype=np.float32)
    h, w = a.shape
    yy, xx = np.mgrid[0:h, 0:w].astype(np.float32)
    light = (
        1
        + rng.uniform(-0.08, 0.08) * (xx / w - 0.5)
        + rng.uniform(-0.08, 0.08) * (yy / h - 0.5)
    )
    a = (255 - (255 - a) * rng.uniform(0.8, 0.95)) * light - rng.uniform(0, 15)
    a += nrng.normal(0, rng.uniform(3, 8), size=a.shape).astype(np.float32)
    for _ in range(rng.randint(40, 200)):
        y0, x0, r = rng.randrange(h), rng.randrange(w), rng.randint(1, 2)
        a[max(0, y0 - r) : y0 + r, max(0, x0 - r) : x0 + r] = rng.uniform(20, 120)
    if rng.random() < 0.35:
        x0 = rng.randint(w // 10, w - w // 10)
        a[:, x0 : x0 + 2] -= rng.uniform(15, 40)
    out = Image.fromarray(np.clip(a, 0, 255).astype(np.uint8), mode="L")
    out = out.filter(ImageFilter.GaussianBlur(rng.uniform(0.3, 0.6)))
    if bilevel:
        out = out.point(lambda v: 255 if v > 145 else 0).convert("1")
    return out


def _fixed(pdf: bytes) -> bytes:
    """Make a PDFium-written file reproducible (its date and /ID vary per run)."""
    pdf = re.sub(rb"/CreationDate\(D:\d{14}", b"/CreationDate(D:20240101000000", pdf)
    idre = rb"/ID\[<[0-9A-F]{32}><[0-9A-F]{32}>\]"
    pdf = re.sub(idre, b"/ID[<" + b"0" * 32 + b"><" + b"0" * 32 + b">]", pdf)
    h = hashlib.md5(pdf, usedforsecurity=False).hexdigest().upper().encode()
    return pdf.replace(
        b"/ID[<" + b"0" * 32 + b"><" + b"0" * 32 + b">]",
        b"/ID[<" + h + b"><" + h + b">]",
    )


def scan_pages(
    pdf: bytes,
    pages: set[int],
    rng: random.Random,
    fax_line: Callable[[int, int], str] | None = None,
    bilevel: bool = False,
) -> bytes:
    """Replace the given 1-based pages by image-only scans of themselves."""
    if not pages:
        return pdf
    src = pdfium.PdfDocument(pdf)
    n = len(src)
    dpi = 200 if bilevel else rng.choice([150, 170, 200])
    imgs = []
    for p in sorted(pages):
        im = src[p - 1].render(scale=dpi / 72).to_pil().convert("L")
        fl = fax_line(p, n) if fax_line else ""
        imgs.append(degrade(im, rng, dpi, fl, bilevel))
    fixed = time.strptime("2024-01-01", "%Y-%m-%d")
    ib = io.BytesIO()
    extra: dict[str, Any] = {} if bilevel else {"quality": 55}
    imgs[0].save(
        ib,
        "PDF",
        save_all=True,
        append_images=imgs[1:],
        resolution=float(dpi),
        creationDate=fixed,
        modDate=fixed,
        **extra,
    )
    scans = pdfium.PdfDocument(ib.getvalue())
    out = pdfium.PdfDocument.new()
    order = sorted(pages)
    for p in range(1, n + 1):
        if p in pages:
            out.import_pages(scans, [order.index(p)])
        else:
            out.import_pages(src, [p - 1])
    b = io.BytesIO()
    out.save(b)
    return _fixed(b.getvalue())
