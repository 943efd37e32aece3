"""Contributions of other agencies (issue 20): roles and isolation, the round, validation by
unit, return and reopen, history, reminders, the Excel round trip, and the consolidation read back
from the report's page, PDF and Excel."""
from __future__ import annotations

import io
import re
from datetime import date

import pytest
import sqlalchemy as sa
from openpyxl import load_workbook

from app.contributions import reminders
from app.models import (
    Agency,
    AuditEntry,
    Contribution,
    ContributionReminder,
    ContributionStatus,
    ContributionValue,
    Notification,
    Role,
)
from tests.conftest import text_of
from tests.fixtures_images import png_bytes
from tests.report_reading import html_tables, number_of, pdf_text

YEAR = 2026
DUE = date(2026, 11, 30)


def agency(db, code: str) -> Agency:
    return db.session.scalar(sa.select(Agency).where(Agency.code == code))


@pytest.fixture
def today(freeze_today):
    return freeze_today(date(2026, 11, 10))


@pytest.fixture
def dost(login_as):
    return login_as(Role.CONSULTANT)[0]


@pytest.fixture
def contributor(db, login_as):
    """A logged-in client of an agency's staff: contributor("market")."""
    def make(code: str):
        return login_as(Role.CONTRIBUTOR, agency_id=agency(db, code).id)
    return make


def open_round(dost, year=YEAR, due="30/11/2026"):
    return dost.post("/contributions/rounds", data={"year": year, "due_date": due})


def contribution_of(db, code: str) -> Contribution:
    db.session.remove()
    return db.session.scalar(sa.select(Contribution).join(Agency).where(Agency.code == code))


def figure_ids(db, code: str) -> dict[str, int]:
    return {f.code: f.id for f in agency(db, code).figures}


def market_values(db, **overrides) -> dict:
    ids = figure_ids(db, "market")
    values = {"inspections": "12", "infringement_cases": "7", "infringement_fines": "45.500.000",
              "counterfeit_value": "120.000.000 đ"}
    values.update(overrides)
    data = {f"value-{ids[k]}": v for k, v in values.items()}
    data[f"narrative-{ids['inspections']}"] = "Phối hợp với Sở KH&CN kiểm tra 12 cơ sở."
    return data


# --- roles and isolation -----------------------------------------------------------------------

def test_agencies_and_figures_are_seeded_from_the_csv(db):
    market = agency(db, "market")
    assert [f.code for f in market.figures] == ["inspections", "infringement_cases", "infringement_fines",
                                                "counterfeit_value"]
    assert {f.unit.value for f in market.figures} == {"count", "vnd"}
    assert agency(db, "ntm").figures[1].unit.value == "date"


def test_a_contributor_sees_only_its_agency(db, dost, contributor, today):
    assert open_round(dost).status_code == 302
    market, _u = contributor("market")
    media, _v = contributor("media")
    own, other = contribution_of(db, "market"), contribution_of(db, "media")
    assert market.get(f"/contributions/{own.id}").status_code == 200
    assert market.get(f"/contributions/{other.id}").status_code == 404
    assert market.get(f"/contributions/{other.id}/template.xlsx").status_code == 404
    assert market.post(f"/contributions/{other.id}", data=market_values(db)).status_code == 404
    assert media.get(f"/contributions/{own.id}").status_code == 404
    home = text_of(market.get("/"))
    assert "Chi cục Quản lý thị trường" in home and "Báo và Phát thanh" not in home
    # Nothing of the applications, products or report, nor DOST's pages.
    for url in ("/cases/", "/products/", "/reports/annual/2026", "/contributions/agencies/",
                f"/contributions/rounds/{own.round_id}"):
        assert market.get(url).status_code in (403, 404), url
    assert market.post(f"/contributions/{own.id}/accept").status_code == 403


def test_pages_refused_to_roles_that_may_not_use_them(db, login_as, today):
    producer, _p = login_as(Role.PRODUCER)
    office, _o = login_as(Role.OFFICE)
    admin, _a = login_as(Role.ADMIN)
    for client in (producer, office):
        assert client.get("/contributions/").status_code == 403
        assert client.get("/contributions/agencies/").status_code == 403
    assert producer.post("/contributions/rounds", data={"year": YEAR, "due_date": "30/11/2026"}).status_code == 403
    assert admin.post("/contributions/rounds", data={"year": YEAR, "due_date": "30/11/2026"}).status_code == 403
    assert admin.get("/contributions/agencies/").status_code == 200
    assert db.session.scalar(sa.select(sa.func.count()).select_from(Contribution)) == 0


