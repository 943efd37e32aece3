"""The trademark wizard: drafts, validation per step, uploads, conflicts, submit, review round trip."""
from __future__ import annotations

import pytest
import sqlalchemy as sa

from app.models import Case, CaseComment, CaseStatus, CaseStep, FilePurpose, Role, StoredFile
from tests.conftest import text_of
from tests.wizard_helpers import (
    APPLICANT,
    MARK,
    catalogue_ids,
    fill_trademark,
    logo_png,
    post_step,
    start_trademark,
)


@pytest.fixture
def producer(login_as, make_organization, make_product, reference_data):
    organization = make_organization(name="Hợp tác xã Khóm Cầu Đúc")
    product = make_product(organization, name="Khóm Cầu Đúc", stars=4)
    client, user = login_as(Role.PRODUCER, organization=organization)
    return client, user, organization, product


def test_start_from_a_product_and_prefill_the_applicant(producer, db):
    client, _, organization, product = producer
    case_id = start_trademark(client, product_id=product.id)
    case = db.session.get(Case, case_id)
    assert case.status == CaseStatus.DRAFT and [p.id for p in case.products] == [product.id]
    page = client.get(f"/cases/{case_id}/steps/applicant").get_data(as_text=True)
    assert 'value="Hợp tác xã Khóm Cầu Đúc"' in page


def test_another_organizations_product_cannot_start_a_case(producer, make_organization, make_product):
    client, *_ = producer
    foreign = make_product(make_organization())
    assert client.post("/cases/new", data={"kind": "trademark", "product_id": foreign.id}).status_code == 404
    assert client.post("/cases/new", data={"kind": "nonsense"}).status_code == 400


def test_save_draft_keeps_invalid_input_and_continue_explains(producer, db):
    client, *_ = producer
    case_id = start_trademark(client)
    bad = {**APPLICANT, "tax_code": "12ab", "phone": "123"}
    saved = post_step(client, case_id, "applicant", bad, action="save")
    assert saved.status_code == 302  # a draft is saved whatever it contains
    page = client.get(f"/cases/{case_id}/steps/applicant").get_data(as_text=True)
    assert 'value="12ab"' in page and 'value="123"' in page
    blocked = post_step(client, case_id, "applicant", {**bad, "step_version": "1"}, action="continue")
    assert blocked.status_code == 422
    text = text_of(blocked)
    assert "Mã số thuế gồm 10 chữ số" in text and "Nhập số điện thoại Việt Nam" in text
    step = db.session.scalar(sa.select(CaseStep).where(CaseStep.case_id == case_id, CaseStep.name == "applicant"))
    assert step.complete is False and step.data["tax_code"] == ["12ab"]


def test_vietnamese_input_is_stored_nfc(producer, db):
    import unicodedata

    client, *_ = producer
    case_id = start_trademark(client)
    decomposed = unicodedata.normalize("NFD", "KHÓM CẦU ĐÚC")
    post_step(client, case_id, "mark", {**MARK, "wording": decomposed, "mark_form": "word"})
    assert db.session.get(Case, case_id).title == "KHÓM CẦU ĐÚC"


def test_mark_needs_words_or_an_image(producer):
    client, *_ = producer
    case_id = start_trademark(client)
    response = post_step(client, case_id, "mark", {**MARK, "wording": "", "mark_form": "figurative"})
    assert response.status_code == 422
    assert "Hãy tải lên mẫu nhãn hiệu" in text_of(response) or "mẫu nhãn" in text_of(response)


def test_logo_is_checked_by_content(producer, db):
    client, *_ = producer
    case_id = start_trademark(client)
    fake = post_step(client, case_id, "mark", MARK, files={"mark_image": (b"not an image at all", "logo.png")})
    assert fake.status_code == 422
    assert db.session.scalar(sa.select(sa.func.count()).select_from(StoredFile)) == 0
    # The rest of the step was still saved: nothing typed is lost.
    assert 'value="KHÓM CẦU ĐÚC"' in client.get(f"/cases/{case_id}/steps/mark").get_data(as_text=True)
    good = post_step(client, case_id, "mark", MARK, files={"mark_image": (logo_png(), "whatever.jpg")})
    assert good.status_code == 302
    stored = db.session.scalar(sa.select(StoredFile))
    assert stored.purpose == FilePurpose.MARK_IMAGE and stored.content_type == "image/png"


