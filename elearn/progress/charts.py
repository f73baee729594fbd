"""Server-side SVG charts: a line chart, a histogram and a list of horizontal bars.

Each chart is an inline ``<svg role="img">`` named by its ``<title>`` and described by a
``<desc>`` that lists the data, followed by a ``<table class="chart-data">`` with the same
figures for screen readers and print. The CSP forbids inline styles, so the drawing uses
presentation attributes and classes only. Every text goes through ``Markup.format``, which
escapes it: labels carry user data.
"""

import hashlib
import math
from collections.abc import Callable, Sequence
from dataclasses import dataclass

from markupsafe import Markup

AXIS_COLOUR = "#5a6472"
INK_COLOUR = "#1d3f72"
GRID_COLOUR = "#d5dae1"
FONT_SIZE = 11
# A generous average glyph advance at FONT_SIZE: the server cannot measure text, so margins and
# label thinning assume every character is this wide.
CHAR_WIDTH = 7
GRIDLINE_TARGET = 5
BAR_LIST_WIDTH = 600
BAR_LIST_ROW = 40

Formatter = Callable[[float], str]


def plain_number(value: float) -> str:
    return str(value) if isinstance(value, int) else f"{value:g}"


def line_chart(
    series: list[tuple[str, float]],
    *,
    title: str,
    y_label: str,
    empty_text: str,
    y_max: float | None = None,
    format_value: Formatter = plain_number,
    width: int = 600,
    height: int = 240,
) -> Markup:
    if not series:
        return _empty(empty_text)
    labels = [label for label, _ in series]
    values = [value for _, value in series]
    upper, ticks = _scale(max(values), fixed_top=y_max, integral=False)
    plot = _Plot(
        left=_left_margin(ticks, format_value),
        top=32,
        right=width - 12,
        bottom=height - 24,
        upper=upper,
    )
    points = [(plot.x(index, len(series)), plot.y(value)) for index, value in enumerate(values)]
    body = [
        *_axes(plot, ticks, format_value, y_label),
        *_x_labels(plot, labels, plot.bottom + 16),
        Markup(
            '<polyline class="chart-line" points="{}" fill="none" stroke="{}" stroke-width="2"/>'
        ).format(" ".join(f"{x},{y}" for x, y in points), INK_COLOUR),
        *(
            Markup(
                '<circle class="chart-point" cx="{}" cy="{}" r="3" fill="{}"><title>{}</title>'
                "</circle>"
            ).format(x, y, INK_COLOUR, _pair(label, value, format_value))
            for (x, y), (label, value) in zip(points, series, strict=True)
        ),
    ]
    return _figure(title, series, format_value, width, height, body, ("", y_label))


def histogram(
    bins: list[tuple[str, int]],
    *,
    title: str,
    x_label: str,
    y_label: str,
    empty_text: str,
    format_value: Formatter = plain_number,
    width: int = 600,
    height: int = 240,
) -> Markup:
    if not bins:
        return _empty(empty_text)
    labels = [label for label, _ in bins]
    counts = [count for _, count in bins]
    upper, ticks = _scale(max(counts), fixed_top=None, integral=True)
    plot = _Plot(
        left=_left_margin(ticks, format_value),
        top=32,
        right=width - 12,
        bottom=height - 40,
        upper=upper,
    )
    band = plot.band(len(bins))
    shown_counts = [format_value(count) for count in counts]
    # Counts wider than their bar would run into each other; the bar titles and the table
    # still carry them.
    counts_fit = band >= CHAR_WIDTH * max(len(text) for text in shown_counts) + 2
    body = _axes(plot, ticks, format_value, y_label)
    for index, (label, count) in enumerate(bins):
        top = plot.y(count)
        body.append(
            Markup(
                '<rect class="chart-bar" x="{}" y="{}" width="{}" height="{}" fill="{}">'
                "<title>{}</title></rect>"
            ).format(
                round(plot.left + band * (index + 0.05), 1),
                top,
                round(band * 0.9, 1),
                round(plot.bottom - top, 1),
                INK_COLOUR,
                _pair(label, count, format_value),
            )
        )
        if counts_fit:
            body.append(
                _text(
                    plot.x(index, len(bins)),
                    round(top - 4, 1),
                    shown_counts[index],
                    anchor="middle",
                    css="chart-value",
                )
            )
    body += _x_labels(plot, labels, plot.bottom + 16)
    body.append(
        _text(
            round((plot.left + plot.right) / 2, 1),
            height - 6,
            x_label,
            anchor="middle",
            css="chart-axis-label",
        )
    )
    return _figure(title, bins, format_value, width, height, body, (x_label, y_label))


