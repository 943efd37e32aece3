"""Fixtures: a fresh app and database per test, clients logged in per role, factories."""
from __future__ import annotations

import itertools
import os
import re
import shutil
import time
from contextlib import contextmanager
from datetime import date
from pathlib import Path

import pytest
import sqlalchemy as sa
from flask import g
from flask.testing import FlaskClient

from app import create_app
from app.auth import services as auth_services
from app.extensions import db as _db
from app.models import Case, CaseKind, Organization, OrganizationKind, Product, ProductGroup, Role
from app.organizations import services as organization_services
from config import TestConfig

PASSWORD = "Correct-horse-9"
CAN_THO = 92
VI_THANH_WARD = 31321  # Phường Vị Thanh, Cần Thơ

_sequence = itertools.count(1)

#: the whole suite must stay under this on the 2-core development and CI machines
WALL_TIME_BUDGET_S = 15 * 60
_suite_started = time.monotonic()


def pytest_terminal_summary(terminalreporter, exitstatus, config):
    """Print the suite's wall time against its budget, just above pytest's own closing line."""
    elapsed = time.monotonic() - _suite_started
    verdict = "within" if elapsed <= WALL_TIME_BUDGET_S else "OVER"
    terminalreporter.write_line(f"Suite wall time: {elapsed / 60:.1f} min ({verdict} the "
                                f"{WALL_TIME_BUDGET_S // 60}-minute budget on this 2-core machine)")


class IsolatedClient(FlaskClient):
    """A test client whose every request starts like a production one.

    The app fixture keeps an app context open for the test body, and Flask reuses
    it for requests; without this, `g` (the logged-in user, the locale) and the
    database session would leak from one request to the next, and a view that
    forgot to commit would still look right.
    """

    def open(self, *args, **kwargs):
        _db.session.remove()
        vars(g).clear()
        try:
            return super().open(*args, **kwargs)
        finally:
            _db.session.remove()
            vars(g).clear()


@pytest.fixture(scope="session")
def migrated_database(tmp_path_factory) -> Path:
    """A SQLite file built once by the real migrations, reference data included."""
    from flask_migrate import upgrade

    path = tmp_path_factory.mktemp("template") / "migrated.sqlite3"
    template_app = create_app(TestConfig, SQLALCHEMY_DATABASE_URI=f"sqlite:///{path}",
                              UPLOAD_DIR=str(tmp_path_factory.mktemp("unused")))
    with template_app.app_context():
        upgrade()
        with _db.engine.connect() as connection:  # fold the WAL back in: the copy must be one file
            connection.exec_driver_sql("PRAGMA wal_checkpoint(TRUNCATE)")
            connection.exec_driver_sql("PRAGMA journal_mode=DELETE")
        _db.engine.dispose()
    return path


@pytest.fixture
def app(tmp_path, migrated_database):
    """An app on its own copy of the migrated database (schema and seeded reference data)."""
    database = tmp_path / "test.sqlite3"
    shutil.copyfile(migrated_database, database)
    app = create_app(TestConfig, SQLALCHEMY_DATABASE_URI=f"sqlite:///{database}", UPLOAD_DIR=str(tmp_path / "uploads"))
    app.test_client_class = IsolatedClient
    with app.app_context():
        # Objects made by factories stay readable after the session is closed.
        _db.session.configure(expire_on_commit=False)
        yield app
        _db.session.remove()
        _db.engine.dispose()


@pytest.fixture
def db(app):
    return _db


@pytest.fixture
def client(app):
    return app.test_client()


@pytest.fixture
def runner(app):
    return app.test_cli_runner()


@pytest.fixture
def make_organization(db):
    """Factory: an organization in Cần Thơ; keyword arguments override the defaults."""

    def make(**fields) -> Organization:
        n = next(_sequence)
        values = dict(
            name=f"Hợp tác xã Thử nghiệm {n}",
            kind=OrganizationKind.COOPERATIVE,
            tax_code=f"63{n:08d}",
            address_line="Ấp 1",
            province_code=CAN_THO,
            ward_code=VI_THANH_WARD,
            legal_representative="Nguyễn Văn A",
        )
        values.update(fields)
        organization = organization_services.register_organization(**values)
        db.session.commit()
        return organization

    return make


@pytest.fixture
def make_user(db, make_organization):
    """Factory: a user of a role (producers get a new organization unless one is given, contributors
    the first agency unless `agency_id` is given)."""

    def make(role: Role = Role.PRODUCER, organization: Organization | None = None, **fields):
        n = next(_sequence)
        if role == Role.PRODUCER and organization is None:
            organization = make_organization()
        if role == Role.CONTRIBUTOR and "agency_id" not in fields:  # contributors report for an agency
            from app.models import Agency
            fields["agency_id"] = db.session.scalar(sa.select(Agency.id).order_by(Agency.id).limit(1))
        user = auth_services.create_user(
            email=fields.pop("email", f"user{n}@example.vn"),
            full_name=fields.pop("full_name", f"Người dùng {n}"),
            password=fields.pop("password", PASSWORD),
            role=role,
            organization=organization if role == Role.PRODUCER else None,
            **fields,
        )
        db.session.commit()
        return user

    return make


