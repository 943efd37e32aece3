"""Citations printed in the regulations on use, read back from the PDF built from a real wizard:
Vietnamese points run a, b, c, d, đ, e…, so the fifth part of Art. 105(4) and 105(5) is "điểm đ";
suggested wordings keep proper names as typed."""
from __future__ import annotations

import pytest

from app.models import OrganizationKind, Role
from tests.conftest import text_of as page_text
from tests.kind_helpers import fill_certification, fill_collective, start_case, started_id
from tests.pdf_reading import text_of


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
