"""Benchmark: every list page, its search, the home pages and the public catalogue at 1,000 and at
50,000 cases and products (issue 19).

Run with `make bench`. Prints figures; asserts nothing (speed goals are not tests).
Targets (median server time on SQLite): every list page and its search <= 50 ms, the home pages
(dashboards) <= 100 ms, the public catalogue at 10,000 protected products <= 50 ms; the SQL queries
per page are the same at 1,000 and at 50,000 rows.

The database has its planner statistics (ANALYZE), as a deployment has after `PRAGMA optimize`.
Measured through real requests as in production: each request comes from a new test client carrying
the logged-in session cookie, outside any app context, so the user is loaded from the session and
nothing is left in the database session from the request before.
"""
from __future__ import annotations

import logging
import random
import shutil
import statistics
import sys
import tempfile
import time
from datetime import timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

import sqlalchemy as sa  # noqa: E402
from flask_migrate import upgrade  # noqa: E402

from app import clock, create_app  # noqa: E402
from app.api import services as api_services  # noqa: E402
from app.auth import services as auth_services  # noqa: E402
from app.extensions import db  # noqa: E402
from app.models import (  # noqa: E402
    Case,
    CaseKind,
    CaseStatus,
    Deadline,
    DeadlineRule,
    Organization,
    OrganizationKind,
    Party,
    Product,
    ProductGroup,
    ProductVerification,
    Role,
    User,
    case_products,
)
from app.text import fold  # noqa: E402
from config import TestConfig  # noqa: E402

SIZES = (1_000, 50_000)
RUNS = 11
PASSWORD = "benchmark-list-1"
WARDS = (31321, 31333, 31339, 31342)
WORDS = ("Khóm", "Bưởi", "Mắm", "Rượu", "Bánh", "Gạo", "Mật ong", "Trà", "Lục bình", "Chanh")
STATUSES = (CaseStatus.DRAFT, CaseStatus.SUBMITTED, CaseStatus.FILED, CaseStatus.PUBLISHED, CaseStatus.REFUSED)
#: (label, role, url, target ms); "anonymous" is a visitor without login, "token" the JSON API
PAGES = (
    ("cases", "consultant", "/cases/", 50), ("cases, search", "consultant", "/cases/?q=khom+cau+duc", 50),
    ("cases, filter, page 20", "consultant", "/cases/?status=filed&page=20", 50),
    ("cases (producer)", "producer", "/cases/", 50), ("deadlines", "consultant", "/deadlines/", 50),
    ("deadlines, mine", "consultant", "/deadlines/?mine=1", 50), ("organizations", "office", "/organizations/", 50),
    ("organizations, search", "office", "/organizations/?q=khom", 50), ("products", "office", "/products/", 50),
    ("products, search", "office", "/products/?q=khom+cau+duc", 50), ("API products", "token", "/api/v1/products", 50),
    ("home consultant", "consultant", "/", 100), ("home office", "office", "/", 100),
    ("home producer", "producer", "/", 100), ("home admin", "admin", "/", 100),
    ("catalogue", "anonymous", "/catalogue/", 50), ("catalogue, search", "anonymous", "/catalogue/?q=khom+cau+duc", 50),
    ("catalogue, page 40", "anonymous", "/catalogue/?page=40", 50),
)


