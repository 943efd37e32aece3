"""The public catalogue and QR verification: no login, nothing private; and the office dashboard's figures."""
from __future__ import annotations

from datetime import date, timedelta

from app import clock
from app.cases import lifecycle
from app.models import CaseStatus, ProductVerification, Role
from app.products import services
from tests.conftest import login, text_of


def _granted(db, make_case, product, number):
    case = make_case(product.organization, status=CaseStatus.GRANTED, certificate_number=number, title="KHÓM VÀNG",
                     grant_date=date(2025, 1, 2))
    case.products.append(product)
    db.session.commit()
    return case


def _granted_through_the_workflow(db, make_case, make_user, product):
    """Record the grant as DOST does: the product's QR token is made then, not by a public page."""
    case = make_case(product.organization, status=CaseStatus.GRANT_FEES_PAID, title="KHÓM VÀNG",
                     filing_date=date(2025, 1, 2), products=[product])
    lifecycle.record_event(case, "grant", make_user(Role.CONSULTANT),
                           {"event_date": date(2026, 1, 2), "certificate_number": "4-0456789-000"})
    db.session.commit()
    return case


def test_catalogue_lists_only_protected_products_and_nothing_private(db, client, make_organization, make_product,
                                                                     make_case):
    organization = make_organization(name="HTX Khóm", phone="0912345678", email="bimat@example.vn",
                                     legal_representative="Nguyễn Văn Bí Mật")
    protected = make_product(organization, name="Khóm Vàng")
    make_product(organization, name="Chưa bảo hộ")
    draft = make_case(organization, title="NHÁP")
    draft.products.append(protected)
    _granted(db, make_case, protected, "4-0456789")
    page = text_of(client.get("/catalogue/"))
    assert "Khóm Vàng" in page and "4-0456789" in page and "HTX Khóm" in page
    assert "Chưa bảo hộ" not in page and "NHÁP" not in page
    for private in ("0912345678", "bimat@example.vn", "Bí Mật", organization.tax_code):
        assert private not in page


def test_verify_page_genuine_unknown_revoked(db, client, login_as, make_user, make_organization, make_product,
                                            make_case):
    product = make_product(make_organization(phone="0912345678"), name="Khóm Vàng")
    _granted_through_the_workflow(db, make_case, make_user, product)
    token = db.session.scalars(db.select(ProductVerification)).one().token  # made at the grant
    genuine = client.get(f"/verify/{token}")
    assert genuine.status_code == 200 and 'data-verify="genuine"' in genuine.get_data(as_text=True)
    assert "0912345678" not in text_of(genuine)
    unknown = client.get("/verify/not-a-token")
    assert unknown.status_code == 404 and 'data-verify="unknown"' in unknown.get_data(as_text=True)
    office, _ = login_as(Role.OFFICE)
    qr = office.get(f"/products/{product.id}/qr.svg")
    assert qr.status_code == 200 and qr.mimetype == "image/svg+xml" and b"<svg" in qr.data
    office.post(f"/products/{product.id}/qr/revoke")
    revoked = client.get(f"/verify/{token}")
    assert revoked.status_code == 410 and 'data-verify="revoked"' in revoked.get_data(as_text=True)


def test_only_office_downloads_qr_codes(login_as, make_organization, make_product):
    product = make_product(make_organization())
    for role in (Role.PRODUCER, Role.CONSULTANT):
        client, _ = login_as(role)
        assert client.get(f"/products/{product.id}/qr.svg").status_code == 403


def test_office_dashboard_figures(db, login_as, make_organization, make_product, make_case):
    organization = make_organization()
    top = make_product(organization, stars=5, certificate_expires_on=clock.today() + timedelta(days=30))
    make_product(organization, stars=4)
    make_product(organization, stars=3)
    _granted(db, make_case, top, "4-0000009")
    figures = services.registry_figures()
    assert figures["total"] == 3 and figures["top_rated"] == 2 and figures["top_rated_protected"] == 1
    assert figures["top_rated_share"] == 0.5
    assert [p.id for p in figures["expiring"]] == [top.id]
    assert {s.value: n for s, n in figures["by_status"].items()} == {"protected": 1, "grace": 0, "pending": 0,
                                                                             "lapsed": 0, "none": 2}
    client, _ = login_as(Role.OFFICE)
    html = client.get("/").get_data(as_text=True)
    assert 'data-top-rated-share>50%' in html and 'data-ip-count="protected">1<' in html


def test_the_qr_code_carries_the_public_address_whatever_host_the_request_names(app, db, make_user,
                                                                                  make_organization, make_product,
                                                                                  make_case):
    """A forged Host header must not be printed on labels: the QR encodes PUBLIC_BASE_URL's /verify/<token>."""
    from app.catalogue.services import qr_svg

    product = make_product(make_organization(), name="Khóm Vàng")
    _granted(db, make_case, product, "4-0456789")
    office = app.test_client()
    office.environ_base["HTTP_HOST"] = "evil.example"  # every request of this client names that host
    login(office, make_user(Role.OFFICE).email)
    qr = office.get(f"/products/{product.id}/qr.svg")
    token = db.session.scalars(db.select(ProductVerification)).one().token
    assert app.config["PUBLIC_BASE_URL"] == "https://shtt.example.gov.vn"
    assert qr.get_data(as_text=True) == qr_svg(f"https://shtt.example.gov.vn/verify/{token}")
    assert qr.get_data(as_text=True) != qr_svg(f"http://evil.example/verify/{token}")


def test_the_public_address_may_sit_under_a_path(app):
    from app.public_urls import public_url

    app.config["PUBLIC_BASE_URL"] = "https://sokhcn.example.gov.vn/shtt"
    assert public_url("catalogue.verify", token="abc") == "https://sokhcn.example.gov.vn/shtt/verify/abc"
