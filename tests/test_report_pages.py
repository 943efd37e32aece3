"""The annual report's pages: who may see them, bad input, the yearly counts and targets forms,
and the PDF and Excel files read back and compared, number for number, with the HTML page."""
from __future__ import annotations

import io
import re
import subprocess

import pytest
import sqlalchemy as sa
from openpyxl import load_workbook

from app.models import AuditEntry, ManualCount, PlanTarget, ReportMetric, ReportSettings, Role
from app.reports import xlsx as report_xlsx
from app.reports.figures import compute
from tests.report_dataset import build_dataset
from tests.report_reading import html_tables, number_of, pdf_text, row_pattern, xlsx_value

YEAR = 2025
#: the plan's period, on the same settings form as the heading (tests/test_report_review.py)
PLAN_PERIOD = dict(plan_first_year="2021", midterm_last_year="2025", plan_last_year="2030")


pytestmark = pytest.mark.usefixtures("no_kept_report_pdfs")


@pytest.fixture
def frozen_today(freeze_today):
    """The report's "today" is 20/12/2026, whatever the machine's clock says."""
    from datetime import date

    freeze_today(date(2026, 12, 20))


# --- access and bad input ----------------------------------------------------------------------

@pytest.mark.parametrize("role, status", [
    (Role.CONSULTANT, 200), (Role.OFFICE, 200), (Role.ADMIN, 200), (Role.PRODUCER, 403),
])
@pytest.mark.parametrize("suffix", ["", ".pdf", ".xlsx"])
def test_who_may_open_the_report(login_as, frozen_today, role, status, suffix):
    client, _user = login_as(role)
    response = client.get(f"/reports/annual/2010{suffix}")
    assert response.status_code == status


def test_anonymous_visitors_are_sent_to_log_in(client):
    response = client.get(f"/reports/annual/{YEAR}")
    assert response.status_code == 302 and "/auth/login" in response.headers["Location"]


@pytest.mark.parametrize("url", [
    "/reports/annual/1999", "/reports/annual/2027", "/reports/annual/2999.pdf", "/reports/annual/99999.xlsx",
    "/reports/?year=abc", "/reports/?year=1200", "/reports/annual/abc", "/reports/annual/-5",
])
def test_years_out_of_range_are_404_with_an_explanation(login_as, frozen_today, url):
    client, _user = login_as(Role.CONSULTANT)
    response = client.get(url)
    assert response.status_code == 404
    if "annual/abc" not in url and "-5" not in url:
        assert "2000" in response.get_data(as_text=True) and "2026" in response.get_data(as_text=True)


def test_the_year_picker_and_the_default_year(login_as, frozen_today):
    client, _user = login_as(Role.OFFICE)
    assert client.get("/reports/").headers["Location"].endswith("/reports/annual/2026")
    assert client.get("/reports/?year=2024").headers["Location"].endswith("/reports/annual/2024")


def test_a_year_without_data_says_so_in_all_three(login_as, frozen_today):
    client, _user = login_as(Role.CONSULTANT)
    page = client.get("/reports/annual/2010").get_data(as_text=True)
    assert 'id="report-empty"' in page and "2010" in page and 'data-table="kpi"' not in page
    pdf = pdf_text(client.get("/reports/annual/2010.pdf").data)
    assert "2010" in pdf and "Bảng 1" not in pdf
    book = load_workbook(io.BytesIO(client.get("/reports/annual/2010.xlsx").data))
    cover = [c for row in book["Thông tin"].iter_rows(values_only=True) for c in row if c]
    assert any("2010" in str(c) for c in cover[-1:])


# --- HTML, PDF and Excel agree -----------------------------------------------------------------

