"""PDF rendering: Vietnamese text and embedded Liberation fonts, the draft mark, and a fetcher that loads nothing else."""
from __future__ import annotations

import io
import logging
import socket
import unicodedata
from datetime import date
from pathlib import Path

import pytest
from markupsafe import Markup
from pypdf import PdfReader
from werkzeug.datastructures import FileStorage

from app.documents import pdf as pdf_module
from app.documents.pdf import FONT_DIR, AppURLFetcher, FetchRefused, file_url, render_pdf, static_url
from app.documents.storage import save_upload
from app.models import FilePurpose, Role
from tests.fixtures_images import png_bytes
from tests.pdf_reading import fonts_of, image_count, nfc, page_texts, text_of

SELFTEST = "pdf/_selftest.html"
SENTENCE = "Hợp tác xã Khóm Cầu Đúc — Tờ khai đăng ký nhãn hiệu: Đặc sản Hậu Giang, Phường Vị Thanh"
USER_TEXT = "Bà Nguyễn Thị Ánh Tuyết, ấp Mỹ Hòa, xã Vĩnh Thuận Đông: bưởi Năm Roi, khóm, mắm cá lóc"
DRAFT_MARK = "BẢN NHÁP"


def selftest(**context) -> bytes:
    context.setdefault("user_text", USER_TEXT)
    context.setdefault("applicant", "Hợp tác xã Khóm Cầu Đúc")
    context.setdefault("day", date(2026, 3, 5))
    context.setdefault("images", [])
    return render_pdf(SELFTEST, **context)


@pytest.fixture
def caplog(caplog, monkeypatch):
    """caplog, with the PDF logger switched back on.

    migrations/env.py runs logging.config.fileConfig(), which disables every
    logger that exists at that moment, ours included, for the rest of the process.
    """
    monkeypatch.setattr(logging.getLogger(pdf_module.__name__), "disabled", False)
    return caplog


# --- text and fonts -------------------------------------------------------------------------------


def test_vietnamese_text_comes_back_with_its_diacritics(app):
    text = text_of(selftest())
    assert nfc(SENTENCE) in text
    assert nfc(USER_TEXT) in text
    assert "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM" in text
    assert nfc("Độc lập - Tự do - Hạnh phúc") in text
    assert "Cần Thơ, ngày 05 tháng 3 năm 2026" in text


def test_decomposed_input_prints_the_same_letters(app):
    """Text typed on some keyboards arrives decomposed (NFD); it must print the same words."""
    decomposed = unicodedata.normalize("NFD", USER_TEXT)
    assert nfc(USER_TEXT) in text_of(selftest(user_text=decomposed))


def test_every_font_is_embedded_liberation_serif_2(app):
    fonts = fonts_of(selftest())
    assert fonts, "no font found in the PDF"
    for font in fonts:
        assert font["embedded"], font
        assert font["postscript_name"].startswith("LiberationSerif"), font
        # Liberation 1.07 (liberation/, no Vietnamese glyphs) must never be the one embedded.
        assert font["version"].startswith("Version 2."), font
    # Regular, bold, italic and bold italic all come from our own @font-face files.
    assert {f["postscript_name"] for f in fonts} == {
        "LiberationSerif", "LiberationSerif-Bold", "LiberationSerif-Italic", "LiberationSerif-BoldItalic"
    }


def test_fonts_and_css_are_loaded_through_app_urls(app, fetches, monkeypatch):
    import threading

    monkeypatch.setattr(pdf_module, "_fonts", threading.local())  # fonts are cached per thread: start afresh
    selftest()
    loaded = {url for url, outcome in fetches if outcome == "ok"}
    assert static_url("css/pdf.css") in loaded
    for style in ("Regular", "Bold", "Italic", "BoldItalic"):
        assert f"app://fonts/LiberationSerif-{style}.ttf" in loaded
    assert not [url for url, outcome in fetches if outcome == "refused"]


