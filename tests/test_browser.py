"""Real browser tests: Playwright drives Debian's Chromium against the app on a local port."""
from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect

from tests.browser import log_in, open_phone_menu, submit_login

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


@pytest.mark.parametrize("email", list(ROLE_HOMES))
def test_each_demo_account_lands_on_its_home_in_vietnamese(page, demo_site, email):
    page.goto(demo_site + "/")
    expect(page).to_have_url(re.compile(re.escape(f"{demo_site}/auth/login")))
    expect(page.locator("html")).to_have_attribute("lang", "vi")
    log_in(page, demo_site, email)
    expect(page.locator("h1")).to_have_text(ROLE_HOMES[email])
    # Nothing wider than the phone: no sideways scrolling on a 360-px screen.
    assert page.evaluate("document.documentElement.scrollWidth") <= 360


def test_wrong_password_message_and_logout(page, demo_site):
    submit_login(page, demo_site, "htx@demo.ocop.vn", "sai-mat-khau")
    expect(page.get_by_text("Sai email hoặc mật khẩu.")).to_be_visible()
    log_in(page, demo_site, "htx@demo.ocop.vn")
    open_phone_menu(page)
    page.get_by_role("button", name="Đăng xuất").click()
    page.wait_for_url(f"{demo_site}/auth/login")
    expect(page.get_by_text("Bạn đã đăng xuất.")).to_be_visible()


def test_register_then_office_verifies(browser, demo_site):
    """Journey 1's start: a cooperative registers, the office verifies it."""
    context = browser.new_context(viewport={"width": 360, "height": 740})
    producer = context.new_page()
    producer.goto(f"{demo_site}/auth/register")
    producer.get_by_label("Họ và tên").fill("Lâm Thị Mai")
    producer.locator("#email").fill("mai@example.vn")
    producer.get_by_label("Số điện thoại di động").fill("0912 345 678")
    producer.locator("#password").fill("mat-khau-dai-du-12")
    producer.locator("#confirm").fill("mat-khau-dai-du-12")
    producer.locator("#name").fill("Hợp tác xã Bánh pía Vị Thanh")
    producer.locator("#kind").select_option("cooperative")
    producer.locator("#legal_representative").fill("Lâm Thị Mai")
    producer.locator("#ward_code").select_option(label="Phường Vị Thanh")
    producer.locator("#address_line").fill("Khu vực 2")
    producer.get_by_role("button", name="Đăng ký").last.click()
    producer.wait_for_url(f"{demo_site}/auth/login")
    expect(producer.locator(".alert-success")).to_contain_text("Nếu email này chưa được đăng ký")
    submit_login(producer, demo_site, "mai@example.vn", "mat-khau-dai-du-12")
    producer.wait_for_url(f"{demo_site}/")
    # the to-do list starts with it (issue 17), and the office's with verifying it
    expect(producer.locator('[data-todo-kind="unverified"]')).to_contain_text("Tổ chức của bạn đang chờ xác minh")
    context.close()

    office_context = browser.new_context()
    office = office_context.new_page()
    log_in(office, demo_site, "vanphong@demo.ocop.vn")
    expect(office.locator('[data-todo-kind="verify"]', has_text="Hợp tác xã Bánh pía Vị Thanh")).to_be_visible()
    office.goto(f"{demo_site}/organizations/?show=unverified")
    row = office.locator("tr", has_text="Hợp tác xã Bánh pía Vị Thanh")
    row.get_by_role("button", name="Xác minh").click()
    expect(office.get_by_text("Hợp tác xã Bánh pía Vị Thanh đã được xác minh.")).to_be_visible()
    office_context.close()


def test_province_change_reloads_wards(page, demo_site):
    page.goto(f"{demo_site}/auth/register")
    page.locator("#province_code").select_option(label="Thành phố Hà Nội")
    expect(page.locator("#ward_code option", has_text="Phường Ba Đình")).to_have_count(1)


def test_pages_fit_a_phone_screen(browser, demo_site):
    """A phone lays out a page 980 px wide unless the page says it fits the device's width; at 360 px
    neither the login page nor a producer's home may need sideways scrolling."""
    context = browser.new_context(viewport={"width": 360, "height": 740}, is_mobile=True, has_touch=True)
    page = context.new_page()
    page.goto(f"{demo_site}/auth/login")
    expect(page.get_by_role("button", name="Đăng nhập")).to_be_visible()
    assert page.evaluate("document.documentElement.scrollWidth") <= 360
    log_in(page, demo_site, "htx@demo.ocop.vn")
    expect(page.locator("h1")).to_have_text("Trang của chủ thể")
    assert page.evaluate("document.documentElement.scrollWidth") <= 360
    context.close()
