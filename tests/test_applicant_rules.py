"""Who the applicant is, and the fields required only in some cases: each is refused when left
empty (422 and the Vietnamese message next to the field), and a household business applies
through its owner."""
from __future__ import annotations

import re
from datetime import date

import pytest
import sqlalchemy as sa

from app.models import CaseStep, OrganizationKind, Role
from tests.kind_helpers import COLLECTIVE_APPLICANT, start_case, started_id
from tests.page_helpers import errors_next_to
from tests.pdf_reading import text_of
from tests.wizard_helpers import APPLICANT, PRIORITY, fill_trademark, post_step, start_trademark

INDIVIDUAL = {**APPLICANT, "applicant_kind": "individual", "name": "Nguyễn Thị Hiền", "tax_code": "",
              "citizen_id": "092201001234"}


@pytest.fixture
def producer(login_as, make_organization, make_product, reference_data):
    organization = make_organization(name="Hợp tác xã Khóm Cầu Đúc")
    product = make_product(organization, name="Khóm Cầu Đúc", stars=4)
    client, _ = login_as(Role.PRODUCER, organization=organization)
    return client, start_trademark(client), product


def _refused(response, field_id: str, message: str) -> None:
    assert response.status_code == 422
    assert message in errors_next_to(response, field_id), errors_next_to(response, field_id)


@pytest.mark.parametrize(("data", "field_id", "message"), [
    ({**APPLICANT, "tax_code": ""}, "tax_code", "Chủ đơn là tổ chức phải ghi mã số thuế."),
    ({**INDIVIDUAL, "citizen_id": ""}, "citizen_id", "Chủ đơn là cá nhân phải ghi số CCCD."),
    ({**INDIVIDUAL, "citizen_id": "   "}, "citizen_id", "Chủ đơn là cá nhân phải ghi số CCCD."),
    ({**APPLICANT, "co_applicants-0-name": "Hợp tác xã Tân Tiến", "co_applicants-0-address": ""},
     "co_applicants-0-address", "Ghi địa chỉ của đồng chủ đơn."),
])
def test_a_field_required_in_this_case_is_refused_empty(producer, db, data, field_id, message):
    client, case_id, _ = producer
    _refused(post_step(client, case_id, "applicant", data), field_id, message)
    step = db.session.scalar(sa.select(CaseStep).where(CaseStep.case_id == case_id, CaseStep.name == "applicant"))
    assert step.complete is False and step.data["name"] == [data["name"]]  # the draft is kept


def test_the_same_fields_are_not_asked_of_the_other_kind_of_applicant(producer):
    client, case_id, _ = producer
    assert post_step(client, case_id, "applicant", {**APPLICANT, "citizen_id": ""}).status_code == 302
    assert post_step(client, case_id, "applicant", INDIVIDUAL).status_code == 302


@pytest.mark.parametrize(("citizen_id", "message"), [
    ("92201001234", "Số CCCD gồm 12 chữ số; số này chỉ có 11. Nếu sao chép từ Excel, số 0 ở đầu có thể đã bị mất: "
                    "hãy gõ lại cả số 0."),
    ("0922010012345", "Số CCCD gồm đúng 12 chữ số, ví dụ 092201001234."),
    ("09220100123A", "Số CCCD gồm đúng 12 chữ số, ví dụ 092201001234."),
])
def test_a_citizen_id_is_exactly_12_digits(producer, citizen_id, message):
    client, case_id, _ = producer
    _refused(post_step(client, case_id, "applicant", {**INDIVIDUAL, "citizen_id": citizen_id}), "citizen_id", message)


@pytest.mark.parametrize("code", ["630012345", "6300123456-01", "6300123456/001"])
def test_a_tax_code_is_10_or_10_3_digits(producer, code):
    client, case_id, _ = producer
    _refused(post_step(client, case_id, "applicant", {**APPLICANT, "tax_code": code}), "tax_code",
             "Mã số thuế gồm 10 chữ số, hoặc 10 chữ số, dấu gạch ngang và 3 chữ số (ví dụ: 6300123456-001).")
    assert post_step(client, case_id, "applicant", {**APPLICANT, "tax_code": "6300123456-001"}).status_code == 302


def test_a_co_applicant_is_identified_by_a_tax_code_or_a_citizen_id(producer):
    client, case_id, _ = producer
    row = {"co_applicants-0-name": "Nguyễn Văn Tân", "co_applicants-0-address": "Ấp 2, xã Hỏa Tiến"}
    _refused(post_step(client, case_id, "applicant", {**APPLICANT, **row, "co_applicants-0-tax_code": "12345"}),
             "co_applicants-0-tax_code",
             "Ghi mã số thuế (10 chữ số, hoặc 10-3 chữ số) hoặc số CCCD (12 chữ số).")
    assert post_step(client, case_id, "applicant",
                     {**APPLICANT, **row, "co_applicants-0-tax_code": "092201001234"}).status_code == 302


