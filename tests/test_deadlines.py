"""Deadlines from versioned legal rules: hand-computed examples under both regimes.

Old regime: filed before 1 Apr 2026 (acceptance decision, 9-month substantive examination).
New regime (Law 131/2025): filed from 1 Apr 2026 (no acceptance decision, 5 months, 3-month opposition).
"""
from __future__ import annotations

from datetime import date, timedelta

import pytest

from app.cases import lifecycle, workflow
from app.deadlines import services as deadline_services
from app.deadlines.calendar import add_months, next_working_day, period_end
from app.models import CaseStatus, DeadlineState, Role

TET_2026 = [date(2026, 2, 16) + timedelta(days=i) for i in range(5)]  # Mon 16 – Fri 20 Feb 2026
LABOUR_DAYS = [date(2026, 4, 30), date(2026, 5, 1)]


@pytest.mark.parametrize("start,months,expected", [
    (date(2026, 1, 31), 1, date(2026, 2, 28)),   # no 31 Feb: the month's last day
    (date(2028, 1, 31), 1, date(2028, 2, 29)),   # leap year
    (date(2025, 11, 30), 3, date(2026, 2, 28)),
    (date(2026, 3, 31), -1, date(2026, 2, 28)),
    (date(2026, 8, 31), 2, date(2026, 10, 31)),
])
def test_months_end_on_the_corresponding_day_or_the_last(start, months, expected):
    assert add_months(start, months) == expected


def test_a_period_ending_on_a_weekend_or_holiday_moves_to_the_next_working_day():
    assert next_working_day(date(2026, 2, 28), set()) == date(2026, 3, 2)  # Saturday -> Monday
    assert next_working_day(date(2026, 2, 15), set(TET_2026)) == date(2026, 2, 23)  # Sunday, then Tết
    assert next_working_day(date(2026, 3, 4), set()) == date(2026, 3, 4)
    assert period_end(date(2026, 10, 2), months=6, before=True) == date(2026, 4, 2)


@pytest.fixture
def setup(db, make_organization, make_case, make_user):
    # Migration 0009 seeds the days off; the hand-computed dates below count on these.
    assert set(TET_2026 + LABOUR_DAYS) <= deadline_services.holidays()
    consultant = make_user(Role.CONSULTANT)

    def approved_case():
        case = make_case(make_organization())
        case.status = CaseStatus.APPROVED
        db.session.commit()
        return case

    return approved_case, consultant


def _open(case, code):
    return next(d for d in case.deadlines if d.rule.code == code and d.state == DeadlineState.OPEN)


def _record(case, name, actor, **details):
    return lifecycle.record_event(case, name, actor, details, note="Ghi chú")


def test_old_regime_trademark(setup, freeze_today):
    approved_case, consultant = setup
    freeze_today(date(2026, 11, 25))
    case = approved_case()
    _record(case, "file", consultant, event_date=date(2026, 1, 15), application_number="4-2026-00123",
            filing_channel="online")
    # Formality examination: 1 month -> Sun 15 Feb 2026, then Tết -> Mon 23 Feb 2026.
    assert _open(case, "formality_exam").due_date == date(2026, 2, 23)
    # Filed before 1 Apr 2026: the acceptance decision exists, publication needs it first.
    offered = {t.name for t in workflow.available_transitions(case, consultant)}
    assert "accept_formality" in offered and "publish" not in offered
    _record(case, "accept_formality", consultant, event_date=date(2026, 3, 10))
    # The office decided after its 1-month limit: recorded as missed (by the office).
    assert [d.state for d in case.deadlines if d.rule.code == "formality_exam"] == [DeadlineState.MISSED]
    # Publication: 2 months from acceptance -> Sun 10 May 2026 -> Mon 11 May 2026.
    assert _open(case, "publication_after_acceptance").due_date == date(2026, 5, 11)
    _record(case, "publish", consultant, event_date=date(2026, 5, 5), gazette_issue="458A")
    # Substantive examination of a mark: 9 months from publication -> Fri 5 Feb 2027, a working day:
    # Tết 2027 is not announced yet, so no guessed day off moves a legal deadline.
    assert _open(case, "substantive_exam_mark").due_date == date(2027, 2, 5)
    assert not [d for d in case.deadlines if d.rule.code == "opposition_period"]  # only from 1 Apr 2026
    # Before 1 Apr 2026 third parties had 5 months from publication (Art. 112a as amended in 2022).
    assert _open(case, "opposition_period_mark_2022").due_date == date(2026, 10, 5)


