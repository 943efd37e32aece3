"""The case workflow: which role may fire which transition from which status."""
from __future__ import annotations

import pytest
import sqlalchemy as sa

from app.cases import workflow
from app.models import Case, CaseEvent, CaseStatus, Role, User

S = CaseStatus
P, C, O, A = Role.PRODUCER, Role.CONSULTANT, Role.OFFICE, Role.ADMIN
# Written out here, not taken from the code under test.
NOT_FILED_YET = (S.DRAFT, S.SUBMITTED, S.CHANGES_REQUESTED, S.APPROVED)
PENDING_AT_OFFICE = (S.FILED, S.FORMALITY_NOTICE, S.FORMALITY_ANSWERED, S.FORMALITY_ACCEPTED, S.PUBLISHED,
                     S.SUBSTANTIVE_EXAMINATION, S.REFUSAL_NOTICE, S.REFUSAL_ANSWERED, S.GRANT_INTENDED,
                     S.GRANT_FEES_PAID)

# (status, transition, role) -> allowed; anything not listed is refused.
ALLOWED = {
    (S.DRAFT, "submit", P), (S.DRAFT, "submit", C),
    (S.CHANGES_REQUESTED, "submit", P), (S.CHANGES_REQUESTED, "submit", C),
    (S.SUBMITTED, "request_changes", C),
    (S.SUBMITTED, "approve", C),
    (S.APPROVED, "reopen", C),
    *((status, "withdraw", role) for status in NOT_FILED_YET for role in (P, C)),
    # After filing, only DOST records what the IP office did. Cases here are not filed yet, so
    # today's rules apply (Law 131/2025): no acceptance decision, publication straight after filing.
    (S.APPROVED, "file", C),
    (S.FILED, "formality_notice", C), (S.FORMALITY_ANSWERED, "formality_notice", C),
    (S.FORMALITY_NOTICE, "answer_formality", C),
    (S.FILED, "publish", C), (S.FORMALITY_ANSWERED, "publish", C), (S.FORMALITY_ACCEPTED, "publish", C),
    (S.PUBLISHED, "start_substantive", C),
    *((status, "opposition", C) for status in PENDING_AT_OFFICE),
    (S.PUBLISHED, "refusal_notice", C), (S.SUBSTANTIVE_EXAMINATION, "refusal_notice", C),
    (S.REFUSAL_ANSWERED, "refusal_notice", C),
    (S.REFUSAL_NOTICE, "answer_refusal", C),
    (S.PUBLISHED, "intend_grant", C), (S.SUBSTANTIVE_EXAMINATION, "intend_grant", C),
    (S.REFUSAL_ANSWERED, "intend_grant", C),
    (S.GRANT_INTENDED, "pay_grant_fees", C),
    (S.GRANT_FEES_PAID, "grant", C),
    (S.REFUSAL_NOTICE, "refuse", C), (S.REFUSAL_ANSWERED, "refuse", C),
    *((status, "withdraw_filed", C) for status in PENDING_AT_OFFICE),
    *((status, "abandon", C) for status in PENDING_AT_OFFICE),
    # The title's life after grant (a renewal also needs the mark's expiry date: not set here).
    (S.GRANTED, "refuse_renewal", C), (S.GRANTED, "surrender", C), (S.GRANTED, "invalidate", C),
}
STATES = [(status, role) for status in S for role in Role]


@pytest.mark.parametrize("status,role", STATES, ids=[f"{s.value}-{r.value}" for s, r in STATES])
def test_transition_matrix(db, make_user, make_organization, make_case, status, role):
    """Every transition from this status for this role: offered and done exactly when allowed."""
    organization = make_organization()
    organization.verified = True  # approving also needs a verified organization (tests/test_review_rounds.py)
    actor = make_user(role, organization=organization if role == P else None)
    expected = {name for (st, name, r) in ALLOWED if st == status and r == role}

    def case_in_status():
        case = make_case(organization)
        case.status = status
        db.session.commit()
        return case

    probe = case_in_status()
    assert {t.name for t in workflow.available_transitions(probe, actor)} == expected
    for name in workflow.BY_NAME:
        case = case_in_status() if name in expected else probe
        history_before = len(case.events)
        if name in expected:
            event = workflow.transition(case, name, actor, note="Lý do")
            target = workflow.BY_NAME[name].target
            assert case.status == (status if workflow.BY_NAME[name].keeps_status else target)
            assert (event.from_status, event.to_status, event.actor) == (status, case.status, actor)
            # approving a case nobody is in charge of also records the approver taking charge
            assert len(case.events) == history_before + (2 if name == "approve" else 1)
        else:
            with pytest.raises(workflow.TransitionNotAllowed):
                workflow.transition(case, name, actor, note="Lý do")
            assert case.status == status
            assert len(case.events) == history_before  # a refused transition writes no history


