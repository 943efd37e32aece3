"""The product registry: derived IP status, list filters and search, scoping, edits and history, referrals."""
from __future__ import annotations

from datetime import date, timedelta

import pytest

from app import clock
from app.models import (
    AuditEntry,
    Case,
    CaseKind,
    CaseStatus,
    OrganizationKind,
    Product,
    ProductGroup,
    ProductReferral,
    ReferralStatus,
    Role,
)
from app.products import ip_status, services
from tests.conftest import text_of
from tests.page_helpers import errors_next_to

ANOTHER_WARD = 31333  # any ward code of Cần Thơ other than Vị Thanh


def _cover(make_case, product, status, **fields):
    case = make_case(product.organization, status=status, **fields)
    case.products.append(product)
    from app.extensions import db

    db.session.commit()
    return case


@pytest.mark.parametrize("status, expected", [
    (CaseStatus.GRANTED, ip_status.IpStatus.PROTECTED),
    (CaseStatus.DRAFT, ip_status.IpStatus.PENDING),
    (CaseStatus.APPROVED, ip_status.IpStatus.PENDING),
    (CaseStatus.FILED, ip_status.IpStatus.PENDING),
    (CaseStatus.GRANT_FEES_PAID, ip_status.IpStatus.PENDING),
    (CaseStatus.REFUSED, ip_status.IpStatus.NONE),
    (CaseStatus.WITHDRAWN, ip_status.IpStatus.NONE),
])
def test_ip_status_is_derived_from_the_cases_covering_the_product(db, make_organization, make_product, make_case,
                                                                    status, expected):
    product = make_product(make_organization())
    assert ip_status.for_product(product).status == ip_status.IpStatus.NONE
    _cover(make_case, product, status, certificate_number="4-0123456" if status == CaseStatus.GRANTED else None)
    info = ip_status.for_product(product)
    assert info.status == expected
    assert info.certificate_numbers == (["4-0123456"] if expected == ip_status.IpStatus.PROTECTED else [])
    # the SQL filter agrees with the per-product lookup
    matching = db.session.scalars(services.filtered_query(services.ProductFilters(ip=expected.value), None)).all()
    assert [p.id for p in matching] == [product.id]


def test_granted_beats_pending(db, make_organization, make_product, make_case):
    product = make_product(make_organization())
    _cover(make_case, product, CaseStatus.DRAFT)
    _cover(make_case, product, CaseStatus.GRANTED, certificate_number="4-0000001")
    assert ip_status.for_product(product).status == ip_status.IpStatus.PROTECTED
    pending = db.session.scalars(services.filtered_query(services.ProductFilters(ip="pending"), None)).all()
    assert pending == []


def test_accent_insensitive_search_on_product_and_organization_names(login_as, make_organization, make_product):
    khom = make_organization(name="Hợp tác xã Khóm Cầu Đúc")
    make_product(khom, name="Khóm Cầu Đúc Hậu Giang")
    make_product(make_organization(name="Hộ kinh doanh Út Hiền"), name="Mắm cá lóc")
    client, _ = login_as(Role.OFFICE)
    page = text_of(client.get("/products/?q=khom cau duc"))
    assert "Khóm Cầu Đúc Hậu Giang" in page and "Mắm cá lóc" not in page
    assert "Mắm cá lóc" in text_of(client.get("/products/?q=UT HIEN"))  # by organization, any case
    assert "Mắm cá lóc" in text_of(client.get("/products/?q=m%E1%BA%AFm"))  # accented query
    assert 'data-total="0"' in client.get("/products/?q=%25").get_data(as_text=True)  # LIKE wildcards are literal


def test_renaming_an_organization_updates_the_search(db, make_organization, make_product):
    organization = make_organization(name="Cơ sở Cũ")
    product = make_product(organization, name="Bánh pía")
    organization.name = "Cơ sở Đổi Mới"
    db.session.commit()
    assert db.session.get(Product, product.id).search_text == "banh pia co so doi moi"


def test_filters_and_sorting(db, login_as, make_organization, make_product):
    organization = make_organization()
    soon = clock.today() + timedelta(days=20)
    make_product(organization, name="A Bánh", stars=3, group=ProductGroup.FOOD, certificate_expires_on=soon)
    make_product(organization, name="B Rượu", stars=5, group=ProductGroup.DRINKS, ward_code=ANOTHER_WARD,
                 certificate_expires_on=soon + timedelta(days=400))
    client, _ = login_as(Role.CONSULTANT)

    def names(query):
        html = client.get(f"/products/?{query}").get_data(as_text=True)
        return [n for n in ("A Bánh", "B Rượu") if n in html]

    assert names("stars=5") == ["B Rượu"]
    assert names("group=drinks") == ["B Rượu"]
    assert names(f"ward={ANOTHER_WARD}") == ["B Rượu"]
    assert names("expiring=90") == ["A Bánh"]
    assert names("stars=9") == ["A Bánh", "B Rượu"]  # an invalid filter is ignored
    html = client.get("/products/?sort=-name").get_data(as_text=True)
    assert html.index("B Rượu") < html.index("A Bánh")
    assert client.get("/products/?sort=drop table").status_code == 200


