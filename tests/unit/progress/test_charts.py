"""SVG charts: parsed back as XML and checked for their geometry, text alternatives,
escaping and the absence of inline styles."""

import xml.etree.ElementTree as ET

import pytest
from babel.numbers import format_decimal
from markupsafe import Markup

from elearn.progress.charts import bar_list, histogram, line_chart

SVG = "{http://www.w3.org/2000/svg}"
HOSTILE = "<script>x</script>"
GEORGIAN = "საქართველოს შინაგან საქმეთა სამინისტრო"
ARMENIAN = "Հայաստանի ոստիկանություն"
UKRAINIAN = "Національна поліція"


def parse(markup: Markup) -> ET.Element:
    return ET.fromstring(f"<root>{markup}</root>")


def svg_of(markup: Markup) -> ET.Element:
    return parse(markup).find(f"{SVG}svg")


def by_class(svg: ET.Element, tag: str, css: str) -> list[ET.Element]:
    return [element for element in svg.iter(f"{SVG}{tag}") if element.get("class") == css]


def texts(svg: ET.Element, css: str) -> list[str]:
    return [element.text for element in by_class(svg, "text", css)]


def table_rows(markup: Markup) -> list[tuple[str, str]]:
    rows = parse(markup).findall("table/tbody/tr")
    return [(row.find("th").text, row.find("td").text) for row in rows]


def baseline(svg: ET.Element) -> float:
    """The y of the horizontal axis, where a value of 0 sits."""
    axis = next(
        line for line in by_class(svg, "line", "chart-axis") if line.get("y1") == line.get("y2")
    )
    return float(axis.get("y1"))


def a_line_chart(series, title="Completions", **options) -> Markup:
    return line_chart(series, title=title, y_label="Courses", empty_text="No data", **options)


def a_histogram(bins, title="Scores", **options) -> Markup:
    return histogram(
        bins, title=title, x_label="Score", y_label="Trainees", empty_text="No data", **options
    )


def a_bar_list(items, title="By country", **options) -> Markup:
    return bar_list(items, title=title, empty_text="No data", **options)


MONTHS = [("2026-01", 0), ("2026-02", 10), ("2026-03", 20), ("2026-04", 15)]


def test_line_chart_draws_one_dot_per_point_at_heights_proportional_to_values():
    svg = svg_of(a_line_chart(MONTHS))

    dots = by_class(svg, "circle", "chart-point")
    heights = [baseline(svg) - float(dot.get("cy")) for dot in dots]
    assert len(dots) == 4
    assert heights[0] == 0
    assert heights[2] == pytest.approx(2 * heights[1], abs=0.2)
    assert heights[3] == pytest.approx(1.5 * heights[1], abs=0.2)
    assert len(by_class(svg, "polyline", "chart-line")[0].get("points").split()) == 4
    assert [float(dot.get("cx")) for dot in dots] == sorted(float(dot.get("cx")) for dot in dots)
    assert texts(svg, "chart-label") == ["2026-01", "2026-02", "2026-03", "2026-04"]
    assert texts(svg, "chart-axis-label") == ["Courses"]


def test_line_chart_gridlines_are_round_values_up_to_the_highest():
    svg = svg_of(a_line_chart(MONTHS))

    assert texts(svg, "chart-tick") == ["0", "5", "10", "15", "20"]
    assert len(by_class(svg, "line", "chart-grid")) == 4


def test_line_chart_y_max_fixes_the_top_of_the_scale():
    svg = svg_of(a_line_chart([("2026-01", 50), ("2026-02", 25)], y_max=100))

    assert texts(svg, "chart-tick") == ["0", "20", "40", "60", "80", "100"]
    top = float(by_class(svg, "line", "chart-grid")[-1].get("y1"))
    half = float(by_class(svg, "circle", "chart-point")[0].get("cy"))
    assert half == pytest.approx((top + baseline(svg)) / 2, abs=0.1)


def test_line_chart_thins_x_labels_but_keeps_every_point():
    series = [(f"{2023 + month // 12}-{month % 12 + 1:02d}", month) for month in range(36)]
    svg = svg_of(a_line_chart(series))

    labels = texts(svg, "chart-label")
    assert len(by_class(svg, "circle", "chart-point")) == 36
    assert 2 <= len(labels) < 36
    assert labels[0] == "2023-01"
    assert set(labels) <= {label for label, _ in series}


