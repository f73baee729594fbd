"""Report tables as the screen shows them: the HTML and the CSV export render the same cells, so
the export holds exactly the rows and figures on screen."""

from dataclasses import dataclass

from flask_babel import format_date, format_decimal, format_percent
from flask_babel import lazy_gettext as _l

from elearn.orgs.queries import country_name
from elearn.progress.reports import Matrix

STATUS_LABELS = {
    "new": _l("Not started"),
    "started": _l("In progress"),
    "done": _l("Lessons done"),
}
RISK_LABELS = {
    "deadline": _l("Deadline passed"),
    "failing": _l("Failing quizzes"),
    "inactive": _l("Inactive for 14 days"),
}


@dataclass(frozen=True)
class Cell:
    text: str
    status: str = ""  # a CSS modifier for the screen; not exported


@dataclass(frozen=True)
class Table:
    headers: list[str]
    rows: list[list[Cell]]


def matrix_table(matrix: Matrix, locale: str) -> Table:
    headers = [str(_l("Name")), str(_l("Email")), str(_l("Agency"))]
    headers += [part.module.title.get(locale, part.module.title["en"]) for part in matrix.modules]
    headers += [str(_l("Progress")), str(_l("Completed")), str(_l("Needs attention"))]
    rows = []
    for row in matrix.rows:
        cells = [Cell(row.user.display_name), Cell(row.user.email), Cell(row.user.agency.name)]
        for module_cell in row.cells:
            text = str(STATUS_LABELS[module_cell.status])
            if module_cell.quiz_score is not None:
                text += f" · {format_percent(module_cell.quiz_score / 100)}"
            cells.append(Cell(text, module_cell.status))
        cells.append(Cell(format_percent(row.percent / 100)))
        cells.append(Cell(format_date(row.completed_at) if row.completed_at else ""))
        cells.append(
            Cell(", ".join(str(RISK_LABELS[r]) for r in row.risks), "risk" if row.risks else "")
        )
        rows.append(cells)
    return Table(headers, rows)


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


def months_table(rows: list[tuple[str, int, int]]) -> Table:
    headers = [str(_l("Month")), str(_l("Enrolments")), str(_l("Completions"))]
    return Table(headers, [[Cell(month), Cell(str(e)), Cell(str(c))] for month, e, c in rows])


def gain_table(rows) -> Table:
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
                Cell(r.course),
                Cell(str(r.trainees)),
                Cell(format_percent(r.before / 100)),
                Cell(format_percent(r.after / 100)),
                Cell(format_percent(r.gain / 100)),
            ]
            for r in rows
        ],
    )


def indicators_table(rows, locale: str) -> Table:
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
            [Cell(country_name(row.country, locale)), Cell(row.agency), Cell(row.course)]
            + [
                Cell(str(n))
                for n in (row.officers, row.enrolments, row.completions, row.certificates)
            ]
            for row in rows
        ],
    )
