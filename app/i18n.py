"""Locale selection and the date/money formats the app shows.

Locale precedence: the logged-in user's saved choice, then the visitor's choice in
the session, then Vietnamese. The browser's Accept-Language is deliberately not
used: the app is Vietnamese first, and office PCs often run English browsers.
"""
from __future__ import annotations

import re
from datetime import date, datetime
from decimal import Decimal

from babel.numbers import format_currency, format_decimal
from flask import current_app, has_request_context, request, session
from flask_babel import ngettext
from flask_login import current_user
from markupsafe import Markup, escape

from app.clock import VIETNAM_TZ

LOCAL_TZ = VIETNAM_TZ  # dates and times are shown in Vietnam's time
SESSION_LOCALE_KEY = "locale"


def supported_locales() -> tuple[str, ...]:
    return tuple(current_app.config["LANGUAGES"])


def get_locale() -> str:
    """The locale for this request (used by Flask-Babel); Vietnamese outside requests (CLI, jobs)."""
    if not has_request_context():
        return current_app.config["BABEL_DEFAULT_LOCALE"]
    supported = supported_locales()
    if current_user and current_user.is_authenticated and current_user.locale in supported:
        return current_user.locale
    chosen = session.get(SESSION_LOCALE_KEY)
    if chosen in supported:
        return chosen
    return current_app.config["BABEL_DEFAULT_LOCALE"]


def to_local(moment: datetime) -> datetime:
    """A stored UTC time as Vietnam's wall-clock time."""
    return moment.astimezone(LOCAL_TZ)


def format_date_vn(value: date | datetime | None) -> str:
    """dd/mm/yyyy, the way Vietnamese forms write dates (in every UI language)."""
    if value is None:
        return ""
    if isinstance(value, datetime):
        value = to_local(value)
    return value.strftime("%d/%m/%Y")


def format_datetime_vn(value: datetime | None) -> str:
    """dd/mm/yyyy HH:MM in Vietnam's time zone."""
    if value is None:
        return ""
    return to_local(value).strftime("%d/%m/%Y %H:%M")


def format_long_date_vn(value: date | datetime | None) -> str:
    """'ngày 05 tháng 3 năm 2026', as written above a signature on official papers."""
    if value is None:
        return ""
    if isinstance(value, datetime):
        value = to_local(value)
    return f"ngày {value.day:02d} tháng {value.month} năm {value.year}"


def _display_locale(locale: str | None) -> str:
    if locale:
        return locale
    return get_locale() if has_request_context() else "vi"


def format_vnd(amount: int | Decimal | None, locale: str | None = None) -> str:
    """An amount in đồng, e.g. '1.000.000 ₫' (vi) or '₫1,000,000' (en); the request's locale by default."""
    if amount is None:
        return ""
    return format_currency(amount, "VND", locale=_display_locale(locale))


def count_months(n: int) -> str:
    """'1 month', '2 months' ('1 tháng', '2 tháng'): real plurals, never "month(s)"."""
    return ngettext("%(num)d month", "%(num)d months", n)


def count_days(n: int) -> str:
    return ngettext("%(num)d day", "%(num)d days", n)


def format_measure(value: float | Decimal | None, locale: str | None = None) -> str:
    """A measure with one decimal and the locale's decimal sign: '80,0' (vi), '80.0' (en)."""
    if value is None:
        return ""
    return format_decimal(value, format="#,##0.0", locale=_display_locale(locale))


def format_number(value: int | Decimal | None, locale: str | None = None) -> str:
    """A number with the locale's grouping, e.g. '10.000'."""
    if value is None:
        return ""
    return format_decimal(value, locale=_display_locale(locale))


#: abbreviations spelt out on their first use on a page (issue 16), by the page's language
ABBREVIATIONS = {
    "vi": {"SHTT": "sở hữu trí tuệ", "SHCN": "sở hữu công nghiệp", "KH&CN": "khoa học và công nghệ",
           "CDĐL": "chỉ dẫn địa lý"},
    "en": {"IP": "intellectual property", "DOST": "Department of Science and Technology",
           "GI": "geographical indication"},
}


def expand_abbreviations(text) -> Markup:
    """The text, escaped, with the first use on this page of each abbreviation in an <abbr> that
    spells it out (screen readers and a pointer show it); later uses on the page stay short."""
    html = str(escape(text))
    # per request (one page), not per app context, which a test or a command may share across requests
    expanded = request.environ.setdefault("ocop.abbreviations_expanded", set()) if has_request_context() else set()
    for short, full in ABBREVIATIONS.get(get_locale(), {}).items():
        if short in expanded:
            continue
        shown = str(escape(short))
        pattern = re.compile(rf"(?<![\w&;]){re.escape(shown)}(?![\w&])")
        html, found = pattern.subn(f'<abbr title="{escape(full)}">{shown}</abbr>', html, count=1)
        if found:
            expanded.add(short)
    return Markup(html)
