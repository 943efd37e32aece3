"""Journey 5 in a real browser: DOST records what the IP office does with a filed application;
the producer sees each status and the deadline list follows."""
from __future__ import annotations

import pytest

from tests.browser import log_in, log_out

pytestmark = pytest.mark.browser


def record(page, what: str, day: str, **fields):
    page.select_option("#name", label=what)
    page.fill("#event_date", day)
    for name, value in fields.items():
        if name == "filing_channel":
            page.select_option("#filing_channel", value)
        else:
            page.fill(f"#{name}", value)
    page.get_by_role("button", name="Ghi nhận", exact=True).click()
    page.wait_for_load_state("load")


def test_consultant_tracks_a_filed_case_to_grant(browser, demo_site):
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    page = context.new_page()
    log_in(page, demo_site, "tuvan@demo.ocop.vn")
    page.goto(f"{demo_site}/cases/?q=mut+khom")  # accent-insensitive search finds "MỨT KHÓM CẦU ĐÚC"
    page.get_by_role("link", name="MỨT KHÓM CẦU ĐÚC").click()
    case_url = page.url
    page.get_by_role("button", name="Duyệt: sẵn sàng nộp đơn").click()
    record(page, "Ghi nhận việc nộp đơn", "03/08/2026", application_number="4-2026-31001", filing_channel="online")
    assert page.locator("#case-status").inner_text() == "Đã nộp đơn tại Cục SHTT"
    assert "Cục SHTT thẩm định hình thức" in page.locator("#deadlines").inner_text()
    record(page, "Ghi nhận thông báo thiếu sót hình thức", "01/09/2026")
    assert page.locator("#case-status").inner_text() == "Nhận thông báo thiếu sót hình thức"
    assert "Trả lời thông báo thiếu sót hình thức" in page.locator("#deadlines").inner_text()
    log_out(page, demo_site)

    # The producer sees what it must do, and by when.
    log_in(page, demo_site, "htx@demo.ocop.vn")
    page.goto(case_url)
    assert "Cần làm: Trả lời thông báo thiếu sót hình thức trước 02/11/2026" in page.locator("#plain-status").inner_text()
    page.goto(f"{demo_site}/deadlines/")
    assert "4-2026-31001" in page.content()
    log_out(page, demo_site)

    log_in(page, demo_site, "tuvan@demo.ocop.vn")
    page.goto(case_url)
    record(page, "Ghi nhận việc trả lời thông báo thiếu sót hình thức", "15/10/2026")
    record(page, "Ghi nhận việc công bố đơn", "02/11/2026", gazette_issue="462A")
    assert page.locator("#case-status").inner_text() == "Đã công bố đơn"
    deadlines = page.locator("#deadlines").inner_text()
    assert "Cục SHTT thẩm định nội dung đơn nhãn hiệu" in deadlines and "02/04/2027" in deadlines  # 5 months
    record(page, "Ghi nhận thông báo dự định cấp văn bằng", "20/11/2026")
    record(page, "Ghi nhận việc nộp phí cấp văn bằng", "24/11/2026")
    record(page, "Ghi nhận việc cấp văn bằng", "25/11/2026", certificate_number="4-0523456-000")
    assert page.locator("#case-status").inner_text() == "Đã được cấp văn bằng"
    log_out(page, demo_site)

    log_in(page, demo_site, "htx@demo.ocop.vn")
    page.goto(case_url)
    assert "4-0523456-000" in page.locator("#plain-status").inner_text()
    assert "03/08/2036" in page.locator("#plain-status").inner_text()  # 10 years from filing
    context.close()
