"""Admin editors for legal time limits: deadline rules, public holidays, validity periods.

Every edit is audited; a new period or a holiday added or removed recounts the open deadlines.
"""
from __future__ import annotations

from datetime import date

import pytest
import sqlalchemy as sa

from app.cases import lifecycle
from app.models import CaseStatus, Deadline, DeadlineRule, DeadlineState, Holiday, Role, ValidityPeriod
from tests.conftest import text_of
from tests.page_helpers import audit_entries, errors_next_to

P, C, O, A = Role.PRODUCER, Role.CONSULTANT, Role.OFFICE, Role.ADMIN
TODAY = date(2026, 11, 25)


@pytest.fixture
def rules(db):
    """Ids of seeded rows (migration 0003 loads the deadline rules and validity periods)."""
    answer = db.session.scalar(sa.select(DeadlineRule).where(DeadlineRule.code == "formality_answer"))
    period = db.session.scalar(sa.select(ValidityPeriod).where(ValidityPeriod.code == "ocop_certificate"))
    holiday = db.session.scalar(sa.select(Holiday).where(Holiday.day == date(2026, 9, 2)))  # seeded by 0009
    assert holiday.name == "Quốc khánh"
    return {"rule": answer.id, "period": period.id, "holiday": holiday.id,
            "holiday_count": db.session.scalar(sa.select(sa.func.count()).select_from(Holiday))}


@pytest.fixture
def open_answer(db, freeze_today, make_organization, make_case, make_user):
    """A case with an open formality answer deadline: notice on 31 Aug 2026 -> Sat 31 Oct -> Mon 2 Nov 2026."""
    freeze_today(TODAY)
    consultant = make_user(C)
    case = make_case(make_organization())
    case.status = CaseStatus.APPROVED
    db.session.commit()
    lifecycle.record_event(case, "file", consultant, {"event_date": date(2026, 7, 1),
                                                      "application_number": "4-2026-07777",
                                                      "filing_channel": "online"})
    lifecycle.record_event(case, "formality_notice", consultant, {"event_date": date(2026, 8, 31)})
    db.session.commit()
    deadline = next(d for d in case.deadlines if d.rule.code == "formality_answer")
    assert (deadline.state, deadline.nominal_due, deadline.due_date) == (
        DeadlineState.OPEN, date(2026, 10, 31), date(2026, 11, 2))
    return deadline.id


def _rule_data(rule: DeadlineRule, **changes) -> dict:
    """The rule form as a browser would post it, with some fields changed."""
    data = {
        "title_vi": rule.title_vi, "title_en": rule.title_en, "months": str(rule.months), "days": str(rule.days),
        "extendable_times": str(rule.extendable_times), "extension_months": str(rule.extension_months),
        "legal_basis": rule.legal_basis, "filed_from": rule.filed_from.strftime("%d/%m/%Y") if rule.filed_from else "",
        "filed_to": rule.filed_to.strftime("%d/%m/%Y") if rule.filed_to else "", "note": rule.note or "",
    }
    if rule.confirmed:
        data["confirmed"] = "y"
    if rule.active:
        data["active"] = "y"
    data.update(changes)
    return {k: v for k, v in data.items() if v is not None}


def _deadline(db, deadline_id: int) -> Deadline:
    db.session.expire_all()
    return db.session.get(Deadline, deadline_id)


def _english(client, page="/"):
    client.post("/language/en", data={"next": page})
    return client


# Access ------------------------------------------------------------------------------

PAGES = [
    "/reference/admin/rules",
    "/reference/admin/rules/{rule}",
    "/reference/admin/holidays",
    "/reference/admin/holidays?year=2027",
    "/reference/admin/periods",
    "/reference/admin/periods/{period}",
]


@pytest.mark.parametrize("role", [P, C, O, A], ids=lambda r: r.value)
def test_only_admins_see_the_pages(login_as, rules, role):
    client, _ = login_as(role)
    for url in PAGES:
        assert client.get(url.format(**rules)).status_code == (200 if role == A else 403), url