def test_admin_keeps_agencies_and_adds_contributor_accounts(db, login_as, app):
    admin, _a = login_as(Role.ADMIN)
    response = admin.post("/contributions/agencies/new", data={"code": "police", "name": "Công an thành phố",
                                                              "contact_email": "không-phải-email", "active": "y"})
    assert response.status_code == 422 and "email" in text_of(response).lower()
    response = admin.post("/contributions/agencies/new", data={"code": "police", "name": "Công an thành phố",
                                                              "contact_email": "pc03@congan.vn", "active": "y"})
    assert response.status_code == 302
    police = agency(db, "police")
    response = admin.post(f"/contributions/agencies/{police.id}/users", data={
        "full_name": "Lê Văn Công", "email": "cong@congan.vn", "phone": "0912345678", "password": "Mot-mat-khau-dai-9"})
    assert response.status_code == 302
    from app.auth.services import find_user_by_email
    user = find_user_by_email("cong@congan.vn")
    assert user.role == Role.CONTRIBUTOR and user.agency_id == police.id and user.must_change_password
    # The general user form cannot make a contributor (it has no agency to give).
    response = admin.post("/admin/users/new", data={"full_name": "X", "email": "x@x.vn", "phone": "0912345679",
                                                    "role": "contributor", "password": "Mot-mat-khau-dai-9"})
    assert response.status_code in (200, 422) and find_user_by_email("x@x.vn") is None
    assert db.session.scalar(sa.select(sa.func.count()).where(AuditEntry.entity == "agencies")) == 1


# --- the round ---------------------------------------------------------------------------------

def test_opening_a_round_checks_its_date_and_year(db, dost, today):
    response = open_round(dost, due="31/02/2026")
    assert response.status_code == 422 and "dd/mm/yyyy" in text_of(response)
    assert open_round(dost).status_code == 302
    response = open_round(dost)
    assert response.status_code == 422 and "2026" in text_of(response)
    agencies_with_figures = db.session.scalar(sa.select(sa.func.count(sa.distinct(Agency.id))).where(Agency.active))
    assert db.session.scalar(sa.select(sa.func.count()).select_from(Contribution)) == agencies_with_figures


def test_values_are_checked_by_unit_and_input_is_kept(db, dost, contributor, today):
    open_round(dost)
    market, _u = contributor("market")
    own = contribution_of(db, "market")
    ids = figure_ids(db, "market")
    response = market.post(f"/contributions/{own.id}", data=market_values(
        db, inspections="12,5", infringement_fines="-3", counterfeit_value="nhiều"))
    assert response.status_code == 422
    html = response.get_data(as_text=True)
    assert "không có phần thập phân" in html.lower() or "số nguyên" in html.lower()
    assert 'value="nhiều"' in html and 'value="12,5"' in html  # the input is kept
    assert db.session.scalar(sa.select(sa.func.count()).select_from(ContributionValue)) == 0
    ntm, _n = contributor("ntm")
    ntm_ids = figure_ids(db, "ntm")
    response = ntm.post(f"/contributions/{contribution_of(db, 'ntm').id}",
                        data={f"value-{ntm_ids['training_date']}": "2026-10-05"})
    assert response.status_code == 422 and "dd/mm/yyyy" in text_of(response)
    assert ids  # the market's figures exist