def test_new_regime_trademark(setup, freeze_today):
    approved_case, consultant = setup
    freeze_today(date(2026, 11, 25))
    case = approved_case()
    _record(case, "file", consultant, event_date=date(2026, 4, 2), application_number="4-2026-05678",
            filing_channel="paper")
    # 2 May 2026 is a Saturday (after the 30/4-1/5 holidays) -> Mon 4 May 2026; the office writes only if
    # something is wrong, so it is a date to know, never a deadline it can miss.
    assert _open(case, "formality_exam_2026").due_date == date(2026, 5, 4)
    assert _open(case, "formality_exam_2026").rule.informational
    assert _open(case, "publication_after_filing").due_date == date(2026, 7, 2)
    offered = {t.name for t in workflow.available_transitions(case, consultant)}
    assert "accept_formality" not in offered and "publish" in offered
    _record(case, "publish", consultant, event_date=date(2026, 7, 15), gazette_issue="460A")
    assert _open(case, "substantive_exam_mark_2026").due_date == date(2026, 12, 15)  # 5 months
    assert _open(case, "opposition_period").due_date == date(2026, 10, 15)  # 3 months
    # The late publication was recorded as such; the silent formality examination was not "missed".
    assert [d.state for d in case.deadlines if d.rule.code == "publication_after_filing"] == [DeadlineState.MISSED]
    assert [d.state for d in case.deadlines if d.rule.code == "formality_exam_2026"] == [DeadlineState.MET]
    assert not [d for d in case.deadlines if d.rule.code == "formality_exam"]


def test_answer_deadline_and_one_extension(setup, freeze_today):
    approved_case, consultant = setup
    freeze_today(date(2026, 11, 25))
    case = approved_case()
    _record(case, "file", consultant, event_date=date(2026, 7, 1), application_number="4-2026-09999",
            filing_channel="online")
    _record(case, "formality_notice", consultant, event_date=date(2026, 8, 31))
    answer = _open(case, "formality_answer")
    # 2 months -> Sat 31 Oct 2026 -> Mon 2 Nov 2026.
    assert (answer.nominal_due, answer.due_date) == (date(2026, 10, 31), date(2026, 11, 2))
    deadline_services.extend(answer)
    # Extended by 2 months from the end of the original period: Thu 31 Dec 2026.
    assert answer.due_date == date(2026, 12, 31)
    assert "gia hạn 1 lần" in deadline_services.explain(answer)
    with pytest.raises(deadline_services.CannotExtend):
        deadline_services.extend(answer)
    _record(case, "answer_formality", consultant, event_date=date(2026, 11, 20))
    assert answer.state == DeadlineState.MET and answer.closed_on == date(2026, 11, 20)


def test_grant_sets_expiry_and_renewal_dates(setup, freeze_today):
    approved_case, consultant = setup
    freeze_today(date(2026, 11, 25))
    case = approved_case()
    _record(case, "file", consultant, event_date=date(2026, 4, 2), application_number="4-2026-00001",
            filing_channel="online")
    case.status = CaseStatus.GRANT_FEES_PAID
    _record(case, "grant", consultant, event_date=date(2026, 11, 10), certificate_number="4-0512345-000")
    assert case.status == CaseStatus.GRANTED and case.expiry_date == date(2036, 4, 2)  # 10 years from filing
    assert _open(case, "renewal_window").due_date == date(2035, 10, 2)
    assert _open(case, "renewal_due").due_date == date(2036, 4, 2)
    assert _open(case, "renewal_late").due_date == date(2036, 10, 2)


def test_correcting_an_event_recomputes_deadlines(setup, freeze_today, make_user):
    approved_case, consultant = setup
    freeze_today(date(2026, 11, 25))
    case = approved_case()
    _record(case, "file", consultant, event_date=date(2026, 7, 1), application_number="4-2026-04444",
            filing_channel="online")
    notice = _record(case, "formality_notice", consultant, event_date=date(2026, 8, 31))
    workflow.correct_event_date(case, notice, date(2026, 9, 4), consultant)
    assert _open(case, "formality_answer").due_date == date(2026, 11, 4)
    assert notice.details["corrected_from"] == "2026-08-31"


