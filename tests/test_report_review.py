"""Mid-term and final reviews (issue 20): the annual report over a range of years, each year's figures
equal to that year's annual report, the period's total and average growth, the plan's period kept
by an admin, bad ranges refused, and the page, PDF and Excel read back and compared."""
from __future__ import annotations

import io
from datetime import date

import pytest
import sqlalchemy as sa
from openpyxl import load_workbook

from app.models import ReportSettings, Role
from app.reports import xlsx as report_xlsx
from tests.conftest import text_of
from tests.report_dataset import build_dataset
from tests.report_reading import html_tables, number_of, pdf_text, row_pattern, xlsx_value

pytestmark = pytest.mark.usefixtures("no_kept_report_pdfs")


@pytest.fixture
def frozen_today(freeze_today):
    freeze_today(date(2026, 12, 20))


def plan_period(db, first: int, midterm: int, last: int) -> None:
    row = db.session.scalar(sa.select(ReportSettings))
    row.plan_first_year, row.midterm_last_year, row.plan_last_year = first, midterm, last
    db.session.commit()


def rows_by_label(table: list[list[str]]) -> dict[str, list]:
    return {row[0]: [number_of(c) for c in row[1:]] for row in table}


def test_each_year_of_a_review_is_that_years_annual_report(db, make_organization, login_as, frozen_today):
    build_dataset(db, make_organization)
    client, _user = login_as(Role.CONSULTANT)
    page = client.get("/reports/review/2023-2026")
    assert page.status_code == 200
    years = rows_by_label(html_tables(page.get_data(as_text=True))["review_years"])
    # Filed: c1 in 2023, c2 in 2024, c3 and c5 in 2025, c4 in 2026; the period adds up; 1 → 1 is 0 % a year.
    assert years["Đơn đăng ký sở hữu công nghiệp đã nộp"] == [1, 1, 2, 1, 5, ("%", 0.0)]
    for year in (2023, 2024, 2025, 2026):
        annual = html_tables(client.get(f"/reports/annual/{year}").get_data(as_text=True))
        total = annual["applications"][-1]
        assert number_of(total[2]) == years["Đơn đăng ký sở hữu công nghiệp đã nộp"][year - 2023], year
        assert number_of(total[3]) == years["Số văn bằng được cấp"][year - 2023], year
    # Copyright 10, 0, 5 and not entered for 2026: no total and no growth rather than a wrong one.
    assert years["Đơn đăng ký quyền tác giả"] == [10, 0, 5, None, None, None]
    # A stock is the last year's: OCOP products p1 (2022), p2 (2023), p3 (2025), p4 (2026).
    assert years["Sản phẩm OCOP tính đến cuối năm"] == [2, 2, 3, 4, 4, ("%", 26.0)]
    # The targets table is the last year's: industrial-property applications filed in 2025, then 2026.
    kpi = html_tables(page.get_data(as_text=True))["kpi"]
    assert [number_of(c) for c in kpi[0][3:5]] == [2, 1]


def test_the_plan_periods_come_from_the_settings_and_the_future_is_said(db, make_organization, login_as,
                                                                       frozen_today):
    build_dataset(db, make_organization)
    plan_period(db, 2023, 2025, 2030)
    client, _user = login_as(Role.OFFICE)
    index = client.get("/reports/review")
    assert index.status_code == 200
    assert 'href="/reports/review/2023-2025"' in index.get_data(as_text=True)
    assert 'href="/reports/review/2023-2030"' in index.get_data(as_text=True)
    midterm = text_of(client.get("/reports/review/2023-2025"))
    assert "Sơ kết giai đoạn 2023–2025" in midterm
    assert "Số liệu cả giai đoạn, tính đến ngày 31/12/2025." in midterm
    final = client.get("/reports/review/2023-2030")
    assert "Tổng kết giai đoạn 2023–2030" in text_of(final)
    assert "Số liệu đến ngày 20/12/2026; các năm 2027–2030 chưa đến." in text_of(final)
    header = html_tables(final.get_data(as_text=True))
    assert len(rows_by_label(header["review_years"])["Số văn bằng được cấp"]) == 4 + 2  # 2023–2026, period, growth
    other = text_of(client.get("/reports/review/2024-2026"))
    assert "Báo cáo thực hiện Kế hoạch phát triển tài sản trí tuệ giai đoạn 2024–2026" in other