def test_pagination_is_on_the_server(db, make_organization, make_product):
    organization = make_organization()
    for n in range(7):
        make_product(organization, name=f"Sản phẩm {n:02d}")
    page = services.paginate(services.ProductFilters(), None, page=2, per_page=3)
    assert page.total == 7 and page.pages == 3
    assert [p.name for p in page.items] == ["Sản phẩm 03", "Sản phẩm 04", "Sản phẩm 05"]


def test_producers_see_only_their_own_products(login_as, make_organization, make_product):
    client, producer = login_as(Role.PRODUCER)
    mine = make_product(producer.organization, name="Của tôi")
    theirs = make_product(make_organization(), name="Của người khác")
    page = text_of(client.get("/products/"))
    assert "Của tôi" in page and "Của người khác" not in page
    assert client.get(f"/products/{theirs.id}").status_code == 404
    assert client.get(f"/products/{theirs.id}/edit").status_code == 404
    assert client.get(f"/products/{mine.id}").status_code == 200
    assert client.get("/products/import").status_code == 403
    assert client.get("/products/export.csv").status_code == 403
    assert client.get("/products/referrals").status_code == 403
    assert client.post("/products/refer", data={"product_ids": [mine.id]}).status_code == 403


@pytest.mark.parametrize("role, status", [(Role.CONSULTANT, 200), (Role.OFFICE, 200), (Role.ADMIN, 200),
                                          (Role.PRODUCER, 403)])
def test_who_may_see_the_referrals(login_as, role, status):
    client, _ = login_as(role)
    response = client.get("/products/referrals")
    assert response.status_code == status
    if status == 200:
        assert "Đề nghị hỗ trợ SHTT" in text_of(response)


@pytest.mark.parametrize("role", [Role.OFFICE, Role.ADMIN, Role.CONSULTANT])
def test_staff_see_every_product(login_as, make_organization, make_product, role):
    product = make_product(make_organization(), name="Sản phẩm của tỉnh")
    client, _ = login_as(role)
    assert "Sản phẩm của tỉnh" in text_of(client.get("/products/"))
    assert client.get(f"/products/{product.id}").status_code == 200
    assert client.get(f"/products/{product.id}/edit").status_code == (403 if role == Role.CONSULTANT else 200)


def test_anonymous_visitors_are_sent_to_log_in(client):
    assert client.get("/products/").status_code == 302


def test_office_creates_and_edits_a_product_with_history(db, login_as, make_organization):
    organization = make_organization()
    client, office = login_as(Role.OFFICE)
    response = client.post("/products/new", data={
        "name": "  Khóm sấy dẻo ", "organization_id": organization.id, "group": "food", "stars": "4",
        "ward_code": "", "certificate_number": "QĐ-01/2025", "certificate_issued_on": "15/03/2025",
        "certificate_expires_on": "",
    })
    assert response.status_code == 302, text_of(response)[:2000]
    product = db.session.scalars(db.select(Product).where(Product.name == "Khóm sấy dẻo")).one()
    assert product.certificate_expires_on == date(2028, 3, 15)  # 36 months from the validity_periods row
    assert product.ward_code == organization.ward_code
    response = client.post(f"/products/{product.id}/edit", data={
        "name": "Khóm sấy dẻo", "organization_id": organization.id, "group": "food", "stars": "5",
        "ward_code": str(product.ward_code), "certificate_number": "QĐ-01/2025",
        "certificate_issued_on": "15/03/2025", "certificate_expires_on": "15/03/2028", "version": "0",
    })
    assert response.status_code == 302
    entries = db.session.scalars(db.select(AuditEntry).where(AuditEntry.entity == "products",
                                                             AuditEntry.entity_id == product.id)
                                 .order_by(AuditEntry.id)).all()
    assert [e.action for e in entries] == ["create", "update"]
    assert entries[1].changes == {"stars": [4, 5]} and entries[1].actor_id == office.id
    page = text_of(client.get(f"/products/{product.id}"))
    assert "Lịch sử thay đổi" in page or "History of changes" in page


def test_duplicate_certificate_number_is_refused(db, login_as, make_organization, make_product):
    organization = make_organization()
    first = make_product(organization, certificate_number="X-1")
    client, _ = login_as(Role.OFFICE)
    response = client.post("/products/new", data={"name": "Khác", "organization_id": organization.id,
                                                   "group": "food", "stars": "3", "certificate_number": "X-1"})
    assert response.status_code == 422
    assert errors_next_to(response, "certificate_number") == ["Đã có sản phẩm khác mang số giấy chứng nhận này."]
    stored = db.session.scalars(db.select(Product).where(Product.organization_id == organization.id)).all()
    assert [product.id for product in stored] == [first.id]  # no second product was stored


