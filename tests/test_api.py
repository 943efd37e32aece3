"""The read-only API: per-user tokens issued and revoked by an admin, same filters and scoping as the list."""
from __future__ import annotations

import re

from app.api import services
from app.models import ApiToken, Role


def _token_for(db, user, admin):
    _token, plain = services.issue(user, "cổng dữ liệu", admin)
    db.session.commit()
    return {"Authorization": f"Bearer {plain}"}


def test_requests_without_a_valid_token_are_refused(client):
    assert client.get("/api/v1/products").status_code == 401
    assert client.get("/api/v1/products", headers={"Authorization": "Bearer ocop_nope"}).status_code == 401
    assert client.get("/api/v1/products", headers={"Authorization": "Basic abc"}).status_code == 401


def test_admin_issues_and_revokes_a_token(db, login_as, make_user, make_organization, make_product):
    make_product(make_organization(), name="Khóm Cầu Đúc", stars=5)
    make_product(make_organization(), name="Mắm", stars=3)
    admin_client, _admin = login_as(Role.ADMIN)
    portal = make_user(Role.OFFICE)
    response = admin_client.post("/api/v1/tokens", data={"user_id": portal.id, "name": "Cổng dữ liệu tỉnh"})
    plain = re.search(r"data-new-token>([^<]+)<", response.get_data(as_text=True)).group(1)
    stored = db.session.scalars(db.select(ApiToken)).one()
    assert plain not in (stored.token_hash, stored.prefix)  # only a hash is kept
    headers = {"Authorization": f"Bearer {plain}"}
    data = admin_client.get("/api/v1/products?stars=5&q=khom", headers=headers).get_json()
    assert data["total"] == 1 and data["items"][0]["name"] == "Khóm Cầu Đúc"
    assert data["items"][0]["ip_status"] == "none"
    item = admin_client.get(f"/api/v1/products/{data['items'][0]['id']}", headers=headers).get_json()
    assert item["stars"] == 5 and "phone" not in str(item)
    assert db.session.get(ApiToken, stored.id).last_used_at is not None
    admin_client.post(f"/api/v1/tokens/{stored.id}/revoke")
    assert admin_client.get("/api/v1/products", headers=headers).status_code == 401


def test_only_admins_manage_tokens(login_as):
    for role in (Role.OFFICE, Role.CONSULTANT, Role.PRODUCER):
        client, _ = login_as(role)
        assert client.get("/api/v1/tokens").status_code == 403


def test_a_producer_token_sees_only_its_own_products(db, make_user, make_organization, make_product):
    admin = make_user(Role.ADMIN)
    producer = make_user(Role.PRODUCER)
    mine = make_product(producer.organization, name="Của tôi")
    theirs = make_product(make_organization(), name="Của người khác")
    headers = _token_for(db, producer, admin)
    from flask import current_app

    client = current_app.test_client()
    data = client.get("/api/v1/products", headers=headers).get_json()
    assert [i["id"] for i in data["items"]] == [mine.id]
    assert client.get(f"/api/v1/products/{theirs.id}", headers=headers).status_code == 404


def test_pagination_is_bounded(db, make_user, make_organization, make_product):
    admin = make_user(Role.ADMIN)
    organization = make_organization()
    for n in range(5):
        make_product(organization, name=f"SP {n}")
    headers = _token_for(db, admin, admin)
    from flask import current_app

    data = current_app.test_client().get("/api/v1/products?per_page=2&page=3", headers=headers).get_json()
    assert (data["page"], data["pages"], data["total"], len(data["items"])) == (3, 3, 5, 1)
    data = current_app.test_client().get("/api/v1/products?per_page=100000", headers=headers).get_json()
    assert data["per_page"] == 200
