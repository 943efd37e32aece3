"""Playwright helpers for the browser tests (the browser itself, Debian's /usr/bin/chromium, and the demo
site are conftest fixtures): logging in and out of the demo site, pressing a form's button."""
from __future__ import annotations

from app.demo import DEMO_PASSWORD


def submit_login(page, site: str, email: str, password: str = DEMO_PASSWORD) -> None:
    """Fill in and send the login form, by its Vietnamese labels; wait for nothing."""
    page.goto(f"{site}/auth/login")
    page.get_by_label("Email").fill(email)
    page.get_by_label("Mật khẩu").fill(password)
    page.get_by_role("button", name="Đăng nhập").click()


#: below this width the navigation is behind the "Menu" <details> (templates/base.html: d-lg-none)
BOOTSTRAP_LG_PX = 992


def open_phone_menu(page) -> None:
    """Open the phone menu (a <details>: no script involved) and wait until it is open."""
    page.locator("#mainnav > summary").click()
    page.wait_for_selector("#mainnav[open]")


def log_in(page, site: str, email: str) -> None:
    """Log a demo account in and wait for its home page."""
    submit_login(page, site, email)
    page.wait_for_url(f"{site}/")


def log_out(page, site: str) -> None:
    """Log out from any page, opening the collapsed phone menu first if there is one."""
    # The menu is folded below Bootstrap's lg breakpoint. Decided by the viewport, not by the
    # summary's visibility, which can be read before the stylesheet has applied.
    if page.viewport_size["width"] < BOOTSTRAP_LG_PX:
        open_phone_menu(page)
    page.get_by_role("button", name="Đăng xuất").click()
    page.wait_for_url(f"{site}/auth/login")


def press(page, label: str) -> None:
    """Click the button with exactly this label and wait for the page it loads."""
    page.get_by_role("button", name=label, exact=True).click()
    page.wait_for_load_state("load")
