"""The deadline calendar (iCalendar, RFC 5545) that consultants subscribe to from their phones."""
from __future__ import annotations

from datetime import timedelta

from icalendar import Calendar, Event

from app.models import Deadline, utcnow


def build(deadlines: list[Deadline], host: str) -> bytes:
    """One all-day event per open deadline."""
    calendar = Calendar()
    calendar.add("prodid", "-//OCOP IP assistant//deadlines//VI")
    calendar.add("version", "2.0")
    calendar.add("x-wr-calname", "Thời hạn SHTT OCOP")
    stamp = utcnow()
    for deadline in deadlines:
        case = deadline.case
        event = Event()
        event.add("uid", f"deadline-{deadline.id}@{host}")
        event.add("dtstamp", stamp)
        event.add("dtstart", deadline.due_date)
        event.add("dtend", deadline.due_date + timedelta(days=1))
        number = case.application_number or f"OCOP-{case.id:06d}"
        event.add("summary", f"{deadline.rule.title_vi} — {number} {case.title}".strip())
        event.add("description", f"{case.organization.name}. {deadline.rule.legal_basis}")
        calendar.add_component(event)
    return calendar.to_ical()
