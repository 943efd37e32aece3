"""Every list costs the same SQL queries whether it shows 3 rows or a full page (issue 19): counted
through real requests, each starting like a production one (user loaded from the session), on SQLite
and PostgreSQL. Also: accent-insensitive search on the search keys, pagination and visibility."""
from __future__ import annotations

from datetime import timedelta

import pytest
import sqlalchemy as sa
from flask import current_app

from app import clock
from app.api import services as api_services
from app.extensions import db as _db
from app.models import (
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
)
from tests.both_databases import app  # noqa: F401  (every test here runs on SQLite and PostgreSQL)
from tests.conftest import CAN_THO, VI_THANH_WARD, login, text_of

#: (role, path) of every list and home page; a producer's lists are its own organization's only
LISTS = [
    ("consultant", "/cases/"), ("consultant", "/cases/?q=khom+cau+duc"), ("consultant", "/cases/?status=submitted"),
    ("producer", "/cases/"), ("consultant", "/deadlines/"), ("consultant", "/deadlines/?mine=1"),
    ("producer", "/deadlines/"), ("office", "/organizations/"), ("office", "/organizations/?q=khom"),
    ("office", "/products/"), ("producer", "/products/"), ("office", "/products/?q=khom"),
    ("consultant", "/"), ("producer", "/"), ("office", "/"), ("admin", "/"), ("token", "/api/v1/products"),
    ("anonymous", "/catalogue/"), ("anonymous", "/catalogue/?q=khom+cau+duc"), ("office", "/catalogue/"),
]

_serial = iter(range(1, 10**6))


def _rules() -> dict[str, DeadlineRule]:
    rules = _db.session.scalars(sa.select(DeadlineRule).order_by(DeadlineRule.id)).all()
    return {"applicant": next(r for r in rules if r.party == Party.APPLICANT and not r.informational),
            "office": next(r for r in rules if r.party == Party.OFFICE and not r.informational)}


def _organization() -> Organization:
    n = next(_serial)
    return Organization(name=f"Hợp tác xã Khóm Cầu Đúc {n}", kind=OrganizationKind.COOPERATIVE,
                        tax_code=f"64{n:08d}", address_line="Ấp 1", province_code=CAN_THO, ward_code=VI_THANH_WARD,
                        legal_representative="Nguyễn Văn A")


def _add_rows(count: int, producer_org: Organization, consultant) -> None:
    """`count` cases, products and deadlines of each kind in new organizations, and as many in the
    producer's: every row has its own organization, consultant and rules to load."""
    rules, today = _rules(), clock.today()
    for i in range(count):
        for organization in (_organization(), producer_org):
            product = Product(organization=organization, name=f"Khóm Cầu Đúc {next(_serial)}", group=ProductGroup.FOOD,
                              stars=4, ward_code=VI_THANH_WARD)
            case = Case(organization=organization, kind=CaseKind.TRADEMARK, title=f"KHÓM CẦU ĐÚC {next(_serial)}",
                        status=CaseStatus.SUBMITTED, consultant=consultant, products=[product])
            granted = Case(organization=organization, kind=CaseKind.TRADEMARK, title=f"CẦU ĐÚC {next(_serial)}",
                           status=CaseStatus.GRANTED, products=[product], certificate_number=f"4-{next(_serial):07d}-000",
                           filing_date=today - timedelta(days=400), grant_date=today - timedelta(days=30),
                           expiry_date=today + timedelta(days=3000))
            _db.session.add_all([case, granted, ProductVerification(product=product, token=f"t{next(_serial)}")])
            for rule, due in ((rules["applicant"], today - timedelta(days=1)), (rules["applicant"], today + timedelta(days=3)),
                              (rules["applicant"], today + timedelta(days=20)), (rules["office"], today + timedelta(days=60))):
                _db.session.add(Deadline(case=case, rule=rule, trigger_date=today, nominal_due=due, due_date=due))
    _db.session.commit()


@pytest.fixture
def clients(app, make_user, make_organization):  # noqa: F811
    producer_org = make_organization(name="Hợp tác xã của người dùng")
    users = {role: make_user(Role(role), organization=producer_org if role == "producer" else None)
             for role in ("consultant", "producer", "office", "admin")}
    _token, plain = api_services.issue(users["office"], "thử", users["admin"])
    _db.session.commit()
    return users, producer_org, plain


