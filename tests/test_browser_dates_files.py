"""In an English browser (as on many office PCs) dates are still typed dd/mm/yyyy and file inputs
speak Vietnamese, and the file input is still reached by the keyboard."""
from __future__ import annotations

import pytest
from playwright.sync_api import expect

from tests.browser import log_in, press
from tests.fixtures_images import png_bytes

pytestmark = pytest.mark.browser


def test_an_english_browser_gets_vietnamese_file_inputs_and_day_first_dates(browser, demo_site, tmp_path):
    context = browser.new_context(viewport={"width": 1280, "height": 900}, locale="en-US")
    page = context.new_page()
    log_in(page, demo_site, "htx@demo.ocop.vn")
    page.get_by_role("button", name="Đăng ký nhãn hiệu", exact=True).click()
    page.wait_for_url("**/steps/applicant")
    case_url = page.url.split("/steps/")[0]

    page.goto(case_url + "/steps/mark")
    picker = page.locator(".file-picker", has=page.locator("#mark_image"))
    expect(picker).to_contain_text("Chọn tệp…")
    expect(picker).to_contain_text("Chưa chọn tệp nào")
    assert "Choose File" not in picker.inner_text() and "No file chosen" not in picker.inner_text()
    page.focus("#wording")
    for _ in range(10):  # the keyboard reaches the file input among the fields that follow
        page.keyboard.press("Tab")
        if page.evaluate("document.activeElement.id") == "mark_image":
            break
    assert page.evaluate("document.activeElement.id") == "mark_image"
    outline = page.evaluate("getComputedStyle(document.querySelector('#mark_image + .file-picker-button')).outlineStyle")
    assert outline == "solid"  # the button shows where the focus is
    logo = tmp_path / "nhan-hieu.png"
    logo.write_bytes(png_bytes())
    page.set_input_files("#mark_image", str(logo))
    expect(picker).to_contain_text("nhan-hieu.png")

    page.goto(case_url + "/steps/priority")
    date_input = page.locator("#priority_claims-0-date")
    expect(date_input).to_have_attribute("type", "text")
    expect(date_input).to_have_attribute("placeholder", "dd/mm/yyyy")
    page.check("input[name=priority_basis][value=paris]")
    page.fill("#priority_claims-0-country", "JP")
    page.fill("#priority_claims-0-number", "2026-001234")
    date_input.fill("31/02/2026")
    press(page, "Lưu nháp")
    expect(page.locator("#priority_claims-0-date")).to_have_value("31/02/2026")  # kept as typed
    page.goto(case_url + "/steps/priority")
    expect(page.locator("#priority_claims-0-country")).to_have_value("JP")
    context.close()