def test_submit_return_correct_accept_and_reopen_with_history(db, dost, contributor, today):
    open_round(dost)
    market, _u = contributor("market")
    own = contribution_of(db, "market")
    ids = figure_ids(db, "market")
    partial = market_values(db)
    partial.pop(f"value-{ids['counterfeit_value']}")
    response = market.post(f"/contributions/{own.id}", data={**partial, "action": "submit"})
    assert response.status_code == 422 and "Trị giá hàng giả" in text_of(response)
    assert contribution_of(db, "market").status == ContributionStatus.DRAFT
    assert market.post(f"/contributions/{own.id}", data={**market_values(db), "action": "submit"}).status_code == 302
    assert contribution_of(db, "market").status == ContributionStatus.SUBMITTED
    # Submitted: the agency can no longer change it.
    assert market.post(f"/contributions/{own.id}", data=market_values(db, inspections="99")).status_code == 422
    response = dost.post(f"/contributions/{own.id}/send-back", data={"note": ""})
    assert response.status_code == 422
    dost.post(f"/contributions/{own.id}/send-back", data={"note": "Số vụ việc chưa khớp với báo cáo quý."})
    assert contribution_of(db, "market").status == ContributionStatus.RETURNED
    assert "chưa khớp" in text_of(market.get(f"/contributions/{own.id}"))
    market.post(f"/contributions/{own.id}", data={**market_values(db, infringement_cases="8"), "action": "submit"})
    assert dost.post(f"/contributions/{own.id}/accept").status_code == 302
    assert contribution_of(db, "market").status == ContributionStatus.ACCEPTED
    # Accepted: a late edit needs DOST to reopen.
    response = market.post(f"/contributions/{own.id}", data=market_values(db, inspections="13"))
    assert response.status_code == 422
    dost.post(f"/contributions/{own.id}/send-back", data={"note": "Bổ sung số liệu tháng 12."})
    assert contribution_of(db, "market").status == ContributionStatus.RETURNED
    assert market.post(f"/contributions/{own.id}", data=market_values(db, inspections="13")).status_code == 302
    value = db.session.scalar(sa.select(ContributionValue).where(ContributionValue.definition_id == ids["inspections"]))
    assert value.amount == 13
    changes = db.session.scalars(sa.select(AuditEntry).where(AuditEntry.entity == "contribution_values",
                                                             AuditEntry.entity_id == value.id)).all()
    assert [c.changes.get("amount") for c in changes] == [[None, 12], [12, 13]]
    statuses = [e.changes["status"][1] for e in db.session.scalars(sa.select(AuditEntry).where(
        AuditEntry.entity == "contributions").order_by(AuditEntry.id)) if "status" in e.changes]
    assert statuses == ["submitted", "returned", "submitted", "accepted", "returned"]


def test_a_figure_can_carry_a_file_checked_by_content(db, dost, contributor, today):
    open_round(dost)
    market, _u = contributor("market")
    own = contribution_of(db, "market")
    ids = figure_ids(db, "market")
    data = {**market_values(db), f"file-{ids['inspections']}": (io.BytesIO(b"not a pdf"), "bien-ban.pdf")}
    response = market.post(f"/contributions/{own.id}", data=data, content_type="multipart/form-data")
    assert response.status_code == 422 and "PDF" in text_of(response)
    data = {**market_values(db), f"file-{ids['inspections']}": (io.BytesIO(png_bytes()), "anh.png")}
    assert market.post(f"/contributions/{own.id}", data=data, content_type="multipart/form-data").status_code == 302
    value = db.session.scalar(sa.select(ContributionValue).where(ContributionValue.definition_id == ids["inspections"]))
    download = market.get(f"/contributions/{own.id}/files/{value.id}")
    assert download.status_code == 200 and download.data.startswith(b"\x89PNG")
    media, _v = contributor("media")
    assert media.get(f"/contributions/{own.id}/files/{value.id}").status_code == 404


# --- reminders ---------------------------------------------------------------------------------

def test_reminders_before_and_after_the_due_date_never_twice(db, dost, contributor, freeze_today, runner):
    freeze_today(date(2026, 11, 1))
    open_round(dost)
    _market, user = contributor("market")
    contributor("media")
    assert runner.invoke(args=["send-reminders", "--today", "2026-11-10"]).output.startswith("0 ")
    result = runner.invoke(args=["send-reminders", "--today", "2026-11-23"])  # 7 days before
    pending = db.session.scalar(sa.select(sa.func.count()).select_from(Contribution))
    assert result.output.startswith("4 ")  # two contributor accounts, app and email
    assert runner.invoke(args=["send-reminders", "--today", "2026-11-24"]).output.startswith("0 ")
    db.session.remove()
    market = contribution_of(db, "market")
    market.status = ContributionStatus.SUBMITTED
    db.session.commit()
    assert runner.invoke(args=["send-reminders", "--today", "2026-12-02"]).output.startswith("2 ")  # media, late
    assert runner.invoke(args=["send-reminders", "--today", "2026-12-03"]).output.startswith("0 ")
    notes = db.session.scalars(sa.select(Notification.message).where(Notification.user_id == user.id)).all()
    assert len(notes) == 1 and "30/11/2026" in notes[0]
    assert pending > 2


def test_dost_reminds_the_pending_agencies_once_a_day(db, dost, contributor, freeze_today):
    freeze_today(date(2026, 12, 2))
    open_round(dost)
    contributor("market")
    own = contribution_of(db, "market")
    page = text_of(dost.get(f"/contributions/rounds/{own.round_id}"))
    assert "Trễ hạn" in page
    assert "2 " in text_of(dost.post(f"/contributions/rounds/{own.round_id}/remind", follow_redirects=True))
    dost.post(f"/contributions/rounds/{own.round_id}/remind")
    assert db.session.scalar(sa.select(sa.func.count()).select_from(ContributionReminder)) == 2
    freeze_today(date(2026, 12, 3))
    dost.post(f"/contributions/rounds/{own.round_id}/remind")
    assert db.session.scalar(sa.select(sa.func.count()).select_from(ContributionReminder)) == 4
    assert reminders.automatic_moment(contribution_of(db, "market"), date(2026, 12, 3)) == "0"