def test_producer_cannot_move_another_organizations_case(make_user, make_organization, make_case):
    producer = make_user(P)
    case = make_case(make_organization())
    assert workflow.available_transitions(case, producer) == []
    with pytest.raises(workflow.TransitionNotAllowed):
        workflow.transition(case, "submit", producer)


def test_asking_for_changes_needs_a_note(make_user, make_organization, make_case, db):
    case = make_case(make_organization(), status=S.SUBMITTED)
    consultant = make_user(C)
    with pytest.raises(workflow.NoteRequired):
        workflow.transition(case, "request_changes", consultant, note="   ")
    assert case.status == S.SUBMITTED


def test_review_round_trip_through_the_web(app, login_as, make_organization, make_case, db):
    """Producer submits, consultant asks for a change, producer resubmits, consultant approves."""
    organization = make_organization()
    case = make_case(organization)
    producer, producer_user = login_as(P, organization=organization)
    consultant, consultant_user = login_as(C)

    # Submitting goes through the wizard's checks (tests/test_wizard.py); here the workflow alone.
    workflow.transition(db.session.get(Case, case.id), "submit", db.session.get(User, producer_user.id))
    db.session.commit()
    refused = producer.post(f"/cases/{case.id}/transition", data={"name": "approve"})
    assert refused.status_code == 409
    no_note = consultant.post(f"/cases/{case.id}/transition", data={"name": "request_changes", "note": ""})
    assert no_note.status_code == 422
    assert "Vui lòng ghi rõ lý do" in no_note.get_data(as_text=True)
    assert consultant.post(f"/cases/{case.id}/transition", data={"name": "request_changes", "note": "Thêm mẫu nhãn"}).status_code == 302
    assert "Thêm mẫu nhãn" in producer.get(f"/cases/{case.id}").get_data(as_text=True)
    workflow.transition(db.session.get(Case, case.id), "submit", db.session.get(User, producer_user.id))
    db.session.get(Case, case.id).organization.verified = True  # approving needs it (tests/test_review_rounds.py)
    db.session.commit()
    assert consultant.post(f"/cases/{case.id}/transition", data={"name": "approve"}).status_code == 302

    stored = db.session.get(Case, case.id)
    assert stored.status == S.APPROVED
    history = db.session.scalars(sa.select(CaseEvent.transition).where(CaseEvent.case_id == case.id).order_by(CaseEvent.id))
    # the approving consultant took charge of the case nobody was in charge of, in its history
    assert list(history) == ["create", "submit", "request_changes", "submit", "approve", "assign"]
    assert stored.consultant_id == consultant_user.id


def test_office_sees_cases_but_has_no_buttons(login_as, make_organization, make_case):
    case = make_case(make_organization())
    office, _ = login_as(O)
    page = office.get(f"/cases/{case.id}").get_data(as_text=True)
    assert 'name="name" value="submit"' not in page and 'name="name" value="approve"' not in page
    assert office.post(f"/cases/{case.id}/transition", data={"name": "approve"}).status_code == 409


def test_the_consultant_who_starts_or_approves_a_case_takes_charge_unless_someone_is(db, make_user,
                                                                                    make_organization, login_as):
    from app.cases import services as case_services
    from app.models import CaseKind

    organization = make_organization()
    organization.verified = True  # approving needs it (tests/test_review_rounds.py)
    starter = make_user(C, full_name="Nguyễn Văn Khởi")
    case = case_services.start_case(CaseKind.TRADEMARK, organization, starter)
    db.session.commit()
    assert case.consultant_id == starter.id
    assert [(e.transition, e.actor_id, e.note) for e in case.events] == [
        ("create", starter.id, None), ("assign", starter.id, "Nguyễn Văn Khởi")]

    # a producer's own case has nobody in charge until a consultant approves it
    producer = make_user(P, organization=organization)
    own = case_services.start_case(CaseKind.TRADEMARK, organization, producer)
    assert own.consultant is None and [e.transition for e in own.events] == ["create"]

    # an admin reassigns; a second consultant approving does not take the case away
    admin_client, _ = login_as(A)
    other = make_user(C)
    assert admin_client.post(f"/cases/{case.id}/assign", data={"consultant_id": str(other.id)}).status_code == 302
    case = db.session.get(Case, case.id)
    workflow.transition(case, "submit", db.session.get(User, producer.id))
    workflow.transition(case, "approve", starter)
    db.session.commit()
    assert case.consultant_id == other.id
    assert [e.transition for e in case.events] == ["create", "assign", "assign", "submit", "approve"]
