"""Light responses: fingerprinted static files cached for a year, and compressed bodies.

``url_for('static', filename=...)`` adds ``?v=<hash of the file's content>``; a static request
carrying the file's current hash is answered with ``Cache-Control: public, max-age=31536000,
immutable``, so a browser never asks for it again until a new release changes the hash (and so
the URL). Without the hash (an old or hand-written URL) the file is served as before, to be
revalidated.

HTML, CSS, JavaScript, JSON, CSV, SVG and XML bodies of 500 bytes or more are gzipped when the
client accepts it (``Vary: Accept-Encoding``); static files are compressed once per process."""

import gzip
import hashlib
import os

from flask import Flask, Response, request

IMMUTABLE = "public, max-age=31536000, immutable"
VERSION_ARG = "v"
MIN_SIZE = 500  # bytes: below this gzip's header costs more than it saves
LEVEL = 6
COMPRESSIBLE = {
    "text/html",
    "text/css",
    "text/csv",
    "text/plain",
    "text/javascript",
    "application/javascript",
    "application/json",
    "application/ld+json",
    "application/did+json",
    "image/svg+xml",
    "application/xml",
    "text/xml",
}


def register(app: Flask) -> None:
    static_folder = app.static_folder
    fingerprints = _fingerprints(static_folder) if static_folder else {}

    @app.url_defaults
    def fingerprint_static_urls(endpoint, values):
        if endpoint == "static" and VERSION_ARG not in values:
            digest = fingerprints.get(values.get("filename", ""))
            if digest:
                values[VERSION_ARG] = digest

    @app.after_request
    def cache_and_compress(response: Response) -> Response:
        if request.endpoint == "static" and response.status_code in (200, 304):
            filename = (request.view_args or {}).get("filename", "")
            digest = fingerprints.get(filename)
            if digest and request.args.get(VERSION_ARG) == digest:
                response.headers["Cache-Control"] = IMMUTABLE
                response.headers.pop("Expires", None)
            if response.status_code == 200 and digest:
                _compress_static(response, filename, digest)
            return response
        _compress(response)
        return response


def _fingerprints(folder: str) -> dict[str, str]:
    """Every static file's path (with forward slashes) and the start of its SHA-256."""
    found = {}
    for root, _dirs, files in os.walk(folder):
        for name in files:
            path = os.path.join(root, name)
            with open(path, "rb") as file:
                digest = hashlib.sha256(file.read()).hexdigest()[:12]
            found[os.path.relpath(path, folder).replace(os.sep, "/")] = digest
    return found


def _accepts_gzip() -> bool:
    return "gzip" in request.headers.get("Accept-Encoding", "").lower()


def _compressible(response: Response) -> bool:
    return (
        response.status_code not in (204, 206, 304)
        and response.mimetype in COMPRESSIBLE
        and "Content-Encoding" not in response.headers
        and "Content-Range" not in response.headers
    )


def _vary(response: Response) -> None:
    response.vary.add("Accept-Encoding")


def _compress(response: Response) -> None:
    if response.direct_passthrough or response.is_streamed or not _compressible(response):
        return
    _vary(response)
    if not _accepts_gzip():
        return
    body = response.get_data()
    if len(body) < MIN_SIZE:
        return
    _set_gzipped(response, gzip.compress(body, compresslevel=LEVEL, mtime=0))


def _compress_static(response: Response, filename: str, digest: str) -> None:
    if not _compressible(response):
        return
    _vary(response)
    if not _accepts_gzip():
        return
    compressed = _gzipped_static(response, filename, digest)
    if compressed is not None:
        _set_gzipped(response, compressed)


def _gzipped_static(response: Response, filename: str, digest: str) -> bytes | None:
    """The file gzipped once per process and version (the static folder is a few files)."""
    key = (filename, digest)
    response.direct_passthrough = False
    if key not in _STATIC:
        body = response.get_data()  # a few KB, read once
        _STATIC[key] = (
            gzip.compress(body, compresslevel=9, mtime=0) if len(body) >= MIN_SIZE else b""
        )
    compressed = _STATIC[key]
    if not compressed:
        return None
    response.close()  # the file Werkzeug opened for the uncompressed body
    return compressed


_STATIC: dict[tuple[str, str], bytes] = {}


def _set_gzipped(response: Response, body: bytes) -> None:
    response.set_data(body)
    response.headers["Content-Encoding"] = "gzip"
    response.headers.pop("Accept-Ranges", None)  # ranges of the gzipped body are not offered
    response.headers["Content-Length"] = str(len(body))
    etag, weak = response.get_etag()
    if etag and not weak:  # the same entity, another encoding: no longer byte-identical
        response.set_etag(etag, weak=True)