def test_the_priority_date_is_required_when_priority_is_claimed(producer):
    client, case_id, _ = producer
    claim = {**PRIORITY, "priority_basis": "paris", "priority_claims-0-country": "JP",
             "priority_claims-0-number": "2026-001234", "priority_claims-0-date": ""}
    _refused(post_step(client, case_id, "priority", claim), "priority_claims-0-date", "Ghi ngày nộp đơn trước.")


def test_a_collective_owner_must_give_its_tax_code(login_as, make_organization, make_product, reference_data):
    organization = make_organization(name="Hợp tác xã Bưởi Phong Điền")
    make_product(organization)
    client, _ = login_as(Role.PRODUCER, organization=organization)
    case_id = started_id(start_case(client, "collective"))
    _refused(post_step(client, case_id, "applicant", {**COLLECTIVE_APPLICANT, "tax_code": ""}), "tax_code",
             "Chủ đơn là tổ chức phải ghi mã số thuế.")


@pytest.fixture
def household(login_as, make_organization, make_product, reference_data):
    organization = make_organization(name="Hộ kinh doanh Mắm cá lóc Út Hiền", kind=OrganizationKind.HOUSEHOLD_BUSINESS,
                                     legal_representative="Lê Thị Hiền")
    product = make_product(organization, name="Mắm cá lóc Út Hiền")
    client, _ = login_as(Role.PRODUCER, organization=organization)
    return client, start_trademark(client, product_id=product.id), product


def test_a_household_business_applies_through_its_owner(household):
    client, case_id, _ = household
    page = client.get(f"/cases/{case_id}/steps/applicant").get_data(as_text=True)
    checked = re.findall(r'<input[^>]*\bchecked\b[^>]*name="applicant_kind"[^>]*value="(\w+)"', page)
    assert checked == ["individual"]
    assert 'value="Lê Thị Hiền"' in page and 'value="Hộ kinh doanh Mắm cá lóc Út Hiền"' in page
    as_organization = {**APPLICANT, "name": "Hộ kinh doanh Mắm cá lóc Út Hiền"}
    _refused(post_step(client, case_id, "applicant", as_organization), "applicant_kind-1",
             "Hộ kinh doanh không có tư cách pháp nhân: chủ đơn là chủ hộ, với tư cách cá nhân "
             "(họ tên, số CCCD, địa chỉ).")


def test_a_household_dossier_prints_the_owner_with_the_business_for_reference(household):
    client, case_id, product = household
    owner = {**INDIVIDUAL, "name": "Lê Thị Hiền", "business_name": "Hộ kinh doanh Mắm cá lóc Út Hiền"}
    fill_trademark(client, case_id, [product.id], ["Mật ong"], applicant=owner)
    text = text_of(client.get(f"/cases/{case_id}/dossier.pdf").data)
    assert "Tên đầy đủ: Lê Thị Hiền" in text and "Số CCCD: 092201001234" in text
    assert "Hộ kinh doanh (để tham chiếu): Hộ kinh doanh Mắm cá lóc Út Hiền" in text
    assert "Mã số doanh nghiệp" not in text


def _claim(day: str) -> dict:
    return {**PRIORITY, "priority_basis": "paris", "priority_claims-0-country": "JP",
            "priority_claims-0-number": "2026-001234", "priority_claims-0-date": day}


def test_a_priority_claim_later_than_6_months_is_refused_with_the_reason(producer, freeze_today):
    client, case_id, _ = producer
    freeze_today(date(2026, 12, 7))
    _refused(post_step(client, case_id, "priority", _claim("06/06/2026")), "priority_claims-0-date",
             "Chỉ được yêu cầu hưởng quyền ưu tiên trong vòng 6 tháng kể từ ngày nộp đơn đầu tiên "
             "(Công ước Paris, Điều 4C; Luật Sở hữu trí tuệ, Điều 91): đơn này được nộp quá 6 tháng sau đơn trước.")
    assert post_step(client, case_id, "priority", _claim("07/06/2026")).status_code == 302  # 6 months to the day
    _refused(post_step(client, case_id, "priority", _claim("08/12/2026")), "priority_claims-0-date",
             "Đơn trước không thể được nộp sau đơn này.")
