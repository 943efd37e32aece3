"""Collective mark, certification mark and GI wizards: who may start them, the members list and
its import, required parts of the regulation and description, submit only when complete."""
from __future__ import annotations

import io

import openpyxl
import pytest
import sqlalchemy as sa

from app.models import Case, CaseKind, CaseStatus, CaseStep, FilePurpose, OrganizationKind, Role
from tests.conftest import text_of
from tests.kind_helpers import (
    CERTIFICATION_APPLICANT,
    CHARACTERISTICS,
    COLLECTIVE_APPLICANT,
    COLLECTIVE_REGULATION,
    GI_AREA,
    fill_certification,
    fill_collective,
    fill_gi,
    members_data,
    start_case,
    started_id,
)
from tests.page_helpers import errors_next_to
from tests.pdf_reading import text_of as pdf_text
from tests.wizard_helpers import post_step


@pytest.fixture
def cooperative(login_as, make_organization, make_product, reference_data):
    organization = make_organization(name="Hợp tác xã Khóm Cầu Đúc", kind=OrganizationKind.COOPERATIVE)
    product = make_product(organization, name="Khóm Cầu Đúc", stars=4)
    client, user = login_as(Role.PRODUCER, organization=organization)
    return client, organization, product


def test_start_page_explains_each_kind_and_refuses_a_collective_mark_to_an_enterprise(login_as, make_organization, db):
    enterprise = make_organization(name="Công ty TNHH Mật ong Rừng", kind=OrganizationKind.ENTERPRISE)
    client, _ = login_as(Role.PRODUCER, organization=enterprise)
    page = client.get("/cases/new")
    assert page.status_code == 200
    text = text_of(page)
    for kind in ("Nhãn hiệu tập thể", "Nhãn hiệu chứng nhận", "Chỉ dẫn địa lý"):
        assert kind in text
    # the reason is shown before the user tries, in plain words (the article is for staff: issue 16)
    assert "Chỉ tổ chức tập thể (hợp tác xã, tổ hợp tác, hiệp hội…) mới được đăng ký nhãn hiệu tập thể" in text
    assert "Điều 87" not in text
    refused = start_case(client, "collective")
    assert refused.status_code == 422
    assert "tổ chức tập thể" in text_of(refused)
    assert db.session.scalar(sa.select(sa.func.count(Case.id)).where(Case.organization_id == enterprise.id)) == 0
    # the other kinds are open to it
    assert start_case(client, "certification").status_code == 302


def test_consultant_starts_a_gi_for_an_organization(login_as, make_organization, reference_data, db):
    association = make_organization(name="Hội Khóm Cầu Đúc", kind=OrganizationKind.ASSOCIATION)
    consultant, _ = login_as(Role.CONSULTANT)
    chooser = consultant.get("/cases/new")
    assert "Hội Khóm Cầu Đúc" in text_of(chooser)
    case_id = started_id(start_case(consultant, "gi", organization_id=association.id))
    case = db.session.get(Case, case_id)
    assert case.kind == CaseKind.GI and case.organization_id == association.id
    page = consultant.get(f"/cases/{case_id}/steps/applicant").get_data(as_text=True)
    assert 'value="Sở Khoa học và Công nghệ thành phố Cần Thơ"' in page  # suggested applicant
    assert 'value="Hội Khóm Cầu Đúc"' in page  # the managing organization, prefilled


def test_collective_journey_to_submission(cooperative, db):
    client, organization, product = cooperative
    case_id = started_id(start_case(client, "collective", product_id=product.id))
    assert client.post(f"/cases/{case_id}/submit").status_code == 422
    fill_collective(client, case_id, [product.id])
    review = text_of(client.get(f"/cases/{case_id}/steps/review"))
    assert "QUY CHẾ SỬ DỤNG NHÃN HIỆU TẬP THỂ" in review and "Trần Thị Bình" in review
    assert client.post(f"/cases/{case_id}/submit").status_code == 302
    assert db.session.get(Case, case_id).status == CaseStatus.SUBMITTED


