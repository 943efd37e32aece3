"""A producer on a phone types a sign with a protected geographical indication and a place name on the
mark step, sees the findings appear as it types, changes the sign and sees them go."""
from __future__ import annotations

import pytest
from playwright.sync_api import expect

from tests.browser import log_in

pytestmark = pytest.mark.browser


def test_live_findings_appear_and_go_on_a_360px_phone(browser, demo_site):
    page = browser.new_context(viewport={"width": 360, "height": 740}, is_mobile=True).new_page()
    log_in(page, demo_site, "htx@demo.ocop.vn")
    page.get_by_role("button", name="Đăng ký nhãn hiệu", exact=True).click()
    page.wait_for_url("**/steps/applicant")
    page.goto(page.url.replace("/applicant", "/mark"))
    live = page.locator("#mark-check [data-mark-live]")
    expect(live).to_have_attribute("aria-live", "polite")
    page.locator("#wording").press_sequentially("Nước mắm Phú Quốc Phong Điền", delay=20)
    expect(live.get_by_text("“Phú Quốc” là chỉ dẫn địa lý được bảo hộ", exact=False)).to_be_visible()
    expect(live.get_by_text("“Phong Điền” là địa danh", exact=False)).to_be_visible()
    expect(live.locator(".badge.text-bg-danger").first).to_be_visible()
    # fits the phone: the findings do not widen the page
    assert page.evaluate("document.documentElement.scrollWidth") <= 360
    page.fill("#wording", "")
    page.locator("#wording").press_sequentially("Út Hiền Hảo Hạng Nhất", delay=20)
    expect(live.get_by_text("Phú Quốc", exact=False)).to_have_count(0)
    expect(live.get_by_text("Phong Điền", exact=False)).to_have_count(0)
