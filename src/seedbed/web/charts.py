"""Charts as geometry for inline SVG: the template draws rectangles, lines and text.

Owns: layout (scales, bar widths, labels) of the network report's charts. Colours are CSS
classes (``v-welcome`` ...) styled in static/style.css, so no style attribute is written and
the strict Content-Security-Policy holds. Every chart has a title and a description for
screen readers. Must not import: the store, the judge, FastAPI.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass, field

from seedbed.report import LABEL_ORDER, Invitations, YearShare

WIDTH = 760
# Room for the y-axis numbers on the left and the month labels below.
LEFT, RIGHT, TOP, BOTTOM = 44, 12, 14, 34
BAR_HEIGHT = 22
BAR_GAP = 8
# Names longer than this are cut in horizontal bar charts so the bars keep their room.
LABEL_CHARS = 30
LABEL_WIDTH = 230
# Month labels: at most this many along the axis, or they overlap.
MAX_X_LABELS = 12


@dataclass(frozen=True)
class Rect:
    x: float
    y: float
    w: float
    h: float
    cls: str
    tip: str


@dataclass(frozen=True)
class Caption:
    x: float
    y: float
    text: str
    cls: str = "tick"
    anchor: str = "start"
    href: str = ""


@dataclass(frozen=True)
class Line:
    x1: float
    y1: float
    x2: float
    y2: float
    cls: str = "axis"


@dataclass
class Chart:
    """One SVG chart; ``rows`` repeat its data as a table for those who cannot see it."""

    chart_id: str
    title: str
    desc: str
    height: float
    rects: list[Rect] = field(default_factory=list)
    labels: list[Caption] = field(default_factory=list)
    lines: list[Line] = field(default_factory=list)
    header: tuple[str, ...] = ()
    rows: list[tuple[str, ...]] = field(default_factory=list)
    width: float = WIDTH

    @property
    def empty(self) -> bool:
        return not self.rects


def _nice_max(value: int) -> int:
    """The axis maximum: ``value`` rounded up to 1, 2, 3, 4, 5, 6 or 8 times a power of ten,
    so the bars fill most of the height and the middle tick stays a whole number."""
    if value <= 1:
        return 2
    power = int(10 ** math.floor(math.log10(value)))
    return next(m * power for m in (1, 2, 3, 4, 5, 6, 8, 10) if m * power >= value
                and (m * power) % 2 == 0)


def stacked_months(months: Sequence[tuple[str, dict[str, int]]]) -> Chart:
    """Inbound items per month, one stacked bar per month, one colour per verdict."""
    height = 260
    chart = Chart("months", "Inbound items per month by verdict",
                  "Stacked bars: welcome, relevant pitch, ask why and spam per calendar month.",
                  height, header=("month", *[v.value for v in LABEL_ORDER]))
    if not months:
        return chart
    plot_w, plot_h = WIDTH - LEFT - RIGHT, height - TOP - BOTTOM
    top = _nice_max(max(sum(c.values()) for _, c in months))
    step = plot_w / len(months)
    every = max(1, math.ceil(len(months) / MAX_X_LABELS))
    for tick in (0, top // 2, top):
        y = TOP + plot_h - plot_h * tick / top
        chart.lines.append(Line(LEFT, y, WIDTH - RIGHT, y, "grid"))
        chart.labels.append(Caption(LEFT - 6, y + 4, str(tick), anchor="end"))
    for i, (month, counts) in enumerate(months):
        x, y = LEFT + i * step + step * 0.1, TOP + plot_h
        for label in LABEL_ORDER:
            n = counts.get(label.value, 0)
            if n:
                h = plot_h * n / top
                y -= h
                chart.rects.append(Rect(x, y, step * 0.8, h, f"v-{label.value}",
                                        f"{month}: {n} {label.value}"))
        if i % every == 0:
            chart.labels.append(Caption(x + step * 0.4, height - BOTTOM + 16, month,
                                      anchor="middle"))
        chart.rows.append((month, *[str(counts.get(v.value, 0)) for v in LABEL_ORDER]))
    chart.lines.append(Line(LEFT, TOP + plot_h, WIDTH - RIGHT, TOP + plot_h))
    return chart


def share_by_year(years: Sequence[YearShare]) -> Chart:
    """The share of connections ever talked to, one bar per year connected."""
    height = 240
    chart = Chart("years", "Connections you ever wrote to, by year connected",
                  "Bars: the percentage of each year's new connections with at least one "
                  "message either way.", height, header=("year", "connections", "talked to"))
    if not years:
        return chart
    plot_w, plot_h = WIDTH - LEFT - RIGHT, height - TOP - BOTTOM
    step = plot_w / len(years)
    best = max(100 * s.talked / s.connections for s in years if s.connections) if any(
        s.connections for s in years) else 0
    top = min(100, _nice_max(math.ceil(best)))
    for tick in (0, top // 2, top):
        y = TOP + plot_h - plot_h * tick / top
        chart.lines.append(Line(LEFT, y, WIDTH - RIGHT, y, "grid"))
        chart.labels.append(Caption(LEFT - 6, y + 4, f"{tick}%", anchor="end"))
    for i, share in enumerate(years):
        pct = 100 * share.talked / share.connections if share.connections else 0.0
        x = LEFT + i * step + step * 0.15
        h = plot_h * pct / top
        chart.rects.append(Rect(x, TOP + plot_h - h, step * 0.7, max(h, 0.5), "bar-share",
                                f"{share.year}: {share.talked} of {share.connections}"))
        chart.labels.append(Caption(x + step * 0.35, TOP + plot_h - h - 4, f"{pct:.0f}%",
                                  "value", "middle"))
        chart.labels.append(Caption(x + step * 0.35, height - BOTTOM + 16, str(share.year),
                                  anchor="middle"))
        chart.rows.append((str(share.year), str(share.connections), str(share.talked)))
    chart.lines.append(Line(LEFT, TOP + plot_h, WIDTH - RIGHT, TOP + plot_h))
    return chart


def _cut(text: str) -> str:
    return text if len(text) <= LABEL_CHARS else text[: LABEL_CHARS - 1] + "…"


def hbars(chart_id: str, title: str, desc: str,
          bars: Sequence[tuple[str, int, int, str, str]], header: tuple[str, ...]) -> Chart:
    """Horizontal bars: (label, value, out of, css class, link) each; one row per bar."""
    height = TOP + len(bars) * (BAR_HEIGHT + BAR_GAP) + 4
    chart = Chart(chart_id, title, desc, height, header=header)
    top = max((max(total, value) for _, value, total, _, _ in bars), default=0)
    plot_w = WIDTH - LABEL_WIDTH - 70
    for i, (name, value, total, cls, href) in enumerate(bars):
        y = TOP + i * (BAR_HEIGHT + BAR_GAP)
        chart.labels.append(Caption(LABEL_WIDTH - 8, y + BAR_HEIGHT * 0.7, _cut(name), "name",
                                  "end", href))
        if total and top:
            chart.rects.append(Rect(LABEL_WIDTH, y, plot_w * total / top, BAR_HEIGHT,
                                    "bar-track", f"{name}: {value} of {total}"))
        w = plot_w * value / top if top else 0
        chart.rects.append(Rect(LABEL_WIDTH, y, max(w, 0.5), BAR_HEIGHT, cls, f"{name}: {value}"))
        tail = f"{value} of {total}" if total else str(value)
        chart.labels.append(Caption(LABEL_WIDTH + max(w, plot_w * total / top if top else 0) + 6,
                                  y + BAR_HEIGHT * 0.7, tail, "value"))
        chart.rows.append((name, str(value), *([str(total)] if total else [])))
    return chart


def invitations(stats: Invitations) -> Chart:
    """Invitation acceptance: the ones you sent and the ones you received."""
    bars = [("Sent by you, accepted", stats.sent_accepted, stats.sent, "bar-share", ""),
            ("Received, accepted by you", stats.received_accepted, stats.received,
             "bar-share", "")]
    return hbars("invitations", "Invitation acceptance",
                 "Of the invitations sent and received, how many became connections.",
                 bars if stats.sent or stats.received else [], ("invitations", "accepted", "all"))