def test_regulation_suggests_wording_and_refuses_an_empty_required_part(cooperative, db):
    client, organization, product = cooperative
    case_id = started_id(start_case(client, "collective", product_id=product.id))
    page = text_of(client.get(f"/cases/{case_id}/steps/regulation"))
    assert "Tán thành Điều lệ của Hợp tác xã Khóm Cầu Đúc" in page.replace("\n", " ") or "tán thành Điều lệ của Hợp tác xã Khóm Cầu Đúc" in page
    response = post_step(client, case_id, "regulation", {**COLLECTIVE_REGULATION, "breach_measures": "   "})
    assert response.status_code == 422
    assert "Biện pháp xử lý" in text_of(response) or "breach" in text_of(response).lower()
    saved = db.session.scalar(sa.select(CaseStep).where(CaseStep.case_id == case_id, CaseStep.name == "regulation"))
    assert saved.data["membership_conditions"] == [COLLECTIVE_REGULATION["membership_conditions"]]  # draft kept
    assert saved.complete is False


def test_applicant_step_refuses_an_individual_for_a_collective_mark(cooperative):
    client, _, product = cooperative
    case_id = started_id(start_case(client, "collective"))
    response = post_step(client, case_id, "applicant", {**COLLECTIVE_APPLICANT, "applicant_kind": "individual",
                                                        "citizen_id": "012345678901"})
    assert response.status_code == 422
    assert "tổ chức tập thể" in text_of(response)


def test_members_rows_need_an_address_and_no_duplicates(cooperative):
    client, _, _ = cooperative
    case_id = started_id(start_case(client, "collective"))
    missing_address = post_step(client, case_id, "members", members_data([("Lê Văn Cường", "", "", "", "")]))
    assert missing_address.status_code == 422 and "địa chỉ" in text_of(missing_address).lower()
    twice = post_step(client, case_id, "members", members_data([("Lê Văn Cường", "Ấp 2", "", "", "")] * 2))
    assert twice.status_code == 422 and "hai lần" in text_of(twice)
    empty = post_step(client, case_id, "members", {})
    assert empty.status_code == 422 and "ít nhất một thành viên" in text_of(empty)


def _members_workbook(rows) -> bytes:
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    sheet.append(["DANH SÁCH THÀNH VIÊN HTX"])  # a title above the header row
    sheet.append(["STT", "Họ và tên", "Địa chỉ", "Xã/phường", "Sản phẩm", "Mã số thuế/CCCD"])
    for i, row in enumerate(rows, start=1):
        sheet.append([i, *row])
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def test_members_import_from_excel_and_csv_adds_after_typed_rows(cooperative, make_organization, db):
    client, _, _ = cooperative
    make_organization(name="Tổ hợp tác Khóm Tân Tiến", tax_code="6300999888")
    case_id = started_id(start_case(client, "collective"))
    typed = members_data([("Nguyễn Văn An", "Ấp Thạnh Lợi", "", "Khóm", "")])
    workbook = _members_workbook([("Nguyễn Văn An", "Ấp Thạnh Lợi", "Hỏa Tiến", "Khóm", None),  # already typed
                                  ("Tổ hợp tác Khóm Tân Tiến", "Ấp 3", "Tân Tiến", "Khóm sấy", "6300999888"),
                                  ("Phạm Thị Dung", "Ấp 4", "Hỏa Lựu", "Mứt khóm", None)])
    response = post_step(client, case_id, "members", typed, action="save",
                         files={"members_file": (workbook, "thanh-vien.xlsx")})
    assert response.status_code == 302
    page = client.get(response.headers["Location"])
    assert "2 thành viên" in text_of(page)  # "2 members added"
    saved = db.session.scalar(sa.select(CaseStep).where(CaseStep.case_id == case_id, CaseStep.name == "members"))
    names = [saved.data[f"members-{i}-name"][0] for i in range(3)]
    assert names == ["Nguyễn Văn An", "Tổ hợp tác Khóm Tân Tiến", "Phạm Thị Dung"]
    review = text_of(client.get(f"/cases/{case_id}/steps/review"))
    assert "có tài khoản" in review  # linked by tax code to an organization in the system

    csv_bytes = "Họ và tên;Địa chỉ;Sản phẩm\nVõ Văn Em;Ấp 5;Khóm\n".encode("utf-8-sig")
    response = post_step(client, case_id, "members", {}, action="save", files={"members_file": (csv_bytes, "tv.csv")})
    assert response.status_code == 302
    saved = db.session.scalar(sa.select(CaseStep).where(CaseStep.case_id == case_id, CaseStep.name == "members"))
    assert saved.data["members-0-name"] == ["Võ Văn Em"]


