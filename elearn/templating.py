"""What every template can use: languages, the current locale, country names."""

from flask import Flask, request, url_for
from flask_babel import get_locale

from elearn.auth.labels import ROLE_LABELS, SCOPE_LABELS, STATUS_LABELS
from elearn.authoring.labels import DRAFT_LABELS, QUESTION_TYPE_LABELS, TRANSLATION_LABELS
from elearn.certificates.labels import STATUS_LABELS as CERTIFICATE_STATUS_LABELS
from elearn.content.labels import ACCESS_LABELS, LEVEL_LABELS, TOPIC_LABELS
from elearn.i18n import LANGUAGE_NAMES
from elearn.orgs.queries import country_name
from elearn.progress import charts
from elearn.progress.csvfile import locale_delimiter
from elearn.routing import URL_FOR_OPTIONS
from elearn.trainers.labels import CANDIDACY_STATUS_LABELS


def register(app: Flask) -> None:
    @app.context_processor
    def inject_locale():
        return {"language_names": LANGUAGE_NAMES, "current_locale": str(get_locale())}

    @app.template_filter("country_name")
    def country_name_filter(code: str) -> str:
        return country_name(code, str(get_locale()))

    app.add_template_filter(ROLE_LABELS.get, "role_label")
    app.add_template_filter(STATUS_LABELS.get, "status_label")
    app.add_template_filter(SCOPE_LABELS.get, "scope_label")
    app.add_template_global(CERTIFICATE_STATUS_LABELS, "status_labels")
    app.add_template_global(CANDIDACY_STATUS_LABELS, "candidacy_status_labels")
    app.add_template_global(DRAFT_LABELS, "draft_labels")
    app.add_template_global(TRANSLATION_LABELS, "translation_labels")
    app.add_template_global(QUESTION_TYPE_LABELS, "question_type_labels")
    app.add_template_filter(TOPIC_LABELS.get, "topic_label")
    app.add_template_filter(LEVEL_LABELS.get, "level_label")
    app.add_template_filter(ACCESS_LABELS.get, "access_label")

    @app.template_global()
    def current_path() -> str:
        return request.full_path.rstrip("?")

    @app.template_global()
    def url_with_format(kind: str, **extra: str) -> str:
        """This page's URL with its query kept and ``format`` (and ``extra``) set: downloads."""
        return url_for(request.endpoint, **kept_query(format=kind, **extra))

    @app.template_global()
    def csv_delimiter() -> str:
        return locale_delimiter(str(get_locale()))

    @app.template_filter("country_pair")
    def country_pair(item: tuple[str, float]) -> tuple[str, float]:
        """(code, value) as (country name, value), for charts."""
        return country_name(item[0], str(get_locale())), item[1]

    app.add_template_global(charts.line_chart)
    app.add_template_global(charts.histogram)
    app.add_template_global(charts.bar_list)

    @app.template_global()
    def url_with_page(number: int) -> str:
        """This page's URL with its query kept and ``page`` replaced."""
        return url_for(request.endpoint, **kept_query(page=number))


def kept_query(**replaced) -> dict:
    """This request's query arguments, ready for ``url_for(request.endpoint, ...)``: never one
    of its options nor a value of the route itself (which would be given twice)."""
    path_values = request.view_args or {}
    kept = {key: value for key, value in request.args.to_dict().items()
            if key not in URL_FOR_OPTIONS and key not in path_values}  # fmt: skip
    return {**path_values, **kept, **replaced}