@pytest.fixture
def make_product(db):
    def make(organization: Organization, **fields) -> Product:
        values = dict(name=f"Sản phẩm {next(_sequence)}", group=ProductGroup.FOOD, stars=4,
                      ward_code=organization.ward_code)
        values.update(fields)
        product = Product(organization=organization, **values)
        db.session.add(product)
        db.session.commit()
        return product

    return make


@pytest.fixture
def make_case(db):
    def make(organization: Organization, **fields) -> Case:
        from app.cases import workflow

        values = dict(kind=CaseKind.TRADEMARK, title=f"Nhãn hiệu {next(_sequence)}")
        values.update(fields)
        case = Case(organization=organization, **values)
        db.session.add(case)
        db.session.flush()
        workflow.record_creation(case, None)
        db.session.commit()
        return case

    return make


def login(client, email: str, password: str = PASSWORD):
    """Log a test client in through the real login form."""
    response = client.post("/auth/login", data={"email": email, "password": password})
    assert response.status_code == 302, response.data[:500]
    return client


@pytest.fixture
def login_as(app, make_user):
    """Factory: a new client logged in as a new user of the role (or as the given user)."""

    def make(role: Role | str = Role.PRODUCER, user=None, **fields):
        user = user or make_user(Role(role), **fields)
        return login(app.test_client(), user.email), user

    return make


def text_of(response) -> str:
    """The response body as text without tags and with collapsed whitespace."""
    html = response.get_data(as_text=True)
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", html))


def in_ci() -> bool:
    return os.environ.get("CI", "").lower() == "true"


@pytest.fixture(scope="session")
def postgres_url():
    """A real PostgreSQL server for the session: TEST_DATABASE_URL, or one started here.

    Outside CI a machine without PostgreSQL skips these tests; in CI it fails.
    """
    from tests.servers import postgres_bin_dir, postgres_cluster

    if os.environ.get("TEST_DATABASE_URL"):
        yield os.environ["TEST_DATABASE_URL"]
        return
    if postgres_bin_dir() is None:
        if in_ci():
            pytest.fail("PostgreSQL is required in CI (make test installs it)")
        pytest.skip("PostgreSQL server not installed")
    with postgres_cluster() as url:
        yield url


@pytest.fixture
def reference_data(db):
    """The fee schedule, Nice terms and form versions: seeded by the migrations, so already there."""
    return db


# --- Browser tests: Debian's Chromium driven by Playwright ------------------------------------

CHROMIUM = os.environ.get("CHROMIUM_PATH", "/usr/bin/chromium")
# Headless, as root, on a machine with no outside network.
CHROMIUM_ARGS = [
    "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
    "--disable-background-networking", "--disable-component-update", "--disable-sync",
]


@pytest.fixture(scope="module")
def browser():
    if not shutil.which(CHROMIUM) and not os.path.exists(CHROMIUM):
        if in_ci():
            pytest.fail(f"Chromium not found at {CHROMIUM}: browser tests must run in CI (make test installs it)")
        pytest.skip("Chromium not installed (make test installs Debian's chromium)")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS, headless=True)
        yield browser
        browser.close()


@contextmanager
def serve_demo(folder: Path, **config):
    """The app as `make run` builds it: migrated file database plus demo data, on a real port;
    yields (app, url). `config` overrides settings (e.g. a local mail server)."""
    app = create_app(TestConfig, SQLALCHEMY_DATABASE_URI=f"sqlite:///{folder / 'site.sqlite3'}",
                     UPLOAD_DIR=str(folder / "uploads"), WTF_CSRF_ENABLED=True, **config)
    from flask_migrate import upgrade as flask_migrate_upgrade

    from tests.servers import live_server

    with app.app_context():
        flask_migrate_upgrade()
        assert "Demo data loaded." in app.test_cli_runner().invoke(args=["seed-demo"]).output
    with live_server(app) as url:
        yield app, url
    with app.app_context():
        _db.engine.dispose()


@pytest.fixture(scope="module")
def demo_server(tmp_path_factory):
    """The demo site as `make run` builds it: (the app, its base URL)."""
    with serve_demo(tmp_path_factory.mktemp("site")) as served:
        yield served


@pytest.fixture(scope="module")
def demo_site(demo_server):
    """The demo site's base URL."""
    return demo_server[1]




@pytest.fixture
def no_kept_report_pdfs():
    """Every test renders its report PDFs (app/reports/services.py keeps the last ones made in the process)."""
    from app.reports import services

    services.clear_pdf_cache()
    yield
    services.clear_pdf_cache()


@pytest.fixture
def freeze_today(monkeypatch):
    """Call it with a date to make that day "today in Vietnam" for the app (app/clock.py)."""
    from app import clock

    def freeze(day: date) -> date:
        monkeypatch.setattr(clock, "today", lambda: day)
        return day

    return freeze


@pytest.fixture
def fetches(monkeypatch):
    """Every URL a PDF render asked for, with "ok" or "refused" (spies on the PDF URL fetcher)."""
    from app.documents.pdf import AppURLFetcher, FetchRefused

    calls: list[tuple[str, str]] = []
    original = AppURLFetcher.fetch

    def spy(self, url, headers=None):
        try:
            response = original(self, url, headers)
        except FetchRefused:
            calls.append((url, "refused"))
            raise
        calls.append((url, "ok"))
        return response

    monkeypatch.setattr(AppURLFetcher, "fetch", spy)
    return calls