def load(size: int) -> tuple:
    """`size` products of size/20 organizations (bulk inserts); _load_cases adds the cases."""
    random.seed(19)
    organizations = max(50, size // 20)
    names = [f"Hợp tác xã {WORDS[i % 10]} Cầu Đúc số {i}" for i in range(organizations)]
    db.session.execute(sa.insert(Organization), [
        dict(name=name, kind=OrganizationKind.COOPERATIVE, tax_code=f"63{i:08d}", address_line="Ấp 1",
             province_code=92, ward_code=WARDS[i % 4], legal_representative="A", verified=i % 7 != 0,
             search_key=fold(f"{name} 63{i:08d}")) for i, name in enumerate(names)])
    org_ids = list(db.session.scalars(sa.select(Organization.id).order_by(Organization.id)))
    products = []
    for i in range(size):
        name, org = f"{random.choice(WORDS)} Cầu Đúc {i}", i % organizations
        products.append(dict(name=name, organization_id=org_ids[org], group=random.choice(list(ProductGroup)),
                             stars=random.choice((3, 4, 5)), ward_code=WARDS[i % 4], certificate_number=f"OCOP-{i}",
                             search_text=fold(f"{name} {names[org]}")))
    db.session.execute(sa.insert(Product), products)
    product_ids = list(db.session.scalars(sa.select(Product.id).order_by(Product.id)))
    return org_ids, names, product_ids


def load_cases(size: int, org_ids: list[int], names: list[str], product_ids: list[int]) -> None:
    """`size` cases (one in five granted, protecting a product that has its QR token), a third of
    them the consultant's, one open deadline each: bulk inserts."""
    today = clock.today()
    consultant = db.session.scalar(sa.select(User.id).where(User.role == Role.CONSULTANT))
    cases = []
    for i in range(size):
        org, protected = i % len(org_ids), i % 5 == 0
        title = f"{WORDS[i % 10].upper()} CẦU ĐÚC {i}"
        cases.append(dict(kind=CaseKind.TRADEMARK, title=title, organization_id=org_ids[org],
                          status=CaseStatus.GRANTED if protected else STATUSES[i % 5],
                          consultant_id=consultant if i % 3 == 0 else None,
                          filing_date=today - timedelta(days=400) if protected else None,
                          grant_date=today - timedelta(days=30) if protected else None,
                          expiry_date=today + timedelta(days=3000) if protected else None,
                          search_key=fold(f"{title} {names[org]}")))
    db.session.execute(sa.insert(Case), cases)
    case_ids = list(db.session.scalars(sa.select(Case.id).order_by(Case.id)))
    db.session.execute(sa.insert(case_products), [dict(case_id=c, product_id=product_ids[i]) for i, c in enumerate(case_ids)])
    db.session.execute(sa.insert(ProductVerification), [dict(product_id=product_ids[i], token=f"bench{i}")
                                                        for i in range(0, size, 5)])
    rules = db.session.scalars(sa.select(DeadlineRule).where(DeadlineRule.informational.is_(False))).all()
    applicant = next(r for r in rules if r.party == Party.APPLICANT)
    office = next(r for r in rules if r.party == Party.OFFICE)
    deadlines = []
    for i, case_id in enumerate(case_ids):
        due = today + timedelta(days=i % 90 - 20)
        deadlines.append(dict(case_id=case_id, rule_id=(applicant if i % 2 else office).id, trigger_date=today,
                              nominal_due=due, due_date=due))
    db.session.execute(sa.insert(Deadline), deadlines)
    db.session.commit()


def _users() -> dict:
    """One user per role (the producer in the first organization) and an API token."""
    first_org = db.session.scalar(sa.select(Organization).order_by(Organization.id))
    users = {role: auth_services.create_user(email=f"{role}@bench.vn", full_name=role, password=PASSWORD,
                                             role=Role(role), organization=first_org if role == "producer" else None)
             for role in ("consultant", "office", "producer", "admin")}
    db.session.commit()
    _token, plain = api_services.issue(users["office"], "bench", users["admin"])
    db.session.commit()
    return {role: user.email for role, user in users.items()}, plain


def _cookies(app, emails: dict) -> dict:
    cookies = {}
    for role, email in emails.items():
        client = app.test_client()
        assert client.post("/auth/login", data={"email": email, "password": PASSWORD}).status_code == 302
        cookies[role] = client.get_cookie("session").value
    return cookies


def measure(app, engine, cookies: dict, token: str) -> dict:
    """Median milliseconds and SQL queries of every page, each request from a new client."""
    queries: list[int] = []
    listener = lambda *_args: queries.append(1)  # noqa: E731
    sa.event.listen(engine, "before_cursor_execute", listener)
    figures = {}
    for label, role, url, _target in PAGES:
        times, counts = [], []
        for _ in range(RUNS):
            client = app.test_client()
            if role in cookies:
                client.set_cookie("session", cookies[role])
            headers = {"Authorization": f"Bearer {token}"} if role == "token" else {}
            queries.clear()
            start = time.perf_counter()
            response = client.get(url, headers=headers)
            times.append(time.perf_counter() - start)
            counts.append(len(queries))
            assert response.status_code == 200, (label, response.status_code)
        # the median count: the first public request of each minute also deletes old request counts
        figures[label] = (statistics.median(times[1:]) * 1000, int(statistics.median(counts[1:])))
    sa.event.remove(engine, "before_cursor_execute", listener)
    return figures


def run(size: int) -> dict:
    folder = Path(tempfile.mkdtemp())
    app = create_app(TestConfig, SQLALCHEMY_DATABASE_URI=f"sqlite:///{folder / 'bench.sqlite3'}",
                     UPLOAD_DIR=str(folder / "uploads"))
    with app.app_context():
        upgrade()
        start = time.perf_counter()
        loaded = load(size)
        emails, token = _users()
        load_cases(size, *loaded)
        if db.engine.dialect.name == "sqlite":
            # Without statistics SQLite's planner guesses (e.g. reads 10,000 granted cases to find the titles of
            # 50 products); a deployment gets them from `PRAGMA optimize` after big imports (see the README).
            db.session.execute(sa.text("ANALYZE"))
            db.session.commit()
        print(f"loaded {size:,} cases and products in {time.perf_counter() - start:.1f} s", flush=True)
        engine = db.engine
        db.session.remove()
    cookies = _cookies(app, emails)
    figures = measure(app, engine, cookies, token)
    engine.dispose()
    shutil.rmtree(folder, ignore_errors=True)
    return figures


def main() -> None:
    logging.disable(logging.INFO)  # migration chatter would bury the figures
    results = {size: run(size) for size in SIZES}
    small, large = SIZES
    print(f"\n{'page':<26}{'target':>8}{f'{small:,} rows':>14}{'queries':>9}{f'{large:,} rows':>14}{'queries':>9}  verdict")
    for label, _role, _url, target in PAGES:
        (ms_small, q_small), (ms_large, q_large) = results[small][label], results[large][label]
        verdict = "ok" if ms_large <= target and q_small == q_large else "MISSED"
        print(f"{label:<26}{target:>6} ms{ms_small:>11.1f} ms{q_small:>9}{ms_large:>11.1f} ms{q_large:>9}  {verdict}")
    print(f"(the catalogue holds {large // 5:,} protected products at {large:,} rows)")


if __name__ == "__main__":
    main()
