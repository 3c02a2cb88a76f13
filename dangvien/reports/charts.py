"""Server-side SVG charts (no JavaScript, no network): bars, line, age pyramid.

Every function returns a complete ``<svg>`` element as a string; the text is escaped here, the
templates mark it safe. Numbers on the charts use Vietnamese formatting.
"""

from __future__ import annotations

from collections.abc import Sequence
from html import escape

from dangvien.core.formatting import vn_int

FONT = 'font-family="DejaVu Sans, Arial, sans-serif"'
COLORS = {"main": "#b91c1c", "second": "#d97706", "male": "#1d4ed8", "female": "#be185d"}


def _nice_max(value: float) -> float:
    if value <= 0:
        return 1
    magnitude = 10 ** (len(str(int(value))) - 1)
    for step in (1, 2, 2.5, 5, 10):
        top = step * magnitude
        if top >= value:
            return top
    return value


def _svg(width: int, height: int, title: str, body: list[str]) -> str:
    return (
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {width} {height}" '
        f'width="100%" role="img" aria-label="{escape(title)}" class="chart" {FONT}>'
        f"<title>{escape(title)}</title>" + "".join(body) + "</svg>"
    )


def _axis(left: int, top: int, plot_w: int, plot_h: int, top_value: float) -> list[str]:
    parts = []
    for i in range(5):
        value = top_value * i / 4
        y = top + plot_h - plot_h * i / 4
        parts.append(
            f'<line x1="{left}" y1="{y:.1f}" x2="{left + plot_w}" y2="{y:.1f}" '
            f'stroke="#e5e7eb" stroke-width="1"/>'
            f'<text x="{left - 6}" y="{y + 4:.1f}" font-size="11" text-anchor="end" '
            f'fill="#4b5563">{vn_int(round(value))}</text>'
        )
    return parts


def bar_chart(
    title: str,
    labels: Sequence[str],
    series: Sequence[tuple[str, Sequence[float | None], str]],
    *,
    width: int = 560,
    height: int = 260,
    line: tuple[str, Sequence[float | None], str] | None = None,
    combined: Sequence[bool] = (),
    note: str = "",
) -> str:
    """Vertical grouped bars; ``series`` are (name, values, colour); an optional ``line`` is
    drawn over the bars (e.g. the yearly target). Groups flagged in ``combined`` (figures added
    up from predecessor organizations) are drawn pale, and ``note`` says so under the title."""
    left, right, top, bottom = 52, 12, 30, 46
    plot_w, plot_h = width - left - right, height - top - bottom
    values = [v for _n, vs, _c in series for v in vs if v is not None]
    if line is not None:
        values += [v for v in line[1] if v is not None]
    top_value = _nice_max(max(values, default=0))
    body = [
        f'<text x="{left}" y="18" font-size="13" font-weight="bold" fill="#111827">'
        f"{escape(title)}</text>",
        *_axis(left, top, plot_w, plot_h, top_value),
    ]
    groups = max(len(labels), 1)
    group_w = plot_w / groups
    bar_w = min(36.0, group_w * 0.8 / max(len(series), 1))
    for gi, label in enumerate(labels):
        x0 = left + gi * group_w + (group_w - bar_w * len(series)) / 2
        for si, (_name, vals, colour) in enumerate(series):
            value = vals[gi] or 0
            h = plot_h * value / top_value
            x, y = x0 + si * bar_w, top + plot_h - h
            pale = ' fill-opacity="0.4"' if gi < len(combined) and combined[gi] else ""
            body.append(
                f'<rect x="{x:.1f}" y="{y:.1f}" width="{bar_w - 2:.1f}" height="{h:.1f}" '
                f'fill="{colour}"{pale}><title>{escape(label)}: {vn_int(round(value))}</title>'
                "</rect>"
            )
            if value:
                body.append(
                    f'<text x="{x + (bar_w - 2) / 2:.1f}" y="{y - 3:.1f}" font-size="10" '
                    f'text-anchor="middle" fill="#111827">{vn_int(round(value))}</text>'
                )
        body.append(
            f'<text x="{left + gi * group_w + group_w / 2:.1f}" y="{top + plot_h + 16}" '
            f'font-size="11" text-anchor="middle" fill="#374151">{escape(label)}</text>'
        )
    if line is not None:
        name, vals, colour = line
        points = [
            (left + gi * group_w + group_w / 2, top + plot_h - plot_h * (v or 0) / top_value)
            for gi, v in enumerate(vals)
            if v is not None
        ]
        if points:
            body.append(
                '<polyline fill="none" stroke-width="2" stroke-dasharray="6 4" '
                f'stroke="{colour}" points="'
                + " ".join(f"{x:.1f},{y:.1f}" for x, y in points)
                + '"/>'
            )
    if any(combined) and note:
        body.append(_note(width, note))
    legend = [*series, *([line] if line is not None else [])]
    x = left
    for name, _vals, colour in legend:
        body.append(
            f'<rect x="{x}" y="{height - 16}" width="12" height="12" fill="{colour}"/>'
            f'<text x="{x + 16}" y="{height - 6}" font-size="11" fill="#374151">{escape(name)}</text>'
        )
        x += 24 + 7 * len(name)
    return _svg(width, height, title, body)


