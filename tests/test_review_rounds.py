"""Change requests that cannot be missed: the continue link lands on the commented step, the producer
deals with or answers each comment before sending again, and the consultant sees what changed."""
from __future__ import annotations

import re

import pytest
import sqlalchemy as sa

from app.models import Case, CaseComment, CaseStatus, CaseSubmission, CommentState, Role
from tests.conftest import text_of
from tests.page_helpers import errors_next_to
from tests.wizard_helpers import APPLICANT, MARK, fill_trademark, logo_png, post_step, start_trademark

MARK_COMMENT = "Mô tả rõ màu của trái khóm."


@pytest.fixture
def changes_requested(login_as, make_organization, make_product, reference_data):
    """(producer client, consultant client, case id): submitted once, then sent back with a comment on
    the mark step and one on the application as a whole."""
    organization = make_organization(name="Hợp tác xã Khóm Cầu Đúc")
    product = make_product(organization, name="Khóm Cầu Đúc", stars=4)
    producer, _ = login_as(Role.PRODUCER, organization=organization, full_name="Trần Thị Khóm")
    case_id = start_trademark(producer, product_id=product.id)
    fill_trademark(producer, case_id, [product.id], ["Khóm (dứa) tươi"])
    assert producer.post(f"/cases/{case_id}/submit").status_code == 302
    consultant, _ = login_as(Role.CONSULTANT)
    for step, body in (("mark", MARK_COMMENT), ("", "Kiểm tra lại toàn bộ hồ sơ.")):
        assert consultant.post(f"/cases/{case_id}/comments", data={"step": step, "body": body}).status_code == 302
    response = consultant.post(f"/cases/{case_id}/transition", data={"name": "request_changes", "note": "Xem góp ý"})
    assert response.status_code == 302
    return producer, consultant, case_id


def _comments(db, case_id):
    db.session.expire_all()
    return {c.body: c for c in db.session.scalars(sa.select(CaseComment).where(CaseComment.case_id == case_id))}


def _answer(client, case_id, comment, state, reply="", step="mark"):
    prefix = f"comment-{comment.id}"
    return client.post(f"/cases/{case_id}/comments/{comment.id}/answer",
                       data={f"{prefix}-state": state, f"{prefix}-reply": reply, "step": step})


def test_continue_lands_on_the_commented_step_which_is_marked(changes_requested):
    producer, _, case_id = changes_requested
    detail = producer.get(f"/cases/{case_id}").get_data(as_text=True)
    continue_link = re.search(r'href="([^"]+)">Tiếp tục soạn đơn đăng ký', detail).group(1)
    assert continue_link == f"/cases/{case_id}/steps/mark"
    page = producer.get(continue_link)
    text = text_of(page)
    assert MARK_COMMENT in text
    # the step list says it in words, not only in colour; only the commented step
    assert text.count("⚠ Sở đề nghị sửa") == 1
    assert re.search(r"3\. Nhãn hiệu ⚠ Sở đề nghị sửa", text)
    # the comment about the whole application is on the review step, with the mark's
    review = text_of(producer.get(f"/cases/{case_id}/steps/review"))
    assert MARK_COMMENT in review and "Kiểm tra lại toàn bộ hồ sơ." in review
    assert MARK_COMMENT not in text_of(producer.get(f"/cases/{case_id}/steps/goods"))


def test_submitting_with_an_open_comment_is_refused_naming_the_steps(changes_requested, db):
    producer, _, case_id = changes_requested
    response = producer.post(f"/cases/{case_id}/submit")
    assert response.status_code == 422
    text = text_of(response)
    assert "Chưa xử lý hết góp ý của Sở" in text
    assert "Nhãn hiệu; toàn bộ hồ sơ" in text
    db.session.expire_all()
    assert db.session.get(Case, case_id).status == CaseStatus.CHANGES_REQUESTED
    comments = _comments(db, case_id)
    assert _answer(producer, case_id, comments[MARK_COMMENT], "dealt_with").status_code == 302
    still = producer.post(f"/cases/{case_id}/submit")
    assert still.status_code == 422 and "toàn bộ hồ sơ" in text_of(still) and "Nhãn hiệu;" not in text_of(still)


def test_an_answer_needs_its_words_and_a_state(changes_requested, db):
    producer, _, case_id = changes_requested
    comment = _comments(db, case_id)[MARK_COMMENT]
    empty = _answer(producer, case_id, comment, "answered", "   ")
    assert empty.status_code == 422
    assert errors_next_to(empty, f"comment-{comment.id}-reply") == [
        "Hãy viết câu trả lời cho Sở, ví dụ vì sao không cần sửa."]
    no_state = _answer(producer, case_id, comment, "")
    assert no_state.status_code == 422 and "Vui lòng chọn một mục." in text_of(no_state)
    forged = _answer(producer, case_id, comment, "open")
    assert forged.status_code == 422 and "Lựa chọn không hợp lệ." in text_of(forged)
    assert _comments(db, case_id)[MARK_COMMENT].state == CommentState.OPEN