def test_pages_are_numbered_in_vietnamese(app):
    pages = page_texts(selftest(extra_paragraphs=40))
    assert len(pages) >= 2
    for number, text in enumerate(pages, start=1):
        assert f"Trang {number}/{len(pages)}" in text


def test_pdf_stays_vietnamese_for_an_english_speaking_user(app):
    with app.test_request_context():
        from flask import session

        session["locale"] = "en"
        text = text_of(selftest(draft=True))
    assert "Trang 1/1" in text and DRAFT_MARK in text


def test_page_is_a4_portrait(app):
    page = PdfReader(io.BytesIO(selftest())).pages[0]
    width_mm = float(page.mediabox.width) / 72 * 25.4
    height_mm = float(page.mediabox.height) / 72 * 25.4
    assert (round(width_mm), round(height_mm)) == (210, 297)


# --- the draft mark -------------------------------------------------------------------------------


def test_draft_mark_is_on_every_page_of_a_draft(app):
    pages = page_texts(selftest(draft=True, extra_paragraphs=40))
    assert len(pages) >= 2
    for text in pages:
        assert DRAFT_MARK in text


def test_no_draft_mark_on_a_final_document(app):
    pages = page_texts(selftest(draft=False, extra_paragraphs=40))
    for text in pages:
        assert DRAFT_MARK not in text
        assert "DRAFT" not in text


# --- what a PDF may load --------------------------------------------------------------------------


HOSTILE_HTML = '<img src="file:///etc/passwd"> <img src="http://127.0.0.1:9/x.png">'


def test_user_text_with_html_is_printed_as_text(app, fetches):
    pdf = selftest(user_text=HOSTILE_HTML)
    assert HOSTILE_HTML in text_of(pdf)
    assert image_count(pdf) == 0
    assert not [url for url, _ in fetches if not url.startswith("app://")]


@pytest.fixture
def listener():
    """A local TCP port that records whether anything connected to it."""
    server = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    server.bind(("127.0.0.1", 0))
    server.listen(1)
    server.setblocking(False)
    yield server
    server.close()


def connected(server: socket.socket) -> bool:
    try:
        connection, _ = server.accept()
    except BlockingIOError:
        return False
    connection.close()
    return True


def test_unescaped_html_cannot_load_local_files_or_call_hosts(app, fetches, caplog, tmp_path, listener):
    """Even HTML passed deliberately unescaped (Markup) gets nothing from file: or http:."""
    secret = tmp_path / "secret.png"
    secret.write_bytes(png_bytes(300, 300))
    port = listener.getsockname()[1]
    raw = Markup(
        '<img src="file:///etc/passwd">'
        '<img src="http://127.0.0.1:9/x.png">'
        f'<img src="http://127.0.0.1:{port}/x.png">'
        f'<img src="{secret.as_uri()}">'
        '<img src="data:image/png;base64,iVBORw0KGgo=">'
        '<link rel="stylesheet" href="https://example.com/evil.css">'
    )
    with caplog.at_level(logging.WARNING, logger=pdf_module.__name__):
        pdf = selftest(raw_html=raw)
    refused = {url for url, outcome in fetches if outcome == "refused"}
    assert "file:///etc/passwd" in refused
    assert "http://127.0.0.1:9/x.png" in refused
    assert f"http://127.0.0.1:{port}/x.png" in refused
    assert secret.as_uri() in refused
    assert "https://example.com/evil.css" in refused
    assert not [url for url, outcome in fetches if outcome == "ok" and not url.startswith("app://")]
    assert image_count(pdf) == 0
    assert not connected(listener)
    logged = " ".join(r.getMessage() for r in caplog.records if r.levelno == logging.WARNING)
    assert "file:///etc/passwd" in logged and "http://127.0.0.1:9/x.png" in logged
    assert nfc(SENTENCE) in text_of(pdf)  # the rest of the document still rendered


@pytest.fixture
def two_uploads(app, db, make_organization, make_user, make_case):
    organization = make_organization()
    owner = make_user(Role.PRODUCER, organization=organization)
    case = make_case(organization)
    with app.test_request_context():
        uploads = [
            save_upload(case, FilePurpose.MARK_IMAGE,
                        FileStorage(io.BytesIO(png_bytes(600, 600)), filename=f"logo{n}.png"), owner)
            for n in (1, 2)
        ]
    db.session.commit()
    return uploads