def test_title_and_desc_name_and_describe_the_chart():
    svg = svg_of(a_line_chart([("2026-01", 12), ("2026-02", 15), ("2026-03", 2.5)]))

    title = svg.find(f"{SVG}title")
    desc = svg.find(f"{SVG}desc")
    assert svg.get("role") == "img"
    assert svg.get("aria-labelledby") == title.get("id")
    assert svg.get("aria-describedby") == desc.get("id")
    assert title.text == "Completions"
    assert desc.text == "2026-01: 12; 2026-02: 15; 2026-03: 2.5"


def test_charts_with_different_data_get_different_ids():
    first = svg_of(a_line_chart([("2026-01", 12)]))
    second = svg_of(a_line_chart([("2026-01", 13)]))

    assert first.get("aria-labelledby") != second.get("aria-labelledby")


def test_data_table_repeats_the_figures_under_the_title():
    markup = a_line_chart([("2026-01", 12), ("2026-02", 15.0)])
    table = parse(markup).find("table")

    assert table.get("class") == "chart-data"
    assert table.find("caption").text == "Completions"
    assert [cell.text for cell in table.find("thead").iter("th")] == ["Courses"]
    assert table_rows(markup) == [("2026-01", "12"), ("2026-02", "15")]


def test_histogram_bars_are_proportional_to_counts_and_labelled():
    markup = a_histogram([("0–49", 2), ("50–79", 6), ("80–100", 4)])
    svg = svg_of(markup)

    bars = by_class(svg, "rect", "chart-bar")
    heights = [float(bar.get("height")) for bar in bars]
    assert len(bars) == 3
    assert heights[1] == pytest.approx(3 * heights[0], abs=0.2)
    assert heights[2] == pytest.approx(2 * heights[0], abs=0.2)
    for bar, height in zip(bars, heights, strict=True):
        assert float(bar.get("y")) + height == pytest.approx(baseline(svg), abs=0.1)
    assert texts(svg, "chart-value") == ["2", "6", "4"]
    assert texts(svg, "chart-label") == ["0–49", "50–79", "80–100"]
    assert texts(svg, "chart-axis-label") == ["Trainees", "Score"]
    assert texts(svg, "chart-tick") == ["0", "2", "4", "6"]
    assert [cell.text for cell in parse(markup).find("table/thead").iter("th")] == [
        "Score",
        "Trainees",
    ]
    assert table_rows(markup) == [("0–49", "2"), ("50–79", "6"), ("80–100", "4")]


def test_histogram_ticks_are_whole_counts():
    svg = svg_of(a_histogram([("0–49", 1), ("50–100", 2)]))

    assert texts(svg, "chart-tick") == ["0", "1", "2"]


def test_histogram_leaves_out_counts_too_wide_for_their_bars():
    svg = svg_of(a_histogram([(str(score), 1000 + score) for score in range(100)]))

    assert len(by_class(svg, "rect", "chart-bar")) == 100
    assert texts(svg, "chart-value") == []


def test_bar_list_lengths_are_proportional_and_follow_label_then_value():
    markup = a_bar_list([("Armenia", 40), ("Georgia", 10), ("Moldova", 20)])
    svg = svg_of(markup)

    widths = [float(bar.get("width")) for bar in by_class(svg, "rect", "chart-bar")]
    assert widths[0] == pytest.approx(4 * widths[1], abs=0.2)
    assert widths[2] == pytest.approx(2 * widths[1], abs=0.2)
    assert [element.text for element in svg.iter(f"{SVG}text")] == [
        "Armenia",
        "40",
        "Georgia",
        "10",
        "Moldova",
        "20",
    ]
    assert table_rows(markup) == [("Armenia", "40"), ("Georgia", "10"), ("Moldova", "20")]


def test_bar_list_maximum_sets_the_full_length():
    full = svg_of(a_bar_list([("Armenia", 40)]))
    half = svg_of(a_bar_list([("Armenia", 40)], maximum=80))

    full_width = float(by_class(full, "rect", "chart-bar")[0].get("width"))
    half_width = float(by_class(half, "rect", "chart-bar")[0].get("width"))
    assert half_width == pytest.approx(full_width / 2, abs=0.1)


ALL_CHARTS = [
    pytest.param(a_line_chart, id="line_chart"),
    pytest.param(a_histogram, id="histogram"),
    pytest.param(a_bar_list, id="bar_list"),
]