@pytest.mark.parametrize("url, message", [
    ("/reports/review/2026-2024", "Năm kết thúc không được trước năm bắt đầu."),
    ("/reports/review/1990-2000", "Năm bắt đầu phải từ 2000 đến 2026."),
    ("/reports/review/2027-2030", "Năm bắt đầu phải từ 2000 đến 2026."),
    ("/reports/review/2010-2030", "Một báo cáo giai đoạn bao gồm tối đa 15 năm."),
    ("/reports/review/2026-2024.pdf", "Năm kết thúc không được trước năm bắt đầu."),
    ("/reports/review/2010-2030.xlsx", "Một báo cáo giai đoạn bao gồm tối đa 15 năm."),
])
def test_ranges_that_cannot_be_reviewed_are_404_with_the_reason(login_as, frozen_today, url, message):
    client, _user = login_as(Role.CONSULTANT)
    response = client.get(url)
    assert response.status_code == 404
    assert message in text_of(response)


@pytest.mark.parametrize("query, field, message", [
    ("first=2026&last=2024", "last", "Năm kết thúc không được trước năm bắt đầu."),
    ("first=abc&last=2024", "first", "Không phải số nguyên hợp lệ."),
    ("first=&last=2024", "first", "Vui lòng điền mục này."),
    ("first=2010&last=2030", "last", "Một báo cáo giai đoạn bao gồm tối đa 15 năm."),
])
def test_the_other_years_form_refuses_bad_years_next_to_the_field(login_as, frozen_today, query, field, message):
    client, _user = login_as(Role.CONSULTANT)
    response = client.get(f"/reports/review?{query}")
    assert response.status_code == 422
    html = response.get_data(as_text=True)
    assert f'id="{field}"' in html and "is-invalid" in html
    if message:
        assert message in html


def test_the_other_years_form_opens_the_review(login_as, frozen_today):
    client, _user = login_as(Role.CONSULTANT)
    response = client.get("/reports/review?first=2022&last=2024")
    assert response.status_code == 302
    assert response.headers["Location"].endswith("/reports/review/2022-2024")


@pytest.mark.parametrize("suffix", ["", ".pdf", ".xlsx"])
def test_producers_and_contributors_cannot_open_reviews(db, login_as, frozen_today, suffix):
    producer, _p = login_as(Role.PRODUCER)
    assert producer.get(f"/reports/review/2023-2025{suffix}").status_code == 403
    assert producer.get("/reports/review").status_code == 403


def test_pdf_and_excel_of_a_review_show_the_numbers_of_the_page(db, make_organization, login_as, frozen_today):
    build_dataset(db, make_organization)
    plan_period(db, 2023, 2025, 2030)
    client, _user = login_as(Role.CONSULTANT)
    tables = html_tables(client.get("/reports/review/2023-2025").get_data(as_text=True))
    assert set(tables) == {"review_years", "kpi", "review_contributed", "review_missing"}
    book = load_workbook(io.BytesIO(client.get("/reports/review/2023-2025.xlsx").data))
    assert book["Thông tin"]["A1"].value == "Sơ kết giai đoạn 2023–2025 thực hiện Kế hoạch phát triển tài sản trí tuệ"
    names = {**report_xlsx.SHEET_NAMES, **report_xlsx.REVIEW_SHEET_NAMES}
    response = client.get("/reports/review/2023-2025.pdf")
    assert response.mimetype == "application/pdf"
    text = pdf_text(response.data)
    assert "Sơ kết giai đoạn 2023–2025 thực hiện Kế hoạch phát triển tài sản trí tuệ" in " ".join(text.split())
    lines = text.splitlines()
    checked = 0
    for key in ("review_years", "kpi"):
        sheet = book[names[key]]
        sheet_rows = [[xlsx_value(c.value, c.number_format) for c in row]
                      for row in sheet.iter_rows(min_row=report_xlsx.HEADER_ROW + 1,
                                                 max_row=report_xlsx.HEADER_ROW + len(tables[key]))]
        assert len(sheet_rows) == len(tables[key])
        for html_row, xlsx_row in zip(tables[key], sheet_rows):
            assert [number_of(c) for c in html_row] == xlsx_row[:len(html_row)], (key, html_row, xlsx_row)
            figures = [c for c in html_row[1:] if isinstance(number_of(c), (float, tuple))]
            if len(figures) >= 3:
                assert any(row_pattern(figures).search(line) for line in lines), (key, html_row)
                checked += 1
    assert checked >= 8
    assert [r[0] for r in book["Chưa đóng góp theo năm"].iter_rows(min_row=6, values_only=True) if r[0]] == [
        "2023", "2024", "2025"]