def test_members_import_refuses_a_file_without_a_name_column(cooperative, db):
    client, _, _ = cooperative
    case_id = started_id(start_case(client, "collective"))
    response = post_step(client, case_id, "members", members_data(), action="save",
                         files={"members_file": (b"foo,bar\n1,2\n", "x.csv")})
    assert response.status_code == 422
    assert "Họ và tên" in text_of(response)
    saved = db.session.scalar(sa.select(CaseStep).where(CaseStep.case_id == case_id, CaseStep.name == "members"))
    assert saved.data["members-0-name"] == ["Nguyễn Văn An"]  # the typed rows are kept


def test_characteristics_required_when_the_mark_names_a_place(cooperative):
    client, _, _ = cooperative
    case_id = started_id(start_case(client, "collective"))
    response = post_step(client, case_id, "characteristics", {"bases": ["place_name"], "characteristics": ""})
    assert response.status_code == 422 and "đặc tính" in text_of(response)
    assert post_step(client, case_id, "characteristics", {}).status_code == 302  # nothing applies: fine


def test_certification_needs_the_no_trade_confirmation_and_a_map_for_origin(login_as, make_organization, reference_data, db):
    agency = make_organization(name="Sở Khoa học và Công nghệ thành phố Cần Thơ", kind=OrganizationKind.STATE_AGENCY)
    client, _ = login_as(Role.PRODUCER, organization=agency)
    case_id = started_id(start_case(client, "certification"))
    page = text_of(client.get(f"/cases/{case_id}/steps/applicant"))
    assert "không tự sản xuất" in page or "không" in page
    response = post_step(client, case_id, "applicant", {**CERTIFICATION_APPLICANT, "does_not_trade": ""})
    assert response.status_code == 422
    origin = post_step(client, case_id, "characteristics", {**CHARACTERISTICS, "bases": ["origin"],
                                                            "area_description": ""})
    assert origin.status_code == 422
    body = text_of(origin)
    assert "bản đồ" in body.lower() and "khu vực" in body.lower()


def test_certification_journey_to_submission(login_as, make_organization, make_product, reference_data, db):
    agency = make_organization(name="Sở Khoa học và Công nghệ thành phố Cần Thơ", kind=OrganizationKind.STATE_AGENCY)
    product = make_product(agency, name="Khóm Cầu Đúc chứng nhận")
    client, _ = login_as(Role.PRODUCER, organization=agency)
    case_id = started_id(start_case(client, "certification"))
    fill_certification(client, case_id, [product.id])
    case = db.session.get(Case, case_id)
    assert case.current_file(FilePurpose.MAP) is not None
    review = text_of(client.get(f"/cases/{case_id}/steps/review"))
    assert "QUY CHẾ SỬ DỤNG NHÃN HIỆU CHỨNG NHẬN" in review and "Chi phí người sử dụng" in review
    assert client.post(f"/cases/{case_id}/submit").status_code == 302


def test_gi_journey_requires_a_characteristic_and_the_map(login_as, make_organization, make_product, reference_data, db):
    association = make_organization(name="Hội Khóm Cầu Đúc", kind=OrganizationKind.ASSOCIATION)
    make_product(association, name="Khóm Cầu Đúc")
    consultant, _ = login_as(Role.CONSULTANT)
    case_id = started_id(start_case(consultant, "gi", organization_id=association.id))
    none = post_step(consultant, case_id, "characteristics", {"raw_materials": "Giống Queen"})
    assert none.status_code == 422 and "ít nhất một" in text_of(none)
    no_map = post_step(consultant, case_id, "area", GI_AREA)
    assert no_map.status_code == 422 and "bản đồ" in text_of(no_map).lower()
    fill_gi(consultant, case_id)
    case = db.session.get(Case, case_id)
    assert case.title == "Khóm Cầu Đúc"
    review = text_of(consultant.get(f"/cases/{case_id}/steps/review"))
    assert "BẢN MÔ TẢ" in review and "Cơ chế tự kiểm tra chất lượng" in review
    assert "1.200.000" in review  # GI examination fee from the fee table
    assert consultant.post(f"/cases/{case_id}/submit").status_code == 302
    assert db.session.get(Case, case_id).status == CaseStatus.SUBMITTED


