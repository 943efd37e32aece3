"""The public catalogue and verify page: read-only GETs, paginated and searched, with validators and a
short public cache lifetime; logos under content-hashed URLs cached for a year (issue 19)."""
from __future__ import annotations

import re
from datetime import timedelta

import sqlalchemy as sa
from flask import current_app

from app import clock
from app.extensions import db as _db
from app.models import Case, CaseStatus, Product, ProductVerification, Role
from tests.conftest import login, text_of


def _protected(make_case, make_product, organization, name, token=None):
    product = make_product(organization, name=name)
    today = clock.today()
    make_case(organization, status=CaseStatus.GRANTED, title=name.upper(), products=[product],
              filing_date=today - timedelta(days=400), grant_date=today - timedelta(days=30),
              expiry_date=today + timedelta(days=3000))
    if token:
        _db.session.add(ProductVerification(product=product, token=token))
        _db.session.commit()
    return product


def _writes_during(client, path, **kwargs):
    statements = []

    def record(_conn, _cursor, statement, *_args):
        statements.append(statement)

    sa.event.listen(_db.engine, "before_cursor_execute", record)
    try:
        response = client.get(path, **kwargs)
    finally:
        sa.event.remove(_db.engine, "before_cursor_execute", record)
    # the per-address request counter (app/catalogue/limits.py) is the one write a public page makes
    return response, [s for s in statements if not s.lstrip().upper().startswith(("SELECT", "PRAGMA"))
                      and "public_request_counts" not in s]


def test_a_get_of_the_catalogue_or_verify_page_writes_nothing(client, make_organization, make_product, make_case):
    organization = make_organization(name="HTX Khóm Cầu Đúc")
    _protected(make_case, make_product, organization, "Khóm Vàng", token="tok-vang")
    _protected(make_case, make_product, organization, "Khóm Xanh")  # granted before tokens came with the grant
    response, writes = _writes_during(client, "/catalogue/")
    assert response.status_code == 200 and "Khóm Xanh" in text_of(response) and writes == []
    assert _db.session.scalar(sa.select(sa.func.count()).select_from(ProductVerification)) == 1
    response, writes = _writes_during(client, "/verify/tok-vang")
    assert response.status_code == 200 and writes == []


def test_the_catalogue_is_paginated_and_searched_without_accents(client, make_organization, make_product, make_case):
    organization = make_organization(name="HTX Thử")
    for n in range(52):
        _protected(make_case, make_product, organization, f"Sản phẩm {n:02d}")
    _protected(make_case, make_product, organization, "Khóm Cầu Đúc Hỏa Tiến")
    first, second = client.get("/catalogue/"), client.get("/catalogue/?page=2")
    cards = re.compile(r"data-catalogue-product=")
    assert len(cards.findall(first.get_data(as_text=True))) == 50
    assert len(cards.findall(second.get_data(as_text=True))) == 3
    assert 'aria-label="Trang 2 trên 2"' in first.get_data(as_text=True)
    found = text_of(client.get("/catalogue/?q=KHOM+CAU+DUC"))
    assert "Khóm Cầu Đúc Hỏa Tiến" in found and "Sản phẩm 01" not in found
    assert "Không có sản phẩm được bảo hộ nào phù hợp" in text_of(client.get("/catalogue/?q=khong+co+dau"))


def test_catalogue_validators_answer_304_until_something_changes(client, make_organization, make_product, make_case):
    product = _protected(make_case, make_product, make_organization(), "Khóm Vàng", token="tok-vang")
    first = client.get("/catalogue/")
    etag, last_modified = first.headers["ETag"], first.headers["Last-Modified"]
    assert etag.startswith('W/"')
    assert first.headers["Cache-Control"] in ("public, max-age=60", "max-age=60, public")
    again = client.get("/catalogue/", headers={"If-None-Match": etag})
    assert again.status_code == 304 and again.data == b""
    assert client.get("/catalogue/", headers={"If-Modified-Since": last_modified}).status_code == 304
    # another page or search is another resource
    assert client.get("/catalogue/?q=khom", headers={"If-None-Match": etag}).status_code == 200
    verify = client.get("/verify/tok-vang")
    assert verify.headers["ETag"] and client.get("/verify/tok-vang", headers={
        "If-None-Match": verify.headers["ETag"]}).status_code == 304
    _db.session.get(Product, product.id).name = "Khóm Vàng Hậu Giang"
    _db.session.commit()
    changed = client.get("/catalogue/", headers={"If-None-Match": etag})
    assert changed.status_code == 200 and "Khóm Vàng Hậu Giang" in text_of(changed) and changed.headers["ETag"] != etag


