"""Notifications (issue 17): case transitions reach the producer in the app and, by its choice, by
e-mail through the outbox; `flask send-notifications` delivers it to a real local SMTP server,
retries with a growing delay up to a limit, and never sends one e-mail twice, even from two threads
at once on PostgreSQL."""
from __future__ import annotations

import threading
from datetime import date, timedelta

import pytest
import sqlalchemy as sa
from aiosmtpd.controller import Controller

from app import clock
from app.models import Case, CaseStatus, Notification, NotificationKind, OutboxEmail, Role
from app.notifications.delivery import deliver_outbox
from tests.conftest import text_of
from tests.servers import SmtpInbox as Inbox
from tests.servers import free_port

TODAY = date(2026, 11, 25)


def smtp_server(app, inbox: Inbox):
    port = free_port()
    app.config.update(MAIL_SERVER="127.0.0.1", MAIL_PORT=port, MAIL_USE_TLS=False, MAIL_FROM="thongbao@ocop.test")
    return Controller(inbox, hostname="127.0.0.1", port=port)


@pytest.fixture
def submitted(app, db, freeze_today, login_as, make_organization, make_case):
    """A submitted case of a cooperative with two producer accounts (one reading English), and a
    consultant; the mail server is configured but down until a test starts it."""
    freeze_today(TODAY)
    organization = make_organization(name="Hợp tác xã Khóm Cầu Đúc")
    organization.verified = True  # DOST approves only a verified organization
    db.session.commit()
    case = make_case(organization, title="KHÓM CẦU ĐÚC")
    case.status = CaseStatus.SUBMITTED
    db.session.commit()
    consultant_client, consultant = login_as(Role.CONSULTANT)
    producer_client, producer = login_as(Role.PRODUCER, organization=organization)
    _, english = login_as(Role.PRODUCER, organization=organization, locale="en")
    app.config.update(MAIL_SERVER="127.0.0.1", MAIL_PORT=free_port(), MAIL_USE_TLS=False)
    return case.id, consultant_client, producer_client, producer, english


def _transition(client, case_id, name, note=""):
    return client.post(f"/cases/{case_id}/transition", data={"name": name, "note": note})


def test_asking_for_changes_notifies_every_producer_account_without_sending_in_the_request(submitted, db):
    case_id, consultant, producer_client, producer, english = submitted
    # the mail server is down: the request must not care (nothing is sent in it)
    assert _transition(consultant, case_id, "request_changes", "Bổ sung mẫu nhãn rõ hơn").status_code == 302
    notes = db.session.scalars(sa.select(Notification).where(Notification.case_id == case_id)).all()
    assert {n.user_id for n in notes} == {producer.id, english.id}  # not the consultant
    assert {n.kind for n in notes} == {NotificationKind.CHANGES_REQUESTED}
    vietnamese = next(n for n in notes if n.user_id == producer.id)
    assert vietnamese.message.startswith("Sở KH&CN đề nghị bạn sửa đơn KHÓM CẦU ĐÚC") and "Bổ sung mẫu nhãn" in vietnamese.message
    assert next(n for n in notes if n.user_id == english.id).message.startswith("DOST asks you to change")
    emails = db.session.scalars(sa.select(OutboxEmail)).all()
    assert {e.user_id for e in emails} == {producer.id, english.id} and all(e.sent_at is None for e in emails)
    # the producer sees it in the navbar and on the notifications page
    page = text_of(producer_client.get("/"))
    assert "Thông báo 1" in page


