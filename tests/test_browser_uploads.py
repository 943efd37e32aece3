"""A file over its field's limit is refused in the browser as soon as it is chosen, with the
field's message, so saving the step keeps what was typed (sent, a request over the server's
limit is refused whole)."""
from __future__ import annotations

import pytest
from playwright.sync_api import expect

from tests.browser import log_in, press

pytestmark = pytest.mark.browser


def test_a_too_large_logo_is_refused_before_sending_and_the_typed_wording_is_saved(browser, demo_site, tmp_path):
    too_large = tmp_path / "logo.png"
    too_large.write_bytes(b"\x89PNG" + b"\x00" * (21 * 1024 * 1024))  # over the 20 MB request limit too
    page = browser.new_context(viewport={"width": 1280, "height": 900}).new_page()
    log_in(page, demo_site, "htx@demo.ocop.vn")
    page.get_by_role("button", name="Đăng ký nhãn hiệu", exact=True).click()
    page.wait_for_url("**/steps/applicant")
    page.goto(page.url.replace("/applicant", "/mark"))
    expect(page.locator("#mark_image")).to_have_attribute("data-max-bytes", "5242880")
    page.fill("#wording", "KHÓM LỚN")
    page.set_input_files("#mark_image", str(too_large))
    expect(page.get_by_text("Tệp này lớn hơn 5 MB")).to_be_visible()
    press(page, "Lưu nháp")
    expect(page.get_by_text("Đã lưu nháp")).to_be_visible()
    page.goto(page.url.split("/steps/")[0] + "/steps/mark")
    expect(page.locator("#wording")).to_have_value("KHÓM LỚN")