def _count_queries(users, plain) -> dict[tuple[str, str], int]:
    counts = {}
    statements = []

    def count(*_args):
        statements.append(1)

    for role, path in LISTS:
        client = current_app.test_client()
        if role != "anonymous":
            login(client, users["office" if role == "token" else role].email)
        headers = {"Authorization": f"Bearer {plain}"} if role == "token" else {}
        client.get(path, headers=headers)  # a first request may fill per-process caches
        sa.event.listen(_db.engine, "before_cursor_execute", count)
        statements.clear()
        response = client.get(path, headers=headers)
        sa.event.remove(_db.engine, "before_cursor_execute", count)
        assert response.status_code == 200, (role, path)
        counts[(role, path)] = len(statements)
    return counts


def test_every_list_costs_the_same_queries_for_3_rows_and_for_a_full_page(clients):
    users, producer_org, plain = clients
    _add_rows(3, producer_org, users["consultant"])
    few = _count_queries(users, plain)
    assert few[("anonymous", "/catalogue/")] > 0
    _add_rows(57, producer_org, users["consultant"])
    many = _count_queries(users, plain)
    assert many == few


def test_search_ignores_accents_and_pages_hold_50_rows_in_sql_order(clients):
    users, producer_org, _plain = clients
    _add_rows(30, producer_org, users["consultant"])
    consultant = login(current_app.test_client(), users["consultant"].email)
    title = _db.session.scalars(sa.select(Case.title).order_by(Case.id)).first()
    found = text_of(consultant.get("/cases/", query_string={"q": title.lower().replace("ó", "o").replace("ầ", "a")
                                                                    .replace("đ", "d").replace("ú", "u")}))
    assert title in found, _db.session.scalars(sa.select(Case.search_key).order_by(Case.id)).first()
    # 60 submitted cases: 50 on the first page, 10 on the second, none twice
    first = consultant.get("/cases/?status=submitted").get_data(as_text=True)
    second = consultant.get("/cases/?status=submitted&page=2").get_data(as_text=True)
    first_ids = set(_case_links(first))
    second_ids = set(_case_links(second))
    assert (len(first_ids), len(second_ids), first_ids & second_ids) == (50, 10, set())
    assert 'aria-label="Trang 2 trên 2"' in first and 'aria-current="page"' in second
    # a page beyond the last shows the last one, not an error
    assert set(_case_links(consultant.get("/cases/?status=submitted&page=99999999999999999999").get_data(as_text=True))) == second_ids
    office = login(current_app.test_client(), users["office"].email)
    assert "Khóm Cầu Đúc" in text_of(office.get("/organizations/?q=KHOM+CAU+DUC"))
    assert "Không có tổ chức nào phù hợp" in text_of(office.get("/organizations/?q=khom+cau+duc+xyz"))


def test_a_producer_lists_only_its_own_organizations_cases_and_deadlines(clients):
    users, producer_org, _plain = clients
    _add_rows(3, producer_org, users["consultant"])
    producer = login(current_app.test_client(), users["producer"].email)
    own = set(_db.session.scalars(sa.select(Case.id).where(Case.organization_id == producer_org.id)))
    assert set(_case_links(producer.get("/cases/").get_data(as_text=True))) == own
    with_deadlines = set(_db.session.scalars(sa.select(Deadline.case_id).join(Deadline.case)
                                             .where(Case.organization_id == producer_org.id)))
    assert with_deadlines and set(_case_links(producer.get("/deadlines/").get_data(as_text=True))) == with_deadlines
    assert set(_case_links(producer.get("/cases/?q=cau+duc").get_data(as_text=True))) == own


def test_renaming_an_organization_updates_its_cases_search_key(clients, db):
    users, producer_org, _plain = clients
    _add_rows(1, producer_org, users["consultant"])
    _db.session.get(Organization, producer_org.id).name = "Hợp tác xã Bưởi Năm Roi"
    db.session.commit()
    keys = set(db.session.scalars(sa.select(Case.search_key).where(Case.organization_id == producer_org.id)))
    assert keys and all("hop tac xa buoi nam roi" in key for key in keys)


def _case_links(html: str) -> list[int]:
    import re

    return [int(n) for n in re.findall(r'href="/cases/(\d+)"', html)]
