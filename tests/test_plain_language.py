"""Plain Vietnamese: no English on the Vietnamese pages, no Vietnamese in the English interface.

Every page each demo role reaches by links from its home page is read as the user sees it (the
text of the page, without scripts); in Vietnamese no common English word may appear; in English the
interface's own words (labels, column heads, buttons, navigation) carry no Vietnamese letters.
Names and data (organizations, products, legal titles of Vietnamese texts) are Vietnamese in both
languages, so the English check reads only column heads, group legends and buttons (an element
holding Vietnamese data says so with lang="vi"), and no web template may hold Vietnamese text of
its own outside the catalogue (PDF templates are Vietnamese documents by design).
"""
from __future__ import annotations

import html
import re
import shutil
from pathlib import Path
from urllib.parse import urljoin, urlsplit

import pytest

from app import create_app
from app.demo import DEMO_PASSWORD
from app.extensions import db as _db
from app.models import Role
from config import TestConfig
from tests.conftest import IsolatedClient, login

ROLES = ["admin@demo.ocop.vn", "tuvan@demo.ocop.vn", "vanphong@demo.ocop.vn", "htx@demo.ocop.vn",
         "qltt@demo.ocop.vn"]
PAGES_PER_ROLE = 45
HREF_RE = re.compile(r'href="(/[^"#]*)"')
#: files, PDFs, exports, feeds, and links that only repeat a page in another order or page
SKIPPED = re.compile(r"^/(static/|bootstrap/|auth/logout|favicon|manifest)|\.(pdf|xlsx|csv|ics|png|jpg)$|/files/"
                     r"|/api/|[?&](sort|page|lang)=")
ENGLISH_WORDS = re.compile(r"\b(the|and|of the|UNCONFIRMED|month\(s\)|day\(s\)|Choose File|No file chosen"
                           r"|Please|Save|Submit|Back|Next|Cancel|Edit|Delete|required)\b")
VIETNAMESE_LETTERS = re.compile(r"[ăâđêôơưàáảãạằắẳẵặầấẩẫậèéẻẽẹềếểễệìíỉĩịòóỏõọồốổỗộờớởỡợùúủũụừứửữựỳýỷỹỵ]",
                                re.IGNORECASE)
#: interface elements that hold no data in the English interface
UI_ELEMENTS = re.compile(r"<(th|legend|button)\b([^>]*)>(.*?)</\1>", re.DOTALL)
#: the language switch names the other language in that language, on purpose
LANGUAGE_SWITCH = "Tiếng Việt"


@pytest.fixture(scope="module")
def demo_app(tmp_path_factory, migrated_database):
    folder = tmp_path_factory.mktemp("plain")
    shutil.copyfile(migrated_database, folder / "db.sqlite3")
    app = create_app(TestConfig, SQLALCHEMY_DATABASE_URI=f"sqlite:///{folder / 'db.sqlite3'}",
                     UPLOAD_DIR=str(folder / "uploads"))
    app.test_client_class = IsolatedClient
    with app.app_context():
        assert "Demo data loaded." in app.test_cli_runner().invoke(args=["seed-demo"]).output
        yield app
        _db.session.remove()
        _db.engine.dispose()


def client_as(app, email: str, lang: str):
    """A demo account's client in a language (the choice is saved on the account)."""
    client = login(app.test_client(), email, DEMO_PASSWORD)
    client.post(f"/language/{lang}", data={"next": "/"})
    return client


