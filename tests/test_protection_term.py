"""Protection is what is in force today: a mark's term, the late-renewal period, renewal, refusal to
renew, surrender and invalidation, as the registry, the catalogue, the QR page and the API say it."""
from __future__ import annotations

from datetime import date

import pytest

from app.api import services as api_services
from app.cases import lifecycle, workflow
from app.models import Case, CaseKind, CaseStatus, ProductVerification, Role
from app.products import ip_status
from app.reports import figures
from tests.conftest import text_of


def _record(case, name, actor, **details):
    return lifecycle.record_event(case, name, actor, details, note="Theo công văn của Cục")


@pytest.fixture
def granted_2016(db, freeze_today, make_organization, make_product, make_case, make_user):
    """A trademark filed on 20/05/2016 and granted in 2017, covering one OCOP product."""
    freeze_today(date(2026, 5, 1))
    consultant = make_user(Role.CONSULTANT)
    organization = make_organization(name="HTX Khóm Cầu Đúc")
    product = make_product(organization, name="Khóm Cầu Đúc", certificate_issued_on=date(2015, 10, 1))
    case = make_case(organization, title="KHÓM CẦU ĐÚC")
    case.status = CaseStatus.APPROVED
    case.products.append(product)
    db.session.commit()
    _record(case, "file", consultant, event_date=date(2016, 5, 20), application_number="4-2016-12345",
            filing_channel="paper")
    _record(case, "accept_formality", consultant, event_date=date(2016, 7, 1))
    _record(case, "publish", consultant, event_date=date(2016, 8, 25), gazette_issue="341A")
    _record(case, "intend_grant", consultant, event_date=date(2017, 5, 10))
    _record(case, "pay_grant_fees", consultant, event_date=date(2017, 6, 1))
    _record(case, "grant", consultant, event_date=date(2017, 8, 1), certificate_number="4-0281234-000")
    db.session.commit()
    assert case.expiry_date == date(2026, 5, 20)  # 10 years from filing
    return case, product, consultant


def _seen_everywhere(db, client, office_client, api_headers, product) -> dict:
    """The product's status as the registry, the catalogue, the QR page and the API show it today."""
    registry = office_client.get(f"/products/{product.id}").get_data(as_text=True)
    catalogue = client.get("/catalogue/").get_data(as_text=True)
    token = db.session.scalars(db.select(ProductVerification)).first()
    verify = client.get(f"/verify/{token.token}").get_data(as_text=True) if token else ""
    api = client.get(f"/api/v1/products/{product.id}", headers=api_headers).get_json()
    return {"registry": registry, "catalogue": catalogue, "verify": verify, "api": api}


def test_a_mark_filed_20_05_2016_is_protected_then_in_grace_then_not(db, client, login_as, freeze_today,
                                                                      granted_2016, make_user):
    case, product, _ = granted_2016
    office_client, office = login_as(Role.OFFICE)
    admin = make_user(Role.ADMIN)
    _, plain = api_services.issue(office, "cổng", admin)
    db.session.commit()
    headers = {"Authorization": f"Bearer {plain}"}

    freeze_today(date(2026, 5, 20))  # the last day of the term
    seen = _seen_everywhere(db, client, office_client, headers, product)
    assert 'data-ip-status="protected"' in seen["registry"]
    assert "4-0281234-000" in seen["catalogue"] and "20/05/2026" in seen["catalogue"]
    assert 'data-verify="genuine"' in seen["verify"]
    assert seen["api"]["ip_status"] == "protected" and seen["api"]["ip_expires_on"] == "2026-05-20"

    freeze_today(date(2026, 5, 21))  # expired: the owner may still renew late, until 20/11/2026
    seen = _seen_everywhere(db, client, office_client, headers, product)
    assert 'data-ip-status="grace"' in seen["registry"] and "20/11/2026" in seen["registry"]
    assert 'data-title-status="grace"' in seen["catalogue"] and "4-0281234-000" in seen["catalogue"]
    assert 'data-verify="grace"' in seen["verify"] and 'data-verify="genuine"' not in seen["verify"]
    assert "20/05/2026" in text_of_html(seen["verify"]) and "20/11/2026" in text_of_html(seen["verify"])
    assert seen["api"]["ip_status"] == "grace" and seen["api"]["ip_late_renewal_until"] == "2026-11-20"

    freeze_today(date(2026, 11, 21))  # the late-renewal period is over
    seen = _seen_everywhere(db, client, office_client, headers, product)
    assert 'data-ip-status="lapsed"' in seen["registry"]
    assert "4-0281234-000" not in seen["catalogue"] and "Khóm Cầu Đúc" not in seen["catalogue"]
    assert 'data-verify="not_protected"' in seen["verify"]
    assert seen["api"]["ip_status"] == "lapsed" and seen["api"]["ip_certificate_numbers"] == []
    assert db.session.scalar(db.select(db.func.count()).select_from(Case).where(
        Case.id == case.id, Case.status == CaseStatus.GRANTED)) == 1  # the history keeps the grant