def test_the_producer_reads_and_marks_its_notifications_and_cannot_touch_anothers(submitted, db, login_as):
    case_id, consultant, producer_client, producer, english = submitted
    _transition(consultant, case_id, "approve")
    mine = db.session.scalar(sa.select(Notification).where(Notification.user_id == producer.id))
    theirs = db.session.scalar(sa.select(Notification).where(Notification.user_id == english.id))
    page = text_of(producer_client.get("/notifications/"))
    assert "đã duyệt đơn KHÓM CẦU ĐÚC" in page and "Chưa đọc" in page
    assert producer_client.post(f"/notifications/{theirs.id}/read").status_code == 404
    assert producer_client.post("/notifications/999999/read").status_code == 404
    assert producer_client.post(f"/notifications/{mine.id}/read").status_code == 302
    db.session.expire_all()
    assert db.session.get(Notification, mine.id).read_at is not None
    assert db.session.get(Notification, theirs.id).read_at is None
    assert "Chưa đọc" not in text_of(producer_client.get("/notifications/"))
    other_client, _ = login_as(Role.PRODUCER)
    assert "KHÓM CẦU ĐÚC" not in text_of(other_client.get("/notifications/"))


def test_each_user_chooses_which_emails_it_wants(submitted, db):
    case_id, consultant, producer_client, producer, english = submitted
    page = producer_client.get("/notifications/preferences")
    assert page.status_code == 200
    html = page.get_data(as_text=True)
    assert html.count('type="checkbox"') == 7 and html.count("checked") == 7  # every kind, ticked by default
    wanted = {k.value: "y" for k in NotificationKind if k not in (NotificationKind.APPROVED,
                                                                 NotificationKind.CONTRIBUTION_REMINDER)}
    assert producer_client.post("/notifications/preferences", data=wanted).status_code == 302
    assert "Đã lưu lựa chọn" in text_of(producer_client.get("/notifications/preferences"))
    _transition(consultant, case_id, "approve")
    emails = db.session.scalars(sa.select(OutboxEmail)).all()
    assert [e.user_id for e in emails] == [english.id]  # the other account did not untick it
    # still told in the app
    assert db.session.scalar(sa.select(Notification).where(Notification.user_id == producer.id)).kind == \
        NotificationKind.APPROVED


def test_preferences_refuse_a_post_without_csrf_token(app, submitted, db):
    _, _, producer_client, _, _ = submitted
    app.config["WTF_CSRF_ENABLED"] = True
    response = producer_client.post("/notifications/preferences", data={})
    assert response.status_code == 400
    assert db.session.scalar(sa.select(sa.func.count()).select_from(sa.table("email_opt_outs"))) == 0


def test_the_outbox_reaches_a_real_smtp_server_once_in_vietnamese_with_the_link(submitted, db, app, runner):
    case_id, consultant, _, producer, english = submitted
    _transition(consultant, case_id, "request_changes", "Sửa nhóm 30")
    inbox = Inbox()
    server = smtp_server(app, inbox)
    server.start()
    try:
        first = runner.invoke(args=["send-notifications"])
        again = runner.invoke(args=["send-notifications"])
    finally:
        server.stop()
    assert first.exit_code == 0 and "2 e-mail(s) sent" in first.output
    assert again.exit_code == 0 and "0 e-mail(s) sent" in again.output
    by_address = {m["To"]: m for m in inbox.messages}
    assert len(inbox.messages) == 2 and set(by_address) == {producer.email, english.email}
    vi = by_address[producer.email]
    assert vi["Subject"] == "Sở KH&CN yêu cầu sửa đơn: KHÓM CẦU ĐÚC" and vi["From"] == "thongbao@ocop.test"
    assert "Sửa nhóm 30" in vi.get_content() and f"https://shtt.example.gov.vn/cases/{case_id}" in vi.get_content()
    assert by_address[english.email]["Subject"] == "DOST asks for changes: KHÓM CẦU ĐÚC"


