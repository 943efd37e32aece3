"""Case tracking after filing through the web: events, deadlines list, calendar feed, reminders, notes."""
from __future__ import annotations

from datetime import date, timedelta
from email import message_from_bytes, policy

import pytest
import sqlalchemy as sa
from aiosmtpd.controller import Controller
from icalendar import Calendar

from app import clock
from app.cases import workflow
from app.models import Case, CaseStatus, Notification, NotificationKind, OutboxEmail, Reminder, Role
from tests.conftest import login, text_of
from tests.servers import free_port

TODAY = date(2026, 11, 25)
#: deadline reminders, apart from what the case's events told the producer (tests/test_notifications.py)
REMINDER = Notification.kind == NotificationKind.DEADLINE_REMINDER


@pytest.fixture
def tracked(app, db, freeze_today, login_as, make_organization, make_case, make_user):
    freeze_today(TODAY)
    organization = make_organization(name="Hợp tác xã Khóm Cầu Đúc")
    case = make_case(organization, title="KHÓM CẦU ĐÚC")
    case.status = CaseStatus.APPROVED
    db.session.commit()
    consultant_client, consultant = login_as(Role.CONSULTANT)
    producer_client, producer = login_as(Role.PRODUCER, organization=organization)
    stored = db.session.get(Case, case.id)
    stored.consultant_id = consultant.id
    db.session.commit()
    return case.id, consultant_client, consultant, producer_client, producer


def _event(client, case_id, version, **data):
    return client.post(f"/cases/{case_id}/events", data={"version": str(version), "event_note": "", **data})


def _filed_with_notice(client, case_id, number):
    """File on 01/10/2026, formality notice on 02/11/2026: the answer is due on 04/01/2027."""
    assert _event(client, case_id, 1, name="file", event_date="01/10/2026", application_number=number,
                  filing_channel="online").status_code == 302
    assert _event(client, case_id, 2, name="formality_notice", event_date="02/11/2026").status_code == 302


def test_consultant_records_filing_and_a_formality_notice(tracked, db):
    case_id, consultant, _, producer, _ = tracked
    response = _event(consultant, case_id, 1, name="file", event_date="01/10/2026",
                      application_number="4-2026-12345", filing_channel="online")
    assert response.status_code == 302
    case = db.session.get(Case, case_id)
    assert case.status == CaseStatus.FILED and case.application_number == "4-2026-12345"
    assert _event(consultant, case_id, case.version, name="formality_notice", event_date="02/11/2026").status_code == 302
    page = text_of(producer.get(f"/cases/{case_id}"))
    # 2 months from 02/11/2026 is Saturday 02/01/2027: due on Monday 04/01/2027.
    assert "Trả lời thông báo thiếu sót hình thức" in page and "04/01/2027" in page
    assert "Nhận thông báo thiếu sót hình thức" in page


def test_bad_event_input_is_refused_with_messages(tracked, db):
    case_id, consultant, *_ = tracked
    bad = _event(consultant, case_id, 1, name="file", event_date="01/01/2027",
                 application_number="4-26-1", filing_channel="online")
    assert bad.status_code == 422
    text = text_of(bad)
    assert "Ngày này ở tương lai" in text or "tương lai" in text
    assert db.session.get(Case, case_id).status == CaseStatus.APPROVED


def test_stale_form_gets_a_conflict(tracked, db):
    case_id, consultant, *_ = tracked
    _event(consultant, case_id, 1, name="file", event_date="01/10/2026", application_number="4-2026-12346",
           filing_channel="online")
    stale = _event(consultant, case_id, 1, name="formality_notice", event_date="02/11/2026")
    assert stale.status_code == 409
    assert db.session.get(Case, case_id).status == CaseStatus.FILED


@pytest.mark.parametrize("role,status", [(Role.PRODUCER, 403), (Role.OFFICE, 403), (Role.ADMIN, 403)])
def test_only_consultants_record_events(login_as, make_organization, make_case, role, status):
    case = make_case(make_organization())
    client, _ = login_as(role)
    assert client.post(f"/cases/{case.id}/events", data={"name": "file"}).status_code == status


