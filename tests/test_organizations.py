"""Organization verification and editing."""
from __future__ import annotations

import pytest

from app.models import Organization, Role
from tests.conftest import VI_THANH_WARD, text_of


def edit_data(organization, **overrides):
    data = {
        "name": organization.name, "kind": organization.kind.value, "tax_code": organization.tax_code or "",
        "legal_representative": organization.legal_representative, "province_code": "92",
        "ward_code": str(VI_THANH_WARD), "address_line": organization.address_line, "org_phone": "", "org_email": "",
        "version": str(organization.version),
    }
    data.update(overrides)
    return data


def test_office_verifies_a_registered_organization(login_as, make_organization, db):
    organization = make_organization(name="Tổ hợp tác Mật ong")
    office, officer = login_as(Role.OFFICE)
    listing = office.get("/organizations/?show=unverified")
    assert "Tổ hợp tác Mật ong" in text_of(listing)
    response = office.post(f"/organizations/{organization.id}/verify")
    assert response.status_code == 302
    stored = db.session.get(Organization, organization.id)
    assert stored.verified and stored.verified_by_id == officer.id and stored.verified_at is not None
    unverified_page = office.get("/organizations/?show=unverified").get_data(as_text=True)
    assert f'href="/organizations/{organization.id}"' not in unverified_page


def test_search_ignores_accents(login_as, make_organization):
    make_organization(name="Hợp tác xã Khóm Cầu Đúc")
    make_organization(name="Hợp tác xã Bưởi Năm Roi")
    office, _ = login_as(Role.OFFICE)
    text = text_of(office.get("/organizations/?q=khom+cau+duc"))
    assert "Khóm Cầu Đúc" in text
    assert "Bưởi Năm Roi" not in text


def test_producer_edits_its_own_organization(login_as, make_organization, db):
    organization = make_organization()
    producer, _ = login_as(Role.PRODUCER, organization=organization)
    response = producer.post(f"/organizations/{organization.id}/edit",
                             data=edit_data(organization, name="Hợp tác xã Tên Mới", org_phone="0292.387.1234"))
    assert response.status_code == 302
    stored = db.session.get(Organization, organization.id)
    assert stored.name == "Hợp tác xã Tên Mới"
    assert stored.phone == "02923871234"


def test_bad_edit_keeps_the_input_and_changes_nothing(login_as, make_organization, db):
    organization = make_organization(name="Hợp tác xã Cũ")
    producer, _ = login_as(Role.PRODUCER, organization=organization)
    response = producer.post(f"/organizations/{organization.id}/edit",
                             data=edit_data(organization, name="Hợp tác xã Đang Sửa", tax_code="abc"))
    assert response.status_code == 422
    assert "Hợp tác xã Đang Sửa" in response.get_data(as_text=True)
    assert "Mã số thuế gồm 10 chữ số" in text_of(response)
    assert db.session.get(Organization, organization.id).name == "Hợp tác xã Cũ"


def test_consultant_may_verify_but_not_edit(login_as, make_organization):
    organization = make_organization()
    consultant, _ = login_as(Role.CONSULTANT)
    assert consultant.post(f"/organizations/{organization.id}/edit", data=edit_data(organization)).status_code == 403
    assert consultant.post(f"/organizations/{organization.id}/verify").status_code == 302


def test_wards_endpoint(client):
    wards = client.get("/organizations/wards?province=92").get_json()
    assert {"code": VI_THANH_WARD, "name": "Phường Vị Thanh"} in wards
    assert all("  " not in w["name"] for w in wards)
    assert client.get("/organizations/wards?province=x").status_code == 400
    assert client.get("/organizations/wards?province=999").get_json() == []


def test_verify_returns_to_the_page_it_came_from_but_never_off_site(login_as, make_organization):
    office, _ = login_as(Role.OFFICE)
    first, second = make_organization(), make_organization()
    back = office.post(f"/organizations/{first.id}/verify", data={"next": "/organizations/?show=unverified"})
    assert back.headers["Location"] == "/organizations/?show=unverified"
    off_site = office.post(f"/organizations/{second.id}/verify", data={"next": "https://evil.example/"})
    assert off_site.headers["Location"] == "/"


@pytest.mark.parametrize("role,status", [(Role.PRODUCER, 403), (Role.CONSULTANT, 403), (Role.OFFICE, 302), (Role.ADMIN, 302)])
def test_staff_add_an_organization(login_as, db, role, status):
    client, _ = login_as(role)
    data = {"name": "Hợp tác xã Mới", "kind": "cooperative", "tax_code": "", "legal_representative": "Lê Văn B",
            "province_code": "92", "ward_code": str(VI_THANH_WARD), "address_line": "Ấp 2", "org_phone": "", "org_email": ""}
    assert client.post("/organizations/new", data=data).status_code == status


def test_a_new_organizations_history_lists_its_first_values(login_as, db):
    office, officer = login_as(Role.OFFICE)
    data = {"name": "Hợp tác xã Mới", "kind": "cooperative", "tax_code": "", "legal_representative": "Lê Văn B",
            "province_code": "92", "ward_code": str(VI_THANH_WARD), "address_line": "Ấp 2", "org_phone": "",
            "org_email": ""}
    response = office.post("/organizations/new", data=data)
    assert response.status_code == 302
    page = text_of(office.get(response.headers["Location"]))
    assert "name : — → Hợp tác xã Mới" in page and officer.full_name in page


def test_organization_edits_are_in_its_history(login_as, make_organization, db):
    organization = make_organization(name="Hợp tác xã Cũ")
    office, officer = login_as(Role.OFFICE)
    office.post(f"/organizations/{organization.id}/edit", data=edit_data(organization, name="Hợp tác xã Đổi Tên"))
    page = text_of(office.get(f"/organizations/{organization.id}"))
    assert "Hợp tác xã Cũ → Hợp tác xã Đổi Tên" in page and officer.full_name in page