def test_goods_free_terms_are_checked(producer):
    client, *_ = producer
    case_id = start_trademark(client)
    rice = catalogue_ids(client, case_id, "Gạo")
    cases = [
        ({"free_terms-0-term": "Bánh pía", "free_terms-0-nice_class": "46"}, "từ 1 đến 45"),
        ({"free_terms-0-term": "Bánh pía", "free_terms-0-nice_class": ""}, "Ghi nhóm"),
        ({"free_terms-0-term": "gạo", "free_terms-0-nice_class": "30", "terms": rice}, "hai lần"),
        ({}, "ít nhất một"),
    ]
    for data, message in cases:
        response = post_step(client, case_id, "goods", data)
        assert response.status_code == 422, data
        assert message in text_of(response), (message, text_of(response)[:3000])


def test_suggestions_follow_the_products_group(producer):
    client, _, _, product = producer
    case_id = start_trademark(client, product_id=product.id)
    post_step(client, case_id, "products", {"products": [str(product.id)]})
    html = client.get(f"/cases/{case_id}/steps/goods").get_data(as_text=True)
    suggested, _, others = html.partition("Tất cả sản phẩm, dịch vụ khác trong danh mục")
    assert "Mật ong" in suggested  # a food term, for a food product
    assert "Dịch vụ lưu trú (homestay)" in others


def test_fee_estimate_endpoint(producer):
    client, *_ = producer
    case_id = start_trademark(client)
    one_class = client.get(f"/cases/{case_id}/fee-estimate?items=30:6").get_json()
    assert one_class["filing_total"] == "1.000.000\xa0₫"
    bigger = client.get(f"/cases/{case_id}/fee-estimate?items=30:8&items=29:1").get_json()
    assert bigger["filing_total"] == "2.030.000\xa0₫"  # 1,000,000 + 730,000 + 2 × 150,000
    assert client.get(f"/cases/{case_id}/fee-estimate?items=99:1").status_code == 400
    assert client.get(f"/cases/{case_id}/fee-estimate?items=x").status_code == 400


def test_conflicting_save_is_reported_not_overwritten(producer, db):
    client, *_ = producer
    case_id = start_trademark(client)
    post_step(client, case_id, "applicant", {**APPLICANT, "step_version": "0"}, action="save")
    # A second device still holds version 0 and saves other input.
    stale = post_step(client, case_id, "applicant", {**APPLICANT, "name": "Tên khác", "step_version": "0"}, action="save")
    assert stale.status_code == 409
    assert "Tên khác" in stale.get_data(as_text=True)  # the user's input is shown back, not lost
    step = db.session.scalar(sa.select(CaseStep).where(CaseStep.case_id == case_id, CaseStep.name == "applicant"))
    assert step.data["name"] == [APPLICANT["name"]] and step.version == 1


def test_submit_only_when_every_step_is_valid(producer, db):
    client, _, _, product = producer
    case_id = start_trademark(client, product_id=product.id)
    early = client.post(f"/cases/{case_id}/submit")
    assert early.status_code == 422
    assert db.session.get(Case, case_id).status == CaseStatus.DRAFT
    fill_trademark(client, case_id, [product.id], ["Gạo", "Mật ong"], free_terms=[("Bánh pía nhân khóm", 30)])
    done = client.post(f"/cases/{case_id}/submit")
    assert done.status_code == 302
    case = db.session.get(Case, case_id)
    assert case.status == CaseStatus.SUBMITTED and case.title == "KHÓM CẦU ĐÚC"
    # A submitted case cannot be edited: refused with a message, nothing changed.
    refused = post_step(client, case_id, "mark", {**MARK, "wording": "ĐỔI TÊN"})
    assert refused.status_code == 409
    assert db.session.get(Case, case_id).title == "KHÓM CẦU ĐÚC"
    assert "ĐỔI TÊN" not in str(db.session.scalar(sa.select(CaseStep.data).where(CaseStep.case_id == case_id, CaseStep.name == "mark")))


def test_submit_and_the_review_list_agree_on_what_is_missing(app, producer, db):
    """One validation pass: submitting records which steps are complete, the review step words
    why the others are not (each field's error after its label)."""
    from app.wizard.services import revalidate
    from app.wizard.summary import missing_items

    client, _, _, product = producer
    case_id = start_trademark(client, product_id=product.id)
    post_step(client, case_id, "applicant", {**APPLICANT, "tax_code": "12ab"}, action="save")
    assert client.post(f"/cases/{case_id}/submit").status_code == 422
    with app.test_request_context():
        case = db.session.get(Case, case_id)
        missing = missing_items(case)
        problems = revalidate(case)
        assert [item["step"] for item in missing] == list(problems)
        applicant = next(item for item in missing if item["step"] == "applicant")
        assert any(message.startswith("Mã số thuế") and "10 chữ số" in message for message in applicant["messages"])
        assert next(item for item in missing if item["step"] == "goods")["messages"] == ["Bước này chưa được điền."]
        assert {step.name: step.complete for step in case.steps}["applicant"] is False