# --- Excel round trip --------------------------------------------------------------------------

def _filled_template(client, contribution_id, values: dict) -> bytes:
    book = load_workbook(io.BytesIO(client.get(f"/contributions/{contribution_id}/template.xlsx").data))
    sheet = book.active
    for row in sheet.iter_rows(min_row=5):
        if row[0].value in values:
            row[3].value, row[4].value = values[row[0].value]
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def test_excel_template_round_trip_all_or_nothing(db, dost, contributor, today):
    open_round(dost)
    market, _u = contributor("market")
    own = contribution_of(db, "market")
    good = {"inspections": (15, "Kiểm tra 15 cơ sở"), "infringement_cases": ("6", ""),
            "infringement_fines": (30_000_000, ""), "counterfeit_value": ("2.500.000", "Rượu giả")}
    bad = {**good, "infringement_cases": ("sáu", ""), "counterfeit_value": (1.5, "")}
    response = market.post(f"/contributions/{own.id}/upload", content_type="multipart/form-data",
                           data={"workbook": (io.BytesIO(_filled_template(market, own.id, bad)), "so-lieu.xlsx")})
    assert response.status_code == 422
    assert "Dòng 6" in text_of(response) and "Dòng 8" in text_of(response)
    assert db.session.scalar(sa.select(sa.func.count()).select_from(ContributionValue)) == 0
    response = market.post(f"/contributions/{own.id}/upload", content_type="multipart/form-data",
                           data={"workbook": (io.BytesIO(_filled_template(market, own.id, good)), "so-lieu.xlsx")})
    assert response.status_code == 302
    stored = {v.definition.code: (v.amount, v.narrative) for v in contribution_of(db, "market").values}
    assert stored == {"inspections": (15, "Kiểm tra 15 cơ sở"), "infringement_cases": (6, ""),
                      "infringement_fines": (30_000_000, ""), "counterfeit_value": (2_500_000, "Rượu giả")}
    # The template now carries the values back.
    book = load_workbook(io.BytesIO(market.get(f"/contributions/{own.id}/template.xlsx").data))
    assert [r[3] for r in book.active.iter_rows(min_row=5, values_only=True)] == ["15", "6", "30.000.000",
                                                                                    "2.500.000"]


# --- consolidation -----------------------------------------------------------------------------

def test_accepted_figures_go_into_the_report_with_their_agency(db, dost, contributor, today, login_as):
    open_round(dost)
    market, _u = contributor("market")
    own = contribution_of(db, "market")
    market.post(f"/contributions/{own.id}", data={**market_values(db), "action": "submit"})
    ntm, _n = contributor("ntm")
    ids = figure_ids(db, "ntm")
    ntm.post(f"/contributions/{contribution_of(db, 'ntm').id}", data={
        f"value-{ids['ocop_needing_protection']}": "9", f"value-{ids['training_date']}": "05/10/2026",
        f"value-{ids['training_participants']}": "120", "action": "submit"})
    dost.post(f"/contributions/{own.id}/accept")
    dost.post(f"/contributions/{contribution_of(db, 'ntm').id}/accept")
    page = dost.get(f"/reports/annual/{YEAR}")
    tables = html_tables(page.get_data(as_text=True))
    enforcement = {row[0]: row for row in tables["contrib_enforcement"]}
    assert number_of(enforcement["Tiền phạt vi phạm về sở hữu trí tuệ"][1]) == 45_500_000
    assert enforcement["Cuộc kiểm tra về sở hữu trí tuệ"][3] == "Chi cục Quản lý thị trường"
    training = {row[0]: row for row in tables["contrib_training"]}
    assert training["Ngày tổ chức lớp tập huấn về sở hữu trí tuệ"][1] == "05/10/2026"
    missing = [row[0] for row in tables["contrib_missing"]]
    assert "Sở Tài chính" in missing and "Chi cục Quản lý thị trường" not in missing
    assert "Sở Khoa học và Công nghệ" in missing  # its yearly counts are not entered
    assert "Văn phòng Điều phối Chương trình nông thôn mới" not in missing
    pdf = pdf_text(dost.get(f"/reports/annual/{YEAR}.pdf").data)
    # The label wraps in its cell: its first line, the amount, the unit and the agency on one line.
    assert re.search(r"Tiền phạt vi phạm về sở hữu trí\s+45\.500\.000\s+đồng\s+Chi cục Quản lý thị", pdf)
    assert re.search(r"Các cơ quan chưa gửi số liệu cho báo cáo năm 2026", pdf)
    assert re.search(r"\n\s*Sở Tài chính\s+Chưa gửi\n", pdf)
    assert not re.search(r"\n\s*Chi cục Quản lý thị trường\s+Chưa gửi", pdf)
    book = load_workbook(io.BytesIO(dost.get(f"/reports/annual/{YEAR}.xlsx").data))
    rows = list(book["Đóng góp kiểm tra, xử lý"].iter_rows(min_row=6, values_only=True))
    assert ("Trị giá hàng giả bị tạm giữ", 120_000_000, "đồng", "Chi cục Quản lý thị trường") in [r[:4] for r in rows]
    missing_rows = [r[0] for r in book["Cơ quan chưa đóng góp"].iter_rows(min_row=6, values_only=True)]
    assert "Sở Tài chính" in missing_rows