def test_a_gi_area_needs_its_delimitation_method_and_the_stability_of_its_production_method(
        login_as, make_organization, reference_data):
    association = make_organization(name="Hội Khóm Cầu Đúc", kind=OrganizationKind.ASSOCIATION)
    consultant, _ = login_as(Role.CONSULTANT)
    case_id = started_id(start_case(consultant, "gi", organization_id=association.id))
    response = post_step(consultant, case_id, "area", {**GI_AREA, "delimitation_method": "", "method_stability": ""})
    assert response.status_code == 422
    assert errors_next_to(response, "delimitation_method") == ["Vui lòng điền mục này."]
    assert errors_next_to(response, "method_stability") == ["Vui lòng điền mục này."]
    fill_gi(consultant, case_id)
    text = pdf_text(consultant.get(f"/cases/{case_id}/dossier.pdf").data)
    assert "Phương pháp xác định khu vực địa lý: Khảo sát thổ nhưỡng và vùng trồng thực tế năm 2024." in text
    assert "Tính ổn định của phương pháp sản xuất: Áp dụng ổn định từ những năm 1990." in text


def _tampered_products_step(cooperative):
    """The products step posted with a product id that was never offered."""
    client, _, _ = cooperative
    case_id = started_id(start_case(client, "collective"))
    return case_id, post_step(client, case_id, "products", {"products": ["999999"]})


def test_a_tampered_choice_is_a_422_with_a_message_not_a_500(cooperative, db):
    case_id, response = _tampered_products_step(cooperative)
    assert response.status_code == 422
    [message] = errors_next_to(response, "products-0")  # the one product offered, then the field's message
    assert "999999" in message
    assert db.session.get(Case, case_id).products == []


def test_a_tampered_choice_message_is_vietnamese(cooperative):
    _, response = _tampered_products_step(cooperative)
    [message] = errors_next_to(response, "products-0")
    assert message == "'999999' không phải là lựa chọn hợp lệ."


#: the documents checklist of the demo's approved cases (no representative, no priority claimed; both
#: marks name a place, so each has the People's Committee's permission)
CHECKLIST_CODES = {
    CaseKind.COLLECTIVE: ["declaration", "mark_samples", "goods_list", "regulation", "members", "characteristics",
                          "place_permission", "fee_receipts"],
    CaseKind.CERTIFICATION: ["declaration", "mark_samples", "goods_list", "regulation", "characteristics",
                             "place_permission", "map", "fee_receipts"],
    CaseKind.GI: ["declaration", "gi_description", "map", "authorisation", "fee_receipts"],
}


def test_demo_has_an_approved_case_of_each_kind_with_its_documents(app, db):
    from app.demo import seed
    from app.wizard.summary import case_summary

    with app.test_request_context():
        assert seed() is True
        db.session.commit()
        assert seed() is False  # once only
        for kind in (CaseKind.COLLECTIVE, CaseKind.CERTIFICATION, CaseKind.GI):
            case = db.session.scalar(sa.select(Case).where(Case.kind == kind, Case.status == CaseStatus.APPROVED))
            assert case is not None, kind
            summary = case_summary(case)
            assert summary["complete"], summary["missing"]
            assert summary["map"] or kind == CaseKind.COLLECTIVE
            assert len(summary["members"]) == (6 if kind == CaseKind.COLLECTIVE else 0)
            if kind == CaseKind.COLLECTIVE:  # every member inside the area its regulation names
                assert summary["members_area"] == {"places": ["Phong Điền"], "outside": []}
            # the documents checklist, each line known by its code whatever the language of its title
            assert [line["code"] for line in summary["documents"]] == CHECKLIST_CODES[kind]
            assert all(line["attached"] for line in summary["documents"] if line["code"] != "fee_receipts")
        # the demo teaches the law: no certification mark owned by a cooperative (it trades the goods), no
        # GI named after a cooperative (a GI is named after its product and place)
        cases = db.session.scalars(sa.select(Case).order_by(Case.id)).all()
        assert {c.organization.kind for c in cases if c.kind == CaseKind.CERTIFICATION} == {OrganizationKind.STATE_AGENCY}
        assert [c.title for c in cases if c.kind == CaseKind.GI] == ["Khóm Cầu Đúc", "CHANH KHÔNG HẠT LONG MỸ"]


