"""The treatment timeline picture: one lane per provider, a mark per visit.

Drawn on a bare `matplotlib.figure.Figure` with the Agg canvas, never through pyplot,
so no global figure registry or backend choice leaks into the process, and rcParams
are never changed (sizes and colours are passed per call).

Matplotlib keeps a font cache in `MPLCONFIGDIR`, else the XDG cache directory; when
neither is writable it creates a temporary directory of its own, removed at exit
(`matplotlib._get_config_or_cache_dir`), so nothing here needs a writable home.
Servers should set `MPLCONFIGDIR` to keep the cache between processes. Matplotlib
reads only local files (its own data, and the system's fonts when it builds that
cache): it makes no network calls.
"""

from __future__ import annotations

import io
from collections import Counter
from datetime import date, timedelta
from functools import cache
from typing import TYPE_CHECKING

from paradesk.engines.medchron.models import Chronology, Encounter
from paradesk.engines.medchron.render import content

if TYPE_CHECKING:
    from matplotlib.artist import Artist
    from matplotlib.axes import Axes

DPI = 150
MIN_WIDTH_PX = 600
MAX_WIDTH_PX = 6000
# More lanes than this stop being readable on a page; the least-visited providers
# share one last lane instead.
MAX_LANES = 24
_LANE_PX = 54
_FRAME_PX = 220
_LABELS_PX = 370
_PAD = timedelta(days=10)

_VISIT = "#1f4e79"
_BEFORE = "#c55a11"
_INCIDENT = "#c00000"
_GAP = "#fff2cc"
_GAP_EDGE = "#bf9000"
_LANE = "#f2f2f2"


def timeline_png(chronology: Chronology, *, width_px: int = 1800) -> bytes:
    """Draws the treatment timeline as a PNG.

    One horizontal lane per provider with a mark per encounter date; pre-incident visits
    are hollow orange diamonds, the incident date a dashed red line, and gaps in care
    shaded and labelled with their length. Undated encounters cannot be placed and are
    counted in the caption instead.

    Args:
        chronology: the chronology to draw.
        width_px: the picture's width in pixels; the height grows with the lanes.

    Returns:
        PNG bytes, `width_px` wide.

    Raises:
        ValueError: `width_px` is outside 600..6000.
    """
    if not MIN_WIDTH_PX <= width_px <= MAX_WIDTH_PX:
        raise ValueError(
            f"timeline width must be {MIN_WIDTH_PX} to {MAX_WIDTH_PX} pixels, "
            f"not {width_px}"
        )
    # Imported here: matplotlib takes a moment to import and only this picture needs it.
    from matplotlib.backends.backend_agg import FigureCanvasAgg
    from matplotlib.figure import Figure

    dated = [item for item in chronology.encounters if item.date]
    lanes = _lanes(dated)
    height_px = _FRAME_PX + _LANE_PX * max(len(lanes), 1)
    figure = Figure(figsize=(width_px / DPI, height_px / DPI), dpi=DPI)
    FigureCanvasAgg(figure)
    # Lane labels need about the same pixels at any width; the plot takes the rest.
    left = min(0.3, _LABELS_PX / width_px)
    axes = figure.add_axes((left, 110 / height_px, 0.97 - left, 1 - 160 / height_px))
    undated = len(chronology.encounters) - len(dated)
    if dated:
        handles = _draw(axes, chronology, dated, lanes, int(left * width_px / 10.5))
        figure.legend(
            handles=handles,
            loc="lower center",
            bbox_to_anchor=(0.5, 8 / height_px),
            ncol=len(handles),
            frameon=False,
            fontsize=9,
        )
    else:
        axes.set_axis_off()
        axes.text(
            0.5, 0.5, "No dated encounters", ha="center", va="center", fontsize=12
        )
    if undated:
        # The documents put their own heading above the picture; only this is news.
        note = f"{undated} undated encounter{'s' if undated != 1 else ''} not shown"
        figure.text(
            0.02, 1 - 16 / height_px, note, fontsize=9, style="italic", va="top"
        )
    buffer = io.BytesIO()
    # No "Software" entry: the same chronology gives the same bytes across upgrades.
    figure.savefig(buffer, format="png", dpi=DPI, metadata={"Software": None})
    return buffer.getvalue()


def _lane_name(encounter: Encounter) -> str:
    return encounter.provider or "Unknown provider"


def _lanes(dated: list[Encounter]) -> list[str]:
    """Lane names, top to bottom in order of first visit; the overflow lane last."""
    visits = Counter(_lane_name(item) for item in dated)
    first: dict[str, date] = {}
    for item in content.in_date_order(tuple(dated)):
        first.setdefault(_lane_name(item), item.date or date.min)
    names = sorted(first, key=lambda name: (first[name], name))
    if len(names) <= MAX_LANES:
        return names
    kept = set(sorted(names, key=lambda name: (-visits[name], name))[: MAX_LANES - 1])
    others = len(names) - len(kept)
    return [name for name in names if name in kept] + [f"Other providers ({others})"]


