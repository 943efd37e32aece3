"""The declaration's items we lacked: the request for a paper certificate; the transliteration and
translation of words in another script or language; for a GI the presentation sample (when not words
only) and the explanation of a homonymous GI. Each is refused next to its field when missing and read
back from the printed dossier."""
from __future__ import annotations

import pytest

from app.models import Case, OrganizationKind, Role
from app.wizard.summary import case_summary
from tests.kind_helpers import GI_INDICATION, fill_gi, start_case, started_id
from tests.page_helpers import errors_next_to
from tests.pdf_reading import text_of
from tests.wizard_helpers import MARK, REVIEW, filled_trademark, logo_png, post_step


@pytest.fixture
def trademark(login_as, make_organization, make_product, reference_data):
    return filled_trademark(login_as, make_organization, make_product)


def _refused(response, field_id: str, message: str) -> None:
    assert response.status_code == 422
    assert message in errors_next_to(response, field_id), errors_next_to(response, field_id)


def test_the_paper_certificate_is_asked_for_on_the_declaration(trademark):
    client, case_id = trademark
    assert "X Yêu cầu cấp bản giấy" not in text_of(client.get(f"/cases/{case_id}/dossier.pdf").data)
    assert post_step(client, case_id, "review", {**REVIEW, "paper_certificate": "y"}).status_code == 302
    assert "X Yêu cầu cấp bản giấy của văn bằng bảo hộ" in text_of(client.get(f"/cases/{case_id}/dossier.pdf").data)


def _mark(**fields) -> dict:
    return {**MARK, **fields}


def test_words_in_another_script_need_their_transliteration_and_translation(trademark):
    client, case_id = trademark
    image = {"mark_image": (logo_png(), "logo.png")}
    response = post_step(client, case_id, "mark", _mark(wording="福 KHÓM CẦU ĐÚC"), files=image)
    _refused(response, "transliteration", "Nhãn hiệu có chữ thuộc hệ chữ khác: hãy ghi phiên âm bằng chữ Latinh.")
    _refused(response, "translation", "Hãy dịch nghĩa các từ ngữ tiếng nước ngoài sang tiếng Việt, hoặc ghi rõ là "
                                      "không có nghĩa.")
    # Latin letters in another language cannot be told from Vietnamese: the user says so
    foreign = post_step(client, case_id, "mark", _mark(wording="GOLDEN PINEAPPLE", foreign_words="y"), files=image)
    _refused(foreign, "translation", "Hãy dịch nghĩa các từ ngữ tiếng nước ngoài sang tiếng Việt, hoặc ghi rõ là "
                                     "không có nghĩa.")
    assert errors_next_to(foreign, "transliteration") == []
    ok = post_step(client, case_id, "mark", _mark(wording="福 KHÓM CẦU ĐÚC", transliteration="phúc",
                                                  translation="phúc: may mắn"), files=image)
    assert ok.status_code == 302
    # read back with Latin words only: the dossier's fonts have no Chinese characters to extract
    latin = _mark(wording="GOLDEN KHÓM", foreign_words="y", transliteration="gôn-đần", translation="GOLDEN: vàng")
    assert post_step(client, case_id, "mark", latin, files=image).status_code == 302
    text = text_of(client.get(f"/cases/{case_id}/dossier.pdf").data)
    assert "Phiên âm: gôn-đần" in text and "Dịch nghĩa sang tiếng Việt: GOLDEN: vàng" in text


@pytest.fixture
def gi_case(login_as, make_organization, reference_data):
    association = make_organization(name="Hội Khóm Cầu Đúc", kind=OrganizationKind.ASSOCIATION)
    consultant, _ = login_as(Role.CONSULTANT)
    case_id = started_id(start_case(consultant, "gi", organization_id=association.id))
    fill_gi(consultant, case_id)
    return consultant, case_id


def test_a_gi_not_in_words_only_needs_its_presentation_sample(gi_case, db):
    client, case_id = gi_case
    assert "gi_sample" not in [d["code"] for d in case_summary(db.session.get(Case, case_id))["documents"]]
    _refused(post_step(client, case_id, "indication", {**GI_INDICATION, "presentation": "sign"}), "gi_sample",
             "Hãy tải lên mẫu trình bày: chỉ dẫn địa lý không chỉ gồm chữ.")
    assert post_step(client, case_id, "indication", {**GI_INDICATION, "presentation": "sign"},
                     files={"gi_sample": (logo_png(), "mau-trinh-bay.png")}).status_code == 302
    [line] = [d for d in case_summary(db.session.get(Case, case_id))["documents"] if d["code"] == "gi_sample"]
    assert line["attached"]
    text = text_of(client.get(f"/cases/{case_id}/dossier.pdf").data)
    assert "mẫu trình bày kèm theo đơn" in text and "Mẫu trình bày chỉ dẫn địa lý" in text


def test_a_homonymous_gi_is_explained(gi_case):
    client, case_id = gi_case
    _refused(post_step(client, case_id, "indication", {**GI_INDICATION, "homonymous": "y"}), "homonym_explanation",
             "Hãy giải thích cách phân biệt chỉ dẫn địa lý này với chỉ dẫn địa lý đồng âm.")
    explained = {**GI_INDICATION, "homonymous": "y",
                 "homonym_explanation": "Trùng tên xã Cầu Đúc ở tỉnh khác; sản phẩm ghi kèm \"Cần Thơ\"."}
    assert post_step(client, case_id, "indication", explained).status_code == 302
    text = text_of(client.get(f"/cases/{case_id}/dossier.pdf").data)
    assert "Giải thích về chỉ dẫn địa lý đồng âm: Trùng tên xã Cầu Đúc ở tỉnh khác" in text