def test_generic_transition_cannot_skip_validation(producer, db):
    client, *_ = producer
    case_id = start_trademark(client)
    response = client.post(f"/cases/{case_id}/transition", data={"name": "submit"})
    assert response.status_code == 307
    assert db.session.get(Case, case_id).status == CaseStatus.DRAFT


def test_review_round_trip_with_step_comments(app, producer, login_as, db):
    client, _, _, product = producer
    case_id = start_trademark(client, product_id=product.id)
    fill_trademark(client, case_id, [product.id], ["Gạo"])
    client.post(f"/cases/{case_id}/submit")
    consultant, _ = login_as(Role.CONSULTANT)
    assert "KHÓM CẦU ĐÚC" in consultant.get("/").get_data(as_text=True)  # in the review queue
    assert consultant.post(f"/cases/{case_id}/comments", data={"step": "mark", "body": "Mô tả rõ màu của trái khóm."}).status_code == 302
    assert consultant.post(f"/cases/{case_id}/transition", data={"name": "request_changes", "note": "Xem góp ý ở bước nhãn hiệu"}).status_code == 302
    mark_page = client.get(f"/cases/{case_id}/steps/mark").get_data(as_text=True)
    assert "Mô tả rõ màu của trái khóm." in mark_page
    assert "Mô tả rõ màu" not in client.get(f"/cases/{case_id}/steps/goods").get_data(as_text=True)
    assert post_step(client, case_id, "mark", {**MARK, "description": "Trái khóm màu vàng, lá xanh."}).status_code == 302
    comment_id = db.session.scalar(sa.select(CaseComment.id).where(CaseComment.case_id == case_id))
    answer = {f"comment-{comment_id}-state": "dealt_with", "step": "mark"}
    assert client.post(f"/cases/{case_id}/comments/{comment_id}/answer", data=answer).status_code == 302
    assert client.post(f"/cases/{case_id}/submit").status_code == 302
    db.session.get(Case, case_id).organization.verified = True
    db.session.commit()
    assert consultant.post(f"/cases/{case_id}/transition", data={"name": "approve"}).status_code == 302
    assert db.session.get(Case, case_id).status == CaseStatus.APPROVED


@pytest.mark.parametrize("role,status", [(Role.PRODUCER, 403), (Role.OFFICE, 403), (Role.ADMIN, 403)])
def test_only_consultants_comment(login_as, make_organization, make_case, role, status):
    case = make_case(make_organization())
    client, _ = login_as(role)
    assert client.post(f"/cases/{case.id}/comments", data={"body": "x"}).status_code == status


@pytest.mark.parametrize("role,status", [(Role.OFFICE, 403), (Role.ADMIN, 403), (Role.CONSULTANT, 200)])
def test_who_may_open_a_step(login_as, make_organization, make_case, reference_data, role, status):
    case = make_case(make_organization())
    client, _ = login_as(role)
    assert client.get(f"/cases/{case.id}/steps/applicant").status_code == status


def test_producer_cannot_open_another_organizations_steps(producer, make_organization, make_case):
    client, *_ = producer
    foreign = make_case(make_organization())
    assert client.get(f"/cases/{foreign.id}/steps/applicant").status_code == 404
    assert client.post(f"/cases/{foreign.id}/submit").status_code == 404
    assert client.get(f"/cases/{foreign.id}/fee-estimate?items=30:1").status_code == 404


def test_unknown_step_is_404(producer):
    client, *_ = producer
    case_id = start_trademark(client)
    assert client.get(f"/cases/{case_id}/steps/nope").status_code == 404


def test_moving_to_another_step_saves_this_one(producer, db):
    client, *_ = producer
    case_id = start_trademark(client)
    response = client.post(f"/cases/{case_id}/steps/mark", data={**MARK, "wording": "CHƯA XONG", "goto": "applicant", "step_version": "0"})
    assert response.status_code == 302 and response.headers["Location"].endswith("/steps/applicant")
    assert 'value="CHƯA XONG"' in client.get(f"/cases/{case_id}/steps/mark").get_data(as_text=True)


def test_a_case_recorded_without_its_wizard_steps_still_opens(login_as, make_organization, make_case):
    """e.g. a granted collective mark entered by the office for the registry, with no draft behind it."""
    from app.models import CaseKind

    case = make_case(make_organization(), kind=CaseKind.COLLECTIVE, title="GIỎ LỤC BÌNH")
    consultant, _ = login_as(Role.CONSULTANT)
    assert consultant.get(f"/cases/{case.id}").status_code == 200
    assert consultant.get(f"/cases/{case.id}/steps/members").status_code == 200
    assert consultant.get(f"/cases/{case.id}/steps/nope").status_code == 404
    assert consultant.get(f"/cases/{case.id}/dossier.pdf").status_code == 200
