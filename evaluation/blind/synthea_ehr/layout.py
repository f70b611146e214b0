"""reportlab plumbing: page furniture, anchors that record their page, and a
two-pass build so that "Page x of y", fax headers and cover-sheet page counts
are exact."""

from __future__ import annotations

import io
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from reportlab.lib.pagesizes import letter
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import inch
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import BaseDocTemplate, Flowable, Frame, PageTemplate

PAGE_W, PAGE_H = letter

BOLD = {
    "Helvetica": "Helvetica-Bold",
    "Times-Roman": "Times-Bold",
    "Courier": "Courier-Bold",
}
ITALIC = {
    "Helvetica": "Helvetica-Oblique",
    "Times-Roman": "Times-Italic",
    "Courier": "Courier-Oblique",
}


@dataclass
class PageState:
    header: dict[str, Any] = field(default_factory=dict)


@dataclass
class BuildState:
    """Mutable state shared by flowables and page callbacks during a build."""

    header: dict[str, Any] = field(default_factory=dict)
    pages: list[dict[str, Any]] = field(default_factory=list)
    anchors: dict[str, int] = field(default_factory=dict)


class Anchor(Flowable):
    """Zero-size flowable that records the page it lands on."""

    def __init__(self, state: BuildState, key: str) -> None:
        super().__init__()
        self.state = state
        self.key = key
        self.width = 0
        self.height = 0

    def wrap(self, aw: float, ah: float) -> tuple[float, float]:
        return 0, 0

    def draw(self) -> None:
        self.state.anchors.setdefault(self.key, self.canv.getPageNumber())


class SetHeader(Flowable):
    """Change the running page header from the next page on."""

    def __init__(self, state: BuildState, **values: Any) -> None:
        super().__init__()
        self.state = state
        self.values = values
        self.width = 0
        self.height = 0

    def wrap(self, aw: float, ah: float) -> tuple[float, float]:
        return 0, 0

    def draw(self) -> None:
        self.state.header = {**self.state.header, **self.values}


def style(
    name: str,
    font: str,
    size: float,
    leading: float | None = None,
    bold: bool = False,
    italic: bool = False,
    align: int = 0,
    space_after: float = 0,
    space_before: float = 0,
    left: float = 0,
) -> ParagraphStyle:
    face = BOLD[font] if bold else (ITALIC[font] if italic else font)
    return ParagraphStyle(
        name,
        fontName=face,
        fontSize=size,
        leading=leading or size * 1.22,
        alignment=align,
        spaceAfter=space_after,
        spaceBefore=space_before,
        leftIndent=left,
    )


PageFn = Callable[[Canvas, dict[str, Any], int, int], None]


def _canvas_class(state: BuildState, final: PageFn) -> type[Canvas]:
    class Numbered(Canvas):
        def __init__(self, *args: Any, **kwargs: Any) -> None:
            kwargs["invariant"] = 1
            super().__init__(*args, **kwargs)
            self._saved: list[dict[str, Any]] = []

        def showPage(self) -> None:  # noqa: N802 - reportlab API
            self._saved.append(dict(self.__dict__))
            self._startPage()

        def save(self) -> None:
            total = len(self._saved)
            for i, saved in enumerate(self._saved):
                self.__dict__.update(saved)
                hdr = state.pages[i] if i < len(state.pages) else {}
                final(self, hdr, i + 1, total)
                Canvas.showPage(self)
            Canvas.save(self)

    return Numbered


def build_pdf(
    make_story: Callable[[BuildState, int], list[Flowable]],
    on_page: PageFn,
    final: PageFn,
    top: float = 1.05 * inch,
    bottom: float = 0.8 * inch,
    side: float = 0.7 * inch,
    title: str = "",
) -> tuple[bytes, BuildState]:
    """Build twice: the first pass counts pages, the second uses the count."""
    total = 0
    result = b""
    state = BuildState()
    for _ in range(4):
        state = BuildState()
        buf = io.BytesIO()

        def page_cb(canv: Canvas, doc: BaseDocTemplate, st: BuildState = state) -> None:
            st.pages.append(dict(st.header))
            on_page(canv, st.header, canv.getPageNumber(), 0)

        doc = BaseDocTemplate(
            buf,
            pagesize=letter,
            leftMargin=side,
            rightMargin=side,
            topMargin=top,
            bottomMargin=bottom,
            title=title,
            author="",
            creator="",
            producer="",
            invariant=1,
        )
        frame = Frame(side, bottom, PAGE_W - 2 * side, PAGE_H - top - bottom, id="f")
        doc.addPageTemplates([PageTemplate(id="p", frames=[frame], onPage=page_cb)])
        story = make_story(state, total)
        doc.build(story, canvasmaker=_canvas_class(state, final))
        result = buf.getvalue()
        new_total = len(state.pages)
        if new_total == total:
            break
        total = new_total
    return result, state
