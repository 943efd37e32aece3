"""The trademark wizard, done when the issue says so: a producer finishes it with JavaScript off,
and another with the keyboard alone (Tab, Space, arrows, Enter; no click). A failed step puts
the keyboard on the error summary."""
from __future__ import annotations

import pytest
from playwright.sync_api import expect

from tests.browser import log_in, log_out, press

pytestmark = pytest.mark.browser


def _no_js_step(page, button: str, url_end: str) -> None:
    press(page, button)
    page.wait_for_url(f"**{url_end}")


def test_trademark_wizard_without_javascript(browser, demo_site):
    context = browser.new_context(viewport={"width": 360, "height": 800}, java_script_enabled=False)
    page = context.new_page()
    log_in(page, demo_site, "htx@demo.ocop.vn")
    page.get_by_role("button", name="Đăng ký nhãn hiệu", exact=True).click()
    page.wait_for_url("**/steps/applicant")
    _no_js_step(page, "Tiếp tục", "/steps/products")
    page.get_by_label("Khóm Cầu Đúc Hậu Giang", exact=False).check()
    _no_js_step(page, "Tiếp tục", "/steps/mark")
    page.check("input[name=mark_form][value=word]")
    page.fill("#wording", "KHÓM KHÔNG JS")
    page.check("input[name=colour_mode][value=colour]")
    page.fill("#colours", "xanh lá")
    page.fill("#description", "Chữ KHÓM KHÔNG JS in hoa.")
    _no_js_step(page, "Tiếp tục", "/steps/goods")
    page.get_by_label("Khóm (dứa) tươi").check()
    _no_js_step(page, "Tiếp tục", "/steps/priority")
    _no_js_step(page, "Tiếp tục", "/steps/review")
    page.fill("#signatory_title", "Giám đốc")
    press(page, "Lưu và kiểm tra")
    expect(page.get_by_text("Đã điền đủ các thông tin cần thiết", exact=False)).to_be_visible()
    page.get_by_role("button", name="Gửi để xem xét").last.click()
    page.wait_for_url("**/cases/*")
    expect(page.locator("#case-status")).to_have_text("Đã gửi, chờ xem xét")
    log_out(page, demo_site)
    context.close()


def _tab_to(page, predicate: str, limit: int = 250) -> None:
    """Press Tab until the focused element satisfies the JS predicate on `el`."""
    for _ in range(limit):
        page.keyboard.press("Tab")
        if page.evaluate(f"() => {{ const el = document.activeElement; return !!el && ({predicate}); }}"):
            return
    raise AssertionError(f"Tab never reached an element where {predicate}")


def _type_into(page, field_id: str, text: str) -> None:
    _tab_to(page, f"el.id === '{field_id}'")
    page.keyboard.press("Control+A")
    page.keyboard.type(text)


def _tick(page, label: str) -> None:
    _tab_to(page, f"el.type === 'checkbox' && el.labels[0] && el.labels[0].innerText.includes('{label}')")
    page.keyboard.press("Space")


def _choose(page, name: str, value: str) -> None:
    """Into a radio group by Tab, then the arrows to the option (which checks it)."""
    _tab_to(page, f"el.name === '{name}'")
    for _ in range(10):
        if page.evaluate("document.activeElement.value") == value:
            page.keyboard.press("Space")
            return
        page.keyboard.press("ArrowDown")
    raise AssertionError(f"no option {value} in {name}")


def _press_button(page, label: str) -> None:
    _tab_to(page, f"el.tagName === 'BUTTON' && el.innerText.trim() === '{label}'")
    with page.expect_navigation():
        page.keyboard.press("Enter")


def test_trademark_wizard_with_the_keyboard_alone(browser, demo_site):
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    page = context.new_page()
    log_in(page, demo_site, "htx@demo.ocop.vn")
    _press_button(page, "Đăng ký nhãn hiệu")
    page.wait_for_url("**/steps/applicant")
    _press_button(page, "Tiếp tục")
    page.wait_for_url("**/steps/products")
    _tick(page, "Khóm Cầu Đúc Hậu Giang")
    _press_button(page, "Tiếp tục")
    page.wait_for_url("**/steps/mark")

    # Continue with nothing chosen: the error summary takes the keyboard and links to the field.
    _press_button(page, "Tiếp tục")
    assert page.evaluate("document.activeElement.id") == "error-summary"
    summary = page.locator("#error-summary")
    expect(summary).to_contain_text("Vui lòng chọn một mục.")
    assert summary.locator("a[href='#mark_form-0']").count() == 1

    _choose(page, "mark_form", "word")
    _type_into(page, "wording", "KHÓM BÀN PHÍM")
    _choose(page, "colour_mode", "colour")
    _type_into(page, "colours", "vàng")
    _type_into(page, "description", "Chữ KHÓM BÀN PHÍM in hoa.")
    _press_button(page, "Tiếp tục")
    page.wait_for_url("**/steps/goods")
    _tick(page, "Khóm (dứa) tươi")
    expect(page.locator("#fee-total")).not_to_have_text("—")  # the live total, announced politely
    assert page.locator("#fee-total").evaluate("el => el.closest('[aria-live]').getAttribute('aria-live')") == "polite"
    _press_button(page, "Tiếp tục")
    page.wait_for_url("**/steps/priority")
    _press_button(page, "Tiếp tục")
    page.wait_for_url("**/steps/review")
    _type_into(page, "signatory_title", "Giám đốc")
    _press_button(page, "Lưu và kiểm tra")
    expect(page.get_by_text("Đã điền đủ các thông tin cần thiết", exact=False)).to_be_visible()
    _press_button(page, "Gửi để xem xét")
    expect(page.locator("#case-status")).to_have_text("Đã gửi, chờ xem xét")
    context.close()