def test_deadline_list_calendar_feed_and_token(tracked, db, app):
    case_id, consultant, consultant_user, producer, producer_user = tracked
    _filed_with_notice(consultant, case_id, "4-2026-22222")
    page = consultant.get("/deadlines/")
    assert page.status_code == 200
    link = text_of(page).split("/deadlines.ics?token=")[1].split()[0]
    feed = app.test_client().get(f"/deadlines.ics?token={link}")
    assert feed.status_code == 200 and feed.mimetype == "text/calendar"
    events = [c for c in Calendar.from_ical(feed.data).walk("VEVENT")]
    summaries = {str(e["summary"]) for e in events}
    assert any("Trả lời thông báo thiếu sót hình thức" in s and "4-2026-22222" in s for s in summaries)
    assert app.test_client().get("/deadlines.ics?token=wrong").status_code == 404
    consultant.post("/deadlines/calendar-token")
    assert app.test_client().get(f"/deadlines.ics?token={link}").status_code == 404  # the old link is revoked
    # The producer's list shows only what it must do, not the office's expected dates.
    producer_text = text_of(producer.get("/deadlines/"))
    assert "Trả lời thông báo thiếu sót hình thức" in producer_text
    assert "Cục SHTT thẩm định hình thức đơn" not in producer_text


def test_reminders_are_sent_once(tracked, db, app):
    case_id, consultant, consultant_user, producer, producer_user = tracked
    _filed_with_notice(consultant, case_id, "4-2026-33333")
    runner = app.test_cli_runner()
    # The answer is due on 02/01/2027… the 30-day reminder is due from 03/12/2026.
    first = runner.invoke(args=["send-reminders", "--today", "2026-12-05"])
    assert "reminder(s) recorded" in first.output
    count = db.session.scalar(sa.select(sa.func.count()).select_from(Reminder))
    assert count > 0
    second = runner.invoke(args=["send-reminders", "--today", "2026-12-05"])
    assert second.output.startswith("0 reminder(s)")
    assert db.session.scalar(sa.select(sa.func.count()).select_from(Reminder)) == count
    notes = db.session.scalars(sa.select(Notification).where(Notification.user_id == producer_user.id, REMINDER)).all()
    assert notes and "Trả lời thông báo thiếu sót hình thức" in notes[0].message


def test_internal_notes_are_never_shown_to_producers(tracked, db):
    case_id, consultant, _, producer, _ = tracked
    assert consultant.post(f"/cases/{case_id}/notes", data={"note_body": "Chủ thể hay trả lời chậm."}).status_code == 302
    assert "Chủ thể hay trả lời chậm." in consultant.get(f"/cases/{case_id}").get_data(as_text=True)
    assert "Chủ thể hay trả lời chậm." not in producer.get(f"/cases/{case_id}").get_data(as_text=True)
    assert producer.post(f"/cases/{case_id}/notes", data={"note_body": "x"}).status_code == 403


def test_assignment_is_in_the_history(tracked, db, make_user):
    case_id, consultant, *_ = tracked
    other = make_user(Role.CONSULTANT, full_name="Trần Thị Tư Vấn")
    assert consultant.post(f"/cases/{case_id}/assign", data={"consultant_id": str(other.id)}).status_code == 302
    case = db.session.get(Case, case_id)
    assert case.consultant_id == other.id
    assert [e.transition for e in case.events][-1] == "assign"