@pytest.mark.parametrize("role", [P, C, O], ids=lambda r: r.value)
def test_non_admins_cannot_change_anything(login_as, rules, db, role):
    client, _ = login_as(role)
    rule = db.session.get(DeadlineRule, rules["rule"])
    posts = [
        (f"/reference/admin/rules/{rule.id}", _rule_data(rule, months="5")),
        ("/reference/admin/holidays", {"day": "31/12/2026", "name": "Giả"}),
        (f"/reference/admin/holidays/{rules['holiday']}/delete", {}),
        (f"/reference/admin/periods/{rules['period']}", {"months": "12", "legal_basis": "X"}),
    ]
    for url, data in posts:
        assert client.post(url, data=data).status_code == 403, url
    db.session.expire_all()
    assert db.session.get(DeadlineRule, rules["rule"]).months == 2
    assert db.session.get(Holiday, rules["holiday"]) is not None
    assert db.session.get(ValidityPeriod, rules["period"]).months == 36
    assert db.session.scalar(sa.select(Holiday).where(Holiday.day == date(2026, 12, 31))) is None
    for entity in ("deadline_rules", "holidays", "validity_periods"):
        assert audit_entries(entity) == []


def test_unknown_rows_are_404(login_as, rules):
    admin, _ = login_as(A)
    for url in ("/reference/admin/rules/9999", "/reference/admin/periods/9999"):
        assert admin.get(url).status_code == 404, url
    assert admin.post("/reference/admin/holidays/9999/delete").status_code == 404


def test_index_and_nav_link_the_new_lists(login_as, rules):
    admin, _ = login_as(A)
    page = admin.get("/reference/admin/").get_data(as_text=True)
    for url in ("/reference/admin/rules", "/reference/admin/holidays", "/reference/admin/periods"):
        assert f'href="{url}"' in page


# Deadline rules ----------------------------------------------------------------------


def test_rules_list_shows_periods_bases_regimes_and_badges(login_as, rules):
    admin = _english(login_as(A)[0])
    response = admin.get("/reference/admin/rules")
    page = response.get_data(as_text=True)
    text = text_of(response)
    answer = page[page.index(f'id="rule-{rules["rule"]}"'):]
    answer = answer[:answer.index("</tr>")]
    assert "Answer the formality notice" in answer and "2 months after the event" in answer
    assert "1 × 2 months" in answer and "Thông tư 16/2016/TT-BKHCN" in answer
    assert "UNCONFIRMED" in answer and "All applications" in answer
    assert "6 months before the expiry date" in text
    assert "Filed until 31/03/2026" in text and "Filed from 01/04/2026" in text
    # Grouped by the event that starts the period, in lifecycle order.
    assert page.index('id="trigger-file"') < page.index('id="trigger-formality_notice"') < page.index('id="trigger-grant"')


def test_editing_a_rule_is_audited_and_recounts_open_deadlines(login_as, rules, open_answer, db):
    admin, me = login_as(A)
    rule = db.session.get(DeadlineRule, rules["rule"])
    page = text_of(_english(admin).get(f"/reference/admin/rules/{rule.id}"))
    assert "open deadlines made from this rule" in page
    assert "formality_notice" in page and "The applicant" in page  # read-only facts shown
    response = admin.post(f"/reference/admin/rules/{rule.id}", data=_rule_data(rule, months="3"))
    assert response.status_code == 302
    # 31 Aug 2026 + 3 months = Mon 30 Nov 2026.
    deadline = _deadline(db, open_answer)
    assert (deadline.nominal_due, deadline.due_date) == (date(2026, 11, 30), date(2026, 11, 30))
    [entry] = audit_entries("deadline_rules")
    assert (entry.entity_id, entry.action, entry.actor_id) == (rule.id, "update", me.id)
    assert entry.changes == {"months": [2, 3]}
    text = text_of(admin.get(f"/reference/admin/rules/{rule.id}"))
    assert "Open deadlines recounted: 1" in text
    assert me.full_name in text and "2 → 3" in text


def test_a_met_deadline_keeps_its_date(login_as, rules, open_answer, db):
    deadline = _deadline(db, open_answer)
    deadline.state, deadline.closed_on = DeadlineState.MET, date(2026, 10, 1)
    db.session.commit()
    admin, _ = login_as(A)
    rule = db.session.get(DeadlineRule, rules["rule"])
    assert admin.post(f"/reference/admin/rules/{rule.id}", data=_rule_data(rule, months="1")).status_code == 302
    deadline = _deadline(db, open_answer)
    assert (deadline.state, deadline.due_date) == (DeadlineState.MET, date(2026, 11, 2))


def test_saving_an_unchanged_rule_records_nothing(login_as, rules, db):
    admin, _ = login_as(A)
    rule = db.session.get(DeadlineRule, rules["rule"])
    assert admin.post(f"/reference/admin/rules/{rule.id}", data=_rule_data(rule)).status_code == 302
    assert audit_entries("deadline_rules") == []


