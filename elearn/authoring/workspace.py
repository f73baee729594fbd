"""The course workspace's translation table: the state of each text in each language, its
title, and the editor's address of the texts the user may edit."""

from flask import url_for

from elearn.auth.models import User
from elearn.authoring import services
from elearn.authoring.permissions import can_see_keys, editable_locales
from elearn.content.models import Course, Module, Quiz
from elearn.content.queries import is_stale
from elearn.i18n import SOURCE_LOCALE


def translation_state(item: services.Item, locale: str) -> str:
    """Titles and summaries have no source hash: they are there or missing."""
    if isinstance(item, Course | Module):
        return "current" if locale in item.title else "missing"
    text = item.texts.get(locale)
    if text is None:
        return "missing"
    return "stale" if is_stale(text, item.texts[SOURCE_LOCALE]) else "current"


def title_in(item: services.Item, locale: str) -> str:
    return services.published_text(item, locale)[0] or services.published_text(item, "en")[0]


def edit_links(user: User, course: Course, items: list[services.Item]) -> dict:
    """The editor's address of each text the user may edit, by (item, locale)."""
    locales = editable_locales(user, course)
    keys = can_see_keys(user, course)
    return {
        (item, locale): edit_url(item, locale)
        for item in items
        for locale in locales
        if keys or not isinstance(item, Quiz)
    }


def edit_url(item: services.Item, locale: str) -> str:
    if isinstance(item, Course):
        return url_for("authoring.edit_description", slug=item.slug, locale=locale)
    if isinstance(item, Module):
        return url_for("authoring.edit_module", module_id=item.id, locale=locale)
    if isinstance(item, Quiz):
        return url_for("authoring.edit_quiz", quiz_id=item.id, locale=locale)
    return url_for("authoring.edit", lesson_id=item.id, locale=locale)
