"""The progress reports as tables (``elearn.web.tables``), for the screen and the CSV export."""

from flask_babel import format_date, format_percent
from flask_babel import lazy_gettext as _l

from elearn.i18n import localized
from elearn.progress.reports import Matrix
from elearn.web.tables import Cell, Table

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


def matrix_table(matrix: Matrix, locale: str) -> Table:
    headers = [str(_l("Name")), str(_l("Email")), str(_l("Agency"))]
    headers += [localized(part.module.title, locale) for part in matrix.modules]
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