@pytest.mark.parametrize("changes,field,message", [
    ({"months": "999"}, "months", "A whole number from 0 to 240."),
    ({"months": "abc"}, "months", "Not a valid integer value."),
    ({"days": "-1"}, "days", "A whole number from 0 to 3650."),
    ({"extendable_times": "6"}, "extendable_times", "A whole number from 0 to 5."),
    ({"extension_months": "25"}, "extension_months", "A whole number from 0 to 24."),
    ({"legal_basis": "   "}, "legal_basis", "This field is required."),
    ({"filed_from": "01/04/2026", "filed_to": "31/03/2026"}, "filed_to",
     "The end date cannot be before the start date."),
])
def test_bad_rule_input_is_refused_next_to_the_field(login_as, rules, open_answer, db, changes, field, message):
    admin, _ = login_as(A)
    _english(admin)
    rule = db.session.get(DeadlineRule, rules["rule"])
    response = admin.post(f"/reference/admin/rules/{rule.id}", data=_rule_data(rule, title_en="Changed", **changes))
    assert response.status_code == 422
    assert errors_next_to(response, field) == [message]
    db.session.expire_all()
    rule = db.session.get(DeadlineRule, rules["rule"])
    assert (rule.months, rule.title_en, rule.filed_to) == (2, "Answer the formality notice", None)
    assert _deadline(db, open_answer).due_date == date(2026, 11, 2)
    assert audit_entries("deadline_rules") == []


# Public holidays ---------------------------------------------------------------------


def test_holidays_list_by_year(login_as, rules, freeze_today):
    admin, _ = login_as(A)
    assert "Quốc khánh" in text_of(admin.get("/reference/admin/holidays?year=2026"))
    assert "Quốc khánh" not in text_of(admin.get("/reference/admin/holidays?year=2023"))
    freeze_today(date(2026, 1, 5))
    assert "Quốc khánh" in text_of(admin.get("/reference/admin/holidays"))


def test_a_holiday_on_a_due_date_moves_the_deadline(login_as, rules, open_answer, db):
    admin, me = login_as(A)
    response = admin.post("/reference/admin/holidays", data={"day": "02/11/2026", "name": "Nghỉ bù",
                                                             "source": "Thông báo nghỉ bù (thử)"})
    assert response.status_code == 302 and "year=2026" in response.headers["Location"]
    deadline = _deadline(db, open_answer)
    assert (deadline.nominal_due, deadline.due_date) == (date(2026, 10, 31), date(2026, 11, 3))  # Tuesday
    holiday = db.session.scalar(sa.select(Holiday).where(Holiday.day == date(2026, 11, 2)))
    [entry] = audit_entries("holidays")
    assert (entry.entity_id, entry.action, entry.actor_id) == (holiday.id, "create", me.id)
    assert entry.changes == {"day": [None, "2026-11-02"], "name": [None, "Nghỉ bù"],
                             "source": [None, "Thông báo nghỉ bù (thử)"], "confirmed": [None, False]}
    text = text_of(_english(admin).get("/reference/admin/holidays?year=2026"))
    assert "Nghỉ bù" in text and "02/11/2026" in text and "Số thời hạn đang mở được tính lại: 1" in text  # flashed in Vietnamese, before the switch

    # Removing it moves the deadline back, and is audited.
    response = admin.post(f"/reference/admin/holidays/{holiday.id}/delete")
    assert response.status_code == 302
    assert _deadline(db, open_answer).due_date == date(2026, 11, 2)
    assert db.session.get(Holiday, holiday.id) is None
    entries = audit_entries("holidays")
    assert [e.action for e in entries] == ["create", "delete"]
    assert entries[1].changes == {"day": ["2026-11-02", None], "name": ["Nghỉ bù", None],
                                  "source": ["Thông báo nghỉ bù (thử)", None], "confirmed": [False, None]}
    assert entries[1].actor_id == me.id


def test_a_duplicate_holiday_is_refused(login_as, rules, db):
    admin, _ = login_as(A)
    _english(admin)
    response = admin.post("/reference/admin/holidays", data={"day": "02/09/2026", "name": "Trùng", "source": "x"})
    assert response.status_code == 422
    assert errors_next_to(response, "day") == ["This date is already a public holiday."]
    assert "Quốc khánh" in text_of(response)  # the year of the date is listed
    assert db.session.scalar(sa.select(sa.func.count()).select_from(Holiday)) == rules["holiday_count"]
    assert audit_entries("holidays") == []


def test_a_holiday_added_meanwhile_is_refused_next_to_the_date(login_as, rules, db, monkeypatch):
    """Another admin adds the same date after the form's own check passed: the database refuses it."""
    monkeypatch.setattr("app.reference.services.holiday_on", lambda day: None)
    admin, _ = login_as(A)
    _english(admin)
    response = admin.post("/reference/admin/holidays", data={"day": "02/09/2026", "name": "Trùng", "source": "x"})
    assert response.status_code == 422
    assert errors_next_to(response, "day") == ["This date is already a public holiday."]
    assert "Quốc khánh" in text_of(response)
    assert audit_entries("holidays") == []


