"""Two people send the same case back to DOST at the same moment, with real threads, on SQLite and
PostgreSQL: one submission is recorded (one history row, one snapshot), the other is told it was
already sent; never a 500."""
from __future__ import annotations

import sqlalchemy as sa

from app.models import Case, CaseComment, CaseEvent, CaseStatus, CaseSubmission, Role
from app.wizard import services as wizard_services
from tests import both_databases
from tests.conftest import text_of
from tests.test_concurrency import simultaneously
from tests.wizard_helpers import fill_trademark, start_trademark

#: the conftest fixture, once on a SQLite file and once on PostgreSQL
app = both_databases.app


def test_two_simultaneous_resubmissions_record_one(app, db, monkeypatch, login_as, make_organization,
                                                   make_product, reference_data):
    organization = make_organization()
    product = make_product(organization, name="Khóm Cầu Đúc")
    first, user = login_as(Role.PRODUCER, organization=organization)
    second, _ = login_as(user=user)
    case_id = start_trademark(first, product_id=product.id)
    fill_trademark(first, case_id, [product.id], ["Khóm (dứa) tươi"])
    assert first.post(f"/cases/{case_id}/submit").status_code == 302
    consultant, _ = login_as(Role.CONSULTANT)
    consultant.post(f"/cases/{case_id}/comments", data={"step": "mark", "body": "Sửa mô tả."})
    consultant.post(f"/cases/{case_id}/transition", data={"name": "request_changes", "note": "Xem góp ý"})
    comment_id = db.session.scalar(sa.select(CaseComment.id).where(CaseComment.case_id == case_id))
    answer = {f"comment-{comment_id}-state": "dealt_with", "step": "mark"}
    assert first.post(f"/cases/{case_id}/comments/{comment_id}/answer", data=answer).status_code == 302

    responses = simultaneously(app, monkeypatch, wizard_services, "open_comments", [
        lambda client=client: client.post(f"/cases/{case_id}/submit") for client in (first, second)])
    monkeypatch.undo()  # the pages read below pass open_comments() too
    assert sorted(r.status_code for r in responses) == [302, 303]
    loser = next(i for i, r in enumerate(responses) if r.status_code == 303)
    told = (first, second)[loser].get(responses[loser].headers["Location"])
    assert "Đơn đăng ký này đã được gửi trước đó." in text_of(told)
    db.session.expire_all()
    assert db.session.get(Case, case_id).status == CaseStatus.SUBMITTED
    submits = db.session.scalars(sa.select(CaseEvent.transition).where(
        CaseEvent.case_id == case_id, CaseEvent.transition == "submit")).all()
    assert len(submits) == 2  # the first submission and one resubmission
    numbers = db.session.scalars(sa.select(CaseSubmission.number).where(CaseSubmission.case_id == case_id)).all()
    assert sorted(numbers) == [1, 2]
