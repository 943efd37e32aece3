"""Issue 17 in a real browser, on a phone (360 px) and a desktop: the consultant approves a
submitted case, the producer finds the filing instructions, reports the filing for DOST to confirm,
and the approval e-mail reaches a real local SMTP server once the outbox is delivered; the to-do
lists show each kind of item of the demo."""
from __future__ import annotations

import pytest
from aiosmtpd.controller import Controller

from app import clock
from app.notifications.delivery import deliver_outbox
from tests.browser import log_in, log_out
from tests.conftest import serve_demo
from tests.servers import SmtpInbox, free_port

pytestmark = pytest.mark.browser


@pytest.fixture(scope="module")
def mail_site(tmp_path_factory):
    """The demo site with a real mail server listening."""
    inbox, port = SmtpInbox(), free_port()
    server = Controller(inbox, hostname="127.0.0.1", port=port)
    server.start()
    try:
        with serve_demo(tmp_path_factory.mktemp("site"), MAIL_SERVER="127.0.0.1", MAIL_PORT=port,
                        MAIL_USE_TLS=False) as (app, url):
            yield app, url, inbox
    finally:
        server.stop()


def _kinds(page) -> set[str]:
    return set(page.locator("[data-todo-kind]").evaluate_all("items => items.map(i => i.dataset.todoKind)"))


def _fits(page) -> bool:
    """Nothing wider than the screen (no sideways scrolling on a phone)."""
    return page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")


def test_approval_filing_guide_email_and_to_do_lists(browser, mail_site):
    app, site, inbox = mail_site
    desktop = browser.new_context(viewport={"width": 1280, "height": 900})
    page = desktop.new_page()
    log_in(page, site, "tuvan@demo.ocop.vn")
    assert {"review", "to_file", "deadline", "referral", "verify"} <= _kinds(page)
    page.goto(f"{site}/cases/?q=mut+khom")
    page.get_by_role("link", name="MỨT KHÓM CẦU ĐÚC").click()
    case_url = page.url
    page.get_by_role("button", name="Duyệt: sẵn sàng nộp đơn").click()
    page.wait_for_load_state("load")
    assert page.locator("#filing-guide").is_visible()  # DOST sees the same instructions
    log_out(page, site)

    with app.app_context():
        delivered = deliver_outbox()
    assert delivered.sent >= 1
    approval = [m for m in inbox.messages if m["Subject"] == "Đã duyệt, sẵn sàng nộp: MỨT KHÓM CẦU ĐÚC"]
    assert [m["To"] for m in approval] == ["htx@demo.ocop.vn"]
    assert f"https://shtt.example.gov.vn/cases/{case_url.rsplit('/', 1)[1]}" in approval[0].get_content()

    phone = browser.new_context(viewport={"width": 360, "height": 740})
    page = phone.new_page()
    log_in(page, site, "htx@demo.ocop.vn")
    assert {"changes_requested", "deadline", "missing"} <= _kinds(page)
    assert page.locator("#todo").is_visible() and _fits(page)
    assert int(page.locator("#mainnav summary .badge").text_content()) >= 1  # told of the approval in the app
    page.goto(case_url)
    guide = page.locator("#filing-guide")
    assert guide.is_visible() and _fits(page)
    page.get_by_label("Chủ thể tự nộp trực tuyến trên cổng dịch vụ công của Cục SHTT").check()
    page.get_by_role("button", name="Xem hướng dẫn cho cách này").click()
    page.wait_for_load_state("load")
    assert "https://dvctt.ipvietnam.gov.vn" in page.locator("#filing-guide").inner_text()
    today = clock.today()
    page.get_by_label("Số đơn").fill(f"4-{today.year}-07777")
    page.get_by_label("Ngày nộp đơn").fill(today.strftime("%d/%m/%Y"))
    page.get_by_role("button", name="Gửi Sở KH&CN").click()
    page.wait_for_load_state("load")
    assert f"Đã báo: đơn số 4-{today.year}-07777" in page.locator("#filing-reported").inner_text()
    page.goto(f"{site}/")
    page.get_by_role("link", name="Sửa theo góp ý").first.click()
    page.wait_for_load_state("load")
    assert "/steps/" in page.url  # lands in the wizard of the case DOST sent back
    phone.close()

    page = desktop.new_page()
    log_in(page, site, "tuvan@demo.ocop.vn")
    page.goto(case_url)
    page.get_by_role("button", name="Xác nhận việc nộp đơn theo thông tin đã báo").click()
    page.wait_for_load_state("load")
    assert page.locator("#case-status").inner_text() == "Đã nộp đơn tại Cục SHTT"
    desktop.close()