def test_allowed_upload_is_embedded_and_others_are_refused(app, two_uploads, fetches, caplog):
    allowed, other = two_uploads
    with caplog.at_level(logging.WARNING, logger=pdf_module.__name__):
        pdf = selftest(images=[file_url(allowed), file_url(other)], allowed_files=[allowed])
    assert image_count(pdf) == 1
    assert (file_url(allowed), "ok") in fetches
    assert (file_url(other), "refused") in fetches
    assert file_url(other) in caplog.text


def test_no_upload_is_embedded_unless_allowed(app, two_uploads, fetches):
    pdf = selftest(images=[file_url(f) for f in two_uploads])
    assert image_count(pdf) == 0
    assert {outcome for url, outcome in fetches if url.startswith("app://files/")} == {"refused"}


def test_escaping_static_is_refused_in_a_document(app, fetches):
    selftest(raw_html=Markup('<link rel="stylesheet" href="app://static/../config.py">'))
    assert ("app://static/../config.py", "refused") in fetches


@pytest.fixture
def fetcher(app, tmp_path):
    allowed = tmp_path / "uploads" / "1" / ("a" * 32 + ".png")
    allowed.parent.mkdir(parents=True, exist_ok=True)
    allowed.write_bytes(png_bytes(200, 200))
    return AppURLFetcher(static_dir=Path(app.static_folder), files={allowed.name: (allowed, "image/png")})


@pytest.mark.parametrize(
    "url",
    [
        "app://static/../config.py",
        "app://static/%2e%2e/%2e%2e/config.py",
        "app://static/css/../../../config.py",
        "app://static//etc/passwd",
        "app://static/",
        "app://static/css",
        "app://fonts/../liberation/LiberationSerif-Regular.ttf",
        "app://fonts/LiberationSerif-Regular.otf",
        "app://fonts/NoSuchFont.ttf",
        "app://fonts/%2e%2e%2fLiberationSerif-Regular.ttf",
        "app://files/" + "b" * 32 + ".png",
        "app://files/../../../etc/passwd",
        "app://uploads/1/" + "a" * 32 + ".png",
        "app:///etc/passwd",
        "APP://STATIC/../config.py",
        "file:///etc/passwd",
        "http://127.0.0.1:9/x.png",
        "https://example.com/x.css",
        "data:text/css,body{}",
        "ftp://example.com/x",
        "relative/path.png",
        "",
    ],
)
def test_fetcher_refuses(fetcher, url, caplog):
    with caplog.at_level(logging.WARNING, logger=pdf_module.__name__):
        with pytest.raises(FetchRefused):
            fetcher.fetch(url)
    assert fetcher.refused == [url]
    assert any(r.levelno == logging.WARNING for r in caplog.records)


def test_fetcher_serves_static_fonts_and_allowed_files(fetcher):
    css = fetcher.fetch(static_url("css/pdf.css"))
    assert css.content_type == "text/css"
    assert b"@font-face" in css.read()
    font = fetcher.fetch("app://fonts/LiberationSerif-Bold.ttf")
    assert font.read() == (FONT_DIR / "LiberationSerif-Bold.ttf").read_bytes()
    image = fetcher.fetch("app://files/" + "a" * 32 + ".png")
    assert image.content_type == "image/png"
    assert fetcher.refused == []


def test_font_dir_is_liberation_2():
    assert FONT_DIR == Path("/usr/share/fonts/truetype/liberation2")
    for style in ("Regular", "Bold", "Italic", "BoldItalic"):
        assert (FONT_DIR / f"LiberationSerif-{style}.ttf").is_file()


def test_fonts_are_loaded_once_per_thread(app, fetches):
    selftest()
    fetches.clear()
    selftest()
    assert not [url for url, _ in fetches if url.startswith("app://fonts/")]