@pytest.mark.parametrize("data,field", [
    ({"day": "", "name": "Tết", "source": "Thông báo"}, "day"),
    ({"day": "31/02/2026", "name": "Tết", "source": "Thông báo"}, "day"),
    ({"day": "17/02/2026", "name": "  ", "source": "Thông báo"}, "name"),
    ({"day": "17/02/2026", "name": "Tết", "source": "  "}, "source"),
    ({"day": "17/02/2026", "name": "Tết", "source": "x" * 301}, "source"),
])
def test_bad_holiday_input_is_refused(login_as, rules, db, data, field):
    admin, _ = login_as(A)
    response = admin.post("/reference/admin/holidays", data=data)
    assert response.status_code == 422
    assert len(errors_next_to(response, field)) == 1
    assert db.session.scalar(sa.select(sa.func.count()).select_from(Holiday)) == rules["holiday_count"]
    assert audit_entries("holidays") == []


def test_a_holiday_is_added_with_its_source_and_stays_unconfirmed_until_checked(login_as, rules, db):
    admin, _ = login_as(A)
    missing = admin.post("/reference/admin/holidays", data={"day": "30/12/2027", "name": "Nghỉ bù cuối năm"})
    assert missing.status_code == 422
    assert errors_next_to(missing, "source") == ["Vui lòng điền mục này."]
    source = "Thông báo nghỉ bù 2027 (thử, chưa kiểm tra)"
    assert admin.post("/reference/admin/holidays", data={"day": "30/12/2027", "name": "Nghỉ bù cuối năm",
                                                         "source": source}).status_code == 302
    assert admin.post("/reference/admin/holidays", data={"day": "31/12/2027", "name": "Nghỉ bù cuối năm",
                                                         "source": "Bộ luật Lao động 2019, Điều 112",
                                                         "confirmed": "y"}).status_code == 302
    added = {h.day.day: (h.source, h.confirmed) for h in db.session.scalars(
        sa.select(Holiday).where(Holiday.day.between(date(2027, 12, 30), date(2027, 12, 31))))}
    assert added == {30: (source, False), 31: ("Bộ luật Lao động 2019, Điều 112", True)}
    page = admin.get("/reference/admin/holidays?year=2027").get_data(as_text=True)
    rows = {day: next(r.split("</tr>")[0] for r in page.split('id="holiday-')[1:] if day in r.split("</tr>")[0])
            for day in ("30/12/2027", "31/12/2027")}
    assert source in rows["30/12/2027"] and "Chưa xác nhận" in rows["30/12/2027"]
    assert "Điều 112" in rows["31/12/2027"] and "Chưa xác nhận" not in rows["31/12/2027"]


# Validity periods --------------------------------------------------------------------


def test_editing_a_validity_period_is_audited(login_as, rules, db):
    admin, me = login_as(A)
    period = db.session.get(ValidityPeriod, rules["period"])
    assert "ocop_certificate" in text_of(admin.get("/reference/admin/periods"))
    data = {"months": "48", "legal_basis": period.legal_basis, "confirmed": "y", "note": period.note}
    assert admin.post(f"/reference/admin/periods/{period.id}", data=data).status_code == 302
    [entry] = audit_entries("validity_periods")
    assert (entry.action, entry.actor_id, entry.changes) == ("update", me.id, {"months": [36, 48]})
    bad = admin.post(f"/reference/admin/periods/{period.id}", data={**data, "months": "0", "legal_basis": ""})
    assert bad.status_code == 422
    assert len(errors_next_to(bad, "months")) == 1 and len(errors_next_to(bad, "legal_basis")) == 1
    db.session.expire_all()
    assert db.session.get(ValidityPeriod, period.id).months == 48
    assert len(audit_entries("validity_periods")) == 1


def test_admins_are_warned_when_the_coming_year_has_no_holidays(login_as, freeze_today):
    admin, _ = login_as(A)
    freeze_today(date(2026, 12, 1))  # the seeded days off of 2027 are ahead
    assert "data-no-holidays-ahead" not in admin.get("/").get_data(as_text=True)
    freeze_today(date(2028, 1, 1))  # nothing seeded beyond 2027
    page = admin.get("/")
    assert "data-no-holidays-ahead" in page.get_data(as_text=True) and "12 tháng tới" in text_of(page)