def test_case_search_ignores_accents_and_scopes_producers(login_as, make_organization, make_case, db):
    mine = make_organization(name="Hợp tác xã Khóm Cầu Đúc")
    other = make_organization(name="Hộ kinh doanh Mắm Út Hiền")
    make_case(mine, title="KHÓM CẦU ĐÚC")
    make_case(other, title="ÚT HIỀN")
    consultant, _ = login_as(Role.CONSULTANT)
    text = text_of(consultant.get("/cases/?q=khom+cau+duc"))
    assert "KHÓM CẦU ĐÚC" in text and "ÚT HIỀN" not in text
    assert "ÚT HIỀN" in text_of(consultant.get("/cases/?kind=trademark"))
    producer, _ = login_as(Role.PRODUCER, organization=mine)
    mine_only = text_of(producer.get("/cases/"))
    assert "KHÓM CẦU ĐÚC" in mine_only and "ÚT HIỀN" not in mine_only


@pytest.mark.parametrize("role,status", [(Role.PRODUCER, 403), (Role.OFFICE, 403), (Role.CONSULTANT, 302), (Role.ADMIN, 302)])
def test_who_may_assign(login_as, make_organization, make_case, role, status):
    case = make_case(make_organization())
    client, _ = login_as(role)
    assert client.post(f"/cases/{case.id}/assign", data={"consultant_id": ""}).status_code == status


def test_extending_a_deadline_through_the_web(tracked, db, login_as):
    case_id, consultant, _, producer, _ = tracked
    _filed_with_notice(consultant, case_id, "4-2026-44444")
    case = db.session.get(Case, case_id)
    answer = next(d for d in case.deadlines if d.rule.code == "formality_answer")
    assert producer.post(f"/cases/{case_id}/deadlines/{answer.id}/extend").status_code == 403
    assert consultant.post(f"/cases/{case_id}/deadlines/{answer.id}/extend").status_code == 302
    db.session.expire_all()
    extended = db.session.get(type(answer), answer.id)
    assert extended.extensions == 1 and extended.due_date == date(2027, 3, 2)  # 02/01 + 2 months = 02/03/2027
    assert consultant.post(f"/cases/{case_id}/deadlines/{answer.id}/extend").status_code == 303  # once only
    assert [e.transition for e in db.session.get(Case, case_id).events][-1] == "extend"


def test_correcting_an_event_date_through_the_web(tracked, db):
    case_id, consultant, _, producer, _ = tracked
    _filed_with_notice(consultant, case_id, "4-2026-55555")
    case = db.session.get(Case, case_id)
    notice = next(e for e in case.events if e.transition == "formality_notice")
    assert producer.post(f"/cases/{case_id}/events/{notice.id}/correct", data={"event_date": "05/11/2026"}).status_code == 403
    assert consultant.post(f"/cases/{case_id}/events/{notice.id}/correct", data={"event_date": "05/11/2026"}).status_code == 302
    db.session.expire_all()
    answer = next(d for d in db.session.get(Case, case_id).deadlines if d.rule.code == "formality_answer")
    assert answer.due_date == date(2027, 1, 5)
    assert consultant.post(f"/cases/{case_id}/events/{notice.id}/correct", data={"event_date": "01/01/2030"}).status_code == 422


def test_office_events_cannot_be_fired_as_plain_buttons(tracked, db):
    """Filing needs its number and date: posted to the review buttons' form, it is refused and
    nothing is recorded."""
    case_id, consultant, *_ = tracked
    before = len(db.session.get(Case, case_id).events)
    response = consultant.post(f"/cases/{case_id}/transition", data={"name": "file", "note": ""})
    assert response.status_code == 409
    db.session.expire_all()
    case = db.session.get(Case, case_id)
    assert case.status == CaseStatus.APPROVED and case.application_number is None
    assert len(case.events) == before


def test_only_office_event_dates_can_be_corrected(tracked, db):
    """Review steps (create, approve…) have no office date to correct: 404, history unchanged."""
    case_id, consultant, *_ = tracked
    _filed_with_notice(consultant, case_id, "4-2026-66666")
    case = db.session.get(Case, case_id)
    created = next(e for e in case.events if e.transition == "create")
    filed = next(e for e in case.events if e.transition == "file")
    assert consultant.post(f"/cases/{case_id}/events/{created.id}/correct",
                           data={"event_date": "02/10/2026"}).status_code == 404
    assert consultant.post(f"/cases/{case_id}/events/{filed.id}/correct",
                           data={"event_date": "02/10/2026"}).status_code == 302
    db.session.expire_all()
    case = db.session.get(Case, case_id)
    assert case.filing_date == date(2026, 10, 2)  # the filing event's date column follows the correction
    assert next(e for e in case.events if e.transition == "file").details["corrected_from"] == "2026-10-01"