def test_pdf_and_excel_show_the_numbers_of_the_page(db, make_organization, login_as, frozen_today):
    build_dataset(db, make_organization)
    client, _user = login_as(Role.CONSULTANT)
    page = client.get(f"/reports/annual/{YEAR}")
    assert page.status_code == 200
    tables = html_tables(page.get_data(as_text=True))
    assert set(tables) == set(report_xlsx.SHEET_NAMES)
    # Spot checks against the hand-computed figures (tests/test_report_figures.py).
    kpi = {row[0]: row for row in tables["kpi"]}
    assert len(kpi) == 4
    industrial = tables["kpi"][0]
    assert [number_of(c) for c in industrial[2:6]] == [1, 1, 2, ("%", 100.0)]
    assert number_of(industrial[7]) == ("%", 41.4)
    assert [number_of(c) for c in tables["ocop_stars"][-1][1:]] == [1, 1, 1, 3]
    assert number_of(tables["ocop_summary"][3][1]) == ("%", 33.3)
    assert number_of(tables["support"][5][1]) == 198.5

    workbook = load_workbook(io.BytesIO(client.get(f"/reports/annual/{YEAR}.xlsx").data))
    pdf_response = client.get(f"/reports/annual/{YEAR}.pdf")
    assert pdf_response.mimetype == "application/pdf"
    text = pdf_text(pdf_response.data)
    lines = text.splitlines()
    checked_pdf_rows = 0
    for key, rows in tables.items():
        sheet = workbook[report_xlsx.SHEET_NAMES[key]]
        sheet_rows = [[xlsx_value(c.value, c.number_format) for c in row]
                      for row in sheet.iter_rows(min_row=report_xlsx.HEADER_ROW + 1, max_row=report_xlsx.HEADER_ROW + len(rows))]
        assert len(sheet_rows) == len(rows), key
        for html_row, xlsx_row in zip(rows, sheet_rows):
            assert [number_of(c) for c in html_row] == xlsx_row[:len(html_row)], (key, html_row, xlsx_row)
            # In the PDF: the row's figures, in order, on one line of the laid-out text.
            figures = [c for c in html_row[1:] if isinstance(number_of(c), (float, tuple))]
            if not figures:
                continue
            pattern = row_pattern(figures)
            assert any(pattern.search(line) for line in lines), (key, html_row)
            checked_pdf_rows += 1
    assert checked_pdf_rows > 40
    assert "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM" in text and "KT. GIÁM ĐỐC" in text
    assert "Số: ........../BC-SKHCN" in text


def test_the_pdf_draws_its_charts_and_loads_only_app_files(db, make_organization, login_as, frozen_today, fetches):
    build_dataset(db, make_organization)
    client, _user = login_as(Role.OFFICE)
    data = client.get(f"/reports/annual/{YEAR}.pdf").data
    assert all(result == "ok" for _url, result in fetches)
    text = pdf_text(data)
    for title in ("Biểu đồ 1", "Biểu đồ 2", "Biểu đồ 3"):
        assert title in text
    page = client.get(f"/reports/annual/{YEAR}").get_data(as_text=True)
    assert page.count('<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 720') == 3 and "url(#ocop-p0)" in page
    assert page.count('class="chart-legend') == 3 and "url(#ocop-k2)" in page  # legends with their keys
    svgs = [part.split("</svg>", 1)[0] for part in page.split("<svg")[1:]]
    assert all("<script" not in svg for svg in svgs)  # no tooltip script fetched from the web
    # Lean drawings: WeasyPrint parses, cascades and draws every element, so no stylesheet, no
    # hidden tooltip data, one path per series (bench/report.py: the PDF within 2 s).
    for svg in svgs:
        assert "<style" not in svg and "<desc" not in svg and "<title" not in svg
        assert len(re.findall(r"<[a-z]", svg)) < 100


