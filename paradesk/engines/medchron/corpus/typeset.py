"""Pages as positioned text: lines flowed onto letter-size sheets, with citations.

Layouts are small templates (see `lines`) turned into `Line`s; the `Pager` wraps and
places them, starts new pages, repeats the running header (and an open visit's
date-of-service line) on each new page, and notes the page every cited line lands
on. Nothing here writes a PDF, so a case can be planned and checked cheaply.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import re
import string
import textwrap
from collections.abc import Mapping
from dataclasses import dataclass, field

from reportlab.lib.utils import simpleSplit

from paradesk.engines.medchron.corpus.models import Person

PAGE_WIDTH, PAGE_HEIGHT = 612.0, 792.0
_FONTS = {
    "Helvetica": ("Helvetica", "Helvetica-Bold"),
    "Times": ("Times-Roman", "Times-Bold"),
    "Courier": ("Courier", "Courier-Bold"),
}
_MARGIN, _BOTTOM = 54.0, 56.0


@dataclass(frozen=True)
class Text:
    """A string drawn at a baseline position (points from the bottom left)."""

    x: float
    y: float
    text: str
    font: str
    size: float
    align: str = "left"  # left | right | center


@dataclass(frozen=True)
class Rule:
    """A straight line."""

    x1: float
    y1: float
    x2: float
    y2: float


Sheet = list[Text | Rule]


@dataclass(frozen=True)
class Style:
    """One document's look: typeface, body size, how it writes dates, names, money."""

    family: str
    size: float
    dates: int
    names: int
    money: int

    def font(self, *, bold: bool = False) -> str:
        """The PDF base font name for this style's family."""
        return _FONTS[self.family][bold]


Cell = tuple[float, str, str]  # x from the left margin, text, "l" or "r" aligned


@dataclass(frozen=True)
class Line:
    """One line of a layout. Plain text wraps; cells and cited lines never do.

    `cite` is the key of the visit or bill line whose dated line this is.
    """

    text: str = ""
    bold: bool = False
    indent: float = 0.0
    scale: float = 1.0
    gap: float = 0.0  # blank space before, in line heights
    cells: tuple[Cell, ...] = ()
    cite: str | None = None
    center: bool = False
    rule: bool = False
    page_break: bool = False

    @property
    def quote(self) -> str:
        """The line as a PDF text layer gives it back (cells joined by a space)."""
        return " ".join(c[1] for c in self.cells if c[1]) if self.cells else self.text


def row(
    *cells: tuple[float, str] | Cell,
    cite: str | None = None,
    bold: bool = False,
    scale: float = 1.0,
) -> Line:
    """A line of cells, each (x, text) or (x, text, "r") to right-align at x."""
    full = tuple((c[0], c[1], c[2] if len(c) == 3 else "l") for c in cells)
    return Line(cells=full, cite=cite, bold=bold, scale=scale)


_FLAGS = re.compile(r"^(?P<indent> *)(?P<flags>[\^~%]*)(?P<hashes>#*) ?(?P<body>.*)$")
_CELL = re.compile(r"@(>?)(\d+) ")


def lines(
    template: str,
    values: Mapping[str, object] | None = None,
    *,
    cite: str | None = None,
) -> list[Line]:
    """Lines from a template, one source line per printed line.

    Marks at the start of a line: two spaces indent, `^` space before, `~` centred,
    `%` small, `#` bold (`##` larger, `###` largest), `---` a rule, `===` a page
    break; `@x ` starts a cell at x points (`@>x ` right-aligned there). Fields are
    `str.format` fields; one holding a list repeats its line per item, and one that
    is None or empty drops its line. A backslash joins a source line to the next.
    `cite` marks the first line as the dated line of that visit or bill line.
    """
    out, values = [], values or {}
    formatter = string.Formatter()
    for raw in textwrap.dedent(template).strip("\n").splitlines():
        fields = [name for _, name, _, _ in formatter.parse(raw) if name]
        found = {name: formatter.get_field(name, (), values)[0] for name in fields}
        if any(value in (None, "", [], ()) for value in found.values()):
            continue
        repeated = next((n for n, v in found.items() if isinstance(v, list)), None)
        items = found[repeated] if repeated else [None]
        for item in items if isinstance(items, list) else []:
            filled = {**values, repeated: item} if repeated else values
            out.append(_line(raw, filled))
    if cite and out:
        out[0] = dataclasses.replace(out[0], cite=cite)
    return out