def visible_text(page: str) -> str:
    page = re.sub(r"<(script|style)\b.*?</\1>", " ", page, flags=re.DOTALL)
    return html.unescape(re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", page)))


def crawl(client, limit: int = PAGES_PER_ROLE) -> dict[str, str]:
    """The HTML pages reached by links from the home page, breadth first."""
    pages, queue = {}, ["/"]
    while queue and len(pages) < limit:
        url = queue.pop(0)
        if url in pages:
            continue
        response = client.get(url)
        if response.status_code != 200 or response.mimetype != "text/html":
            pages[url] = ""
            continue
        pages[url] = response.get_data(as_text=True)
        for link in HREF_RE.findall(pages[url]):
            target = urlsplit(urljoin(url, html.unescape(link)))
            path = target.path + (f"?{target.query}" if target.query else "")
            if not SKIPPED.search(path) and path not in pages:
                queue.append(path)
    return pages


@pytest.mark.parametrize("email", ROLES)
def test_no_english_on_vietnamese_pages(demo_app, email):
    client = client_as(demo_app, email, "vi")
    found = {url: sorted(set(ENGLISH_WORDS.findall(visible_text(page)))) for url, page in crawl(client).items()}
    assert {url: words for url, words in found.items() if words} == {}


@pytest.mark.parametrize("email", ROLES)
def test_no_vietnamese_in_the_english_interface(demo_app, email):
    client = client_as(demo_app, email, "en")
    found = {}
    for url, page in crawl(client).items():
        chrome = " ".join(visible_text(text) for _tag, attributes, text in UI_ELEMENTS.findall(page)
                          if 'lang="vi"' not in attributes).replace(LANGUAGE_SWITCH, "")
        words = sorted({word for word in chrome.split() if VIETNAMESE_LETTERS.search(word)})
        if words:
            found[url] = words
    assert found == {}


TEMPLATES = Path(__file__).resolve().parent.parent / "templates"
JINJA = re.compile(r"\{\{.*?\}\}|\{%.*?%\}|\{#.*?#\}", re.DOTALL)


def test_web_templates_hold_no_untranslated_vietnamese():
    """Vietnamese words typed into a template would show in the English interface too."""
    found = []
    for path in TEMPLATES.rglob("*.html"):
        if "pdf" in path.relative_to(TEMPLATES).parts:
            continue
        for number, line in enumerate(JINJA.sub(" ", path.read_text(encoding="utf-8")).splitlines(), 1):
            if VIETNAMESE_LETTERS.search(line) and 'lang="vi"' not in line:
                found.append(f"{path.relative_to(TEMPLATES)}:{number}: {line.strip()}")
    assert found == []


@pytest.mark.parametrize("email, staff", [("htx@demo.ocop.vn", False), ("tuvan@demo.ocop.vn", True)])
def test_the_fee_schedule_speaks_plainly_to_producers(demo_app, email, staff):
    client = client_as(demo_app, email, "vi")
    text = visible_text(client.get("/reference/fees").get_data(as_text=True))
    assert ("Chưa xác nhận" in text) is staff and ("Thông tư 263/2016/TT-BTC" in text) is staff
    assert ("Số tiền có dấu *" in text) is not staff
    assert "UNCONFIRMED" not in text and "domain notes" not in text


def test_the_wizard_explains_nice_classes_and_paris_priority_in_plain_words(login_as, make_organization,
                                                                           reference_data):
    from tests.wizard_helpers import start_trademark

    client, _producer = login_as(Role.PRODUCER, organization=make_organization())
    case_id = start_trademark(client)
    goods = visible_text(client.get(f"/cases/{case_id}/steps/goods").get_data(as_text=True))
    assert "nhóm Nice, tức là nhóm hàng hóa, dịch vụ theo bảng phân loại quốc tế" in goods
    priority = visible_text(client.get(f"/cases/{case_id}/steps/priority").get_data(as_text=True))
    assert "Quyền ưu tiên theo Công ước Paris (điều ước quốc tế mà Việt Nam là thành viên)" in priority
    client.post("/language/en", data={"next": "/"})
    english = client.get(f"/cases/{case_id}/steps/priority").get_data(as_text=True)
    labels = " ".join(visible_text(label) for label in re.findall(r"<label\b[^>]*>(.*?)</label>", english, re.DOTALL))
    assert "An industrial property agent" in labels and not VIETNAMESE_LETTERS.search(labels)
