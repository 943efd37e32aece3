"""Citations printed in the regulations on use, read back from the PDF built from a real wizard:
Vietnamese points run a, b, c, d, đ, e…, so the fifth part of Art. 105(4) and 105(5) is "điểm đ";
suggested wordings keep proper names as typed."""
from __future__ import annotations

import pytest

from app.models import OrganizationKind, Role
from tests.conftest import text_of as page_text
from tests.kind_helpers import fill_certification, fill_collective, start_case, started_id
from tests.page_helpers import errors_next_to
from tests.pdf_reading import text_of
from tests.wizard_helpers import post_step


@pytest.fixture
def cooperative(login_as, make_organization, make_product, reference_data):
    organization = make_organization(name="Hợp tác xã Khóm Cầu Đúc", kind=OrganizationKind.COOPERATIVE)
    product = make_product(organization, name="Khóm Cầu Đúc", stars=4)
    client, _ = login_as(Role.PRODUCER, organization=organization)
    return client, product


@pytest.mark.parametrize(("kind", "fill", "fifth_part"), [
    ("collective", fill_collective, "Biện pháp xử lý hành vi vi phạm Quy chế (Điều 105 khoản 4 điểm đ Luật Sở hữu trí tuệ)"),
    ("certification", fill_certification,
     "Chi phí người sử dụng nhãn hiệu phải trả (Điều 105 khoản 5 điểm đ Luật Sở hữu trí tuệ)"),
])
def test_the_fifth_part_of_the_regulation_is_cited_as_diem_d_bar(cooperative, kind, fill, fifth_part):
    client, product = cooperative
    case_id = started_id(start_case(client, kind))
    fill(client, case_id, [product.id])
    text = text_of(client.get(f"/cases/{case_id}/documents/regulation.pdf").data)
    assert fifth_part in text
    assert "điểm e" not in text


def test_suggested_wording_keeps_proper_names_as_typed(cooperative):
    client, _ = cooperative
    case_id = started_id(start_case(client, "collective"))
    suggestion = page_text(client.get(f"/cases/{case_id}/steps/regulation"))
    assert "kinh doanh Khóm Cầu Đúc trên địa bàn" in suggestion
    assert "khóm cầu đúc" not in suggestion


def test_a_gi_resting_on_reputation_alone_is_refused(login_as, make_organization, reference_data):
    consultant, _ = login_as(Role.CONSULTANT)
    case_id = started_id(start_case(consultant, "gi", organization_id=make_organization().id))
    response = post_step(consultant, case_id, "characteristics",
                         {"raw_materials": "Giống Queen.", "reputation": "Nổi tiếng từ năm 1940."})
    assert response.status_code == 422
    assert errors_next_to(response, "sensory") == [
        "Hãy mô tả ít nhất một chỉ tiêu đo được (cảm quan, lý hóa hoặc vi sinh): chỉ danh tiếng thì chưa mô tả "
        "được sản phẩm (Điều 106 khoản 2 điểm a Luật SHTT)."]  # staff read the legal basis
    measured = {"reputation": "Nổi tiếng từ năm 1940.", "physical_chemical": "Độ Brix 15–18 %."}
    assert post_step(consultant, case_id, "characteristics", measured).status_code == 302


def test_producers_read_plain_words_and_staff_the_legal_basis(login_as, make_organization, reference_data):
    """Citations are for staff (issue 16): the same refusal without the article for a producer."""
    organization = make_organization(kind=OrganizationKind.STATE_AGENCY)
    producer, _ = login_as(Role.PRODUCER, organization=organization)
    consultant, _ = login_as(Role.CONSULTANT)
    for client, cited in ((producer, False), (consultant, True)):
        case_id = started_id(start_case(client, "certification", organization_id=organization.id))
        page = page_text(client.get(f"/cases/{case_id}/steps/applicant"))
        assert "tổ chức không tự sản xuất, kinh doanh hàng hóa được chứng nhận" in page
        assert ("Điều 87 khoản 4 Luật SHTT" in page) is cited