def _line(raw: str, values: Mapping[str, object]) -> Line:
    mark = _FLAGS.match(raw)
    assert mark is not None  # noqa: S101  # the pattern matches any string
    body, hashes, flags = mark["body"], len(mark["hashes"]), mark["flags"]
    if body.startswith("==="):
        return Line(page_break=True)
    scale = (1.0, 1.0, 1.2, 1.5)[hashes] * (0.85 if "%" in flags else 1.0)
    line = Line(
        bold=hashes > 0,
        indent=12.0 * (len(mark["indent"]) // 2),
        scale=scale,
        gap=0.5 if "^" in flags else 0.0,
        center="~" in flags,
        rule=body == "---",
    )
    if line.rule:
        return line
    parts = _CELL.split(body)
    if len(parts) == 1:
        return dataclasses.replace(line, text=" ".join(body.format(**values).split()))
    cells = [
        (float(x), " ".join(text.format(**values).split()), "r" if right else "l")
        for right, x, text in zip(parts[1::3], parts[2::3], parts[3::3], strict=True)
    ]
    return dataclasses.replace(line, cells=tuple(cells))


@dataclass
class Section:
    """Laid-out pages and where each cited line landed (0-based page index)."""

    sheets: list[Sheet] = field(default_factory=list)
    cites: list[tuple[str, int, str]] = field(default_factory=list)


class Pager:
    """Flows `Line`s onto pages; see the module docstring."""

    def __init__(self, style: Style, running: list[Line]) -> None:
        """Starts the first page; `running` heads every later page."""
        self.style, self.running = style, running
        self.section = Section()
        self.width = PAGE_WIDTH - 2 * _MARGIN
        self._visit: Line | None = None
        self._new_page(running=False)

    def emit(
        self, body: list[Line], *, keep: bool = False, visit: Line | None = None
    ) -> None:
        """Places `body`; `keep` moves it whole to a new page rather than split it.

        While `visit` (a date-of-service line) is given, every page the body
        spills onto repeats it under the running header, as EHR printouts do.
        """
        fresh = self.y >= PAGE_HEIGHT - _MARGIN - self._lead * (len(self.running) + 2)
        if keep and not fresh and self._height(body) > self.y - _BOTTOM:
            self._new_page()
        self._visit = visit
        for line in body:
            if line.page_break:
                self._new_page()
            for index, text in enumerate(
                self._wrap(line) if not line.page_break else []
            ):
                self._place(
                    line if index == 0 else dataclasses.replace(line, gap=0), text
                )
        self._visit = None

    def finish(self, footer: list[str] | None = None) -> Section:
        """Ends the section; footer lines get {page} and {pages} filled in."""
        pages = len(self.section.sheets)
        for number, sheet in enumerate(self.section.sheets, start=1):
            for offset, template in enumerate(footer or []):
                text = template.format(page=number, pages=pages)
                y = 34 - offset * 10
                sheet.append(
                    Text(PAGE_WIDTH / 2, y, text, self.style.font(), 8, "center")
                )
        return self.section

    @property
    def _lead(self) -> float:
        return self.style.size * 1.32

    def _height(self, body: list[Line]) -> float:
        return sum(self._lead * b.scale * (b.gap + len(self._wrap(b))) for b in body)

    def _wrap(self, line: Line) -> list[str]:
        if line.cells or line.cite or not line.text:
            return [line.text]
        font, size = self.style.font(bold=line.bold), self.style.size * line.scale
        return list(simpleSplit(line.text, font, size, self.width - line.indent))

    def _new_page(self, *, running: bool = True) -> None:
        self.section.sheets.append([])
        self.y = PAGE_HEIGHT - _MARGIN
        for line in self.running if running else []:
            self._place(line, line.text)
        visit = self._visit
        if running and visit is not None and visit.cite:
            cells = ((0.0, visit.quote, "l"), (self.width, "(continued)", "r"))
            self._place(Line(cells=cells, bold=visit.bold), "")
            page = len(self.section.sheets) - 1
            self.section.cites.append((visit.cite, page, visit.quote))

    def _place(self, line: Line, text: str) -> None:
        size, advance = self.style.size * line.scale, self._lead * line.scale
        self.y -= advance * line.gap
        if self.y - advance < _BOTTOM:
            self._new_page()
        self.y -= advance
        sheet, left = self.section.sheets[-1], _MARGIN + line.indent
        font = self.style.font(bold=line.bold)
        if line.rule:
            sheet.append(
                Rule(left, self.y + size / 2, PAGE_WIDTH - left, self.y + size / 2)
            )
        for x, cell, align in line.cells:
            sheet.append(
                Text(
                    left + x,
                    self.y,
                    cell,
                    font,
                    size,
                    "right" if align == "r" else "left",
                )
            )
        if text:
            x, how = (PAGE_WIDTH / 2, "center") if line.center else (left, "left")
            sheet.append(Text(x, self.y, text, font, size, how))
        if line.cite:
            self.section.cites.append(
                (line.cite, len(self.section.sheets) - 1, line.quote)
            )


DATE_STYLES = 7
_LONG_DATES = (2, 6)


def date_text(date: dt.date, style: int) -> str:
    """`date` as one of the ways US records print it."""
    return (
        f"{date:%m/%d/%Y}",
        f"{date.month}/{date.day}/{date:%y}",
        f"{date:%B} {date.day}, {date.year}",
        f"{date:%d-%b-%Y}",
        date.isoformat(),
        f"{date:%m-%d-%Y}",
        f"{date:%b} {date.day}, {date.year}",
    )[style % DATE_STYLES]


def numeric_dates(style: Style) -> Style:
    """`style`, but writing dates with digits only, as tables and bills do."""
    return dataclasses.replace(style, dates=0) if style.dates in _LONG_DATES else style


NAME_STYLES = 5
_DOTTED = {"MD": "M.D.", "DO": "D.O.", "DC": "D.C."}


def name_text(person: Person, style: int) -> str:
    """A clinician's name as a note or a bill writes it."""
    first, last, cred, middle = (
        person.first,
        person.last,
        person.credential,
        person.middle,
    )
    return (
        person.name,
        f"{first} {middle}. {last}, {_DOTTED.get(cred, cred)}",
        f"Dr. {first} {last}" if cred in _DOTTED else person.name,
        f"{last}, {first} {cred.replace(',', '')}".upper(),
        f"{last}, {first} {middle}., {cred}",
    )[style % NAME_STYLES]


def money_text(cents: int, style: int, *, credit: bool = False) -> str:
    """Dollars with or without "$" and thousands commas; credits in () or with "-"."""
    dollars = f"{abs(cents) // 100:,}" if style % 2 == 0 else f"{abs(cents) // 100}"
    amount = f"{'$' if style % 4 in (0, 3) else ''}{dollars}.{abs(cents) % 100:02d}"
    if not credit:
        return amount
    return f"({amount})" if style % 4 < 2 else f"-{amount}"
