"""Sessions end when they should; password guessing is throttled; the password policy."""
from __future__ import annotations

from datetime import timedelta

import pytest
import sqlalchemy as sa

from app import clock, create_app
from app.models import LoginLock, Role
from config import TestConfig
from tests.conftest import PASSWORD, login, text_of

LOCKED = "Bạn đã nhập sai quá nhiều lần"


@pytest.fixture
def move_clock(monkeypatch):
    """Call it with a timedelta to move the app's clock forward from the real now."""
    start = clock.now()

    def move(delta: timedelta) -> None:
        monkeypatch.setattr(clock, "now", lambda: start + delta)

    move(timedelta(0))
    return move


def remembered_client(app, user):
    """A client logged in with "stay logged in", and a second client holding only its cookie."""
    client = app.test_client()
    response = client.post("/auth/login", data={"email": user.email, "password": PASSWORD, "remember": "y"})
    assert response.status_code == 302
    cookie = client.get_cookie("remember_token")
    assert cookie is not None
    other = app.test_client()
    other.set_cookie("remember_token", cookie.value)
    return client, other, cookie.value


def logged_in(client) -> bool:
    return client.get("/").status_code == 200


def test_logout_ends_every_session_and_remember_cookie_of_the_user(app, make_user):
    user = make_user(Role.CONSULTANT)
    first, cookie_only, _value = remembered_client(app, user)
    second = login(app.test_client(), user.email)
    assert logged_in(first) and logged_in(second) and logged_in(cookie_only)
    assert first.post("/auth/logout").status_code == 302
    assert not logged_in(first)
    assert not logged_in(second)
    assert not logged_in(cookie_only)


def test_password_change_ends_other_sessions_but_keeps_this_one(app, make_user):
    user = make_user(Role.CONSULTANT)
    this, cookie_only, _value = remembered_client(app, user)
    other = login(app.test_client(), user.email)
    response = this.post("/auth/password", data={"current_password": PASSWORD, "new_password": "Mat-khau-moi-2030",
                                                 "confirm": "Mat-khau-moi-2030"})
    assert response.status_code == 302
    assert logged_in(this)
    assert not logged_in(other)
    assert not logged_in(cookie_only)


def test_admin_reset_and_deactivation_end_the_users_sessions(app, make_user, login_as):
    admin_client, _admin = login_as(Role.ADMIN)
    reset_user, deactivated = make_user(Role.CONSULTANT), make_user(Role.OFFICE)
    reset_session, deactivated_session = login(app.test_client(), reset_user.email), login(app.test_client(), deactivated.email)
    assert admin_client.post(f"/admin/users/{reset_user.id}/reset-password").status_code == 200
    assert not logged_in(reset_session)
    response = admin_client.post(f"/admin/users/{deactivated.id}", data={
        "full_name": deactivated.full_name, "phone": "", "role": "office", "organization_id": ""})
    assert response.status_code == 302
    assert not logged_in(deactivated_session)


def test_remember_cookie_changes_at_each_login_and_lasts_at_most_30_days(app, make_user, move_clock):
    user = make_user(Role.CONSULTANT)
    _client, cookie_only, first_value = remembered_client(app, user)
    move_clock(timedelta(seconds=2))
    _client, _other, second_value = remembered_client(app, user)
    assert first_value != second_value
    move_clock(timedelta(days=29))
    assert logged_in(cookie_only)
    move_clock(timedelta(days=30, minutes=1))
    assert not logged_in(cookie_only)


def test_session_ends_after_8_idle_hours_and_12_hours_after_login(app, make_user, move_clock):
    user = make_user(Role.CONSULTANT)
    idle = login(app.test_client(), user.email)
    busy = login(app.test_client(), user.email)
    for hours in (3, 6, 9):
        move_clock(timedelta(hours=hours, minutes=-1))
        assert logged_in(busy)
    assert not logged_in(idle)  # 9 hours since its last request
    move_clock(timedelta(hours=12, minutes=1))
    response = busy.get("/", follow_redirects=True)
    assert "Phiên làm việc đã kết thúc" in text_of(response)
    assert not logged_in(busy)


def post_wrong(client, email: str):
    return client.post("/auth/login", data={"email": email, "password": "Sai-mat-khau-2030"})


