"""The "Cần làm" to-do list on each home page (issue 17): every kind of item appears, says why and by
when (dd/mm/yyyy), links where the work is done, and the most urgent comes first."""
from __future__ import annotations

import re
from datetime import date

import pytest

from app.cases import workflow
from app.main import todo
from app.models import CaseComment, CaseStatus, Role
from app.models.registry import ProductReferral
from tests.conftest import text_of

TODAY = date(2026, 11, 25)


def _kinds(html: str) -> list[str]:
    return re.findall(r'data-todo-kind="([a-z_]+)"', html)


def _filed_with_notice(db, case, consultant, filed: date, notice: date):
    case.status = CaseStatus.APPROVED
    case.consultant_id = consultant.id
    db.session.flush()
    workflow.transition(case, "file", consultant, event_date=filed, details={"application_number": "4-2026-0001"})
    workflow.transition(case, "formality_notice", consultant, event_date=notice)
    db.session.commit()


@pytest.fixture
def world(app, db, freeze_today, login_as, make_organization, make_case, make_product):
    """An unverified cooperative with a change request, an overdue and a coming answer deadline, and an
    empty draft; a consultant in charge; a submitted case, an approved one and an open referral."""
    freeze_today(TODAY)
    organization = make_organization(name="Hợp tác xã Khóm Cầu Đúc")
    consultant_client, consultant = login_as(Role.CONSULTANT)
    producer_client, producer = login_as(Role.PRODUCER, organization=organization)
    changes = make_case(organization, title="KHÓM CẦU ĐÚC", status=CaseStatus.CHANGES_REQUESTED)
    db.session.add(CaseComment(case_id=changes.id, step="mark", author_id=consultant.id,
                               body="Logo mờ, xin gửi bản rõ hơn"))
    late = make_case(organization, title="KHÓM HẬU GIANG")
    _filed_with_notice(db, late, consultant, date(2026, 6, 1), date(2026, 7, 1))  # answer due 01/09/2026
    coming = make_case(organization, title="MẬT ONG U MINH")
    _filed_with_notice(db, coming, consultant, date(2026, 10, 1), date(2026, 11, 2))  # due 04/01/2027
    make_case(organization, title="BƯỞI PHONG ĐIỀN")  # an untouched draft
    make_case(organization, title="CÁ THÁT LÁT", status=CaseStatus.SUBMITTED)
    make_case(organization, title="GẠO MỘT BỤI", status=CaseStatus.APPROVED)
    product = make_product(organization, name="Khóm mật")
    db.session.add(ProductReferral(product_id=product.id, note="Cần hỗ trợ đăng ký"))
    db.session.commit()
    return producer_client, producer, consultant_client, consultant


def test_the_producer_home_starts_with_what_it_must_do_most_urgent_first(world):
    producer_client, *_ = world
    response = producer_client.get("/")
    html = response.get_data(as_text=True)
    assert _kinds(html) == ["deadline", "changes_requested", "deadline", "missing", "unverified"]
    page = text_of(response)
    assert page.index("Cần làm") < page.index("Sản phẩm OCOP của tôi")  # it starts the page
    # why and by when
    assert "Quá hạn từ 01/09/2026" in page and "hạn 04/01/2027" in page
    assert "đề nghị: “Logo mờ, xin gửi bản rõ hơn”" in page  # the consultant's own words
    assert re.search(r'href="/cases/\d+/steps/\w+">Sửa theo góp ý</a>', html)
    assert "Hoàn thành BƯỞI PHONG ĐIỀN" in page and "Cần hoàn thành trước khi gửi Sở KH" in page
    assert "Tổ chức của bạn đang chờ xác minh" in page


def test_items_carry_their_urgency_and_due_date(world, app):
    _, producer, _, consultant = world
    with app.test_request_context():
        items = todo.items_for(producer)
    assert [i.urgency for i in items] == sorted(i.urgency for i in items)
    overdue = items[0]
    assert overdue.urgency == todo.Urgency.OVERDUE and overdue.due == date(2026, 9, 1)
    assert items[2].due == date(2027, 1, 4) and items[2].urgency == todo.Urgency.SOON


def test_the_consultant_home_lists_its_own_work(world, login_as):
    _, _, consultant_client, _ = world
    html = consultant_client.get("/").get_data(as_text=True)
    kinds = _kinds(html)
    assert kinds[0] == "deadline"  # the overdue answer of a case in its charge
    assert kinds[1] == "review"
    assert set(kinds[2:]) == {"to_file", "referral", "verify"}
    page = text_of(consultant_client.get("/"))
    assert "Xem xét CÁ THÁT LÁT" in page and "Khóm mật" in page and "Xác minh Hợp tác xã Khóm Cầu Đúc" in page
    # another consultant is not told of the deadline of a case in someone else's charge
    other, _ = login_as(Role.CONSULTANT)
    assert "deadline" not in _kinds(other.get("/").get_data(as_text=True))


def test_office_and_admin_homes_list_the_organizations_to_verify(world, login_as):
    for role in (Role.OFFICE, Role.ADMIN):
        client, _ = login_as(role)
        assert _kinds(client.get("/").get_data(as_text=True)) == ["verify"]


def test_a_producer_with_nothing_to_do_is_told_so(app, db, freeze_today, login_as, make_organization):
    freeze_today(TODAY)
    organization = make_organization()
    organization.verified = True
    db.session.commit()
    client, _ = login_as(Role.PRODUCER, organization=organization)
    page = text_of(client.get("/"))
    assert "Không có việc gì cần làm lúc này." in page
