"""Login, logout, registration, password changes, bad input."""
from __future__ import annotations

import pytest
import sqlalchemy as sa

from app.models import Role, User
from config import TestConfig
from tests.conftest import PASSWORD, VI_THANH_WARD, login, text_of

WRONG = "Sai email hoặc mật khẩu."


def test_login_lands_on_home(client, make_user):
    user = make_user(Role.CONSULTANT)
    response = client.post("/auth/login", data={"email": user.email, "password": PASSWORD})
    assert response.status_code == 302
    assert response.headers["Location"] == "/"


def test_login_email_is_case_insensitive(client, make_user):
    user = make_user(Role.OFFICE, email="Van.Phong@Example.VN")
    assert user.email == "van.phong@example.vn"
    response = client.post("/auth/login", data={"email": "  VAN.PHONG@example.vn ", "password": PASSWORD})
    assert response.status_code == 302


def test_wrong_password_and_unknown_email_get_the_same_answer(client, make_user):
    user = make_user(Role.OFFICE)
    wrong_password = client.post("/auth/login", data={"email": user.email, "password": "nope-nope-1"})
    unknown_email = client.post("/auth/login", data={"email": "ai@example.vn", "password": PASSWORD})
    assert wrong_password.status_code == unknown_email.status_code == 200
    assert WRONG in text_of(wrong_password)
    assert WRONG in text_of(unknown_email)
    # Same page apart from the email echoed back: no hint which one was wrong.
    assert text_of(wrong_password).replace(user.email, "") == text_of(unknown_email).replace("ai@example.vn", "")


def test_inactive_user_cannot_log_in(client, make_user, db):
    user = make_user(Role.OFFICE)
    user.active = False
    db.session.commit()
    response = client.post("/auth/login", data={"email": user.email, "password": PASSWORD})
    assert response.status_code == 200
    assert WRONG in text_of(response)


@pytest.mark.parametrize(
    "email,message",
    [("", "Vui lòng điền mục này."), ("not-an-email", "Nhập địa chỉ email hợp lệ"), ("a" * 260 + "@x.vn", "Tối đa 254 ký tự")],
)
def test_malformed_login_input_gets_a_message_next_to_the_field(client, email, message):
    response = client.post("/auth/login", data={"email": email, "password": "x"})
    assert response.status_code == 422
    assert message in text_of(response)


def test_next_parameter_is_never_an_open_redirect(client, make_user):
    user = make_user(Role.OFFICE)
    response = client.post("/auth/login?next=//evil.example/x", data={"email": user.email, "password": PASSWORD})
    assert response.headers["Location"] == "/"
    client.post("/auth/logout")
    response = client.post("/auth/login?next=/organizations/", data={"email": user.email, "password": PASSWORD})
    assert response.headers["Location"] == "/organizations/"


def test_logout_is_post_only(client, make_user):
    user = make_user(Role.OFFICE)
    login(client, user.email)
    assert client.get("/auth/logout").status_code == 405
    assert client.post("/auth/logout").status_code == 302
    assert client.get("/").status_code == 302  # logged out: sent to the login page


def registration_data(**overrides):
    data = {
        "full_name": "Lâm Thị Mai",
        "email": "mai@example.vn",
        "phone": "0912 345 678",
        "password": "mat-khau-dai-du-12",
        "confirm": "mat-khau-dai-du-12",
        "name": "Hợp tác xã Bánh pía Vị Thanh",
        "kind": "cooperative",
        "tax_code": "6300999888",
        "legal_representative": "Lâm Thị Mai",
        "province_code": "92",
        "ward_code": str(VI_THANH_WARD),
        "address_line": "Khu vực 2",
        "org_phone": "",
        "org_email": "",
    }
    data.update(overrides)
    return data


def test_registration_creates_producer_and_unverified_organization(client, db):
    response = client.post("/auth/register", data=registration_data())
    assert response.status_code == 302
    user = db.session.scalar(sa.select(User).where(User.email == "mai@example.vn"))
    assert user.role == Role.PRODUCER
    assert user.phone == "0912345678"
    organization = user.organization
    assert organization.name == "Hợp tác xã Bánh pía Vị Thanh"
    assert organization.verified is False
    assert organization.ward_code == VI_THANH_WARD
    assert response.headers["Location"].endswith("/auth/login")
    home = login(client, "mai@example.vn", "mat-khau-dai-du-12").get("/")
    assert "đang chờ" in text_of(home)  # the producer is told verification is pending


