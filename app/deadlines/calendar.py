"""Counting legal time limits (Civil Code 2015, Art. 147-148; domain notes §3.6).

A period starts the day after its trigger. A period in months ends on the corresponding
day of the last month, or that month's last day if it has no such day (31 Jan + 1 month
-> 28/29 Feb). A period ending on a weekend day or public holiday ends on the next
working day. Holidays are data (Tết moves every year), passed in by the caller.
"""
from __future__ import annotations

import calendar
from datetime import date, timedelta
from typing import Collection


def add_months(day: date, months: int) -> date:
    """The corresponding day `months` later (or earlier), clamped to the month's last day."""
    month_index = day.month - 1 + months
    year, month = day.year + month_index // 12, month_index % 12 + 1
    return date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


def period_end(trigger: date, months: int = 0, days: int = 0, before: bool = False) -> date:
    """The calendar end of a period of `months` and `days` from `trigger` (backwards if `before`)."""
    sign = -1 if before else 1
    return add_months(trigger, sign * months) + timedelta(days=sign * days)


def is_working_day(day: date, holidays: Collection[date]) -> bool:
    return day.weekday() < 5 and day not in holidays


def next_working_day(day: date, holidays: Collection[date]) -> date:
    """`day` itself if it is a working day, else the next one."""
    while not is_working_day(day, holidays):
        day += timedelta(days=1)
    return day