@cache
def _drawable() -> frozenset[int]:
    """The code points matplotlib's default font (bundled DejaVu Sans) can draw;
    others would draw as boxes and raise a UserWarning per missing glyph."""
    from matplotlib.font_manager import FontProperties, findfont
    from matplotlib.ft2font import FT2Font

    return frozenset(FT2Font(findfont(FontProperties())).get_charmap())


def _x(day: date) -> float:
    """A date as matplotlib's axis number (its stubs take numbers, not dates)."""
    from matplotlib.dates import date2num

    return float(date2num(day))  # type: ignore[no-untyped-call]  # matplotlib.dates has no hints


def _short(name: str, limit: int) -> str:
    name = content.fit_to_font(name, _drawable())
    if len(name) <= limit:
        return name
    return name[: limit - 1].rstrip() + "\N{HORIZONTAL ELLIPSIS}"


def _draw(
    axes: Axes,
    chronology: Chronology,
    dated: list[Encounter],
    lanes: list[str],
    label_chars: int,
) -> list[Artist]:
    """Plots the lanes, gaps, visits and incident line; returns the legend entries."""
    from matplotlib.dates import AutoDateLocator, ConciseDateFormatter
    from matplotlib.lines import Line2D

    row = {name: index for index, name in enumerate(lanes)}
    overflow = len(lanes) - 1
    days = [item.date for item in dated if item.date]
    start, end = min(days), max(days)
    if chronology.incident_date:
        start, end = (
            min(start, chronology.incident_date),
            max(end, chronology.incident_date),
        )
    axes.set_xlim(_x(start - _PAD), _x(end + _PAD))
    axes.set_ylim(len(lanes) - 0.5, -0.5)
    for index in range(0, len(lanes), 2):
        axes.axhspan(index - 0.5, index + 0.5, color=_LANE, zorder=0, linewidth=0)
    for gap in chronology.gaps:
        left, right = _x(gap.start), _x(gap.end)
        axes.axvspan(left, right, color=_GAP, zorder=1, linewidth=0)
        axes.axvline(left, color=_GAP_EDGE, linewidth=0.6, zorder=1)
        axes.axvline(right, color=_GAP_EDGE, linewidth=0.6, zorder=1)
        axes.annotate(
            f"{gap.days} days",
            ((left + right) / 2, 1.0),
            xycoords=("data", "axes fraction"),
            xytext=(0, 3),
            textcoords="offset points",
            ha="center",
            va="bottom",
            fontsize=8,
            color=_GAP_EDGE,
        )
    after = [item for item in dated if not item.pre_incident]
    before = [item for item in dated if item.pre_incident]
    axes.scatter(
        [_x(item.date) for item in after if item.date],
        [row.get(_lane_name(item), overflow) for item in after],
        s=36,
        marker="o",
        color=_VISIT,
        zorder=3,
    )
    axes.scatter(
        [_x(item.date) for item in before if item.date],
        [row.get(_lane_name(item), overflow) for item in before],
        s=44,
        marker="D",
        facecolors="white",
        edgecolors=_BEFORE,
        linewidths=1.4,
        zorder=3,
    )
    handles: list[Artist] = [
        Line2D([], [], marker="o", linestyle="", color=_VISIT, label="Visit"),
        Line2D(
            [],
            [],
            marker="D",
            linestyle="",
            markerfacecolor="white",
            markeredgecolor=_BEFORE,
            label="Pre-incident visit",
        ),
    ]
    if chronology.incident_date:
        axes.axvline(
            _x(chronology.incident_date),
            color=_INCIDENT,
            linestyle="--",
            linewidth=1.4,
            zorder=2,
        )
        handles.append(
            Line2D(
                [],
                [],
                color=_INCIDENT,
                linestyle="--",
                label=f"Incident {content.day(chronology.incident_date)}",
            )
        )
    if chronology.gaps:
        handles.append(
            Line2D([], [], color=_GAP, linewidth=8, label="Gap in care (days)")
        )
    axes.set_yticks(
        range(len(lanes)), [_short(name, label_chars) for name in lanes], fontsize=9
    )
    axes.tick_params(axis="y", length=0)
    locator = AutoDateLocator(minticks=4, maxticks=12)  # type: ignore[no-untyped-call]  # matplotlib.dates has no hints
    axes.xaxis.set_major_locator(locator)
    axes.xaxis.set_major_formatter(ConciseDateFormatter(locator))  # type: ignore[no-untyped-call]  # as above
    axes.tick_params(axis="x", labelsize=9)
    axes.grid(axis="x", color="#d9d9d9", linewidth=0.6, zorder=0)
    axes.set_axisbelow(True)
    for side in ("top", "right", "left"):
        axes.spines[side].set_visible(False)
    return handles