def _note(width: int, note: str) -> str:
    """A small italic line under the title, right-aligned (what a marking of the chart means)."""
    return (
        f'<text x="{width - 8}" y="18" font-size="10" font-style="italic" text-anchor="end" '
        f'fill="#4b5563" class="chart-note">{escape(note)}</text>'
    )


def line_chart(
    title: str,
    labels: Sequence[str],
    values: Sequence[int],
    *,
    width: int = 560,
    height: int = 240,
    combined: Sequence[bool] = (),
    note: str = "",
) -> str:
    """One series over time with its values written at each point. Points flagged in
    ``combined`` (figures added up from predecessor organizations) are hollow, the line up to
    the last of them dashed, and ``note`` says so under the title."""
    left, right, top, bottom = 52, 40, 30, 30
    plot_w, plot_h = width - left - right, height - top - bottom
    low = min(values, default=0)
    high = max(values, default=0)
    step = _nice_max(max((high - low) / 4, 1))
    floor = max(0.0, (low // step - 1) * step) if high > low else max(0.0, low - 2 * step)
    span = step * 4
    while floor + span < high:
        span += step
    body = [
        f'<text x="{left}" y="18" font-size="13" font-weight="bold" fill="#111827">'
        f"{escape(title)}</text>"
    ]
    ticks = round(span / step)
    for i in range(ticks + 1):
        y = top + plot_h - plot_h * i / ticks
        body.append(
            f'<line x1="{left}" y1="{y:.1f}" x2="{left + plot_w}" y2="{y:.1f}" stroke="#e5e7eb"/>'
            f'<text x="{left - 6}" y="{y + 4:.1f}" font-size="11" text-anchor="end" '
            f'fill="#4b5563">{vn_int(round(floor + step * i))}</text>'
        )
    n = max(len(values) - 1, 1)
    points = [
        (left + plot_w * i / n, top + plot_h - plot_h * (v - floor) / span)
        for i, v in enumerate(values)
    ]
    marked = [i < len(combined) and combined[i] for i in range(len(points))]
    # up to the first point of the organization's own: dashed; from there on: solid
    first_own = next((i for i, flag in enumerate(marked) if not flag), len(points))
    for segment, dash in (
        (points[: first_own + 1], ' stroke-dasharray="6 4"'),
        (points[first_own:], ""),
    ):
        if len(segment) > 1:
            body.append(
                f'<polyline fill="none" stroke="{COLORS["main"]}" stroke-width="2.5"{dash} '
                'points="' + " ".join(f"{x:.1f},{y:.1f}" for x, y in segment) + '"/>'
            )
    if any(marked) and note:
        body.append(_note(width, note))
    for (x, y), label, value, flag in zip(points, labels, values, marked, strict=True):
        paint = (
            f'fill="#ffffff" stroke="{COLORS["main"]}" stroke-width="2"'
            if flag
            else f'fill="{COLORS["main"]}"'
        )
        body.append(
            f'<circle cx="{x:.1f}" cy="{y:.1f}" r="3.5" {paint}>'
            f"<title>{escape(label)}: {vn_int(value)}</title></circle>"
            f'<text x="{x:.1f}" y="{y - 8:.1f}" font-size="10" text-anchor="middle" '
            f'fill="#111827">{vn_int(value)}</text>'
            f'<text x="{x:.1f}" y="{top + plot_h + 16}" font-size="11" text-anchor="middle" '
            f'fill="#374151">{escape(label)}</text>'
        )
    return _svg(width, height, title, body)


def pyramid(
    title: str,
    labels: Sequence[str],
    male: Sequence[int],
    female: Sequence[int],
    *,
    male_label: str,
    female_label: str,
    width: int = 560,
    height: int = 260,
) -> str:
    """Age pyramid: men to the left, women to the right, the youngest band at the bottom."""
    top, bottom, centre_gap = 44, 8, 56
    plot_h = height - top - bottom
    half = (width - centre_gap) / 2 - 40
    centre = width / 2
    top_value = _nice_max(max([*male, *female, 1]))
    rows = len(labels)
    row_h = plot_h / max(rows, 1)
    body = [
        f'<text x="10" y="18" font-size="13" font-weight="bold" fill="#111827">'
        f"{escape(title)}</text>",
        f'<text x="{centre - centre_gap / 2 - 4}" y="36" font-size="11" text-anchor="end" '
        f'fill="{COLORS["male"]}">{escape(male_label)}</text>',
        f'<text x="{centre + centre_gap / 2 + 4}" y="36" font-size="11" '
        f'fill="{COLORS["female"]}">{escape(female_label)}</text>',
    ]
    for i, label in enumerate(labels):
        y = top + plot_h - (i + 1) * row_h + 2
        mw = half * male[i] / top_value
        fw = half * female[i] / top_value
        bar_h = row_h - 4
        body.append(
            f'<rect x="{centre - centre_gap / 2 - mw:.1f}" y="{y:.1f}" width="{mw:.1f}" '
            f'height="{bar_h:.1f}" fill="{COLORS["male"]}"/>'
            f'<rect x="{centre + centre_gap / 2:.1f}" y="{y:.1f}" width="{fw:.1f}" '
            f'height="{bar_h:.1f}" fill="{COLORS["female"]}"/>'
            f'<text x="{centre}" y="{y + bar_h / 2 + 4:.1f}" font-size="11" text-anchor="middle" '
            f'fill="#111827">{escape(label)}</text>'
            f'<text x="{centre - centre_gap / 2 - mw - 4:.1f}" y="{y + bar_h / 2 + 4:.1f}" '
            f'font-size="10" text-anchor="end" fill="#374151">{vn_int(male[i])}</text>'
            f'<text x="{centre + centre_gap / 2 + fw + 4:.1f}" y="{y + bar_h / 2 + 4:.1f}" '
            f'font-size="10" fill="#374151">{vn_int(female[i])}</text>'
        )
    return _svg(width, height, title, body)


def hbar_chart(
    title: str, labels: Sequence[str], values: Sequence[int], *, width: int = 560
) -> str:
    """Horizontal bars with the label on the left (categories with long names)."""
    row_h, top, label_w = 24, 30, 190
    height = top + row_h * max(len(labels), 1) + 8
    plot_w = width - label_w - 60
    top_value = max([*values, 1])
    body = [
        f'<text x="10" y="18" font-size="13" font-weight="bold" fill="#111827">'
        f"{escape(title)}</text>"
    ]
    for i, (label, value) in enumerate(zip(labels, values, strict=True)):
        y = top + i * row_h
        w = plot_w * value / top_value
        body.append(
            f'<text x="{label_w - 8}" y="{y + 15}" font-size="11" text-anchor="end" '
            f'fill="#374151">{escape(label)}</text>'
            f'<rect x="{label_w}" y="{y + 3}" width="{w:.1f}" height="{row_h - 7}" '
            f'fill="{COLORS["main"]}"/>'
            f'<text x="{label_w + w + 5:.1f}" y="{y + 15}" font-size="10" '
            f'fill="#111827">{vn_int(value)}</text>'
        )
    return _svg(width, height, title, body)
