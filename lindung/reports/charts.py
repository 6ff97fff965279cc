"""Charts as inline SVG drawn on the server: no JavaScript, no CDN, readable on a 360 px phone.

Every text goes through `escape` (format_html); colours come from classes in reports.css, so the strict CSP
(no inline styles) holds.
"""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from django.utils.html import format_html, format_html_join
from django.utils.safestring import SafeString, mark_safe

WIDTH = 360
ROW = 40
BAR_MAX = 280  # the rest of the width holds the value
LABEL_CHARS = 44  # a bar's label at 15 px in the 360-unit width; longer ones are cut with "…"
LABEL_ROOM = 60  # px between two labelled points of a line, so that their values never overlap


def number(value: int | Decimal | None) -> str:
    if value is None:
        return "–"
    if isinstance(value, Decimal):
        return f"{value:,.2f}".replace(",", "_").replace(".", ",").replace("_", ".")
    return f"{value:,}".replace(",", ".")


def _fit(label: str) -> str:
    """A label cut to the chart's width (the table under each chart has it whole)."""
    return label if len(label) <= LABEL_CHARS else label[: LABEL_CHARS - 1].rstrip() + "…"


def bars(rows: list[dict[str, Any]], title: str, key: str = "value") -> SafeString:
    """Horizontal bars, one per row: the label above, the bar with its value beside it."""
    top = max((r[key] for r in rows), default=0) or 1
    height = ROW * max(len(rows), 1) + 4
    parts = []
    for i, row in enumerate(rows):
        y = i * ROW
        width = round(BAR_MAX * row[key] / top) if row[key] else 0
        parts.append(
            format_html(
                '<text x="0" y="{}" class="lbl">{}</text>'
                '<rect x="0" y="{}" width="{}" height="16" rx="2" class="bar"/>'
                '<text x="{}" y="{}" class="val">{}</text>',
                y + 14,
                _fit(str(row["label"])),
                y + 19,
                max(width, 1),
                width + 4,
                y + 32,
                number(row[key]),
            )
        )
    if not rows:
        parts.append(format_html('<text x="0" y="20" class="lbl">{}</text>', "–"))
    return _svg(title, height, mark_safe("".join(parts)))  # noqa: S308 — every part above is format_html output


def line(rows: list[dict[str, Any]], title: str) -> SafeString:
    """A line of monthly values; the first, highest and last points carry their value."""
    height, left, bottom, top_pad = 200, 8, 30, 22
    values = [r["value"] for r in rows]
    if not rows:
        return _svg(title, 40, format_html('<text x="0" y="20" class="lbl">{}</text>', "–"))
    high = max(values) or 1
    step = (WIDTH - 2 * left) / max(len(rows) - 1, 1)
    points = [
        (left + i * step, top_pad + (height - bottom - top_pad) * (1 - v / high))
        for i, v in enumerate(values)
    ]
    path = " ".join(f"{x:.1f},{y:.1f}" for x, y in points)
    # The first and last values, and the highest when it stands clear of both: a label is about 50 px wide, so
    # the highest one next to an end would be written over it.
    marked = {0, len(rows) - 1}
    highest = values.index(max(values))
    if all(abs(points[highest][0] - points[i][0]) >= LABEL_ROOM for i in marked):
        marked.add(highest)
    dots = format_html_join(
        "",
        '<circle cx="{}" cy="{}" r="3" class="dot"/>',
        ((f"{x:.1f}", f"{y:.1f}") for x, y in points),
    )
    labels = format_html_join(
        "",
        '<text x="{}" y="{}" class="val" text-anchor="{}">{}</text>',
        (
            (
                f"{x:.1f}",
                f"{y - 8:.1f}",
                "start" if i == 0 else "end" if i == len(rows) - 1 else "middle",
                number(values[i]),
            )
            for i, (x, y) in enumerate(points)
            if i in marked
        ),
    )
    months = format_html_join(
        "",
        '<text x="{}" y="{}" class="axis" text-anchor="middle">{}</text>',
        ((f"{x:.1f}", height - 8, rows[i]["label"][:2]) for i, (x, _y) in enumerate(points)),
    )
    body = format_html(
        '<line x1="0" y1="{}" x2="{}" y2="{}" class="base"/><polyline points="{}" class="line"/>{}{}{}',
        height - bottom,
        WIDTH,
        height - bottom,
        path,
        dots,
        labels,
        months,
    )
    return _svg(title, height, body)


def gauge(percent: Decimal | None, target: Decimal, title: str) -> SafeString:
    """Coverage as a bar out of 100%, with the target as a marked line."""
    value = float(percent or 0)
    width = round(WIDTH * min(value, 100) / 100)
    mark = round(WIDTH * min(float(target), 100) / 100)
    body = format_html(
        '<rect x="0" y="22" width="{}" height="22" rx="3" class="track"/>'
        '<rect x="0" y="22" width="{}" height="22" rx="3" class="bar"/>'
        '<line x1="{}" y1="16" x2="{}" y2="50" class="target"/>'
        '<text x="0" y="15" class="val">{}</text>'
        '<text x="{}" y="66" class="lbl" text-anchor="{}">{}</text>',
        WIDTH,
        width,
        mark,
        mark,
        number(percent) + "%" if percent is not None else "–",
        mark,
        "end" if mark > WIDTH / 2 else "start",
        "target " + number(target) + "%",
    )
    return _svg(title, 72, body)


def _svg(title: str, height: int, body: SafeString) -> SafeString:
    return format_html(
        '<svg class="chart" viewBox="0 0 {} {}" role="img" aria-label="{}" xmlns="http://www.w3.org/2000/svg">'
        "<title>{}</title>{}</svg>",
        WIDTH,
        height,
        title,
        title,
        body,
    )
