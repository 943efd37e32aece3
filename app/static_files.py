"""Static files: content-hashed URLs cached for a year, sent compressed with brotli or gzip.

Producers open the app on weak rural connections, so a page must fetch its CSS and scripts once
and then only its HTML. ``url_for('static', ...)`` (and Bootstrap-Flask's ``bootstrap.static``)
gets ``?v=<hash of the file's content>``; a request carrying the current hash is cached by the
browser for a year as immutable, so a changed file simply gets a new URL. A request with an old
hash (a page cached before a deploy) or none still gets the current file, but marked
``no-cache``: the browser keeps it only until it asks again, never for a year under the old URL.

Flask's own static view is kept for the files; this module wraps it rather than adding WhiteNoise,
whose hashed file names come from Django's manifest storage (``collectstatic``), a build step this
app does not have. Text files are compressed on first request and kept in memory per process (the
app's and Bootstrap's files are a few hundred kilobytes in all), brotli when the browser accepts
it, else gzip.
"""
from __future__ import annotations

import gzip
import hashlib
import mimetypes
import os
from pathlib import Path

import brotli
from flask import Flask, Response, abort, request
from werkzeug.security import safe_join

#: the endpoints whose files get hashed URLs: the app's and Bootstrap-Flask's (served locally)
ENDPOINTS = ("static", "bootstrap.static")
COMPRESSIBLE = frozenset({".css", ".js", ".svg", ".json", ".webmanifest", ".map", ".txt", ".ico"})
LONG_CACHE = "public, max-age=31536000, immutable"
#: preferred first: brotli is about 15 % smaller than gzip on Bootstrap's CSS
ENCODINGS = ("br", "gzip")

mimetypes.add_type("application/manifest+json", ".webmanifest")


class StaticFiles:
    """The hashes and compressed bodies of one app's static folders, computed once per file version."""

    def __init__(self, app: Flask):
        self.folders = {endpoint: _folder(app, endpoint) for endpoint in ENDPOINTS if endpoint in app.view_functions}
        self._hashes: dict[str, tuple[tuple[int, int], str]] = {}
        self._bodies: dict[tuple[str, str, str], bytes] = {}

    def version(self, endpoint: str, filename: str) -> str | None:
        """The content hash of a static file (None if there is no such file)."""
        path = self._path(endpoint, filename)
        if path is None:
            return None
        stat = os.stat(path)
        key = (stat.st_mtime_ns, stat.st_size)
        known = self._hashes.get(path)
        if known is None or known[0] != key:
            known = (key, hashlib.sha256(Path(path).read_bytes()).hexdigest()[:16])
            self._hashes[path] = known
        return known[1]

    def add_version(self, endpoint: str, values: dict) -> None:
        """url_defaults callback: put the content hash into every static URL."""
        if endpoint in self.folders and "filename" in values and "v" not in values:
            digest = self.version(endpoint, values["filename"])
            if digest:
                values["v"] = digest

    def send(self, endpoint: str, filename: str) -> Response:
        path = self._path(endpoint, filename)
        if path is None:
            abort(404)
        digest = self.version(endpoint, filename)
        encoding = self._encoding(path)
        body = self._body(path, digest, encoding)
        response = Response(body, mimetype=mimetypes.guess_type(path)[0] or "application/octet-stream")
        if encoding:
            response.headers["Content-Encoding"] = encoding
        if Path(path).suffix in COMPRESSIBLE:
            response.vary.add("Accept-Encoding")
        if request.args.get("v") == digest:
            response.headers["Cache-Control"] = LONG_CACHE
        else:
            response.cache_control.no_cache = True
        response.set_etag(f"{digest}-{encoding or 'identity'}")
        return response.make_conditional(request)

    def _path(self, endpoint: str, filename: str) -> str | None:
        folder = self.folders.get(endpoint)
        path = safe_join(folder, filename) if folder else None
        return path if path and os.path.isfile(path) else None

    def _encoding(self, path: str) -> str | None:
        if Path(path).suffix not in COMPRESSIBLE:
            return None
        accepted = request.accept_encodings
        return next((encoding for encoding in ENCODINGS if accepted[encoding]), None)

    def _body(self, path: str, digest: str, encoding: str | None) -> bytes:
        if encoding is None:
            return Path(path).read_bytes()
        key = (path, digest, encoding)
        if key not in self._bodies:
            raw = Path(path).read_bytes()
            self._bodies[key] = brotli.compress(raw) if encoding == "br" else gzip.compress(raw, mtime=0)
        return self._bodies[key]


def _folder(app: Flask, endpoint: str) -> str:
    blueprint = endpoint.rpartition(".")[0]
    return (app.blueprints[blueprint] if blueprint else app).static_folder


def init_app(app: Flask) -> None:
    """Hash every static URL and serve static files through StaticFiles (after the blueprints)."""
    files = StaticFiles(app)
    app.extensions["static_files"] = files
    app.url_defaults(files.add_version)
    for endpoint in files.folders:
        app.view_functions[endpoint] = _view(files, endpoint)


def _view(files: StaticFiles, endpoint: str):
    def send_static_file(filename: str) -> Response:
        return files.send(endpoint, filename)

    return send_static_file