def test_dost_counts_are_its_own_contribution(db, dost, today, login_as):
    from app.models import ManualCount, ReportMetric
    open_round(dost)
    for metric in (ReportMetric.COPYRIGHT, ReportMetric.RELATED_RIGHTS, ReportMetric.PLANT_VARIETY):
        db.session.add(ManualCount(year=YEAR, metric=metric, count=4, source="Cục Bản quyền tác giả, 01/2027"))
    db.session.commit()
    tables = html_tables(dost.get(f"/reports/annual/{YEAR}").get_data(as_text=True))
    dost_rows = [row for row in tables["contrib_other_rights"] if row[3] == "Sở Khoa học và Công nghệ"]
    assert len(dost_rows) == 3 and all(number_of(r[1]) == 4 for r in dost_rows)
    assert "Sở Khoa học và Công nghệ" not in [row[0] for row in tables["contrib_missing"]]


def test_a_year_without_a_round_reports_as_before(db, dost, today):
    tables = html_tables(dost.get(f"/reports/annual/{YEAR}").get_data(as_text=True))
    assert not [key for key in tables if key.startswith("contrib_")]


@pytest.mark.postgres
def test_the_round_accept_reopen_reminders_and_consolidation_on_postgresql(postgres_url, tmp_path):
    """The write paths on PostgreSQL: the demo's round, a contributor's submission through the page,
    DOST accepting and reopening, reminders, and the report reading the accepted figures."""
    from flask_migrate import downgrade, upgrade

    from app import create_app
    from app.contributions import services
    from app.extensions import db as pg_db
    from config import TestConfig
    from tests.conftest import IsolatedClient, login

    app = create_app(TestConfig, SQLALCHEMY_DATABASE_URI=postgres_url, UPLOAD_DIR=str(tmp_path))
    app.test_client_class = IsolatedClient  # each request its own session and user, as in production
    with app.app_context():
        downgrade(revision="base")
        upgrade()
        assert "Demo data loaded." in app.test_cli_runner().invoke(args=["seed-demo"]).output
        year = services.rounds()[0].year
        market = login(app.test_client(), "qltt@demo.ocop.vn", "DemoOCOP2030")
        dost = login(app.test_client(), "tuvan@demo.ocop.vn", "DemoOCOP2030")
        own = pg_db.session.scalar(sa.select(Contribution).join(Agency).where(Agency.code == "market"))
        ids = {f.code: f.id for f in own.agency.figures}
        data = {f"value-{ids[c]}": v for c, v in (("inspections", "3"), ("infringement_cases", "2"),
                                                  ("infringement_fines", "9.000.000"), ("counterfeit_value", "0"))}
        assert market.post(f"/contributions/{own.id}", data={**data, "action": "submit"}).status_code == 302
        assert dost.post(f"/contributions/{own.id}/accept").status_code == 302
        figures = services.consolidated(year).figures
        assert ("Tiền phạt vi phạm về sở hữu trí tuệ", 9_000_000) in [(f.label, f.amount) for f in figures]
        assert dost.post(f"/contributions/{own.id}/send-back", data={"note": "Bổ sung"}).status_code == 302
        pg_db.session.remove()
        assert services.consolidated(year).figures == []
        late = services.rounds()[0].due_date.toordinal() + 1
        assert reminders.send_due_reminders(date.fromordinal(late)) >= 2
        assert reminders.send_due_reminders(date.fromordinal(late)) == 0
        pg_db.session.commit()
        pg_db.session.remove()
        downgrade(revision="base")
        pg_db.engine.dispose()
