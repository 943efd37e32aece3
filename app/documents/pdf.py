"""The one place PDFs are rendered: Flask templates in templates/pdf/, printed by WeasyPrint.

Templates are rendered with Flask's ``render_template``, so ``_()``, the app's
filters and autoescaping all work. Callers pass **plain data** (dicts, strings,
numbers, dates), never ORM objects: a template must not be able to lazy-load
whatever a relationship reaches, and a dossier must print exactly the data whose
hash names it (see storage.find_generated).

Everything a PDF loads goes through ``AppURLFetcher``, which serves only:

- ``app://static/<path>``: files under app/static (the print CSS);
- ``app://fonts/<name>.ttf``: the Liberation 2 fonts, the only fonts we embed;
- ``app://files/<stored name>``: the uploads the caller passed in ``allowed_files``.

Anything else (``file:``, ``http(s):``, ``data:``, other ``app://`` paths) is refused
and logged; WeasyPrint then renders the document without that resource. So text
typed by a user cannot make the server read its own files or call other hosts,
even if it were ever printed unescaped.
"""
from __future__ import annotations

import logging
import mimetypes
import os
import re
import threading
from pathlib import Path
from typing import Iterable, Mapping
from urllib.parse import quote, unquote, urlsplit

from flask import current_app, render_template
from flask_babel import force_locale
from weasyprint import HTML
from weasyprint.text.fonts import FontConfiguration
from weasyprint.urls import URLFetcher, URLFetcherResponse

from app.documents.storage import stored_path
from app.models import StoredFile

logger = logging.getLogger(__name__)

#: Liberation 2 has Vietnamese glyphs; Debian's older liberation/ (1.07) does not: never use it.
FONT_DIR = Path("/usr/share/fonts/truetype/liberation2")
SCHEME = "app"
BASE_URL = f"{SCHEME}://"
#: What a font name in an app://fonts/ URL may look like (no slashes, no dots but the extension's).
FONT_NAME_RE = re.compile(r"^[A-Za-z0-9_-]+\.ttf$")
#: PDFs are filed with Vietnamese authorities, so they are Vietnamese whatever the UI language.
PDF_LOCALE = "vi"


class FetchRefused(ValueError):
    """A resource a PDF may not load. WeasyPrint treats it as a failed fetch and carries on."""


def file_url(stored: StoredFile) -> str:
    """The URL of an upload inside a PDF template; it loads only if the file is in allowed_files."""
    return f"{BASE_URL}files/{stored.stored_name}"


def static_url(path: str) -> str:
    """The URL of a file under app/static inside a PDF template, e.g. static_url('css/pdf.css')."""
    return f"{BASE_URL}static/{quote(path.lstrip('/'))}"


def font_url(name: str) -> str:
    """The URL of a font of FONT_DIR inside a PDF template, e.g. font_url('LiberationSerif-Bold.ttf')."""
    return f"{BASE_URL}fonts/{quote(name)}"


def render_pdf(
    template: str,
    *,
    allowed_files: Iterable[StoredFile] = (),
    pdf_locale: str = PDF_LOCALE,
    **context,
) -> bytes:
    """Render a template of templates/pdf/ to PDF bytes.

    `context` must be plain data (see the module docstring). `allowed_files` are
    the uploads the template may embed, by ``file_url(stored)``; the template gets
    ``static_url``, ``file_url`` and ``font_url`` to build URLs. Set ``draft=True``
    in the context to print the "draft" watermark on every page. Text is in
    Vietnamese (`pdf_locale`) whatever the user's UI language: dossiers are filed
    with Vietnamese authorities.
    """
    files = {stored.stored_name: (stored_path(stored), stored.content_type) for stored in allowed_files}
    context.setdefault("draft", False)
    with force_locale(pdf_locale):
        html = render_template(
            template, pdf_locale=pdf_locale, static_url=static_url, file_url=file_url, font_url=font_url, **context
        )
    fetcher = AppURLFetcher(static_dir=Path(current_app.static_folder), files=files)
    document = HTML(string=html, base_url=BASE_URL, url_fetcher=fetcher).render(font_config=_font_config())
    return document.write_pdf()


_fonts = threading.local()


def _font_config() -> FontConfiguration:
    """One FontConfiguration per thread, reused across renders: loading the @font-face
    files again for every PDF costs about a tenth of a second. Not shared between threads."""
    if not hasattr(_fonts, "config"):
        _fonts.config = FontConfiguration()
    return _fonts.config


class AppURLFetcher(URLFetcher):
    """Serves app:// URLs from three confined places and refuses everything else.

    WeasyPrint 70 calls ``fetch(url)`` and expects a URLFetcherResponse; any
    exception other than FatalURLFetchingError counts as a failed fetch, so the
    document still renders without the resource. The parent class's network
    handlers are never used: ``fetch`` is overridden entirely.
    """

    def __init__(self, *, static_dir: Path, files: Mapping[str, tuple[Path, str]] | None = None,
                 font_dir: Path = FONT_DIR):
        super().__init__(timeout=1, allowed_protocols=(SCHEME,), allow_redirects=False, fail_on_errors=False)
        self._static_dir = Path(os.path.realpath(static_dir))
        self._font_dir = Path(os.path.realpath(font_dir))
        self._files = dict(files or {})
        #: URLs refused during this rendering, in order (handy for tests and debugging).
        self.refused: list[str] = []

    def fetch(self, url: str, headers=None) -> URLFetcherResponse:
        try:
            path, content_type = self._resolve(url)
        except FetchRefused as refusal:
            self.refused.append(url)
            logger.warning("PDF rendering refused to load %r: %s", url[:200], refusal)
            raise
        return URLFetcherResponse(url, body=path.read_bytes(), headers={"Content-Type": content_type})

    def _resolve(self, url: str) -> tuple[Path, str]:
        """The file and content type an allowed URL stands for; FetchRefused otherwise."""
        try:
            parts = urlsplit(url)
        except ValueError:
            raise FetchRefused("malformed URL") from None
        if parts.scheme.lower() != SCHEME:
            raise FetchRefused("only app:// URLs may be loaded")
        path = unquote(parts.path).lstrip("/")
        if not path or "\\" in path or "\x00" in path or ".." in path.split("/"):
            raise FetchRefused("bad path")
        if parts.netloc == "static":
            file = self._confine(self._static_dir / path, self._static_dir)
            return file, mimetypes.guess_type(file.name)[0] or "application/octet-stream"
        if parts.netloc == "fonts":
            if not FONT_NAME_RE.match(path):
                raise FetchRefused("not a font name")
            return self._confine(self._font_dir / path, self._font_dir), "font/ttf"
        if parts.netloc == "files":
            if path not in self._files:
                raise FetchRefused("file not allowed in this document")
            file, content_type = self._files[path]  # stored_path() confined it to UPLOAD_DIR
            if not file.is_file():
                raise FetchRefused("file missing on disk")
            return file, content_type
        raise FetchRefused("unknown app:// location")

    @staticmethod
    def _confine(candidate: Path, root: Path) -> Path:
        real = Path(os.path.realpath(candidate))
        if not real.is_relative_to(root) or not real.is_file():
            raise FetchRefused("outside its folder or missing")
        return real
