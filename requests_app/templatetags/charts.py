"""`{% bar_chart rows title="..." %}`, `{% labelled_bars rows title="..." %}` and
`{% stacked_weeks weeks %}`: small server-drawn SVG charts for the Legal Affairs dashboard (no
JavaScript, no CDN).

Each chart is decorative for screen readers (`aria-hidden`): the page shows the same numbers in
a table beside it. Built with format_html, so every interpolated value is escaped.
"""

import datetime

from django import template
from django.utils.html import format_html, format_html_join
from django.utils.safestring import SafeString

from requests_app.choices import ReviewResolution

register = template.Library()

COLORS = {
    ReviewResolution.APPROVED: "#00a91c",
    ReviewResolution.APPROVED_WITH_REDACTIONS: "#005ea2",
    ReviewResolution.DENIED: "#b50909",
    ReviewResolution.RETURNED: "#936f38",
}
WIDTH, BAR_H, GAP, LABEL_W = 520, 22, 8, 110
SVG_OPEN = (
    '<svg xmlns="http://www.w3.org/2000/svg" class="chart" viewBox="0 0 {} {}" width="{}" '
    'height="{}" aria-hidden="true" focusable="false"><title>{}</title>{}</svg>'
)


@register.simple_tag
def bar_chart(rows: list[tuple[str, int]], *, title: str) -> SafeString:
    """Horizontal bars, one per (label, value)."""
    top = max([v for _, v in rows] + [1])
    height = len(rows) * (BAR_H + GAP) + GAP
    bars = []
    for i, (label, value) in enumerate(rows):
        y = GAP + i * (BAR_H + GAP)
        w = int((WIDTH - LABEL_W - 40) * value / top)
        bars.append((y + 16, label, LABEL_W, y, w, BAR_H, LABEL_W + w + 6, y + 16, value))
    body = format_html_join(
        "",
        '<text x="0" y="{}" font-size="13">{}</text>'
        '<rect x="{}" y="{}" width="{}" height="{}" fill="#005ea2"/>'
        '<text x="{}" y="{}" font-size="13">{}</text>',
        bars,
    )
    return format_html(SVG_OPEN, WIDTH, height, WIDTH, height, title, body)


@register.simple_tag
def labelled_bars(rows: list[tuple[str, int]], *, title: str) -> SafeString:
    """Horizontal bars, one per (label, value), each under its label: for labels too long to
    sit beside the bar (an authority's name)."""
    top = max([v for _, v in rows] + [1])
    step = 16 + BAR_H + GAP
    height = len(rows) * step + GAP
    bars = []
    for i, (label, value) in enumerate(rows):
        y = GAP + i * step
        w = int((WIDTH - 40) * value / top)
        bars.append((y + 12, label, y + 16, w, BAR_H, w + 6, y + 16 + 16, value))
    body = format_html_join(
        "",
        '<text x="0" y="{}" font-size="13">{}</text>'
        '<rect x="0" y="{}" width="{}" height="{}" fill="#005ea2"/>'
        '<text x="{}" y="{}" font-size="13">{}</text>',
        bars,
    )
    return format_html(SVG_OPEN, WIDTH, height, WIDTH, height, title, body)


@register.simple_tag
def stacked_weeks(weeks: list[tuple[datetime.date, dict[str, int]]]) -> SafeString:
    """Vertical stacked bars: decisions per week by outcome."""
    height, base, col = 220, 190, 48
    top = max([sum(c.values()) for _, c in weeks] + [1])
    width = max(len(weeks), 1) * (col + 12) + 20
    rects, labels = [], []
    for i, (week, counts) in enumerate(weeks):
        x = 20 + i * (col + 12)
        y = base
        for resolution in ReviewResolution:
            h = int(160 * counts.get(resolution.value, 0) / top)
            if h:
                y -= h
                rects.append((x, y, col, h, COLORS[resolution]))
        labels.append((x, base + 18, f"{week:%b %-d}"))
    body = format_html(
        "{}{}",
        format_html_join("", '<rect x="{}" y="{}" width="{}" height="{}" fill="{}"/>', rects),
        format_html_join("", '<text x="{}" y="{}" font-size="11">{}</text>', labels),
    )
    return format_html(
        SVG_OPEN, width, height, width, height, "Decisions per week by outcome", body
    )
