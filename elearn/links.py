"""Absolute links to this site, for mails and documents that leave it.

Built from ELEARN_BASE_URL, never from the request: a forged ``Host`` or ``X-Forwarded-Host``
header must not put an attacker's domain into a password-reset link. Works outside requests too
(reminders, notices sent by commands)."""

from urllib.parse import urlsplit

from flask import current_app


def site_url(endpoint: str, **values) -> str:
    base = urlsplit(current_app.config["ELEARN_BASE_URL"])
    adapter = current_app.url_map.bind(
        base.netloc, script_name=base.path or "/", url_scheme=base.scheme
    )
    return adapter.build(endpoint, values, force_external=True)
