"""Several priority claims: each row is checked against the priority period, the fee is charged
per claim, the dossier lists every claim, and a case that claims priority gets the deadline for its
priority documents (a rule that applies only when priority is claimed)."""
from __future__ import annotations

import json
from datetime import date

import pytest
import sqlalchemy as sa
from flask_migrate import downgrade, upgrade

from app import create_app
from app.cases import lifecycle, workflow
from app.extensions import db as _db
from app.models import Case, CaseKind, CaseStatus, CaseStep, DeadlineState, OrganizationKind, Role
from app.organizations import services as organization_services
from config import TestConfig
from tests.conftest import CAN_THO, VI_THANH_WARD
from tests.page_helpers import errors_next_to
from tests.pdf_reading import text_of
from tests.wizard_helpers import PRIORITY, filled_trademark, post_step

LATE = ("Chỉ được yêu cầu hưởng quyền ưu tiên trong vòng 6 tháng kể từ ngày nộp đơn đầu tiên "
        "(Công ước Paris, Điều 4C; Luật Sở hữu trí tuệ, Điều 91): đơn này được nộp quá 6 tháng sau đơn trước.")


@pytest.fixture
def producer(login_as, make_organization, make_product, reference_data, freeze_today):
    freeze_today(date(2026, 12, 7))
    return filled_trademark(login_as, make_organization, make_product)


def _claims(*rows, basis="paris") -> dict:
    data = {**PRIORITY, "priority_basis": basis}
    for i, (country, number, day) in enumerate(rows):
        data.update({f"priority_claims-{i}-country": country, f"priority_claims-{i}-number": number,
                     f"priority_claims-{i}-date": day})
    return data


def _refused(response, field_id: str, message: str) -> None:
    assert response.status_code == 422
    assert message in errors_next_to(response, field_id), errors_next_to(response, field_id)


def test_each_claim_is_checked_against_6_months_and_the_late_one_says_why(producer):
    client, case_id = producer
    response = post_step(client, case_id, "priority",
                         _claims(("JP", "2026-001234", "01/07/2026"), ("KR", "40-2026-0005", "06/06/2026")))
    _refused(response, "priority_claims-1-date", LATE)
    assert errors_next_to(response, "priority_claims-0-date") == []


# the basis radio's errors follow its last option
@pytest.mark.parametrize(("data", "field_id", "message"), [
    (_claims(), "priority_basis-3", "Ghi quốc gia, số và ngày nộp của đơn nộp trước."),
    (_claims(("JP", "", "01/07/2026")), "priority_claims-0-number", "Ghi số đơn nộp trước."),
    (_claims(("JP", "2026-001234", "01/07/2026"), ("", "40-2026-0005", "01/08/2026")),
     "priority_claims-1-country", "Ghi quốc gia nộp đơn trước."),
])
def test_an_incomplete_claim_is_refused_next_to_its_field(producer, data, field_id, message):
    client, case_id = producer
    _refused(post_step(client, case_id, "priority", data), field_id, message)


def test_two_claims_pay_two_fees_and_print_in_the_dossier(producer, db):
    client, case_id = producer
    response = post_step(client, case_id, "priority",
                         _claims(("JP", "2026-001234", "01/07/2026"), ("KR", "40-2026-0005", "03/08/2026")))
    assert response.status_code == 302
    assert db.session.get(Case, case_id).priority_claims == 2
    text = text_of(client.get(f"/cases/{case_id}/dossier.pdf").data)
    assert "Đơn 1: Nước nộp đơn: JP" in text and "Số đơn: 2026-001234" in text and "Ngày nộp đơn: 01/07/2026" in text
    assert "Đơn 2: Nước nộp đơn: KR" in text and "Ngày nộp đơn: 03/08/2026" in text
    assert "Phí thẩm định yêu cầu hưởng quyền ưu tiên (mỗi yêu cầu) 2 1.200.000" in text
    # 1 class, 1 item: 1,000,000 at filing without priority, plus 600,000 for each claim
    assert "Tổng số phí, lệ phí nộp theo đơn 2.200.000" in text
    assert "Tài liệu chứng minh quyền ưu tiên" in text


