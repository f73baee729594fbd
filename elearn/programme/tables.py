"""The programme overview as tables (``elearn.web.tables``), for the screen and the CSV export."""

from datetime import date

from flask_babel import format_date, format_decimal, format_percent
from flask_babel import lazy_gettext as _l

from elearn.i18n import country_name
from elearn.web.tables import Cell, Table


def network_table(rows, locale: str) -> Table:
    headers = [
        str(_l("Country")),
        str(_l("Certified trainers")),
        str(_l("Sessions delivered")),
        str(_l("Officers reached")),
        str(_l("Officers reached per trainer")),
    ]
    return Table(
        headers,
        [
            [
                Cell(country_name(r.country, locale)),
                Cell(str(r.trainers)),
                Cell(str(r.sessions)),
                Cell(str(r.reached)),
                Cell(format_decimal(r.reached_per_trainer, "0.#")),
            ]
            for r in rows
        ],
    )


def month_label(month: str) -> str:
    """A ``YYYY-MM`` month as the reader's language names it ("December 2026")."""
    year, number = month.split("-")
    return format_date(date(int(year), int(number), 1), "LLLL y")


def months_table(rows: list[tuple[str, int, int]]) -> Table:
    headers = [str(_l("Month")), str(_l("Enrolments")), str(_l("Completions"))]
    return Table(
        headers, [[Cell(month_label(month)), Cell(str(e)), Cell(str(c))] for month, e, c in rows]
    )


def gain_table(rows, course_titles: dict[str, str]) -> Table:
    headers = [
        str(_l("Course")),
        str(_l("Officers")),
        str(_l("Pre-test")),
        str(_l("Post-test")),
        str(_l("Knowledge gain")),
    ]
    return Table(
        headers,
        [
            [
                Cell(course_titles.get(r.course, r.course)),
                Cell(str(r.trainees)),
                Cell(format_percent(r.before / 100)),
                Cell(format_percent(r.after / 100)),
                Cell(format_percent(r.gain / 100)),
            ]
            for r in rows
        ],
    )


def indicators_table(rows, locale: str, course_titles: dict[str, str]) -> Table:
    headers = [
        str(_l("Country")),
        str(_l("Agency")),
        str(_l("Course")),
        str(_l("Officers")),
        str(_l("Enrolments")),
        str(_l("Completions")),
        str(_l("Certificates")),
    ]
    return Table(
        headers,
        [
            [Cell(country_name(row.country, locale)), Cell(row.agency)]
            + [Cell(course_titles.get(row.course, row.course))]
            + [
                Cell(str(n))
                for n in (row.officers, row.enrolments, row.completions, row.certificates)
            ]
            for row in rows
        ],
    )