def text_of_html(html: str) -> str:
    import re

    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", html))


def test_the_registry_filter_and_the_report_follow_the_term(db, freeze_today, granted_2016):
    case, product, _ = granted_2016
    freeze_today(date(2026, 5, 21))
    in_grace = db.session.scalars(db.select(ip_status.Product.id).where(ip_status.clause_for("grace"))).all()
    assert in_grace == [product.id]
    assert not db.session.scalars(db.select(ip_status.Product.id).where(ip_status.clause_for("protected"))).all()
    # The annual report counts the product protected at the end of 2025, not at the end of 2026.
    freeze_today(date(2027, 1, 15))
    assert figures.compute(2025).by_group[product.group][figures.IpAtDate.PROTECTED] == 1
    assert figures.compute(2026).by_group[product.group][figures.IpAtDate.PROTECTED] == 0


def test_a_recorded_renewal_extends_the_term_by_ten_years(db, freeze_today, granted_2016):
    case, product, consultant = granted_2016
    freeze_today(date(2026, 6, 10))
    assert ip_status.for_product(product).status == ip_status.IpStatus.GRACE
    _record(case, "renew", consultant, event_date=date(2026, 6, 9))
    db.session.commit()
    assert case.status == CaseStatus.GRANTED and case.expiry_date == date(2036, 5, 20)
    assert ip_status.for_product(product).status == ip_status.IpStatus.PROTECTED
    # The renewal came after expiry: the renewal deadline was missed, the late one met; the next
    # term's renewal dates are open, its window a date to know.
    states = {d.rule.code: d.state.value for d in case.deadlines}
    assert states["renewal_due"] == "missed" and states["renewal_late"] == "met"
    nxt = {d.rule.code: d for d in case.deadlines if d.rule.code.endswith("_next")}
    assert nxt["renewal_due_next"].trigger_date == date(2036, 5, 20)
    assert nxt["renewal_window_next"].rule.informational


@pytest.mark.parametrize("event,status", [("refuse_renewal", CaseStatus.TERMINATED),
                                          ("surrender", CaseStatus.TERMINATED),
                                          ("invalidate", CaseStatus.INVALIDATED)])
def test_a_title_that_ended_protects_nothing(db, client, freeze_today, granted_2016, event, status):
    case, product, consultant = granted_2016
    freeze_today(date(2026, 5, 10))
    client.get("/catalogue/")  # the QR token exists while the mark is protected
    _record(case, event, consultant, event_date=date(2026, 5, 8))
    db.session.commit()
    assert case.status == status
    assert ip_status.for_product(product).status == ip_status.IpStatus.LAPSED
    assert "4-0281234-000" not in client.get("/catalogue/").get_data(as_text=True)
    token = db.session.scalars(db.select(ProductVerification)).one().token
    assert 'data-verify="not_protected"' in client.get(f"/verify/{token}").get_data(as_text=True)
    assert all(d.state.value != "open" for d in case.deadlines)  # nothing is due any more


def test_a_gi_has_no_term(db, freeze_today, make_organization, make_product, make_case):
    freeze_today(date(2060, 1, 1))
    organization = make_organization()
    product = make_product(organization)
    case = make_case(organization, kind=CaseKind.GI, status=CaseStatus.GRANTED, certificate_number="00101",
                     filing_date=date(2016, 5, 20), grant_date=date(2017, 8, 1))
    case.products.append(product)
    db.session.commit()
    assert ip_status.for_product(product).status == ip_status.IpStatus.PROTECTED
    assert not [t for t in workflow.available_transitions(case, _consultant(db)) if t.name == "renew"]


def _consultant(db):
    from app.models import User

    return db.session.scalars(db.select(User).where(User.role == Role.CONSULTANT)).first() or _make_consultant(db)


def _make_consultant(db):
    from app.models import User

    user = User(email="tv@example.vn", full_name="Tư vấn", role=Role.CONSULTANT)
    user.set_password("x" * 12)
    db.session.add(user)
    db.session.commit()
    return user


def test_verify_says_since_when_an_ocop_certificate_expired(db, client, freeze_today, granted_2016):
    case, product, _ = granted_2016
    product.certificate_expires_on = date(2026, 3, 31)
    db.session.commit()
    freeze_today(date(2026, 5, 10))
    client.get("/catalogue/")
    token = db.session.scalars(db.select(ProductVerification)).one().token
    response = client.get(f"/verify/{token}")
    assert 'data-verify="ocop_expired"' in response.get_data(as_text=True)
    assert 'data-verify="genuine"' not in response.get_data(as_text=True)
    page = text_of(response)
    assert "31/03/2026" in page and "hết hạn" in page