@pytest.mark.parametrize("chart", ALL_CHARTS)
def test_hostile_labels_and_titles_are_escaped(chart):
    markup = chart([(HOSTILE, 3)], title=HOSTILE)
    root = parse(markup)
    svg = svg_of(markup)

    assert "<script>" not in markup
    assert not any(element.tag.endswith("script") for element in root.iter())
    assert HOSTILE in [element.text for element in svg.iter(f"{SVG}text")]
    assert svg.find(f"{SVG}title").text == HOSTILE
    assert svg.find(f"{SVG}desc").text == f"{HOSTILE}: 3"
    assert root.find("table/caption").text == HOSTILE
    assert table_rows(markup) == [(HOSTILE, "3")]


@pytest.mark.parametrize("chart", ALL_CHARTS)
def test_non_latin_labels_are_kept_as_given(chart):
    markup = chart([(GEORGIAN, 1), (ARMENIAN, 2), (UKRAINIAN, 3)])
    svg = svg_of(markup)

    # Long labels get thinned under the line chart and the histogram; the first always shows.
    assert GEORGIAN in [element.text for element in svg.iter(f"{SVG}text")]
    assert [label for label, _ in table_rows(markup)] == [GEORGIAN, ARMENIAN, UKRAINIAN]
    assert svg.find(f"{SVG}desc").text == f"{GEORGIAN}: 1; {ARMENIAN}: 2; {UKRAINIAN}: 3"


@pytest.mark.parametrize("chart", ALL_CHARTS)
def test_no_inline_styles_anywhere(chart):
    root = parse(chart([("a", 1), ("b", 2)]))

    for element in root.iter():
        assert "style" not in element.attrib
        assert not element.tag.endswith("style")


@pytest.mark.parametrize("chart", ALL_CHARTS)
def test_coordinates_have_at_most_one_decimal(chart):
    svg = svg_of(chart([("a", 1), ("b", 7), ("c", 3)]))

    for element in svg.iter():
        for name in ("x", "y", "x1", "y1", "x2", "y2", "cx", "cy", "width", "height"):
            value = element.get(name)
            if value is not None:
                assert round(float(value), 1) == float(value), (element.tag, name, value)


@pytest.mark.parametrize("chart", ALL_CHARTS)
def test_empty_data_gives_the_callers_message(chart):
    assert chart([]) == Markup('<p class="chart-empty">No data</p>')


def test_empty_message_is_escaped():
    markup = bar_list([], title="t", empty_text="<b>none</b>")

    assert markup == '<p class="chart-empty">&lt;b&gt;none&lt;/b&gt;</p>'


@pytest.mark.parametrize("chart", ALL_CHARTS)
def test_all_zero_data_draws_a_flat_chart(chart):
    markup = chart([("a", 0), ("b", 0)])
    svg = svg_of(markup)

    assert svg.find(f"{SVG}desc").text == "a: 0; b: 0"
    for bar in by_class(svg, "rect", "chart-bar"):
        assert float(bar.get("height" if chart is a_histogram else "width")) == 0
    for dot in by_class(svg, "circle", "chart-point"):
        assert float(dot.get("cy")) == baseline(svg)


def german(value: float) -> str:
    return format_decimal(value, locale="de")


def test_format_value_is_used_for_ticks_desc_values_and_table():
    markup = a_bar_list([("Armenia", 1234.5), ("Georgia", 2000)], format_value=german)
    line = svg_of(a_line_chart([("2026-01", 0.25), ("2026-02", 0.5)], format_value=german))

    assert table_rows(markup) == [("Armenia", "1.234,5"), ("Georgia", "2.000")]
    assert svg_of(markup).find(f"{SVG}desc").text == "Armenia: 1.234,5; Georgia: 2.000"
    assert texts(svg_of(markup), "chart-value") == ["1.234,5", "2.000"]
    assert texts(line, "chart-tick") == ["0", "0,1", "0,2", "0,3", "0,4", "0,5"]


def test_default_format_prints_ints_as_ints_and_floats_without_trailing_zeros():
    markup = a_bar_list([("a", 3), ("b", 3.0), ("c", 2.50), ("d", 0.125)])

    assert [value for _, value in table_rows(markup)] == ["3", "3", "2.5", "0.125"]
