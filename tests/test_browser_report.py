"""Journey 7 in a real browser: a DOST consultant opens the annual report for the current year from
the dashboard, downloads the PDF and the Excel file, and every number matches the page's."""
from __future__ import annotations

import io
import re

import pytest
from openpyxl import load_workbook

from app.reports import xlsx as report_xlsx
from tests.browser import log_in
from tests.report_reading import number_of, pdf_text, row_pattern, xlsx_value

pytestmark = pytest.mark.browser


def page_tables(page) -> dict[str, list[list[str]]]:
    """The text of every report table's body cells, by table key, as the browser shows them."""
    return page.evaluate("""() => Object.fromEntries([...document.querySelectorAll('table[data-table]')].map(t =>
        [t.dataset.table, [...t.tBodies[0].rows].map(r => [...r.cells].map(c => c.innerText.trim().replace(/\\s+/g, ' ')))]))""")


@pytest.mark.parametrize("width", [1280, 360])
def test_consultant_downloads_the_annual_report_and_every_number_matches(browser, demo_site, width, tmp_path):
    context = browser.new_context(viewport={"width": width, "height": 900}, accept_downloads=True)
    page = context.new_page()
    log_in(page, demo_site, "tuvan@demo.ocop.vn")
    page.locator("#annual-report-link").click()
    page.wait_for_url(re.compile(r".*/reports/annual/\d{4}$"))
    year = int(page.url.rsplit("/", 1)[1])
    assert str(year) in page.locator("#report-title").inner_text()
    assert page.locator("figure[data-chart] svg.report-svg").count() == 3
    tables = page_tables(page)
    # The demo has this year's collection round in progress: its tables are compared too.
    sheet_names = {**report_xlsx.SHEET_NAMES, **report_xlsx.CONTRIBUTION_SHEET_NAMES}
    assert set(report_xlsx.SHEET_NAMES) <= set(tables) <= set(sheet_names)
    # The demo data has applications this year: the page is not the empty one.
    assert page.locator("#report-empty").count() == 0
    # Nothing is wider than the phone's screen except inside the scrollable table wrappers.
    assert page.evaluate("document.documentElement.scrollWidth") <= width + 1

    with page.expect_download() as pdf_download:
        page.locator("#download-pdf").click()
    pdf_path = tmp_path / "report.pdf"
    pdf_download.value.save_as(pdf_path)
    with page.expect_download() as xlsx_download:
        page.locator("#download-xlsx").click()
    xlsx_path = tmp_path / "report.xlsx"
    xlsx_download.value.save_as(xlsx_path)
    assert pdf_download.value.suggested_filename == f"bao-cao-shtt-{year}.pdf"

    text = pdf_text(pdf_path.read_bytes())
    lines = text.splitlines()
    assert f"năm {year}" in text and "KT. GIÁM ĐỐC" in text
    workbook = load_workbook(io.BytesIO(xlsx_path.read_bytes()))
    compared = 0
    for key, rows in tables.items():
        sheet = workbook[sheet_names[key]]
        cells = [[xlsx_value(c.value, c.number_format) for c in row] for row in
                 sheet.iter_rows(min_row=report_xlsx.HEADER_ROW + 1, max_row=report_xlsx.HEADER_ROW + len(rows))]
        for shown, stored in zip(rows, cells, strict=True):
            assert [number_of(c) for c in shown] == stored[:len(shown)], (key, shown, stored)
            figures = [c for c in shown[1:] if isinstance(number_of(c), (float, tuple))]
            if figures:
                assert any(row_pattern(figures).search(line) for line in lines), (key, shown)
                compared += 1
    assert compared > 30
    context.close()