def test_producer_adds_a_product_only_to_its_own_organization(db, login_as, make_organization):
    client, producer = login_as(Role.PRODUCER)
    other = make_organization()
    data = {"name": "Bánh tét", "group": "food", "stars": "3"}
    assert client.post("/products/new", data={**data, "organization_id": other.id}).status_code == 422
    assert client.post("/products/new", data={**data, "organization_id": producer.organization_id}).status_code == 302
    assert db.session.scalars(db.select(Product).where(Product.name == "Bánh tét")).one().organization_id == \
        producer.organization_id


def test_referral_accept_creates_a_draft_case_for_the_producer(db, login_as, make_user, make_organization,
                                                                make_product):
    producer = make_user(Role.PRODUCER)
    product = make_product(producer.organization, name="Mắm cá lóc")
    second = make_product(producer.organization, name="Mắm cá linh")
    office, _ = login_as(Role.OFFICE)
    response = office.post("/products/refer", data={"product_ids": [product.id, second.id], "note": "Chưa có nhãn hiệu",
                                                    "suggested_kind": "trademark"})
    assert response.status_code == 302
    assert ip_status.for_product(product).needs_support
    assert services.open_referrals_count() == 2
    # flagging again does not duplicate
    office.post("/products/refer", data={"product_ids": [product.id], "suggested_kind": "trademark"})
    assert services.open_referrals_count() == 2
    flagged = db.session.scalars(services.filtered_query(services.ProductFilters(ip="needs_support"), None)).all()
    assert {p.id for p in flagged} == {product.id, second.id}

    consultant, consultant_user = login_as(Role.CONSULTANT)
    assert "Mắm cá lóc" in text_of(consultant.get("/products/referrals"))
    referral = db.session.scalars(db.select(ProductReferral).where(ProductReferral.product_id == product.id)).one()
    assert office.post(f"/products/referrals/{referral.id}/accept").status_code == 403  # the office cannot
    response = consultant.post(f"/products/referrals/{referral.id}/accept")
    assert response.status_code == 302
    referral = db.session.get(ProductReferral, referral.id)
    case = db.session.get(Case, referral.case_id)
    assert referral.status == ReferralStatus.ACCEPTED and referral.handled_by_id == consultant_user.id
    assert case.status == CaseStatus.DRAFT and case.kind == CaseKind.TRADEMARK
    # the accepting consultant is in charge, and the history says so
    assert case.consultant_id == consultant_user.id
    assert [(e.transition, e.actor_id) for e in case.events] == [("create", consultant_user.id),
                                                                   ("assign", consultant_user.id)]
    assert case.organization_id == producer.organization_id and [p.id for p in case.products] == [product.id]
    assert ip_status.for_product(product).status == ip_status.IpStatus.PENDING
    assert consultant.post(f"/products/referrals/{referral.id}/accept").status_code == 302  # already handled
    assert db.session.scalar(db.select(db.func.count()).select_from(Case)) == 1

    other = db.session.scalars(db.select(ProductReferral).where(ProductReferral.product_id == second.id)).one()
    assert consultant.post(f"/products/referrals/{other.id}/close", data={"reason": " "}).status_code == 302
    assert db.session.get(ProductReferral, other.id).status == ReferralStatus.OPEN  # a reason is required
    consultant.post(f"/products/referrals/{other.id}/close", data={"reason": "Đã có nhãn hiệu tập thể"})
    other = db.session.get(ProductReferral, other.id)
    assert other.status == ReferralStatus.CLOSED and other.close_reason == "Đã có nhãn hiệu tập thể"
    assert services.open_referrals_count() == 0

    # the producer sees its new draft
    from tests.conftest import login

    producer_client = login(consultant.application.test_client(), producer.email)
    assert producer_client.get(f"/cases/{case.id}").status_code == 200


def test_referral_for_a_collective_mark_starts_that_wizard_or_says_why_not(db, login_as, make_organization, make_product):
    cooperative = make_organization(kind=OrganizationKind.COOPERATIVE)
    enterprise = make_organization(kind=OrganizationKind.ENTERPRISE)
    ok_product, refused_product = make_product(cooperative), make_product(enterprise)
    office, _ = login_as(Role.OFFICE)
    office.post("/products/refer", data={"product_ids": [ok_product.id, refused_product.id], "suggested_kind": "collective"})
    consultant, _ = login_as(Role.CONSULTANT)
    referrals = {r.product_id: r for r in db.session.scalars(db.select(ProductReferral))}
    assert consultant.post(f"/products/referrals/{referrals[ok_product.id].id}/accept").status_code == 302
    case = db.session.get(Case, db.session.get(ProductReferral, referrals[ok_product.id].id).case_id)
    assert case.kind == CaseKind.COLLECTIVE
    assert consultant.get(f"/cases/{case.id}/steps/members").status_code == 200  # its own wizard
    response = consultant.post(f"/products/referrals/{referrals[refused_product.id].id}/accept", follow_redirects=True)
    assert "tổ chức tập thể" in text_of(response)
    assert db.session.get(ProductReferral, referrals[refused_product.id].id).status == ReferralStatus.OPEN