def test_rows_typed_without_claiming_priority_are_no_claim(producer, db):
    client, case_id = producer
    data = _claims(("JP", "2026-001234", "01/07/2026"), basis="none")
    assert post_step(client, case_id, "priority", data).status_code == 302
    assert db.session.get(Case, case_id).priority_claims == 0
    text = text_of(client.get(f"/cases/{case_id}/dossier.pdf").data)
    assert "quyền ưu tiên (mỗi yêu cầu)" not in text and "(không yêu cầu)" in text


def _filed(make_case, make_organization, db, consultant, claims: int) -> Case:
    case = make_case(make_organization(), priority_claims=claims)
    case.status = CaseStatus.APPROVED
    db.session.commit()
    lifecycle.record_event(case, "file", consultant, {"event_date": date(2026, 7, 1), "application_number":
                                                     f"4-2026-0{claims}111", "filing_channel": "online"}, note="")
    return case


def test_priority_documents_are_due_3_months_after_filing_only_when_priority_is_claimed(
        db, make_case, make_organization, make_user, freeze_today):
    freeze_today(date(2026, 11, 25))
    consultant = make_user(Role.CONSULTANT)
    without = _filed(make_case, make_organization, db, consultant, 0)
    assert not [d for d in without.deadlines if d.rule.code == "priority_documents"]
    assert "priority_documents" not in {t.name for t in workflow.available_transitions(without, consultant)}
    case = _filed(make_case, make_organization, db, consultant, 2)
    [due] = [d for d in case.deadlines if d.rule.code == "priority_documents"]
    # 3 months from Wed 1 Jul 2026 -> Thu 1 Oct 2026; the period is UNCONFIRMED and the rule says so
    assert due.due_date == date(2026, 10, 1) and not due.rule.confirmed and due.rule.applies_when == "claims_priority"
    assert "priority_documents" in {t.name for t in workflow.available_transitions(case, consultant)}
    lifecycle.record_event(case, "priority_documents", consultant, {"event_date": date(2026, 9, 15)}, note="")
    assert due.state == DeadlineState.MET and case.status == CaseStatus.FILED


def test_migration_0012_moves_a_single_claim_draft_to_the_first_row_and_back(tmp_path):
    """A draft saved with the one-claim fields (before 0012) keeps its claim as the first row, and
    its case counts it; a downgrade puts the first row back in the old fields."""
    app = create_app(TestConfig, SQLALCHEMY_DATABASE_URI=f"sqlite:///{tmp_path / 'm.sqlite3'}",
                     UPLOAD_DIR=str(tmp_path))
    new = {"priority_basis": ["paris"], "priority_claims-0-country": ["JP"], "priority_claims-0-number": ["2026-1"],
           "priority_claims-0-date": ["01/07/2026"], "representative_kind": ["none"]}
    with app.app_context():
        upgrade()
        organization = organization_services.register_organization(
            name="Hợp tác xã Khóm", kind=OrganizationKind.COOPERATIVE, tax_code="6300000012", address_line="Ấp 1",
            province_code=CAN_THO, ward_code=VI_THANH_WARD, legal_representative="Nguyễn Văn A")
        case = Case(kind=CaseKind.TRADEMARK, title="KHÓM", organization=organization)
        _db.session.add(CaseStep(case=case, name="priority", data=new, version=1))
        _db.session.commit()
        _db.session.remove()
        downgrade(revision="0011")  # the revision before 0012
        steps = sa.text("SELECT data FROM case_steps")
        with _db.engine.connect() as connection:
            old = json.loads(connection.execute(steps).scalar_one())
        assert old == {"priority_basis": ["paris"], "priority_country": ["JP"], "priority_number": ["2026-1"],
                       "priority_date": ["2026-07-01"], "representative_kind": ["none"]}
        upgrade()
        with _db.engine.connect() as connection:
            assert json.loads(connection.execute(steps).scalar_one()) == new
            assert connection.execute(sa.text("SELECT priority_claims FROM cases")).scalar_one() == 1
        _db.engine.dispose()