def test_catalogue_lists_the_members_of_a_granted_collective_mark_without_private_details(app, cooperative, db, client):
    user_client, organization, product = cooperative
    case_id = started_id(start_case(user_client, "collective", product_id=product.id))
    fill_collective(user_client, case_id, [product.id])
    members_url = f"/catalogue/marks/{case_id}/members"
    assert client.get(members_url).status_code == 404  # not public before the grant
    case = db.session.get(Case, case_id)
    case.status = CaseStatus.GRANTED
    case.certificate_number = "4-0512345-000"
    db.session.commit()
    page = client.get(members_url)
    assert page.status_code == 200
    text = text_of(page)
    assert "Nguyễn Văn An" in text and "Trần Thị Bình" in text and "Khóm sấy" in text
    assert "Ấp Thạnh Lợi" not in text  # street addresses stay in the dossier
    assert members_url in client.get("/catalogue/").get_data(as_text=True)


def test_a_map_is_printed_only_while_the_mark_certifies_origin(login_as, make_organization, make_product, reference_data, db):
    from app.wizard.summary import case_summary
    from tests.kind_helpers import map_png

    agency = make_organization(name="Sở Khoa học và Công nghệ", kind=OrganizationKind.STATE_AGENCY)
    client, _ = login_as(Role.PRODUCER, organization=agency)
    case_id = started_id(start_case(client, "certification"))
    origin = {**CHARACTERISTICS, "bases": ["origin"], "area_description": "Ba xã."}
    assert post_step(client, case_id, "characteristics", origin, files={"area_map": (map_png(), "m.png")}).status_code == 302
    case = db.session.get(Case, case_id)
    assert case_summary(case)["map"] is not None and "map" in case_summary(case)["parts"]
    assert post_step(client, case_id, "characteristics", {**CHARACTERISTICS, "bases": ["quality"]}).status_code == 302
    summary = case_summary(db.session.get(Case, case_id))
    assert summary["map"] is None and "map" not in summary["parts"]
    assert db.session.get(Case, case_id).current_file(FilePurpose.MAP) is not None  # kept, just not printed


@pytest.mark.parametrize("role", [Role.OFFICE, Role.ADMIN])
def test_roles_that_prepare_no_applications_cannot_start_one(login_as, make_organization, reference_data, role, db):
    organization = make_organization()
    client, _ = login_as(role)
    assert client.get("/cases/new").status_code == 403
    assert client.post("/cases/new", data={"kind": "gi", "organization_id": organization.id}).status_code == 403
    assert db.session.scalar(sa.select(sa.func.count(Case.id))) == 0


def test_starting_an_application_needs_a_login(client):
    response = client.get("/cases/new")
    assert response.status_code == 302 and "/auth/login" in response.headers["Location"]


def test_a_producer_cannot_start_a_case_for_another_organization_or_its_product(cooperative, make_organization,
                                                                               make_product, db):
    client, own, _ = cooperative
    other = make_organization(name="Hợp tác xã Khác")
    foreign_product = make_product(other)
    response = start_case(client, "collective", organization_id=other.id)  # ignored: a producer applies for its own
    case = db.session.get(Case, started_id(response))
    assert case.organization_id == own.id
    assert start_case(client, "trademark", product_id=foreign_product.id).status_code == 404


def test_members_import_refuses_a_zip_bomb_and_keeps_the_typed_rows(cooperative, db):
    from tests.spreadsheet_files import zip_bomb_xlsx

    client, _, _ = cooperative
    case_id = started_id(start_case(client, "collective"))
    response = post_step(client, case_id, "members", members_data(), action="save",
                         files={"members_file": (zip_bomb_xlsx(), "thanh-vien.xlsx")})
    assert response.status_code == 422
    assert "giải nén ra hơn 64 MB" in text_of(response)
    saved = db.session.scalar(sa.select(CaseStep).where(CaseStep.case_id == case_id, CaseStep.name == "members"))
    assert saved.data["members-0-name"] == ["Nguyễn Văn An"]


def test_members_import_refuses_a_file_far_longer_than_a_cooperative(cooperative, db):
    from app.spreadsheets import EXTRA_ROWS
    from app.wizard.members_import import MAX_MEMBER_ROWS

    client, _, _ = cooperative
    case_id = started_id(start_case(client, "collective"))
    rows = "".join(f"Thành viên {i};Ấp {i}\n" for i in range(MAX_MEMBER_ROWS + EXTRA_ROWS + 1))
    response = post_step(client, case_id, "members", members_data(), action="save",
                         files={"members_file": (f"Họ và tên;Địa chỉ\n{rows}".encode(), "tv.csv")})
    assert response.status_code == 422
    assert f"Tệp có hơn {MAX_MEMBER_ROWS} dòng" in text_of(response)