def test_history_labels_events_that_keep_the_status(tracked, db, make_user):
    """Assignment and extension are in the history beside the status, with what they were."""
    case_id, consultant, *_ = tracked
    other = make_user(Role.CONSULTANT, full_name="Trần Thị Tư Vấn")
    assert consultant.post(f"/cases/{case_id}/assign", data={"consultant_id": str(other.id)}).status_code == 302
    page = text_of(consultant.get(f"/cases/{case_id}"))
    assert "Sẵn sàng nộp đơn (phân công chuyên viên)" in page and "Trần Thị Tư Vấn" in page
    assignment = db.session.get(Case, case_id).events[-1]
    assert assignment.transition == "assign" and assignment.event_date is None


@pytest.mark.parametrize("name", [t.name for t in workflow.TRANSITIONS if t.fields])
def test_no_office_event_can_be_fired_as_a_plain_button(tracked, db, name):
    """Every event of the IP office needs its own form (dates, numbers): /transition refuses each one,
    from a status where the event form would accept it, and records nothing."""
    case_id, consultant, *_ = tracked
    case = db.session.get(Case, case_id)
    case.status = next(iter(workflow.BY_NAME[name].sources))
    case.expiry_date = date(2036, 5, 20)  # so that a renewal would apply
    db.session.commit()
    before, status = len(case.events), case.status
    response = consultant.post(f"/cases/{case_id}/transition", data={"name": name, "note": "Lý do"})
    assert response.status_code == 409
    db.session.expire_all()
    case = db.session.get(Case, case_id)
    assert case.status == status and len(case.events) == before


def test_reminders_for_a_case_nobody_is_in_charge_of_go_to_every_consultant(tracked, db, app, make_user):
    case_id, consultant, consultant_user, _, producer_user = tracked
    _filed_with_notice(consultant, case_id, "4-2026-44444")
    other = make_user(Role.CONSULTANT, full_name="Lê Văn Trực")
    away = make_user(Role.CONSULTANT)
    away.active = False
    case = db.session.get(Case, case_id)
    case.consultant_id = None
    db.session.commit()
    app.test_cli_runner().invoke(args=["send-reminders", "--today", "2026-12-05"])
    told = set(db.session.scalars(sa.select(Notification.user_id).where(Notification.case_id == case_id, REMINDER)))
    assert told == {consultant_user.id, other.id, producer_user.id}


class _Inbox:
    """An aiosmtpd handler keeping what the mail server received."""

    def __init__(self):
        self.messages = []

    async def handle_DATA(self, server, session, envelope):
        self.messages.append(envelope)
        return "250 Message accepted"