def test_a_failed_email_is_retried_later_with_a_growing_delay_then_given_up(submitted, db, app, runner, monkeypatch):
    case_id, consultant, _, producer, english = submitted
    app.config.update(EMAIL_MAX_ATTEMPTS=3, EMAIL_RETRY_MINUTES=10)
    _transition(consultant, case_id, "approve")
    start = clock.now()
    outage = runner.invoke(args=["send-notifications"])  # the server is down
    assert outage.exit_code != 0 and "wait for the next run" in outage.output
    db.session.expire_all()
    emails = db.session.scalars(sa.select(OutboxEmail).order_by(OutboxEmail.id)).all()
    assert emails[0].attempts == 1 and emails[0].sent_at is None and emails[0].last_error
    assert timedelta(minutes=9) < emails[0].next_attempt_at - start < timedelta(minutes=11)
    assert emails[1].attempts == 0  # the run stopped at the unreachable server: not counted against it
    # not due yet: the first is not tried again at once
    assert "0 e-mail(s) sent, 1 waiting" in runner.invoke(args=["send-notifications"]).output
    db.session.expire_all()
    assert db.session.get(OutboxEmail, emails[0].id).attempts == 1

    def later(minutes):
        moment = start + timedelta(minutes=minutes)
        monkeypatch.setattr(clock, "now", lambda: moment)

    later(11)  # second attempt of the first: 20 minutes to wait next
    runner.invoke(args=["send-notifications"])
    db.session.expire_all()
    first = db.session.get(OutboxEmail, emails[0].id)
    assert first.attempts == 2 and first.next_attempt_at - (start + timedelta(minutes=11)) == timedelta(minutes=20)
    later(40)
    runner.invoke(args=["send-notifications"])
    db.session.expire_all()
    assert db.session.get(OutboxEmail, emails[0].id).failed_at is not None  # third attempt: given up
    inbox = Inbox()
    server = smtp_server(app, inbox)
    server.start()
    try:
        later(600)
        back = runner.invoke(args=["send-notifications"])
    finally:
        server.stop()
    assert back.exit_code == 0
    assert [m["To"] for m in inbox.messages] == [db.session.get(OutboxEmail, e.id).user.email for e in emails[1:]]


def test_every_producer_transition_of_the_table_notifies_with_its_kind(submitted, db):
    """The table in app/cases/workflow.py: a consultant's event that concerns the producer tells it."""
    from app.cases import workflow
    from app.models import User

    case_id, _, _, producer, _ = submitted
    case = db.session.get(Case, case_id)
    consultant = db.session.scalar(sa.select(User).where(User.role == Role.CONSULTANT))
    steps = [("approve", {}), ("file", {"details": {"application_number": "4-2026-01234"}}),
             ("formality_notice", {}), ("answer_formality", {})]
    for name, extra in steps:
        workflow.transition(case, name, consultant, event_date=TODAY, **extra)
    db.session.commit()
    kinds = db.session.scalars(sa.select(Notification.kind).where(Notification.user_id == producer.id)
                               .order_by(Notification.id)).all()
    # answering a notice is the producer's own doing with DOST: nothing to tell
    assert kinds == [NotificationKind.APPROVED, NotificationKind.FILED, NotificationKind.OFFICE_NOTICE]


def test_contribution_reminders_go_through_the_outbox_once(app, db, runner, make_user, freeze_today, login_as):
    """Issue 20's reminders: DOST's "Remind" only queues the e-mails; the delivery sends each once."""
    from app.contributions import services as contributions
    from app.models import Agency

    freeze_today(date(2026, 12, 2))
    dost, dost_user = login_as(Role.CONSULTANT)
    market = db.session.scalar(sa.select(Agency).where(Agency.code == "market"))
    contributor = make_user(Role.CONTRIBUTOR, agency_id=market.id)
    collection = contributions.open_round(2026, date(2026, 11, 30), dost_user)
    db.session.commit()
    assert dost.post(f"/contributions/rounds/{collection.id}/remind").status_code == 302
    queued = db.session.scalars(sa.select(OutboxEmail).where(OutboxEmail.user_id == contributor.id)).all()
    assert len(queued) == 1 and queued[0].sent_at is None and queued[0].kind == NotificationKind.CONTRIBUTION_REMINDER
    inbox = Inbox()
    server = smtp_server(app, inbox)
    server.start()
    try:
        runner.invoke(args=["send-reminders", "--today", "2026-12-02"])  # also records the "late" one
        runner.invoke(args=["send-notifications"])
        runner.invoke(args=["send-reminders", "--today", "2026-12-02"])
    finally:
        server.stop()
    mine = [m for m in inbox.messages if m["To"] == contributor.email]
    assert len(mine) == 2  # DOST's reminder of the day and the automatic "late" one, each once
    assert all("30/11/2026" in m.get_content() and "https://shtt.example.gov.vn/contributions/" in m.get_content()
               for m in mine)


