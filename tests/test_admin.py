"""User administration: create accounts, change roles, reset passwords."""
from __future__ import annotations

import sqlalchemy as sa

from app.models import Role, User
from tests.conftest import PASSWORD, login, text_of

MSG_CHOOSE_ORGANIZATION = "Chọn tổ chức của tài khoản chủ thể sản xuất."


def test_admin_creates_a_consultant_who_must_change_the_password(app, login_as, db):
    admin, _ = login_as(Role.ADMIN)
    response = admin.post("/admin/users/new", data={
        "full_name": "Trần Văn Tư", "email": "tu@sokhcn.vn", "phone": "0912000111",
        "role": "consultant", "organization_id": "", "password": "tam-thoi-123",
    })
    assert response.status_code == 302
    user = db.session.scalar(sa.select(User).where(User.email == "tu@sokhcn.vn"))
    assert user.role == Role.CONSULTANT and user.must_change_password
    client = login(app.test_client(), "tu@sokhcn.vn", "tam-thoi-123")
    assert client.get("/").headers["Location"].endswith("/auth/password")


def test_producer_account_needs_an_organization(login_as, make_organization):
    admin, _ = login_as(Role.ADMIN)
    data = {"full_name": "Chủ thể", "email": "p@example.vn", "phone": "0912000111", "role": "producer",
            "organization_id": "", "password": "tam-thoi-123"}
    response = admin.post("/admin/users/new", data=data)
    assert response.status_code == 422
    assert MSG_CHOOSE_ORGANIZATION in text_of(response)
    organization = make_organization()
    data["organization_id"] = str(organization.id)
    assert admin.post("/admin/users/new", data=data).status_code == 302


def test_admin_changes_a_role(login_as, make_user, db):
    target = make_user(Role.OFFICE)
    admin, _ = login_as(Role.ADMIN)
    response = admin.post(f"/admin/users/{target.id}", data={
        "full_name": target.full_name, "phone": "", "role": "consultant", "organization_id": "", "active": "y"})
    assert response.status_code == 302
    assert db.session.get(User, target.id).role == Role.CONSULTANT


def test_the_last_admin_cannot_be_demoted(login_as, db):
    admin, me = login_as(Role.ADMIN)
    response = admin.post(f"/admin/users/{me.id}", data={
        "full_name": me.full_name, "phone": "", "role": "office", "organization_id": "", "active": "y"})
    assert response.status_code == 422
    assert db.session.get(User, me.id).role == Role.ADMIN


def test_reset_password_shows_it_once_and_forces_a_change(app, login_as, make_user, db):
    target = make_user(Role.OFFICE)
    admin, _ = login_as(Role.ADMIN)
    response = admin.post(f"/admin/users/{target.id}/reset-password")
    assert response.status_code == 200
    import re

    password = re.search(r'id="temporary-password">([^<]+)<', response.get_data(as_text=True)).group(1)
    assert "Set-Cookie" not in response.headers or password not in response.headers["Set-Cookie"]
    user_client = app.test_client()
    assert user_client.post("/auth/login", data={"email": target.email, "password": PASSWORD}).status_code == 200
    login(user_client, target.email, password)
    assert user_client.get("/organizations/").headers["Location"].endswith("/auth/password")
    user_client.post("/auth/password", data={"current_password": password, "new_password": "rieng-cua-toi", "confirm": "rieng-cua-toi"})
    assert user_client.get("/organizations/").status_code == 200
