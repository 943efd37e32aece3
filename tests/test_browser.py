"""Real browser tests: Playwright drives Debian's Chromium against the app on a local port."""
from __future__ import annotations

import pytest

from app.demo import DEMO_PASSWORD

pytestmark = pytest.mark.browser

# demo account -> (heading of its home page, in Vietnamese)
ROLE_HOMES = {
    "admin@demo.ocop.vn": "Quản trị hệ thống",
    "tuvan@demo.ocop.vn": "Bàn làm việc Sở KH&CN",
    "vanphong@demo.ocop.vn": "Văn phòng Điều phối OCOP",
    "htx@demo.ocop.vn": "Trang của chủ thể",
    "hokinhdoanh@demo.ocop.vn": "Trang của chủ thể",
}


@pytest.fixture
def page(browser):
    # A phone-sized window (360 px wide) with an English browser: the app must still be Vietnamese.
    context = browser.new_context(viewport={"width": 360, "height": 740}, locale="en-US")
    page = context.new_page()
    yield page
    context.close()


def log_in(page, base_url: str, email: str, password: str = DEMO_PASSWORD):
    page.goto(f"{base_url}/auth/login")
    page.get_by_label("Email").fill(email)
    page.get_by_label("Mật khẩu").fill(password)
    page.get_by_role("button", name="Đăng nhập").click()


@pytest.mark.parametrize("email", list(ROLE_HOMES))
def test_each_demo_account_lands_on_its_home_in_vietnamese(page, demo_site, email):
    page.goto(demo_site + "/")
    assert page.url.startswith(f"{demo_site}/auth/login")
    assert page.locator("html").get_attribute("lang") == "vi"
    log_in(page, demo_site, email)
    page.wait_for_url(f"{demo_site}/")
    heading = page.locator("h1")
    assert heading.inner_text().strip() == ROLE_HOMES[email]
    # Nothing wider than the phone: no sideways scrolling on a 360-px screen.
    assert page.evaluate("document.documentElement.scrollWidth") <= 360


def test_wrong_password_message_and_logout(page, demo_site):
    log_in(page, demo_site, "htx@demo.ocop.vn", "sai-mat-khau")
    assert page.get_by_text("Sai email hoặc mật khẩu.").is_visible()
    log_in(page, demo_site, "htx@demo.ocop.vn")
    page.wait_for_url(f"{demo_site}/")
    page.get_by_role("button", name="Menu").click()  # the collapsed phone menu
    page.wait_for_selector("#mainnav.show")
    page.get_by_role("button", name="Đăng xuất").click()
    page.wait_for_url(f"{demo_site}/auth/login")
    assert page.get_by_text("Bạn đã đăng xuất.").is_visible()


def test_register_then_office_verifies(browser, demo_site):
    """Journey 1's start: a cooperative registers, the office verifies it."""
    context = browser.new_context(viewport={"width": 360, "height": 740})
    producer = context.new_page()
    producer.goto(f"{demo_site}/auth/register")
    producer.get_by_label("Họ và tên").fill("Lâm Thị Mai")
    producer.locator("#email").fill("mai@example.vn")
    producer.get_by_label("Số điện thoại di động").fill("0912 345 678")
    producer.locator("#password").fill("mat-khau-dai")
    producer.locator("#confirm").fill("mat-khau-dai")
    producer.locator("#name").fill("Hợp tác xã Bánh pía Vị Thanh")
    producer.locator("#kind").select_option("cooperative")
    producer.locator("#legal_representative").fill("Lâm Thị Mai")
    producer.locator("#ward_code").select_option(label="Phường Vị Thanh")
    producer.locator("#address_line").fill("Khu vực 2")
    producer.get_by_role("button", name="Đăng ký").last.click()
    producer.wait_for_url(f"{demo_site}/")
    assert "chờ" in producer.locator(".alert-warning").inner_text()
    context.close()

    office_context = browser.new_context()
    office = office_context.new_page()
    log_in(office, demo_site, "vanphong@demo.ocop.vn")
    office.goto(f"{demo_site}/organizations/?show=unverified")
    row = office.locator("tr", has_text="Hợp tác xã Bánh pía Vị Thanh")
    row.get_by_role("button", name="Xác minh").click()
    assert office.get_by_text("Hợp tác xã Bánh pía Vị Thanh đã được xác minh.").is_visible()
    office_context.close()


def test_province_change_reloads_wards(page, demo_site):
    page.goto(f"{demo_site}/auth/register")
    page.locator("#province_code").select_option(label="Thành phố Hà Nội")
    page.wait_for_function("document.querySelector('#ward_code').options.length > 100")
    assert page.locator("#ward_code option", has_text="Phường Ba Đình").count() == 1
