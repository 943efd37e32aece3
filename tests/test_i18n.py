"""Vietnamese first: default locale, switching, complete catalogue, date and money formats."""
from __future__ import annotations

from datetime import date, datetime, timezone

import pytest
from babel.messages.pofile import read_po

from app.cli import TRANSLATIONS_DIR, extract
from app.i18n import format_date_vn, format_datetime_vn, format_long_date_vn, format_vnd
from app.models import Role
from tests.conftest import text_of


def test_login_page_is_vietnamese_by_default_even_for_english_browsers(client):
    response = client.get("/auth/login", headers={"Accept-Language": "en-US,en;q=0.9"})
    text = text_of(response)
    assert "Đăng nhập" in text
    assert 'lang="vi"' in response.get_data(as_text=True)


def test_visitor_language_choice_is_kept_in_the_session(client):
    response = client.post("/language/en", data={"next": "/auth/login"})
    assert response.status_code == 302
    assert response.headers["Location"] == "/auth/login"
    assert "Log in" in text_of(client.get("/auth/login"))
    client.post("/language/vi", data={"next": "/auth/login"})
    assert "Đăng nhập" in text_of(client.get("/auth/login"))


def test_user_language_choice_is_saved_on_the_account(app, login_as, db):
    client, user = login_as(Role.CONSULTANT)
    client.post("/language/en", data={"next": "/"})
    from app.models import User

    assert db.session.get(User, user.id).locale == "en"
    # A new device (new session) gets the saved language after logging in.
    from tests.conftest import login

    other_device = login(app.test_client(), user.email)
    assert "DOST workspace" in text_of(other_device.get("/"))


def test_unknown_language_is_404_and_foreign_next_is_ignored(client):
    assert client.post("/language/fr").status_code == 404
    response = client.post("/language/en", data={"next": "//evil.example"})
    assert response.headers["Location"] == "/"


def test_error_pages_are_vietnamese(login_as):
    client, _ = login_as(Role.PRODUCER)
    forbidden = client.get("/admin/users")
    assert forbidden.status_code == 403
    assert "Không có quyền truy cập" in text_of(forbidden)
    missing = client.get("/no-such-page")
    assert missing.status_code == 404
    assert "Không tìm thấy trang" in text_of(missing)


def _vi_catalog():
    with open(TRANSLATIONS_DIR / "vi" / "LC_MESSAGES" / "messages.po", "rb") as handle:
        return read_po(handle)


def test_vietnamese_catalogue_has_no_untranslated_or_fuzzy_entry():
    catalog = _vi_catalog()
    assert not catalog.fuzzy, "the catalogue header is marked fuzzy"
    problems = [m.id for m in catalog if m.id and (m.fuzzy or not m.string or (isinstance(m.string, tuple) and not all(m.string)))]
    assert problems == []


def test_every_marked_string_in_the_source_is_in_the_vietnamese_catalogue(tmp_path):
    """Catches a new UI string that nobody ran `flask translate update` for."""
    pot = tmp_path / "messages.pot"
    extract(pot)
    with open(pot, "rb") as handle:
        source_ids = {m.id for m in read_po(handle) if m.id}
    catalog_ids = {m.id for m in _vi_catalog() if m.id}
    assert sorted(source_ids - catalog_ids, key=str) == []


def test_no_source_folder_is_hidden_from_extraction():
    """pybabel skips folders whose names start with '_' or '.': their strings would never be translated."""
    from config import BASE_DIR

    hidden = [
        str(path.relative_to(BASE_DIR))
        for root in ("app", "templates")
        for path in (BASE_DIR / root).rglob("*")
        if path.is_dir() and path.name.startswith(("_", ".")) and path.name != "__pycache__"
    ]
    assert hidden == []


def test_placeholders_survive_translation():
    import re

    pattern = re.compile(r"%\((\w+)\)[sd]")
    for message in _vi_catalog():
        if message.id and isinstance(message.id, str) and message.string:  # untranslated: the test above
            assert set(pattern.findall(message.id)) == set(pattern.findall(message.string)), message.id


@pytest.mark.parametrize(
    "value,expected",
    [(date(2026, 3, 5), "05/03/2026"), (None, ""),
     # 20:30 UTC on 31 Dec is already New Year's Day in Vietnam (UTC+7).
     (datetime(2025, 12, 31, 20, 30, tzinfo=timezone.utc), "01/01/2026")],
)
def test_dates_are_dd_mm_yyyy_in_vietnam_time(value, expected):
    assert format_date_vn(value) == expected


def test_datetime_and_long_date():
    moment = datetime(2026, 4, 1, 2, 15, tzinfo=timezone.utc)
    assert format_datetime_vn(moment) == "01/04/2026 09:15"
    assert format_long_date_vn(date(2026, 12, 15)) == "ngày 15 tháng 12 năm 2026"


@pytest.mark.parametrize("amount,locale,expected", [(1_000_000, "vi", "1.000.000\xa0₫"), (730_000, "en", "₫730,000"), (0, "vi", "0\xa0₫")])
def test_vnd_amounts(amount, locale, expected):
    assert format_vnd(amount, locale) == expected


def test_wtforms_builtin_messages_are_translated(client):
    """WTForms ships no Vietnamese: its own messages go through our catalogue."""
    response = client.post("/auth/register", data={"kind": "pirate"})
    assert "Lựa chọn không hợp lệ." in text_of(response)
    assert "Not a valid choice" not in text_of(response)


def test_catalogues_have_no_obsolete_entries():
    """Obsolete (#~) entries can duplicate live ones, which gettext's msgfmt rejects."""
    for po in TRANSLATIONS_DIR.glob("*/LC_MESSAGES/messages.po"):
        assert "\n#~ " not in po.read_text(encoding="utf-8"), po
