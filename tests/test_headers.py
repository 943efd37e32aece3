"""Security headers on every response, templates fit for the CSP, production's refusals."""
from __future__ import annotations

import re
from pathlib import Path

import pytest

import config
from app import create_app
from app.headers import CONTENT_SECURITY_POLICY
from app.models import Role

TEMPLATES = Path(__file__).resolve().parent.parent / "templates"


@pytest.mark.parametrize("url", ["/", "/auth/login", "/catalogue/", "/static/css/app.css", "/static/js/sizes.js",
                                 "/no-such-page", "/healthz", "/reference/fees"])
def test_every_response_carries_the_security_headers(client, url):
    response = client.get(url)
    assert response.headers["Content-Security-Policy"] == CONTENT_SECURITY_POLICY
    assert response.headers["X-Content-Type-Options"] == "nosniff"
    assert response.headers["Referrer-Policy"] == "same-origin"
    assert "Strict-Transport-Security" not in response.headers  # plain HTTP: browsers would ignore it


def test_the_policy_forbids_inline_scripts_and_framing():
    directives = dict(part.split(" ", 1) for part in CONTENT_SECURITY_POLICY.split("; "))
    assert directives["default-src"] == "'self'"
    assert directives["frame-ancestors"] == "'none'"
    assert directives["form-action"] == "'self'"
    assert "unsafe-inline" not in CONTENT_SECURITY_POLICY and "unsafe-eval" not in CONTENT_SECURITY_POLICY


def test_hsts_over_https(app, make_user):
    user = make_user(Role.CONSULTANT)
    client = app.test_client()
    response = client.post("/auth/login", data={"email": user.email, "password": "x"}, base_url="https://localhost")
    assert response.headers["Strict-Transport-Security"].startswith("max-age=31536000")
    assert client.get("/static/css/app.css", base_url="https://localhost").headers["Strict-Transport-Security"]


def _web_templates():
    return [path for path in TEMPLATES.rglob("*.html") if "pdf" not in path.relative_to(TEMPLATES).parts]


@pytest.mark.parametrize("path", _web_templates(), ids=lambda path: str(path.relative_to(TEMPLATES)))
def test_web_templates_hold_nothing_the_policy_blocks(path):
    """The CSP would silently drop inline scripts, style attributes and on* handlers in the browser."""
    html = path.read_text(encoding="utf-8")
    assert not re.search(r"<script(?![^>]*\bsrc=)[^>]*>", html), "inline <script>"
    assert not re.search(r"<style\b", html), "<style> element"
    assert not re.search(r"\sstyle\s*=", html), "style attribute"
    assert not re.search(r"\son[a-z]+\s*=", html), "on* handler"


def test_pages_render_without_inline_code(login_as):
    client, _user = login_as(Role.ADMIN)
    for url in ("/", "/admin/users", "/admin/login-locks", "/reference/fees"):
        html = client.get(url).get_data(as_text=True)
        assert not re.search(r"<script(?![^>]*\bsrc=)[^>]*>|\sstyle=|\son[a-z]+=", html), url


class Production(config.ProductionConfig):
    SECRET_KEY = "k" * 32
    TRUSTED_HOSTS = ["shtt.example.gov.vn"]
    SERVER_NAME = None
    PUBLIC_BASE_URL = "https://shtt.example.gov.vn"


def production_app(tmp_path, **overrides):
    return create_app(Production, SQLALCHEMY_DATABASE_URI=f"sqlite:///{tmp_path / 'p.sqlite3'}",
                      UPLOAD_DIR=str(tmp_path / "uploads"), **overrides)


def test_production_refuses_a_short_secret_key(tmp_path):
    with pytest.raises(RuntimeError, match="at least 32 bytes"):
        production_app(tmp_path, SECRET_KEY="k" * 31)


def test_production_refuses_to_answer_any_host(tmp_path):
    with pytest.raises(RuntimeError, match="TRUSTED_HOSTS"):
        production_app(tmp_path, TRUSTED_HOSTS=None)
    app = production_app(tmp_path)
    with app.app_context():
        client = app.test_client()
        assert client.get("/auth/login", headers={"Host": "evil.example"}).status_code == 400
        assert client.get("/auth/login", headers={"Host": "shtt.example.gov.vn"}).status_code == 200


def test_server_name_alone_sets_the_trusted_host(tmp_path):
    app = production_app(tmp_path, TRUSTED_HOSTS=None, SERVER_NAME="shtt.example.gov.vn")
    assert app.config["TRUSTED_HOSTS"] == ["shtt.example.gov.vn"]


def test_seed_demo_is_refused_in_production_unless_forced(tmp_path):
    from flask_migrate import upgrade

    app = production_app(tmp_path, WTF_CSRF_ENABLED=False)
    with app.app_context():
        upgrade()
        runner = app.test_cli_runner()
        refused = runner.invoke(args=["seed-demo"])
        assert refused.exit_code != 0 and "Refused" in refused.output
        client = app.test_client()
        response = client.post("/auth/login", data={"email": "admin@demo.ocop.vn", "password": "DemoOCOP2030"},
                               headers={"Host": "shtt.example.gov.vn"})
        assert response.status_code == 200  # no such account: the login form again
        forced = runner.invoke(args=["seed-demo", "--allow-production"])
        assert forced.exit_code == 0 and "WARNING" in forced.output
        response = client.post("/auth/login", data={"email": "admin@demo.ocop.vn", "password": "DemoOCOP2030"},
                               headers={"Host": "shtt.example.gov.vn"})
        assert response.status_code == 302


def test_production_refuses_to_start_without_a_valid_public_address(tmp_path):
    with pytest.raises(RuntimeError, match="PUBLIC_BASE_URL"):
        production_app(tmp_path, PUBLIC_BASE_URL=None)
    with pytest.raises(ValueError, match="PUBLIC_BASE_URL"):
        production_app(tmp_path, PUBLIC_BASE_URL="shtt.example.gov.vn")  # no scheme: links would be relative


@pytest.mark.parametrize("hops,https", [(0, False), (1, True)])
def test_forwarded_headers_are_trusted_only_when_a_proxy_is_configured(tmp_path, hops, https):
    """Behind nginx (PROXY_FIX_HOPS=1) X-Forwarded-Proto says the visitor used HTTPS, so HSTS is sent;
    without it anyone could send that header, and it is ignored. Untrusted hosts are refused either way."""
    app = production_app(tmp_path, PROXY_FIX_HOPS=hops)
    client = app.test_client()
    forwarded = {"X-Forwarded-Proto": "https", "X-Forwarded-For": "203.0.113.7"}
    response = client.get("/auth/login", headers={"Host": "shtt.example.gov.vn", **forwarded})
    assert response.status_code == 200
    assert ("Strict-Transport-Security" in response.headers) == https
    forged = client.get("/auth/login", headers={"Host": "shtt.example.gov.vn", "X-Forwarded-Host": "evil.example",
                                                 **forwarded})
    assert forged.status_code == (400 if hops else 200)  # a forwarded host is checked like the Host header
    assert client.get("/auth/login", headers={"Host": "evil.example"}).status_code == 400