@pytest.mark.parametrize(
    "field,value,message",
    [
        ("tax_code", "12345", "Mã số thuế gồm 10 chữ số"),
        ("tax_code", "6300999888-1", "Mã số thuế gồm 10 chữ số"),
        ("phone", "12345", "Nhập số điện thoại Việt Nam"),
        ("email", "mai@", "Nhập địa chỉ email hợp lệ"),
        ("name", "x" * 201, "Tối đa 200 ký tự"),
        ("full_name", "   ", "Vui lòng điền mục này."),
        ("password", "short", "Ít nhất 12 ký tự"),
        ("password", "Password1234", "kẻ gian thường thử"),  # in the shipped list of common passwords
        ("password", "DemoOCOP2030", "kẻ gian thường thử"),  # the published demo password
        ("confirm", "khac-hoan-toan", "Hai mật khẩu không khớp"),
        ("ward_code", "1", "Lựa chọn không hợp lệ"),
        ("ward_code", "", "Vui lòng chọn"),
        ("kind", "pirate", "Lựa chọn không hợp lệ"),
        ("province_code", "abc", "Vui lòng chọn"),
    ],
)
def test_registration_bad_input_is_explained_next_to_the_field(client, db, field, value, message):
    response = client.post("/auth/register", data=registration_data(**{field: value}))
    assert response.status_code == 422
    assert message in text_of(response)
    assert db.session.scalar(sa.select(sa.func.count()).select_from(User)) == 0
    # What the user typed comes back, so nothing is lost.
    assert "Hợp tác xã Bánh pía Vị Thanh" in response.get_data(as_text=True) or field == "name"


def test_ward_must_be_in_the_chosen_province(client):
    hanoi = "1"
    response = client.post("/auth/register", data=registration_data(province_code=hanoi))
    assert response.status_code == 422
    assert "Phường/xã này không thuộc tỉnh/thành phố đã chọn" in text_of(response)


def test_registration_refuses_a_taken_tax_code(client, make_organization):
    make_organization(tax_code="6300999888")
    response = client.post("/auth/register", data=registration_data())
    assert response.status_code == 422
    assert "Đã có tổ chức đăng ký với mã số thuế này" in text_of(response)


def test_registration_does_not_reveal_a_taken_email(client, db, make_user):
    taken = make_user(Role.OFFICE, email="mai@example.vn")
    answers = []
    for email in ("MAI@example.vn", "new@example.vn"):
        response = client.post("/auth/register", data=registration_data(email=email, tax_code=f"630099{len(answers)}888"),
                               follow_redirects=True)
        answers.append(text_of(response).replace(email, ""))
    assert answers[0] == answers[1]
    assert "Nếu email này chưa được đăng ký" in answers[0]
    # The taken email's account is untouched: no organization, same password.
    db.session.expire_all()
    assert db.session.get(User, taken.id).organization_id is None
    login(client, "mai@example.vn")
    assert db.session.scalar(sa.select(sa.func.count()).select_from(User)) == 2


def test_change_password(client, make_user):
    user = make_user(Role.CONSULTANT)
    login(client, user.email)
    bad = client.post("/auth/password", data={"current_password": "wrong", "new_password": "moi-mat-khau-2030", "confirm": "moi-mat-khau-2030"})
    assert bad.status_code == 422
    assert "Mật khẩu hiện tại không đúng" in text_of(bad)
    ok = client.post("/auth/password", data={"current_password": PASSWORD, "new_password": "moi-mat-khau-2030", "confirm": "moi-mat-khau-2030"})
    assert ok.status_code == 302
    client.post("/auth/logout")
    login(client, user.email, "moi-mat-khau-2030")


def test_csrf_missing_gives_a_vietnamese_400_page(make_user, tmp_path):
    from app import create_app
    from app.extensions import db

    class CSRFConfig(TestConfig):
        WTF_CSRF_ENABLED = True

    app = create_app(CSRFConfig, UPLOAD_DIR=str(tmp_path))
    with app.app_context():
        db.create_all()
        response = app.test_client().post("/auth/login", data={"email": "a@b.vn", "password": "x"})
        assert response.status_code == 400
        assert "Yêu cầu không hợp lệ" in text_of(response)
        assert "Biểu mẫu đã hết hạn" in text_of(response)


def test_csrf_token_from_the_form_is_accepted(tmp_path):
    import re

    from app import create_app
    from app.extensions import db

    class CSRFConfig(TestConfig):
        WTF_CSRF_ENABLED = True

    app = create_app(CSRFConfig, UPLOAD_DIR=str(tmp_path))
    with app.app_context():
        db.create_all()
        client = app.test_client()
        page = client.get("/auth/login").get_data(as_text=True)
        token = re.search(r'name="csrf_token" type="hidden" value="([^"]+)"', page).group(1)
        response = client.post("/auth/login", data={"email": "a@b.vn", "password": "x", "csrf_token": token})
        assert response.status_code == 200
        assert WRONG in text_of(response)