def test_reminder_emails_survive_a_mail_server_outage_and_are_sent_once(tracked, db, app):
    """A real local SMTP server: down during the first run (nothing lost), up for the second (each
    e-mail arrives once), and a third run sends nothing again."""
    case_id, consultant, consultant_user, _, producer_user = tracked
    _filed_with_notice(consultant, case_id, "4-2026-55555")
    port = free_port()
    app.config.update(MAIL_SERVER="127.0.0.1", MAIL_PORT=port, MAIL_USE_TLS=False, MAIL_FROM="nhac@ocop.test")
    runner = app.test_cli_runner()

    outage = runner.invoke(args=["send-reminders", "--today", "2026-12-05"])
    assert outage.exit_code != 0 and "wait for the next run" in outage.output
    db.session.expire_all()
    emails = db.session.scalars(sa.select(Reminder).where(Reminder.channel == "email")).all()
    assert {r.user_id for r in emails} == {consultant_user.id, producer_user.id}
    assert all(r.sent_at is None for r in emails)  # recorded, waiting
    told = set(db.session.scalars(sa.select(Notification.user_id).where(Notification.case_id == case_id, REMINDER)))
    assert told == {consultant_user.id, producer_user.id}  # the in-app reminders went out regardless

    # the same run also sends what is due in the notification outbox (the producer's e-mails about the
    # filing and the notice; one the outage refused waits for its retry): counted with the reminders
    outbox_waiting = db.session.scalar(sa.select(sa.func.count()).select_from(OutboxEmail).where(
        OutboxEmail.sent_at.is_(None), OutboxEmail.next_attempt_at <= clock.now()))
    inbox = _Inbox()
    server = Controller(inbox, hostname="127.0.0.1", port=port)
    server.start()
    try:
        back = runner.invoke(args=["send-reminders", "--today", "2026-12-05"])
        assert back.exit_code == 0 and f"{len(emails) + outbox_waiting} e-mail(s) sent" in back.output
        again = runner.invoke(args=["send-reminders", "--today", "2026-12-06"])
        assert again.exit_code == 0 and "0 e-mail(s) sent" in again.output
    finally:
        server.stop()
    # exactly one message per recorded e-mail reminder, none twice (the producer's e-mails about the
    # filing and the notice, from the notification outbox, are tested in tests/test_notifications.py)
    parsed = [message_from_bytes(m.content, policy=policy.default) for m in inbox.messages]
    reminders = [(m, p) for m, p in zip(inbox.messages, parsed) if p["Subject"] == "Nhắc việc về thời hạn"]
    assert sorted(m.rcpt_tos[0] for m, _ in reminders) == sorted(r.user.email for r in emails)
    bodies = [p.get_content() for _, p in reminders]
    # the link goes to the case at the public address (there is no request, so no Host to trust)
    assert all("4-2026-55555" in body and f"https://shtt.example.gov.vn/cases/{case_id}" in body for body in bodies) and {m.mail_from for m in inbox.messages} == {"nhac@ocop.test"}
    db.session.expire_all()
    assert all(r.sent_at is not None for r in db.session.scalars(sa.select(Reminder)))
    assert db.session.scalar(sa.select(sa.func.count()).select_from(Notification).where(REMINDER)) == len(emails)  # not duplicated


def test_calendar_feed_links_each_event_to_its_case_with_alarms_at_the_public_address(tracked, db, app):
    case_id, consultant, consultant_user, *_ = tracked
    _filed_with_notice(consultant, case_id, "4-2026-66666")
    forged = app.test_client()
    forged.environ_base["HTTP_HOST"] = "evil.example"  # every request of this client names that host
    login(forged, consultant_user.email)
    page = text_of(forged.get("/deadlines/"))
    assert "https://shtt.example.gov.vn/deadlines.ics?token=" in page and "evil.example" not in page
    token = page.split("/deadlines.ics?token=")[1].split()[0]
    feed = app.test_client().get(f"/deadlines.ics?token={token}", headers={"Host": "evil.example"})
    assert b"evil.example" not in feed.data
    events = list(Calendar.from_ical(feed.data).walk("VEVENT"))
    assert events
    for event in events:
        assert str(event["url"]) == f"https://shtt.example.gov.vn/cases/{case_id}"
        assert str(event["uid"]).endswith("@shtt.example.gov.vn")
        assert f"https://shtt.example.gov.vn/cases/{case_id}" in str(event["description"])
        alarms = event.walk("VALARM")
        assert [str(a["action"]) for a in alarms] == ["DISPLAY", "DISPLAY"]
        # 09:00 a week before and 09:00 the day before the all-day deadline
        assert [a["trigger"].dt for a in alarms] == [timedelta(days=-7, hours=9), timedelta(days=-1, hours=9)]
        assert all(str(a["description"]) == str(event["summary"]) for a in alarms)
