"""Benchmark: page weight and first paint on an emulated slow 3G line (issue 16).

Run with `make bench`. Prints figures; asserts nothing (speed goals are not tests).
Targets: the login page and the trademark wizard's first step each <= 150 KB transferred on a first
visit (empty browser cache), and the login page's first contentful paint <= 3 s on slow 3G
(400 kbit/s down and up, 400 ms latency, emulated in Debian's Chromium through the DevTools
protocol). A repeat visit should fetch only the HTML: static files are cached under hashed URLs.
The app is the demo site (`flask seed-demo` on a fresh SQLite file) on Werkzeug's server.
"""
from __future__ import annotations

import logging
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

import sqlalchemy as sa  # noqa: E402
from flask_migrate import upgrade  # noqa: E402
from playwright.sync_api import sync_playwright  # noqa: E402

from app import create_app  # noqa: E402
from app.extensions import db  # noqa: E402
from app.models import Case, CaseKind, CaseStatus, User  # noqa: E402
from config import TestConfig  # noqa: E402
from tests.browser import log_in  # noqa: E402
from tests.conftest import CHROMIUM, CHROMIUM_ARGS  # noqa: E402
from tests.servers import live_server  # noqa: E402

PRODUCER = "htx@demo.ocop.vn"
MAX_BYTES = 150 * 1024
MAX_LOGIN_PAINT_S = 3.0
SLOW_3G = dict(offline=False, latency=400, downloadThroughput=400_000 / 8, uploadThroughput=400_000 / 8)


def demo_app(folder: Path):
    app = create_app(TestConfig, SQLALCHEMY_DATABASE_URI=f"sqlite:///{folder / 'bench.sqlite3'}",
                     UPLOAD_DIR=str(folder / "uploads"), WTF_CSRF_ENABLED=True)
    with app.app_context():
        upgrade()
        app.test_cli_runner().invoke(args=["seed-demo"])
    return app


def first_step_path(app) -> str:
    """The first wizard step of one of the demo cooperative's trademark drafts."""
    with app.app_context():
        producer = db.session.scalar(sa.select(User).where(User.email == PRODUCER))
        case_id = db.session.scalar(sa.select(Case.id).where(
            Case.organization_id == producer.organization_id, Case.kind == CaseKind.TRADEMARK,
            Case.status == CaseStatus.DRAFT).order_by(Case.id))
    return f"/cases/{case_id}/steps/applicant"


def visit(page, session, url: str) -> tuple[int, float]:
    """Load a page on the emulated line; return the bytes it transferred and its first contentful paint."""
    transferred = []
    listener = lambda event: transferred.append(event["encodedDataLength"])  # noqa: E731
    session.on("Network.loadingFinished", listener)
    page.goto(url, wait_until="load")
    paint = page.evaluate("""() => new Promise(resolve => {
        const entry = () => performance.getEntriesByName('first-contentful-paint')[0];
        if (entry()) return resolve(entry().startTime);
        new PerformanceObserver(() => resolve(entry().startTime)).observe({type: 'paint', buffered: true});
    })""")
    page.wait_for_timeout(200)  # let the last loadingFinished events arrive
    session.remove_listener("Network.loadingFinished", listener)
    return sum(transferred), paint / 1000


def slow_page(context):
    page = context.new_page()
    session = context.new_cdp_session(page)
    session.send("Network.enable")
    session.send("Network.emulateNetworkConditions", SLOW_3G)
    return page, session


def report(name: str, first: tuple[int, float], repeat: tuple[int, float], paint_target: float | None) -> None:
    size, paint = first
    verdict = "ok" if size <= MAX_BYTES else "OVER"
    print(f"{name}: first visit {size / 1024:.1f} KB ({verdict}, target {MAX_BYTES // 1024} KB), "
          f"first paint {paint:.2f} s" + (f" (target {paint_target:.0f} s: "
                                          f"{'ok' if paint <= paint_target else 'OVER'})" if paint_target else ""))
    print(f"{name}: repeat visit {repeat[0] / 1024:.1f} KB, first paint {repeat[1]:.2f} s")


def main() -> None:
    logging.disable(logging.WARNING)
    with tempfile.TemporaryDirectory() as folder:
        app = demo_app(Path(folder))
        wizard_path = first_step_path(app)
        with live_server(app) as site, sync_playwright() as playwright:
            browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS, headless=True)
            # logged in once on a fast line, so the wizard's first visit starts with an empty cache
            setup = browser.new_context()
            log_in(setup.new_page(), site, PRODUCER)
            cookies = setup.storage_state()
            setup.close()
            for name, path, state, target in (("login page", "/auth/login", None, MAX_LOGIN_PAINT_S),
                                              ("wizard first step", wizard_path, cookies, None)):
                context = browser.new_context(storage_state=state)
                page, session = slow_page(context)
                first = visit(page, session, site + path)
                repeat = visit(page, session, site + path)
                report(name, first, repeat, target)
                context.close()
            browser.close()


if __name__ == "__main__":
    main()
