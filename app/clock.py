"""The one clock: the current moment, and today's date in Vietnam.

Deadlines, the fees and form versions in force, the dossier's date line and the reports all ask
"what day is it?"; they must agree, and the answer is Vietnam's calendar day whatever time zone
the server runs in. Call ``clock.today()`` / ``clock.now()`` through the module (never import the
functions themselves), so that tests can freeze the day in one place (the ``frozen_today``
fixture in tests/conftest.py).
"""
from __future__ import annotations

from datetime import date, datetime, timezone
from zoneinfo import ZoneInfo

#: Vietnam's time zone (UTC+7, no daylight saving): the legal calendar of every date in the app
VIETNAM_TZ = ZoneInfo("Asia/Ho_Chi_Minh")


def now() -> datetime:
    """The current moment, timezone-aware, in UTC (stored timestamps are UTC)."""
    return datetime.now(timezone.utc)


def today() -> date:
    """Today's date in Vietnam."""
    return now().astimezone(VIETNAM_TZ).date()
