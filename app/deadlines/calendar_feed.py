"""The deadline calendar (iCalendar, RFC 5545) that consultants subscribe to from their phones."""
from __future__ import annotations

from datetime import timedelta

from icalendar import Alarm, Calendar, Event

from app.models import Deadline, utcnow
from app.public_urls import public_host, public_url

#: when the phone rings, relative to the start (00:00) of the all-day event: 09:00 a week before and
#: 09:00 the day before, so there is time to act and a last call
ALARMS = (-timedelta(days=7) + timedelta(hours=9), -timedelta(days=1) + timedelta(hours=9))


def build(deadlines: list[Deadline]) -> bytes:
    """One all-day event per open deadline, linked to its case page (at the public address) with alarms."""
    calendar = Calendar()
    calendar.add("prodid", "-//OCOP IP assistant//deadlines//VI")
    calendar.add("version", "2.0")
    calendar.add("x-wr-calname", "Thời hạn SHTT OCOP")
    stamp = utcnow()
    host = public_host()
    for deadline in deadlines:
        case = deadline.case
        link = public_url("cases.detail", case_id=case.id)
        event = Event()
        event.add("uid", f"deadline-{deadline.id}@{host}")
        event.add("dtstamp", stamp)
        event.add("dtstart", deadline.due_date)
        event.add("dtend", deadline.due_date + timedelta(days=1))
        number = case.application_number or f"OCOP-{case.id:06d}"
        summary = f"{deadline.rule.title_vi} — {number} {case.title}".strip()
        event.add("summary", summary)
        event.add("url", link)
        # the link again in the text: several phone calendars show the description but not the URL
        event.add("description", f"{case.organization.name}. {deadline.rule.legal_basis}\n{link}")
        for trigger in ALARMS:
            alarm = Alarm()
            alarm.add("action", "DISPLAY")
            alarm.add("description", summary)
            alarm.add("trigger", trigger)
            event.add_component(alarm)
        calendar.add_component(event)
    return calendar.to_ical()
