"""Issue 20 in a real browser, on the demo data's round in progress: the market-management
department contributes on a desktop and the Department of Culture on a phone; DOST returns the
latter with a note, it is corrected and resubmitted, DOST accepts both and produces the report,
which names each figure's agency and the agency that has not contributed (Agriculture)."""
from __future__ import annotations

import re

import pytest

from tests.browser import log_in, press
from tests.report_reading import pdf_text

pytestmark = pytest.mark.browser


def fill_figure(page, code: str, value: str, narrative: str = "") -> None:
    figure = page.locator(f"fieldset[data-figure='{code}']")
    figure.locator("input[name^='value-']").fill(value)
    if narrative:
        figure.locator("textarea").fill(narrative)


def open_own_contribution(page, site: str, email: str) -> None:
    log_in(page, site, email)
    page.locator("#agency-contributions").get_by_role("link", name="Mở").first.click()
    page.wait_for_url(re.compile(r".*/contributions/\d+$"))


def test_two_agencies_contribute_one_is_corrected_and_the_report_names_the_missing_one(browser, demo_site, tmp_path):
    desk = browser.new_context(viewport={"width": 1280, "height": 900})
    phone = browser.new_context(viewport={"width": 360, "height": 740})
    dost = browser.new_context(viewport={"width": 1280, "height": 900}, accept_downloads=True)

    market = desk.new_page()
    open_own_contribution(market, demo_site, "qltt@demo.ocop.vn")
    fill_figure(market, "inspections", "12", "Kiểm tra 12 cơ sở kinh doanh đặc sản.")
    fill_figure(market, "infringement_cases", "5")
    fill_figure(market, "infringement_fines", "37,5")  # a decimal: refused with the reason, input kept
    fill_figure(market, "counterfeit_value", "86.000.000")
    press(market, "Gửi Sở KH&CN")
    assert "thập phân" in market.locator("fieldset[data-figure='infringement_fines']").inner_text()
    assert market.locator("fieldset[data-figure='counterfeit_value'] input[name^='value-']").input_value() == "86.000.000"
    fill_figure(market, "infringement_fines", "37.500.000")
    press(market, "Gửi Sở KH&CN")
    assert market.locator("#contribution-status").inner_text() == "Đã gửi, chờ Sở KH&CN"

    culture = phone.new_page()
    open_own_contribution(culture, demo_site, "vanhoa@demo.ocop.vn")
    fill_figure(culture, "copyright_registered", "21", "Chủ yếu là tác phẩm mỹ thuật ứng dụng (nhãn sản phẩm OCOP).")
    fill_figure(culture, "related_rights_registered", "3")
    press(culture, "Gửi Sở KH&CN")
    assert culture.locator("#contribution-status").inner_text() == "Đã gửi, chờ Sở KH&CN"
    assert culture.evaluate("document.documentElement.scrollWidth") <= 361

    office = dost.new_page()
    log_in(office, demo_site, "tuvan@demo.ocop.vn")
    office.goto(f"{demo_site}/contributions/")
    chase = office.locator("#chase")
    assert "Chưa gửi" in chase.locator("tr[data-agency='agriculture']").inner_text()
    chase.locator("tr[data-agency='culture']").get_by_role("link", name="Mở").click()
    office.get_by_label("Nội dung cần chỉnh sửa").fill("Số đăng ký quyền liên quan chưa khớp với Cục Bản quyền.")
    press(office, "Trả lại để chỉnh sửa")
    assert office.locator("#contribution-status").inner_text() == "Bị trả lại để chỉnh sửa"

    culture.reload()
    assert "chưa khớp với Cục Bản quyền" in culture.locator("#return-note").inner_text()
    fill_figure(culture, "related_rights_registered", "4")
    press(culture, "Gửi Sở KH&CN")
    assert culture.locator("#contribution-status").inner_text() == "Đã gửi, chờ Sở KH&CN"

    for code in ("culture", "market"):
        office.goto(f"{demo_site}/contributions/")
        office.locator(f"#chase tr[data-agency='{code}']").get_by_role("link", name="Mở").click()
        press(office, "Chấp nhận")
        assert office.locator("#contribution-status").inner_text() == "Đã tiếp nhận"

    office.goto(f"{demo_site}/contributions/")
    office.get_by_role("link", name=re.compile(r"Báo cáo năm \d{4}")).click()
    office.wait_for_url(re.compile(r".*/reports/annual/\d{4}$"))
    rows = office.locator("table[data-table='contrib_enforcement'] tbody tr")
    fines = rows.filter(has_text="Tiền phạt vi phạm")
    assert "37.500.000" in fines.inner_text() and "Chi cục Quản lý thị trường" in fines.inner_text()
    related = office.locator("table[data-table='contrib_other_rights'] tbody tr").filter(has_text="quyền liên quan")
    assert "Sở Văn hóa, Thể thao và Du lịch" in related.inner_text() and re.search(r"\b4\b", related.inner_text())
    missing = office.locator("table[data-table='contrib_missing']").inner_text()
    assert "Sở Nông nghiệp và Môi trường" in missing
    assert "Chi cục Quản lý thị trường" not in missing and "Sở Văn hóa" not in missing

    with office.expect_download() as download:
        office.locator("#download-pdf").click()
    path = tmp_path / "report.pdf"
    download.value.save_as(path)
    text = pdf_text(path.read_bytes())
    assert re.search(r"Tiền phạt vi phạm về sở hữu trí\s+37\.500\.000\s+đồng\s+Chi cục Quản lý thị", text)
    assert re.search(r"\n\s*Sở Nông nghiệp và Môi trường\s+Chưa gửi", text)
    for context in (desk, phone, dost):
        context.close()