@pytest.mark.postgres
def test_two_deliveries_at_once_on_postgresql_send_each_email_once(postgres_url, tmp_path):
    from flask_migrate import downgrade, upgrade

    from app import create_app
    from app.auth.services import create_user
    from app.extensions import db as pg_db
    from config import TestConfig

    app = create_app(TestConfig, SQLALCHEMY_DATABASE_URI=postgres_url, UPLOAD_DIR=str(tmp_path))
    with app.app_context():
        downgrade(revision="base")
        upgrade()
        users = [create_user(email=f"nguoi{n}@example.vn", full_name=f"Người {n}", password="Mot-mat-khau-dai-9",
                             role=Role.CONSULTANT) for n in range(4)]
        pg_db.session.flush()
        for n in range(24):
            pg_db.session.add(OutboxEmail(user_id=users[n % 4].id, kind=NotificationKind.DEADLINE_REMINDER,
                                          event_key=f"test:{n}", subject=f"Thư {n}", body="Nội dung",
                                          next_attempt_at=clock.now()))
        pg_db.session.commit()
    inbox = Inbox(delay=0.02)
    server = smtp_server(app, inbox)
    server.start()
    results, barrier = [], threading.Barrier(2)

    def deliver():
        with app.app_context():
            barrier.wait()
            results.append(deliver_outbox())
            pg_db.session.remove()

    try:
        threads = [threading.Thread(target=deliver) for _ in range(2)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join(timeout=60)
    finally:
        server.stop()
    subjects = sorted(m["Subject"] for m in inbox.messages)
    assert subjects == sorted(f"Thư {n}" for n in range(24))  # every e-mail, none twice
    assert sum(r.sent for r in results) == 24 and all(r.sent for r in results)  # both threads did send
    with app.app_context():
        assert pg_db.session.scalar(sa.select(sa.func.count()).select_from(OutboxEmail)
                                    .where(OutboxEmail.sent_at.is_(None))) == 0
        pg_db.session.remove()
        downgrade(revision="base")
        pg_db.engine.dispose()


def test_a_producer_who_unticks_deadline_reminders_gets_them_in_the_app_only(submitted, db, runner):
    from app.cases import workflow
    from app.models import Reminder, User

    case_id, _, producer_client, producer, english = submitted
    wanted = {k.value: "y" for k in NotificationKind if k != NotificationKind.DEADLINE_REMINDER}
    assert producer_client.post("/notifications/preferences", data=wanted).status_code == 302
    case = db.session.get(Case, case_id)
    consultant = db.session.scalar(sa.select(User).where(User.role == Role.CONSULTANT))
    for name, extra in (("approve", {}), ("file", {"details": {"application_number": "4-2026-04321"}}),
                        ("formality_notice", {})):
        workflow.transition(case, name, consultant, event_date=date(2026, 11, 2), **extra)
    db.session.commit()
    runner.invoke(args=["send-reminders", "--today", "2026-12-05"])  # the answer is due within 30 days
    reminders = db.session.scalars(sa.select(Reminder)).all()
    assert {(r.user_id, r.channel) for r in reminders if r.user_id in (producer.id, english.id)} == {
        (producer.id, "app"), (english.id, "app"), (english.id, "email")}
