"""Place names in a collective or certification mark: found in the mark's wording (current and
former units), "contains a place name" ticked for the user, and the People's Committee's written
permission asked for, listed in the documents checklist and printed in the dossier."""
from __future__ import annotations

import re

import pytest

from app.addresses import place_names_in
from app.models import Case, OrganizationKind, Role
from app.wizard.summary import case_summary
from tests.conftest import text_of as text_of_page
from tests.kind_helpers import (
    CHARACTERISTICS,
    MEMBERS,
    fill_certification,
    fill_collective,
    members_data,
    start_case,
    started_id,
)
from tests.page_helpers import errors_next_to
from tests.pdf_reading import text_of
from tests.wizard_helpers import MARK, logo_png, post_step


@pytest.mark.parametrize(("wording", "names"), [
    ("BƯỞI NĂM ROI PHONG ĐIỀN", ["PHONG ĐIỀN"]),                # a current commune
    ("Khóm Cầu Đúc Hậu Giang", ["Hậu Giang"]),                  # a province merged away on 1 Jul 2025
    ("Dừa sáp Mỏ Cày Nam", ["Mỏ Cày Nam"]),                     # a former district, the longest name wins
    ("Gạo thơm Cần Thơ và Hoà Bình", ["Cần Thơ", "Hoà Bình"]),  # "Hoà" and "Hòa" are the same name
    ("Mật ong rừng U Minh", ["U Minh"]),
    ("KHÓM CẦU ĐÚC", []),                                       # not an administrative unit's name
    ("PHONG DIEN", []),                                         # without accents it is not read as one
    ("Mắm cá lóc", []),
])
def test_place_names_are_found_in_a_marks_wording(wording, names):
    assert place_names_in(wording) == names


@pytest.fixture
def cooperative(login_as, make_organization, make_product, reference_data):
    organization = make_organization(name="Hợp tác xã Bưởi Phong Điền", kind=OrganizationKind.COOPERATIVE)
    product = make_product(organization, name="Bưởi Năm Roi", stars=4)
    client, _ = login_as(Role.PRODUCER, organization=organization)
    return client, product


def test_a_place_name_is_ticked_for_the_user_and_its_permission_required(cooperative):
    client, _ = cooperative
    case_id = started_id(start_case(client, "collective"))
    post_step(client, case_id, "mark", {**MARK, "wording": "BƯỞI NĂM ROI PHONG ĐIỀN"},
              files={"mark_image": (logo_png(), "logo.png")})
    page = client.get(f"/cases/{case_id}/steps/characteristics").get_data(as_text=True)
    [place_box] = re.findall(r'<input[^>]*value="place_name"[^>]*>', page)
    assert "checked" in place_box
    assert "Nhãn hiệu có chứa địa danh: PHONG ĐIỀN." in page
    response = post_step(client, case_id, "characteristics", CHARACTERISTICS)
    assert response.status_code == 422
    assert errors_next_to(response, "place_permission") == [
        "Nhãn hiệu tập thể hoặc nhãn hiệu chứng nhận có chứa địa danh cần văn bản cho phép của Ủy ban nhân dân "
        "cấp tỉnh: hãy tải văn bản lên, hoặc đánh dấu là sẽ bổ sung sau."]  # a producer: no citation (issue 16)
    assert post_step(client, case_id, "characteristics", {**CHARACTERISTICS, "permission_later": "y"}).status_code == 302
    uploaded = post_step(client, case_id, "characteristics", CHARACTERISTICS,
                         files={"place_permission": (logo_png(), "cong-van.png")})
    assert uploaded.status_code == 302


def test_the_permission_is_on_the_checklist_and_in_the_dossier(cooperative, db):
    client, product = cooperative
    collective = started_id(start_case(client, "collective"))
    fill_collective(client, collective, [product.id])  # uploads the permission
    [line] = [d for d in case_summary(db.session.get(Case, collective))["documents"] if d["code"] == "place_permission"]
    assert line["attached"] and "note" not in line
    text = text_of(client.get(f"/cases/{collective}/dossier.pdf").data)
    assert "Văn bản cho phép sử dụng địa danh của Ủy ban nhân dân cấp tỉnh" in text


def test_a_permission_to_be_attached_is_listed_as_missing(login_as, make_organization, reference_data, db):
    agency = make_organization(name="Sở Khoa học và Công nghệ thành phố Cần Thơ", kind=OrganizationKind.STATE_AGENCY)
    client, _ = login_as(Role.PRODUCER, organization=agency)
    case_id = started_id(start_case(client, "certification"))
    fill_certification(client, case_id, [])  # "will be attached later"
    [line] = [d for d in case_summary(db.session.get(Case, case_id))["documents"] if d["code"] == "place_permission"]
    assert not line["attached"] and line["note"] == "Cần bổ sung trước khi nộp đơn."
    text = text_of(client.get(f"/cases/{case_id}/dossier.pdf").data)
    assert "Văn bản cho phép sử dụng địa danh của Ủy ban nhân dân cấp tỉnh" in text
    assert "Cần bổ sung trước khi nộp đơn." in text


def test_members_outside_the_area_of_the_membership_conditions_are_warned_about(cooperative):
    client, product = cooperative
    case_id = started_id(start_case(client, "collective"))
    fill_collective(client, case_id, [product.id])  # "Là hộ trồng khóm tại xã Hỏa Tiến", both members there
    review = client.get(f"/cases/{case_id}/steps/review").get_data(as_text=True)
    assert "members-outside" not in review
    outsider = ("Lê Văn Cường", "Ấp Mỹ Ái, xã Phong Điền", "Phong Điền", "Khóm tươi", "")
    assert post_step(client, case_id, "members", members_data([*MEMBERS, outsider])).status_code == 302
    review = client.get(f"/cases/{case_id}/steps/review")
    assert review.status_code == 200  # a warning: the case can still be submitted
    assert ("Quy chế giới hạn thành viên trong Hỏa Tiến, nhưng địa chỉ của các thành viên sau không thuộc địa danh "
            "nào trong đó: Lê Văn Cường.") in text_of_page(review)