def bar_list(
    items: list[tuple[str, float]],
    *,
    title: str,
    empty_text: str,
    maximum: float | None = None,
    format_value: Formatter = plain_number,
) -> Markup:
    if not items:
        return _empty(empty_text)
    shown = [format_value(value) for _, value in items]
    longest_bar = BAR_LIST_WIDTH - CHAR_WIDTH * max(len(text) for text in shown) - 12
    upper = maximum if maximum is not None else max(value for _, value in items)
    if upper <= 0:
        upper = 1  # all-zero data: empty bars rather than a division by zero
    body = []
    # The label sits on its own line above the bar: agency names are long and would squeeze
    # the bars into nothing on a narrow screen if they shared the row.
    for index, ((label, value), text) in enumerate(zip(items, shown, strict=True)):
        row = index * BAR_LIST_ROW + 4
        length = round(longest_bar * _clamp(value, upper) / upper, 1)
        body += [
            _text(0, row + 13, label, css="chart-label"),
            Markup(
                '<rect class="chart-bar" x="0" y="{}" width="{}" height="14" fill="{}"/>'
            ).format(row + 19, length, INK_COLOUR),
            _text(round(length + 6, 1), row + 31, text, css="chart-value"),
        ]
    height = len(items) * BAR_LIST_ROW + 8
    return _figure(title, items, format_value, BAR_LIST_WIDTH, height, body, None)


@dataclass(frozen=True)
class _Plot:
    """The plotting area in SVG coordinates and the value drawn at its top edge."""

    left: float
    top: float
    right: float
    bottom: float
    upper: float

    def band(self, count: int) -> float:
        return (self.right - self.left) / count

    def x(self, index: int, count: int) -> float:
        return round(self.left + self.band(count) * (index + 0.5), 1)

    def y(self, value: float) -> float:
        share = _clamp(value, self.upper) / self.upper
        return round(self.bottom - (self.bottom - self.top) * share, 1)


def _clamp(value: float, upper: float) -> float:
    return min(max(value, 0), upper)


def _scale(highest: float, *, fixed_top: float | None, integral: bool) -> tuple[float, list[float]]:
    """The value at the top of the plot and the gridline values from 0 up to it.

    Without ``fixed_top`` the top is the first round step at or above ``highest``."""
    target = fixed_top if fixed_top is not None and fixed_top > 0 else highest
    step = _nice_step(target / GRIDLINE_TARGET, integral) if target > 0 else 1
    count = max(1, math.ceil(round(target / step, 9)))
    # Rounding drops float noise such as 0.30000000000000004 from the tick labels.
    ticks = [round(step * index, 9) for index in range(count + 1)]
    if fixed_top is not None and fixed_top > 0:
        return fixed_top, [tick for tick in ticks if tick <= fixed_top]
    return ticks[-1], ticks


def _nice_step(raw: float, integral: bool) -> float:
    """The smallest of 1, 2 or 5 times a power of ten that is at least ``raw``."""
    if integral and raw <= 1:
        return 1
    magnitude = 10 ** math.floor(math.log10(raw))
    return next(m * magnitude for m in (1, 2, 5, 10) if m * magnitude >= raw)


def _left_margin(ticks: list[float], format_value: Formatter) -> int:
    return max(32, CHAR_WIDTH * max(len(format_value(tick)) for tick in ticks) + 12)