def test_the_pdf_embeds_only_our_own_liberation_2_faces(db, make_organization, login_as, frozen_today, tmp_path):
    """Charts included: their text must not ask fontconfig for a system family (Debian's Liberation
    1.07 has no Vietnamese glyphs), only for the face pdf.css loads from our files."""
    from tests.pdf_reading import fonts_of

    build_dataset(db, make_organization)
    client, _user = login_as(Role.CONSULTANT)
    data = client.get(f"/reports/annual/{YEAR}.pdf").data
    # The charts' own texts are in the PDF (drawn, with a font): titles and legends.
    text = pdf_text(data)
    for words in ("Số đơn nộp theo năm, theo loại đơn", "Sản phẩm OCOP theo hạng sao và tình trạng bảo hộ",
                  "Số đơn nộp so với mục tiêu của kế hoạch", "Nhãn hiệu chứng nhận", "Đang đăng ký"):
        assert words in text
    path = tmp_path / "report.pdf"
    path.write_bytes(data)
    listing = subprocess.run(["pdffonts", str(path)], capture_output=True, check=True, text=True).stdout
    rows = listing.splitlines()[2:]
    assert rows
    for row in rows:  # name, type, encoding, emb, sub, uni, object, generation
        match = re.fullmatch(r"(\S+)\s.*\s(yes|no)\s+(yes|no)\s+(yes|no)\s+\d+\s+\d+\s*", row)
        assert match, row
        assert re.fullmatch(r"[A-Z]{6}\+OCOP-Liberation-Serif(-Bold|-Italic|-Bold-Italic)?", match[1]), row
        assert match[2] == "yes", row  # embedded
    for font in fonts_of(data):
        assert font["embedded"] and font["postscript_name"].startswith("LiberationSerif"), font
        assert font["version"].startswith("Version 2."), font


def test_the_same_data_gives_the_pdf_made_last_time_and_any_change_a_new_one(db, login_as, frozen_today,
                                                                             monkeypatch):
    import app.documents.pdf as pdf_module

    client, _user = login_as(Role.ADMIN)
    first = client.get("/reports/annual/2010.pdf").data
    renders = []
    real = pdf_module.render_pdf
    monkeypatch.setattr(pdf_module, "render_pdf", lambda *args, **kwargs: renders.append(args) or real(*args, **kwargs))
    assert client.get("/reports/annual/2010.pdf").data == first and renders == []
    # A figure changes: a yearly count entered for that year.
    client.post("/reports/counts", data=dict(year="2010", metric="copyright", count="7", source="Cục Bản quyền"))
    second = client.get("/reports/annual/2010.pdf").data
    assert len(renders) == 1 and second != first and "Bảng 1" in pdf_text(second)
    # The signature block changes.
    data = dict(parent_agency="UBND THÀNH PHỐ CẦN THƠ", agency="SỞ KHOA HỌC VÀ CÔNG NGHỆ", place="Cần Thơ",
                number_suffix="BC-SKHCN", recipient="Ủy ban nhân dân thành phố Cần Thơ", signer_authority="KT. GIÁM ĐỐC",
                signer_title="PHÓ GIÁM ĐỐC", signer_name="Lê Thị Mới", distribution="", **PLAN_PERIOD)
    assert client.post("/reports/settings/heading", data=data).status_code == 302
    third = client.get("/reports/annual/2010.pdf").data
    assert len(renders) == 2 and "Lê Thị Mới" in pdf_text(third)
    assert client.get("/reports/annual/2010.pdf").data == third and len(renders) == 2


# --- yearly counts, targets, signature block ----------------------------------------------------

def test_a_consultant_enters_and_corrects_a_yearly_count(db, login_as, frozen_today):
    client, user = login_as(Role.CONSULTANT)
    data = dict(year="2025", metric="plant_variety", count="4", source="Cục Trồng trọt, 10/12/2025", note="")
    assert client.post("/reports/counts", data=data).status_code == 302
    assert client.post("/reports/counts", data=dict(data, count="6")).status_code == 302
    rows = db.session.scalars(sa.select(ManualCount)).all()
    assert [(r.year, r.metric, r.count) for r in rows] == [(2025, ReportMetric.PLANT_VARIETY, 6)]
    assert rows[0].entered_by_id == user.id
    audit = db.session.scalars(sa.select(AuditEntry).where(AuditEntry.entity == "manual_counts")).all()
    assert [a.action for a in audit] == ["create", "update"] and audit[1].changes["count"] == [4, 6]
    assert compute(2025).kpi(ReportMetric.PLANT_VARIETY).count == 6