def test_five_wrong_passwords_lock_the_email_whether_it_exists_or_not(app, client, db, make_user, move_clock):
    user = make_user(Role.CONSULTANT)
    for email in (user.email, "ghost@example.vn"):
        for _attempt in range(4):
            assert LOCKED not in text_of(post_wrong(client, email))
        assert LOCKED in text_of(post_wrong(client, email))
    # Locked: even the right password is refused, with the same words as for an unknown email.
    right = client.post("/auth/login", data={"email": user.email, "password": PASSWORD})
    ghost = client.post("/auth/login", data={"email": "ghost@example.vn", "password": PASSWORD})
    assert right.status_code == ghost.status_code == 429
    assert text_of(right).replace(user.email, "") == text_of(ghost).replace("ghost@example.vn", "")
    locks = db.session.scalars(sa.select(LoginLock).order_by(LoginLock.id)).all()
    assert [(lock.email, lock.failures) for lock in locks] == [(user.email, 5), ("ghost@example.vn", 5)]
    # The lock outlives the app object (another gunicorn worker, a restart): it is in the database.
    restarted = create_app(TestConfig, SQLALCHEMY_DATABASE_URI=app.config["SQLALCHEMY_DATABASE_URI"],
                           UPLOAD_DIR=app.config["UPLOAD_DIR"])
    with restarted.app_context():
        response = restarted.test_client().post("/auth/login", data={"email": user.email, "password": PASSWORD})
        assert response.status_code == 429
    move_clock(timedelta(minutes=16))
    login(client, user.email)


def test_a_second_lock_lasts_twice_as_long(client, make_user, move_clock):
    user = make_user(Role.CONSULTANT)
    for _attempt in range(5):
        post_wrong(client, user.email)
    move_clock(timedelta(minutes=16))
    for _attempt in range(5):
        post_wrong(client, user.email)
    move_clock(timedelta(minutes=16 + 20))
    assert client.post("/auth/login", data={"email": user.email, "password": PASSWORD}).status_code == 429
    move_clock(timedelta(minutes=16 + 31))
    login(client, user.email)


def test_twenty_wrong_passwords_from_one_address_lock_it(app, make_user):
    user = make_user(Role.CONSULTANT)
    client = app.test_client()
    for n in range(19):
        assert LOCKED not in text_of(post_wrong(client, f"guess{n}@example.vn"))
    assert LOCKED in text_of(post_wrong(client, "guess19@example.vn"))
    assert client.post("/auth/login", data={"email": user.email, "password": PASSWORD}).status_code == 429
    elsewhere = app.test_client()
    elsewhere.environ_base["REMOTE_ADDR"] = "10.0.0.9"
    login(elsewhere, user.email)


def test_a_success_clears_the_emails_earlier_mistakes(client, make_user):
    user = make_user(Role.CONSULTANT)
    for _attempt in range(4):
        post_wrong(client, user.email)
    login(client, user.email)
    client.post("/auth/logout")
    for _attempt in range(4):
        assert LOCKED not in text_of(post_wrong(client, user.email))


def test_admins_see_every_lock(client, make_user, login_as):
    for _attempt in range(5):
        post_wrong(client, "ghost@example.vn")
    admin, _user = login_as(Role.ADMIN)
    page = admin.get("/admin/login-locks")
    assert page.status_code == 200
    assert "ghost@example.vn" in text_of(page)
    producer, _user = login_as(Role.PRODUCER)
    assert producer.get("/admin/login-locks").status_code == 403


def test_common_and_short_passwords_are_refused_when_chosen(app, make_user, login_as):
    client, user = login_as(Role.CONSULTANT)
    for new, message in (("Ngan-qua-1", "Ít nhất 12 ký tự"), ("qwertyuiop123", "kẻ gian thường thử"),
                         ("DemoOCOP2030", "kẻ gian thường thử")):
        response = client.post("/auth/password", data={"current_password": PASSWORD, "new_password": new, "confirm": new})
        assert response.status_code == 422
        assert message in text_of(response)
    login(app.test_client(), user.email)  # the password is unchanged


def test_the_demo_password_is_accepted_in_demo_mode(app, login_as):
    app.config["DEMO_MODE"] = True
    client, user = login_as(Role.CONSULTANT)
    response = client.post("/auth/password", data={"current_password": PASSWORD, "new_password": "DemoOCOP2030",
                                                   "confirm": "DemoOCOP2030"})
    assert response.status_code == 302
    login(app.test_client(), user.email, "DemoOCOP2030")