def test_only_the_organizations_producer_answers(changes_requested, login_as, db):
    _, _, case_id = changes_requested
    stranger, _ = login_as(Role.PRODUCER)
    comment = _comments(db, case_id)[MARK_COMMENT]
    assert _answer(stranger, case_id, comment, "dealt_with").status_code == 404
    office, _ = login_as(Role.OFFICE)
    assert _answer(office, case_id, comment, "dealt_with").status_code == 403
    assert _comments(db, case_id)[MARK_COMMENT].state == CommentState.OPEN


def test_resubmission_shows_exactly_the_two_changed_fields(changes_requested, db):
    producer, consultant, case_id = changes_requested
    assert post_step(producer, case_id, "mark", {**MARK, "colours": "vàng, xanh lá, đỏ"}).status_code == 302
    assert post_step(producer, case_id, "applicant", {**APPLICANT, "phone": "0987654321"}).status_code == 302
    # the same logo again is no change (compared by content)
    assert post_step(producer, case_id, "mark", {**MARK, "colours": "vàng, xanh lá, đỏ"},
                     files={"mark_image": (logo_png(), "logo-lai.png")}).status_code == 302
    comments = _comments(db, case_id)
    assert _answer(producer, case_id, comments[MARK_COMMENT], "dealt_with").status_code == 302
    assert _answer(producer, case_id, comments["Kiểm tra lại toàn bộ hồ sơ."], "answered",
                   "Đã kiểm tra, không có gì cần sửa thêm.", step="review").status_code == 302
    assert producer.post(f"/cases/{case_id}/submit").status_code == 302
    db.session.expire_all()
    assert [s.number for s in db.session.scalars(sa.select(CaseSubmission).where(
        CaseSubmission.case_id == case_id))] == [1, 2]
    page = consultant.get(f"/cases/{case_id}").get_data(as_text=True)
    changes = re.search(r'id="changes-since-last">(.*?)</div></div>', page, re.S).group(1)
    rows = re.findall(r"<tr><th scope=\"row\">(.*?)</th><td><del>(.*?)</del></td><td><ins>(.*?)</ins></td></tr>", changes)
    assert rows == [("Số điện thoại", "0912345678", "0987654321"),
                    ("Màu sắc bảo hộ", "vàng, xanh lá", "vàng, xanh lá, đỏ")]
    assert re.findall(r"<h3 class=\"h6 mt-2\">(.*?)</h3>", changes) == ["Chủ đơn", "Nhãn hiệu"]
    # the consultant sees what the producer did about each comment, who and when
    text = text_of(consultant.get(f"/cases/{case_id}"))
    assert "Đã sửa · Trần Thị Khóm" in text
    assert "Đã trả lời · Trần Thị Khóm" in text and "Đã kiểm tra, không có gì cần sửa thêm." in text


def test_a_new_logo_is_a_change(changes_requested, db):
    producer, consultant, case_id = changes_requested
    assert post_step(producer, case_id, "mark", MARK,
                     files={"mark_image": (logo_png(colour=(200, 30, 30)), "logo-do.png")}).status_code == 302
    for comment in _comments(db, case_id).values():
        assert _answer(producer, case_id, comment, "dealt_with").status_code == 302
    assert producer.post(f"/cases/{case_id}/submit").status_code == 302
    changes = text_of(consultant.get(f"/cases/{case_id}"))
    assert "Mẫu nhãn hiệu logo.png logo-do.png" in changes


def test_migration_keeps_the_last_submission_of_cases_not_reopened(changes_requested, login_as, make_organization,
                                                                 make_product, db):
    """Cases sent before migration 0015 get their last submission as number 1 when their steps are locked
    (submitted and beyond); a case sent back for changes may have been edited since, so it gets none."""
    from flask_migrate import downgrade, upgrade

    _, _, reopened = changes_requested
    organization = make_organization()
    product = make_product(organization)
    producer, _ = login_as(Role.PRODUCER, organization=organization)
    locked = start_trademark(producer, product_id=product.id)
    fill_trademark(producer, locked, [product.id], ["Khóm (dứa) tươi"])
    assert producer.post(f"/cases/{locked}/submit").status_code == 302
    before = db.session.scalar(sa.select(CaseSubmission).where(CaseSubmission.case_id == locked))
    expected = (before.number, before.steps, before.files, before.submitted_by_id)
    db.session.remove()
    downgrade(revision="0013")
    upgrade()
    snapshots = db.session.scalars(sa.select(CaseSubmission)).all()
    assert [(s.case_id, s.number, s.steps, s.files, s.submitted_by_id) for s in snapshots] == [(locked, *expected)]
    assert reopened != locked


def test_a_comment_on_the_whole_application_leads_to_the_review_step(changes_requested, db):
    producer, _, case_id = changes_requested
    assert _answer(producer, case_id, _comments(db, case_id)[MARK_COMMENT], "dealt_with").status_code == 302
    detail = producer.get(f"/cases/{case_id}").get_data(as_text=True)
    assert re.search(r'href="([^"]+)">Tiếp tục soạn đơn đăng ký', detail).group(1) == f"/cases/{case_id}/steps/review"