def _axes(plot: _Plot, ticks: list[float], format_value: Formatter, y_label: str) -> list[Markup]:
    parts = []
    for tick in ticks:
        y = plot.y(tick)
        if tick:  # the x axis is the line at 0
            parts.append(_rule(plot.left, y, plot.right, y, GRID_COLOUR, "chart-grid"))
        parts.append(
            _text(
                plot.left - 6, round(y + 4, 1), format_value(tick), anchor="end", css="chart-tick"
            )
        )
    return [
        *parts,
        _rule(plot.left, plot.top, plot.left, plot.bottom, AXIS_COLOUR, "chart-axis"),
        _rule(plot.left, plot.bottom, plot.right, plot.bottom, AXIS_COLOUR, "chart-axis"),
        _text(4, 14, y_label, css="chart-axis-label"),
    ]


def _x_labels(plot: _Plot, labels: list[str], y: float) -> list[Markup]:
    """Labels under the points, every n-th one when they would not fit side by side."""
    room = CHAR_WIDTH * max(len(label) for label in labels) + 8
    fitting = max(1, int((plot.right - plot.left) // room))
    every = math.ceil(len(labels) / fitting)
    return [
        _text(plot.x(index, len(labels)), y, label, anchor="middle", css="chart-label")
        for index, label in enumerate(labels)
        if index % every == 0
    ]


def _rule(x1: float, y1: float, x2: float, y2: float, colour: str, css: str) -> Markup:
    return Markup(
        '<line class="{}" x1="{}" y1="{}" x2="{}" y2="{}" stroke="{}" stroke-width="1"/>'
    ).format(css, x1, y1, x2, y2, colour)


def _text(x: float, y: float, content: str, *, css: str, anchor: str = "start") -> Markup:
    return Markup(
        '<text class="{}" x="{}" y="{}" font-size="{}" text-anchor="{}" fill="{}">{}</text>'
    ).format(css, x, y, FONT_SIZE, anchor, AXIS_COLOUR, content)


def _pair(label: str, value: float, format_value: Formatter) -> str:
    return f"{label}: {format_value(value)}"


def _figure(
    title: str,
    data: Sequence[tuple[str, float]],
    format_value: Formatter,
    width: int,
    height: int,
    body: list[Markup],
    headers: tuple[str, str] | None,
) -> Markup:
    """The svg with its title and description, then the same data as a table."""
    desc = "; ".join(_pair(label, value, format_value) for label, value in data)
    drawing = Markup("").join(body)
    # Derived from the content, not random, so the same chart renders to the same bytes;
    # two charts sharing an id would be identical ones.
    digest = hashlib.blake2s(f"{title}\n{desc}\n{width}x{height}\n{drawing}".encode())
    chart_id = "chart-" + digest.hexdigest()[:12]
    svg = Markup(
        '<svg xmlns="http://www.w3.org/2000/svg" class="chart" role="img" width="{w}" '
        'height="{h}" viewBox="0 0 {w} {h}" aria-labelledby="{id}-title" '
        'aria-describedby="{id}-desc"><title id="{id}-title">{title}</title>'
        '<desc id="{id}-desc">{desc}</desc>{drawing}</svg>'
    ).format(w=width, h=height, id=chart_id, title=title, desc=desc, drawing=drawing)
    rows = [(label, format_value(value)) for label, value in data]
    return svg + _table(title, rows, headers)


def _table(title: str, rows: list[tuple[str, str]], headers: tuple[str, str] | None) -> Markup:
    head = Markup("")
    if headers:
        head = Markup("<thead><tr>{}{}</tr></thead>").format(
            _header_cell(headers[0]), _header_cell(headers[1])
        )
    body = Markup("").join(
        Markup('<tr><th scope="row">{}</th><td>{}</td></tr>').format(label, value)
        for label, value in rows
    )
    return Markup(
        '<table class="chart-data"><caption>{}</caption>{}<tbody>{}</tbody></table>'
    ).format(title, head, body)


def _header_cell(text: str) -> Markup:
    # An empty header cell confuses screen readers; an empty data cell does not.
    if not text:
        return Markup("<td></td>")
    return Markup('<th scope="col">{}</th>').format(text)


def _empty(message: str) -> Markup:
    return Markup('<p class="chart-empty">{}</p>').format(message)