@pytest.mark.parametrize("field, value", [
    ("year", "1990"), ("year", "2030"), ("year", "abc"), ("count", "-1"), ("count", "3.5"), ("count", "99999999"),
    ("source", "   "), ("metric", "industrial_property"), ("metric", "nonsense"),
])
def test_bad_count_values_are_refused_with_a_message(db, login_as, frozen_today, field, value):
    client, _user = login_as(Role.CONSULTANT)
    data = dict(year="2025", metric="copyright", count="4", source="Nguồn", note="")
    data[field] = value
    response = client.post("/reports/counts", data=data)
    assert response.status_code == 422
    assert "invalid-feedback" in response.get_data(as_text=True)
    assert db.session.scalar(sa.select(sa.func.count()).select_from(ManualCount)) == 0


def test_office_staff_cannot_enter_counts_and_only_admins_edit_targets(login_as):
    office, _ = login_as(Role.OFFICE)
    assert office.get("/reports/counts").status_code == 403
    consultant, _ = login_as(Role.CONSULTANT)
    assert consultant.get("/reports/settings").status_code == 403
    assert consultant.post("/reports/targets/1", data={}).status_code == 403


def test_an_admin_changes_a_target_and_the_verdict_follows(db, make_organization, login_as, frozen_today):
    build_dataset(db, make_organization)
    client, _user = login_as(Role.ADMIN)
    target = db.session.scalar(sa.select(PlanTarget).where(PlanTarget.metric == ReportMetric.INDUSTRIAL_PROPERTY))
    assert client.get(f"/reports/targets/{target.id}").status_code == 200
    response = client.post(f"/reports/targets/{target.id}", data=dict(
        min_growth_pct="45,5", max_growth_pct="", base_year="2023", source="Kế hoạch số 99/KH-UBND", note=""))
    assert response.status_code == 302
    db.session.expire_all()
    line = compute(YEAR).kpi(ReportMetric.INDUSTRIAL_PROPERTY)
    assert line.target.min_pct == 45.5 and line.target.source == "Kế hoạch số 99/KH-UBND"
    assert line.average_verdict == "not_met"  # 41,4 % < 45,5 %
    bad = client.post(f"/reports/targets/{target.id}", data=dict(
        min_growth_pct="5", max_growth_pct="3", base_year="1800", source="", note=""))
    assert bad.status_code == 422


def test_an_admin_sets_the_signature_block_printed_in_the_pdf(db, login_as, frozen_today):
    client, _user = login_as(Role.ADMIN)
    data = dict(parent_agency="UBND THÀNH PHỐ CẦN THƠ", agency="SỞ KHOA HỌC VÀ CÔNG NGHỆ", place="Cần Thơ",
                number_suffix="BC-KHCN", recipient="Chủ tịch UBND thành phố", signer_authority="KT. GIÁM ĐỐC",
                signer_title="PHÓ GIÁM ĐỐC", signer_name="Trần Văn Ký", distribution="Như trên;\nLưu: VT.",
                **PLAN_PERIOD)
    assert client.post("/reports/settings/heading", data=data).status_code == 302
    assert db.session.scalar(sa.select(ReportSettings.signer_name)) == "Trần Văn Ký"
    text = pdf_text(client.get("/reports/annual/2010.pdf").data)
    assert "Trần Văn Ký" in text and "Số: ........../BC-KHCN" in text and "Chủ tịch UBND thành phố" in text
    assert client.post("/reports/settings/heading", data=dict(data, agency="")).status_code == 422


def test_formula_like_text_in_a_source_is_not_a_formula_in_excel(db, login_as, frozen_today):
    client, _user = login_as(Role.CONSULTANT)
    client.post("/reports/counts", data=dict(year="2025", metric="copyright", count="4", source="=HYPERLINK(\"x\")"))
    book = load_workbook(io.BytesIO(client.get("/reports/annual/2025.xlsx").data))
    values = [c for row in book["Nguồn số liệu"].iter_rows(values_only=True) for c in row if isinstance(c, str)]
    assert "'=HYPERLINK(\"x\")" in values
    for sheet in book.worksheets:
        for row in sheet.iter_rows():
            for cell in row:
                assert cell.data_type != "f"
