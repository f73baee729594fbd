"""The programme overview: what the programme reached in every country, for its admins."""

from flask import Blueprint, render_template, request
from flask_babel import get_locale
from flask_login import current_user, login_required

from elearn.auth.models import Role
from elearn.programme.indicators import (
    course_titles,
    knowledge_gain,
    programme_by_month,
    programme_indicators,
)
from elearn.programme.tables import (
    gain_table,
    indicators_table,
    month_label,
    months_table,
    network_table,
)
from elearn.progress.forms import report_form
from elearn.trainers.services import network_indicators
from elearn.web import csv_download, require_role

bp = Blueprint("programme", __name__, template_folder="templates")


@bp.get("/reports/programme")
@login_required
def overview():
    require_role(Role.ADMIN)
    form = report_form(current_user, request.args, str(get_locale()))
    valid = form.validate()
    rows = programme_indicators(form.filters()) if valid else []
    months = programme_by_month(form.filters()) if valid else []
    locale = str(get_locale())
    titles = course_titles(locale)
    table = indicators_table(rows, locale, titles)
    network = network_table(network_indicators(), locale)
    if request.args.get("format") == "csv":
        return csv_download(table, "programme-indicators.csv")
    if request.args.get("format") == "months.csv":
        return csv_download(months_table(months), "programme-by-month.csv")
    if request.args.get("format") == "network.csv":
        return csv_download(network, "trainer-network.csv")
    gains = gain_table(knowledge_gain(), titles)
    if request.args.get("format") == "gain.csv":
        return csv_download(gains, "knowledge-gain.csv")
    per_country = {}
    for row in rows:
        per_country[row.country] = per_country.get(row.country, 0) + row.completions
    return render_template(
        "programme/overview.html",
        form=form,
        table=table,
        per_country=per_country,
        months=months_table(months),
        network=network,
        gains=gains,
        completions=[(month_label(month), done) for month, _enrolled, done in months],
    )
