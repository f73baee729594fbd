"""What every template can use: languages, the current locale, country names, links that keep
the query. Each feature's blueprint registers its own labels and filters."""

from flask import Flask, request, url_for
from flask_babel import get_locale

from elearn.i18n import LANGUAGE_NAMES, country_name, localized
from elearn.web.csvfile import locale_delimiter
from elearn.web.routing import URL_FOR_OPTIONS


def register(app: Flask) -> None:
    @app.context_processor
    def inject_locale():
        return {"language_names": LANGUAGE_NAMES, "current_locale": str(get_locale())}

    @app.template_filter("country_name")
    def country_name_filter(code: str) -> str:
        return country_name(code, str(get_locale()))

    @app.template_filter("localized")
    def localized_filter(texts, locale: str | None = None):
        """This text in ``locale`` (the reader's by default), else in English."""
        return localized(texts, locale or str(get_locale()))

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

    @app.template_global()
    def url_with_page(number: int) -> str:
        """This page's URL with its query kept and ``page`` replaced."""
        return url_for(request.endpoint, **kept_query(page=number))


def kept_query(**replaced) -> dict:
    """This request's query arguments, ready for ``url_for(request.endpoint, ...)``: never one
    of its options nor a value of the route itself (which would be given twice)."""
    path_values = request.view_args or {}
    kept = {
        key: value
        for key, value in request.args.to_dict().items()
        if key not in URL_FOR_OPTIONS and key not in path_values
    }
    return {**path_values, **kept, **replaced}
