"""Static files: content-hashed URLs, a year's caching, brotli/gzip bodies (app/static_files.py)."""
from __future__ import annotations

import gzip
import io
import os
import re
from pathlib import Path

import brotli
import pytest
from flask import url_for
from PIL import Image

from app.static_files import LONG_CACHE

APP_STATIC = Path(__file__).resolve().parent.parent / "app" / "static"


def _asset_urls(html: str) -> list[str]:
    return re.findall(r'(?:href|src)="(/[^"]*static/[^"]*)"', html)


@pytest.fixture
def static_dir(app, tmp_path):
    """The app's static folder moved to a scratch directory, so a test can change a file."""
    (tmp_path / "css").mkdir()
    app.extensions["static_files"].folders["static"] = str(tmp_path)
    return tmp_path


def test_every_page_asset_has_a_hashed_url_cached_for_a_year(client):
    urls = _asset_urls(client.get("/auth/login").get_data(as_text=True))
    assert any("/bootstrap/static/css/bootstrap.min.css?v=" in url for url in urls)
    assert any("/static/js/sizes.js?v=" in url for url in urls)
    for url in urls:
        assert re.search(r"\?v=[0-9a-f]{16}$", url), url
        response = client.get(url)
        assert response.status_code == 200, url
        assert response.headers["Cache-Control"] == LONG_CACHE


def test_scripts_are_deferred(client):
    html = client.get("/auth/login").get_data(as_text=True)
    scripts = re.findall(r"<script[^>]*>", html)
    assert scripts and all(" defer " in tag for tag in scripts), scripts


def test_the_hashed_url_changes_when_the_file_changes(app, static_dir):
    sheet = static_dir / "css" / "x.css"
    sheet.write_text("body { color: red }")
    with app.test_request_context():
        first = url_for("static", filename="css/x.css")
        assert url_for("static", filename="css/x.css") == first
        sheet.write_text("body { color: blue }")
        os.utime(sheet, ns=(1, 1))  # a new version even within the same clock tick
        second = url_for("static", filename="css/x.css")
    assert first != second and first.startswith("/static/css/x.css?v=")


@pytest.mark.parametrize("encoding, decode", [("br", brotli.decompress), ("gzip", gzip.decompress),
                                              ("br;q=0, gzip", gzip.decompress)])
def test_compressed_bodies_decode_to_the_file(client, encoding, decode):
    with client.application.test_request_context():
        url = url_for("bootstrap.static", filename="css/bootstrap.min.css")
    response = client.get(url, headers={"Accept-Encoding": encoding})
    original = client.application.extensions["static_files"].folders["bootstrap.static"]
    raw = (Path(original) / "css" / "bootstrap.min.css").read_bytes()
    assert response.headers["Content-Encoding"] == encoding.split(", ")[-1]
    assert "Accept-Encoding" in response.headers["Vary"]
    assert response.headers["Content-Type"].startswith("text/css")
    assert decode(response.data) == raw
    assert len(response.data) < len(raw) / 4


def test_without_accept_encoding_the_file_is_sent_as_is(client):
    response = client.get("/static/js/sizes.js")
    assert "Content-Encoding" not in response.headers
    assert response.data == (APP_STATIC / "js" / "sizes.js").read_bytes()


def test_a_stale_hash_gets_the_current_file_but_is_not_cached(app, client, static_dir):
    (static_dir / "css" / "x.css").write_text("body { color: blue }")
    response = client.get("/static/css/x.css?v=0123456789abcdef")
    assert response.status_code == 200
    assert response.data == b"body { color: blue }"
    assert response.headers["Cache-Control"] == "no-cache"
    assert client.get("/static/css/x.css").headers["Cache-Control"] == "no-cache"


def test_a_repeat_request_gets_304(client):
    with client.application.test_request_context():
        url = url_for("static", filename="css/app.css")
    first = client.get(url, headers={"Accept-Encoding": "br"})
    again = client.get(url, headers={"Accept-Encoding": "br", "If-None-Match": first.headers["ETag"]})
    assert again.status_code == 304 and again.data == b""
    other = client.get(url, headers={"Accept-Encoding": "gzip", "If-None-Match": first.headers["ETag"]})
    assert other.status_code == 200  # another encoding is another body


@pytest.mark.parametrize("url", ["/static/no-such.css", "/static/../config.py", "/static/%2e%2e/config.py",
                                 "/bootstrap/static/../../__init__.py", "/static/css"])
def test_missing_files_and_paths_outside_the_folder_are_404(client, url):
    assert client.get(url).status_code == 404


@pytest.mark.parametrize("lang, name", [("vi", "Trợ lý SHTT OCOP"), ("en", "OCOP IP assistant")])
def test_the_manifest_names_the_app_and_its_icons(client, lang, name):
    """ "Add to home screen" shows the app's name, in the page's language, with icons that exist."""
    if lang == "en":
        client.post("/language/en", data={"next": "/auth/login"})
    html = client.get("/auth/login").get_data(as_text=True)
    link = re.search(r'<link rel="manifest" href="([^"]+)"', html).group(1).replace("&amp;", "&")
    response = client.application.test_client().get(link)  # browsers fetch the manifest without cookies
    assert response.status_code == 200 and response.mimetype == "application/manifest+json"
    manifest = response.get_json(force=True)
    assert manifest["name"] == name and manifest["short_name"] and manifest["lang"] == lang
    assert manifest["display"] == "standalone" and manifest["start_url"] == "/"
    assert re.fullmatch(r"#[0-9a-f]{6}", manifest["theme_color"])
    assert {icon["sizes"] for icon in manifest["icons"]} == {"192x192", "512x512"}
    for icon in manifest["icons"]:
        image = client.get(icon["src"])
        assert image.status_code == 200 and image.mimetype == "image/png"
        assert Image.open(io.BytesIO(image.data)).size == tuple(map(int, icon["sizes"].split("x")))


def test_the_favicon_is_linked_and_served(client):
    html = client.get("/auth/login").get_data(as_text=True)
    icons = re.findall(r'<link rel="icon" href="([^"]+)"', html)
    assert len(icons) == 2
    svg = client.get(next(url for url in icons if ".svg" in url))
    assert svg.status_code == 200 and svg.mimetype == "image/svg+xml" and b"<svg" in svg.data
    for url in (next(url for url in icons if ".ico" in url), "/favicon.ico"):
        ico = client.get(url)
        assert ico.status_code == 200 and ico.data[:4] == b"\x00\x00\x01\x00", url  # an ICO header