@pytest.mark.parametrize("name,details,field", [
    ("file", {"event_date": date(2026, 5, 1), "application_number": "4-26-123", "filing_channel": "online"}, "application_number"),
    ("file", {"event_date": date(2026, 5, 1), "application_number": "4-2025-00001", "filing_channel": "online"}, "application_number"),
    ("file", {"event_date": date(2027, 1, 1), "application_number": "4-2027-00001", "filing_channel": "online"}, "event_date"),
    ("file", {"event_date": date(2026, 5, 1), "application_number": "4-2026-00001", "filing_channel": "fax"}, "filing_channel"),
    ("file", {"application_number": "4-2026-00001", "filing_channel": "online"}, "event_date"),
])
def test_bad_filing_details_are_refused_and_nothing_changes(setup, freeze_today, name, details, field):
    approved_case, consultant = setup
    freeze_today(date(2026, 11, 25))
    case = approved_case()
    with pytest.raises(lifecycle.EventRejected) as rejected:
        lifecycle.record_event(case, name, consultant, details)
    assert field in rejected.value.errors
    assert case.status == CaseStatus.APPROVED and case.application_number is None and not case.deadlines


def test_certificate_format_and_stale_form(setup, freeze_today):
    approved_case, consultant = setup
    freeze_today(date(2026, 11, 25))
    case = approved_case()
    _record(case, "file", consultant, event_date=date(2026, 4, 2), application_number="4-2026-00002",
            filing_channel="online")
    case.status = CaseStatus.GRANT_FEES_PAID
    with pytest.raises(lifecycle.EventRejected) as rejected:
        lifecycle.record_event(case, "grant", consultant, {"event_date": date(2026, 11, 1), "certificate_number": "405854"})
    assert "certificate_number" in rejected.value.errors
    with pytest.raises(lifecycle.StaleCase):
        lifecycle.record_event(case, "grant", consultant, {"event_date": date(2026, 11, 1),
                                                            "certificate_number": "4-0405854-000"}, seen_version=1)


def test_a_time_limit_ending_on_30_april_2026_rolls_to_4_may_2026(setup, freeze_today):
    """30/04 and 01/05 are holidays (seeded), 02-03/05 a weekend."""
    approved_case, consultant = setup
    freeze_today(date(2026, 11, 25))
    case = approved_case()
    _record(case, "file", consultant, event_date=date(2026, 3, 30), application_number="4-2026-00030",
            filing_channel="online")
    deadline = _open(case, "formality_exam")
    assert (deadline.nominal_due, deadline.due_date) == (date(2026, 4, 30), date(2026, 5, 4))


def test_correcting_the_filing_date_across_1_april_2026_switches_the_regime(setup, freeze_today):
    approved_case, consultant = setup
    freeze_today(date(2026, 6, 1))
    case = approved_case()
    _record(case, "file", consultant, event_date=date(2026, 3, 20), application_number="4-2026-00777",
            filing_channel="online")
    _record(case, "accept_formality", consultant, event_date=date(2026, 4, 10))
    _record(case, "publish", consultant, event_date=date(2026, 5, 18), gazette_issue="458A")
    before = {d.rule.code: d.due_date for d in case.deadlines}
    assert before["substantive_exam_mark"] == date(2027, 2, 18)  # 9 months
    assert before["opposition_period_mark_2022"] == date(2026, 10, 19)  # 5 months: Sun 18 Oct -> Mon 19 Oct
    filed = next(e for e in case.events if e.transition == "file")
    workflow.correct_event_date(case, filed, date(2026, 4, 2), consultant)
    after = {d.rule.code: (d.due_date, d.state) for d in case.deadlines}
    # Law 131/2025: no acceptance decision, publication 3 months from filing, 5-month examination,
    # 3-month opposition; the old regime's deadlines are gone.
    assert set(after) == {"formality_exam_2026", "publication_after_filing", "substantive_exam_mark_2026",
                          "opposition_period"}
    assert after["publication_after_filing"] == (date(2026, 7, 2), DeadlineState.MET)  # published 18/05
    assert after["substantive_exam_mark_2026"] == (date(2026, 10, 19), DeadlineState.OPEN)  # Sun 18 Oct -> Mon
    assert after["opposition_period"][0] == date(2026, 8, 18)
    assert case.filing_date == date(2026, 4, 2)
