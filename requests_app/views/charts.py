"""Small server-drawn SVG charts for the Legal Affairs dashboard (no JavaScript, no CDN).

Each chart is decorative for screen readers (`aria-hidden`): the page shows the same numbers in
a table beside it.
"""

import datetime

from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

from requests_app.choices import ReviewResolution

COLORS = {
    ReviewResolution.APPROVED: "#00a91c",
    ReviewResolution.APPROVED_WITH_REDACTIONS: "#005ea2",
    ReviewResolution.DENIED: "#b50909",
    ReviewResolution.RETURNED: "#936f38",
}
WIDTH, BAR_H, GAP, LABEL_W = 520, 22, 8, 110


def bar_chart(rows: list[tuple[str, int]], *, title: str) -> SafeString:
    """Horizontal bars, one per (label, value)."""
    top = max([v for _, v in rows] + [1])
    height = len(rows) * (BAR_H + GAP) + GAP
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" class="chart" viewBox="0 0 {WIDTH} {height}" '
        f'width="{WIDTH}" height="{height}" aria-hidden="true" focusable="false">'
        f"<title>{escape(title)}</title>"
    ]
    for i, (label, value) in enumerate(rows):
        y = GAP + i * (BAR_H + GAP)
        w = int((WIDTH - LABEL_W - 40) * value / top)
        parts.append(
            f'<text x="0" y="{y + 16}" font-size="13">{escape(label)}</text>'
            f'<rect x="{LABEL_W}" y="{y}" width="{w}" height="{BAR_H}" fill="#005ea2"/>'
            f'<text x="{LABEL_W + w + 6}" y="{y + 16}" font-size="13">{value}</text>'
        )
    parts.append("</svg>")
    return mark_safe("".join(parts))  # noqa: S308 - every interpolated text is escaped


def stacked_weeks(weeks: list[tuple[datetime.date, dict[str, int]]]) -> SafeString:
    """Vertical stacked bars: decisions per week by outcome."""
    height, base, col = 220, 190, 48
    top = max([sum(c.values()) for _, c in weeks] + [1])
    width = max(len(weeks), 1) * (col + 12) + 20
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" class="chart" viewBox="0 0 {width} {height}" '
        f'width="{width}" height="{height}" aria-hidden="true" focusable="false">'
        "<title>Decisions per week by outcome</title>"
    ]
    for i, (week, counts) in enumerate(weeks):
        x = 20 + i * (col + 12)
        y = base
        for resolution in ReviewResolution:
            n = counts.get(resolution.value, 0)
            h = int(160 * n / top)
            if h:
                y -= h
                parts.append(
                    f'<rect x="{x}" y="{y}" width="{col}" height="{h}" '
                    f'fill="{COLORS[resolution]}"/>'
                )
        parts.append(f'<text x="{x}" y="{base + 18}" font-size="11">{week:%b %-d}</text>')
    parts.append("</svg>")
    return mark_safe("".join(parts))  # noqa: S308 - no user text is interpolated