def test_a_logged_in_visitors_copy_is_private(app, make_user, make_organization, make_product, make_case):
    _protected(make_case, make_product, make_organization(), "Khóm Vàng")
    office = login(current_app.test_client(), make_user(Role.OFFICE).email)
    response = office.get("/catalogue/")
    assert "private" in response.headers["Cache-Control"] and "public" not in response.headers["Cache-Control"]


def test_a_logo_is_served_under_its_hash_for_a_year(app, client, make_organization, make_product, make_case,
                                                    monkeypatch, tmp_path):
    from app.catalogue import services

    product = _protected(make_case, make_product, make_organization(), "Khóm Vàng")
    case = _db.session.scalar(sa.select(Case).where(Case.products.any(Product.id == product.id)))
    image = type("Image", (), {"sha256": "ab" * 32, "content_type": "image/png"})()
    (tmp_path / "logo.png").write_bytes(b"\x89PNG fake")
    monkeypatch.setattr(services, "mark_image", lambda _case: image)
    monkeypatch.setattr("app.catalogue.routes.stored_path", lambda _image: tmp_path / "logo.png")
    page = client.get("/catalogue/").get_data(as_text=True)
    url = f"/catalogue/marks/{case.id}/{'ab' * 8}"
    assert f'src="{url}"' in page
    logo = client.get(url)
    assert logo.status_code == 200 and "max-age=31536000" in logo.headers["Cache-Control"]
    assert "immutable" in logo.headers["Cache-Control"] and "public" in logo.headers["Cache-Control"]
    stale = client.get(f"/catalogue/marks/{case.id}/0000000000000000")
    assert stale.status_code == 302 and stale.headers["Location"].endswith(url)
    assert client.get(f"/catalogue/marks/{case.id + 999}/{'ab' * 8}").status_code == 404


def test_public_pages_answer_429_past_the_per_address_limit(app, client, monkeypatch):
    from datetime import datetime, timezone

    from app import clock as app_clock

    app.config["PUBLIC_REQUESTS_PER_MINUTE"] = 3
    moment = {"now": datetime(2026, 12, 7, 3, 0, 15, tzinfo=timezone.utc)}
    monkeypatch.setattr(app_clock, "now", lambda: moment["now"])
    assert [client.get("/catalogue/").status_code for _ in range(3)] == [200, 200, 200]
    refused = client.get("/verify/any-token")
    assert refused.status_code == 429 and refused.headers["Retry-After"] == "45"
    assert "Vui lòng chờ 45 giây" in text_of(refused)
    # X-Forwarded-For is not believed without PROXY_FIX_HOPS: it cannot buy a new allowance
    assert client.get("/catalogue/", headers={"X-Forwarded-For": "203.0.113.9"}).status_code == 429
    assert client.get("/catalogue/", environ_base={"REMOTE_ADDR": "198.51.100.7"}).status_code == 200
    moment["now"] += timedelta(minutes=1)
    assert client.get("/catalogue/").status_code == 200


def test_the_limit_follows_the_address_the_proxy_gives(tmp_path, migrated_database, monkeypatch):
    import shutil

    from app import create_app
    from config import TestConfig

    shutil.copyfile(migrated_database, tmp_path / "proxy.sqlite3")
    proxied = create_app(TestConfig, SQLALCHEMY_DATABASE_URI=f"sqlite:///{tmp_path / 'proxy.sqlite3'}",
                         UPLOAD_DIR=str(tmp_path / "uploads"), PROXY_FIX_HOPS=1, PUBLIC_REQUESTS_PER_MINUTE=1)
    client = proxied.test_client()
    assert client.get("/catalogue/", headers={"X-Forwarded-For": "203.0.113.9"}).status_code == 200
    assert client.get("/catalogue/", headers={"X-Forwarded-For": "203.0.113.9"}).status_code == 429
    assert client.get("/catalogue/", headers={"X-Forwarded-For": "203.0.113.10"}).status_code == 200
    with proxied.app_context():
        _db.session.remove()
        _db.engine.dispose()