def test_an_admin_keeps_the_plan_period_and_bad_years_are_refused(db, login_as, frozen_today):
    admin, _a = login_as(Role.ADMIN)
    form = admin.get("/reports/settings/heading")
    assert form.status_code == 200 and 'name="midterm_last_year"' in form.get_data(as_text=True)
    base = {"parent_agency": "UBND", "agency": "SỞ KH&CN", "place": "Cần Thơ", "number_suffix": "BC-SKHCN",
            "recipient": "UBND thành phố", "signer_authority": "KT. GIÁM ĐỐC", "signer_title": "PHÓ GIÁM ĐỐC"}
    bad = admin.post("/reports/settings/heading", data={**base, "plan_first_year": "2026", "midterm_last_year": "2025",
                                                        "plan_last_year": "2030"})
    assert bad.status_code == 422
    assert "Kỳ sơ kết không thể kết thúc trước khi kế hoạch bắt đầu." in text_of(bad)
    too_long = admin.post("/reports/settings/heading", data={**base, "plan_first_year": "2021",
                                                             "midterm_last_year": "2025", "plan_last_year": "2040"})
    assert too_long.status_code == 422 and "Giai đoạn của kế hoạch dài tối đa 15 năm." in text_of(too_long)
    good = admin.post("/reports/settings/heading", data={**base, "plan_first_year": "2022",
                                                         "midterm_last_year": "2025", "plan_last_year": "2030"})
    assert good.status_code == 302
    db.session.remove()
    row = db.session.scalar(sa.select(ReportSettings))
    assert (row.plan_first_year, row.midterm_last_year, row.plan_last_year) == (2022, 2025, 2030)
    assert 'href="/reports/review/2022-2025"' in admin.get("/reports/review").get_data(as_text=True)


def test_the_agencies_figures_year_by_year_and_who_was_missing(db, login_as, frozen_today):
    from app.contributions import services as contributions
    from app.models import Agency, Contribution

    client, dost = login_as(Role.CONSULTANT)
    market = db.session.scalar(sa.select(Agency).where(Agency.code == "market"))
    for year, inspections in ((2025, 8), (2026, 12)):
        collection = contributions.open_round(year, date(year, 11, 30), dost)
        own = db.session.scalar(sa.select(Contribution).where(Contribution.round_id == collection.id,
                                                              Contribution.agency_id == market.id))
        contributions.save_values(own, {f.id: (inspections if f.code == "inspections" else 1, None, "")
                                        for f in market.figures}, dost)
        contributions.submit(own, dost)
        contributions.accept(own, dost)
    db.session.commit()
    tables = html_tables(client.get("/reports/review/2024-2026").get_data(as_text=True))
    contributed = {row[0]: row for row in tables["review_contributed"]}
    assert contributed["Cuộc kiểm tra về sở hữu trí tuệ"][1] == "Chi cục Quản lý thị trường"
    assert [number_of(c) for c in contributed["Cuộc kiểm tra về sở hữu trí tuệ"][2:]] == [None, 8, 12]
    missing = {row[0]: row[1] for row in tables["review_missing"]}
    assert missing["2024"] == "Không mở đợt thu thập số liệu."
    assert "Sở Tài chính" in missing["2025"] and "Chi cục Quản lý thị trường" not in missing["2026"]
