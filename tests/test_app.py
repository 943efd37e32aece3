"""App-wide behaviour: configuration, health check, error pages, demo data."""
from __future__ import annotations

import logging
import os
import subprocess
import sys

import pytest
import sqlalchemy as sa

import config
from app import create_app
from app.demo import ACCOUNTS, DEMO_PASSWORD
from app.models import Case, Organization, Product, Role, User
from tests.conftest import login, text_of


def test_production_refuses_to_start_without_secret_key(monkeypatch):
    class NoKey(config.ProductionConfig):
        SECRET_KEY = None

    with pytest.raises(RuntimeError, match="SECRET_KEY"):
        create_app(NoKey)


def test_app_config_is_chosen_by_environment(monkeypatch):
    monkeypatch.setenv("APP_CONFIG", "development")
    assert config.config_from_env() is config.DevelopmentConfig
    monkeypatch.setenv("APP_CONFIG", "nonsense")
    with pytest.raises(RuntimeError):
        config.config_from_env()
    monkeypatch.delenv("APP_CONFIG")
    assert config.config_from_env() is config.ProductionConfig


@pytest.mark.parametrize(
    "raw,expected",
    [
        ("postgres://u:p@db/ocop", "postgresql+psycopg://u:p@db/ocop"),
        ("postgresql://u@db/ocop", "postgresql+psycopg://u@db/ocop"),
        ("postgresql+psycopg://u@db/ocop", "postgresql+psycopg://u@db/ocop"),
        ("sqlite:////srv/ocop.db", "sqlite:////srv/ocop.db"),
    ],
)
def test_database_url_goes_through_psycopg3(raw, expected):
    assert config.database_url(raw) == expected


def test_default_database_is_a_file_under_instance():
    assert config.database_url(None) == f"sqlite:///{config.INSTANCE_DIR / 'ocop.sqlite3'}"


def test_healthz_reports_the_database(client):
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response.get_json() == {"status": "ok", "database": "ok"}


def test_healthz_is_503_when_the_database_is_gone(tmp_path):
    app = create_app(config.TestConfig, SQLALCHEMY_DATABASE_URI=f"sqlite:///{tmp_path}/missing/dir/x.db", UPLOAD_DIR=str(tmp_path))
    response = app.test_client().get("/healthz")
    assert response.status_code == 503
    assert response.get_json()["database"] == "error"


def test_unexpected_error_gives_a_vietnamese_500_page(app, client):
    @app.route("/boom")
    def boom():
        raise ZeroDivisionError

    app.config["PROPAGATE_EXCEPTIONS"] = False
    response = client.get("/boom")
    assert response.status_code == 500
    assert "Đã xảy ra lỗi" in text_of(response)


def test_demo_seed_is_idempotent_and_complete(app, runner, db):
    first = runner.invoke(args=["seed-demo"])
    assert "Demo data loaded." in first.output
    counts = [db.session.scalar(sa.select(sa.func.count()).select_from(m)) for m in (User, Organization, Product, Case)]
    second = runner.invoke(args=["seed-demo"])
    assert "already present" in second.output
    assert [db.session.scalar(sa.select(sa.func.count()).select_from(m)) for m in (User, Organization, Product, Case)] == counts
    roles = {u.email: u.role for u in db.session.scalars(sa.select(User))}
    assert roles == {a.email: a.role for a in ACCOUNTS}
    for account in ACCOUNTS:
        assert account.email in second.output


def test_demo_producers_never_see_each_other(app, runner):
    runner.invoke(args=["seed-demo"])
    htx = login(app.test_client(), "htx@demo.ocop.vn", DEMO_PASSWORD)
    household = login(app.test_client(), "hokinhdoanh@demo.ocop.vn", DEMO_PASSWORD)
    htx_home, household_home = htx.get("/").get_data(as_text=True), household.get("/").get_data(as_text=True)
    assert "Khóm Cầu Đúc" in htx_home and "Mắm cá lóc" not in htx_home
    assert "Mắm cá lóc" in household_home and "Khóm Cầu Đúc" not in household_home


def test_no_demo_accounts_without_demo_data(app, db):
    assert db.session.scalar(sa.select(sa.func.count()).select_from(User)) == 0
    response = app.test_client().post("/auth/login", data={"email": "admin@demo.ocop.vn", "password": DEMO_PASSWORD})
    assert response.status_code == 200


def test_bootstrap_is_served_locally(client):
    page = client.get("/auth/login").get_data(as_text=True)
    assert "cdn" not in page.lower()
    assert client.get("/bootstrap/static/css/bootstrap.min.css").status_code == 200


def test_create_admin_command(app, runner, db):
    result = runner.invoke(args=["create-admin", "Chief@SoKHCN.vn", "--name", "Trưởng phòng", "--password", "mot-mat-khau-dai"])
    assert result.exit_code == 0, result.output
    user = db.session.scalar(sa.select(User).where(User.email == "chief@sokhcn.vn"))
    assert user.role == Role.ADMIN and user.check_password("mot-mat-khau-dai")
    again = runner.invoke(args=["create-admin", "chief@sokhcn.vn", "--name", "X", "--password", "mot-mat-khau-dai"])
    assert again.exit_code != 0 and "already" in again.output
    short = runner.invoke(args=["create-admin", "b@x.vn", "--name", "X", "--password", "short"])
    assert short.exit_code != 0


def test_admin_home_links_to_reference_data_and_api_tokens(login_as):
    admin, _ = login_as(Role.ADMIN)
    page = admin.get("/").get_data(as_text=True)
    assert 'href="/reference/admin/"' in page and 'href="/api/v1/tokens"' in page
    assert 'href="/reference/fees"' in page and 'href="/catalogue/"' in page


def test_importing_config_writes_nothing(tmp_path):
    """The development key is made by create_app, not as a side effect of importing config."""
    instance = tmp_path / "instance"
    env = {**os.environ, "INSTANCE_DIR": str(instance)}
    subprocess.run([sys.executable, "-c", "import config"], cwd=config.BASE_DIR, env=env, check=True)
    assert not instance.exists()


def test_development_key_is_made_once_and_kept(tmp_path):
    key_file = tmp_path / "instance" / "dev-secret-key"
    first = create_app(config.DevelopmentConfig, SECRET_KEY=None, DEV_SECRET_KEY_FILE=key_file,
                       SQLALCHEMY_DATABASE_URI="sqlite://", UPLOAD_DIR=str(tmp_path / "up"))
    again = create_app(config.DevelopmentConfig, SECRET_KEY=None, DEV_SECRET_KEY_FILE=key_file,
                       SQLALCHEMY_DATABASE_URI="sqlite://", UPLOAD_DIR=str(tmp_path / "up"))
    assert len(first.config["SECRET_KEY"]) == 64 and first.config["SECRET_KEY"] == again.config["SECRET_KEY"]
    assert key_file.stat().st_mode & 0o777 == 0o600


def test_business_events_are_logged(db, make_user, make_organization, make_case, caplog):
    """A status change and a refused login leave a line in the log (never the password)."""
    from app.auth import services as auth_services
    from app.cases import workflow

    case = make_case(make_organization())
    consultant = make_user(Role.CONSULTANT)
    with caplog.at_level(logging.INFO, logger="app"):
        workflow.transition(case, "submit", consultant)
        assert auth_services.authenticate(consultant.email, "not-the-password-123") is None
    messages = [r.getMessage() for r in caplog.records]
    assert f"case {case.id}: submit (draft -> submitted) by user {consultant.id}" in messages
    assert f"login refused for user {consultant.id} (wrong password)" in messages
    assert not any("not-the-password-123" in m for m in messages)
