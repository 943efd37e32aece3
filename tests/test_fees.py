"""The fee calculator, checked against totals worked out by hand from the seeded rates.

Seeded trademark rates (migrations/data/0002_fee_rates.csv), in VND:
filing 150,000 + publication 120,000 per application; search 180,000 and
examination 550,000 per class; 30,000 + 120,000 per item beyond 6 in a class;
600,000 per priority claim. Grant: 120,000 + 100,000 per class from the 2nd
+ register 120,000 + publication 120,000 (the last three UNCONFIRMED).
GI: filing 150,000, publication 120,000, examination 1,200,000; grant 120,000 + register entry 120,000
(0007_fee_rates.csv, legal review §9) + publication 120,000.
"""
from __future__ import annotations

from datetime import date

import pytest
import sqlalchemy as sa

from app import clock
from app.fees import estimate_fees, rates_in_force
from app.models import CaseKind, FeeRate, FeeUnit

MARK_KINDS = (CaseKind.TRADEMARK, CaseKind.COLLECTIVE, CaseKind.CERTIFICATION)
ON = date(2026, 5, 1)


@pytest.fixture
def rates(db):
    """The seeded fee schedule: migration 0002 loads migrations/data/0002_fee_rates.csv."""
    return db


def _rate(db, kind: CaseKind, code: str) -> FeeRate:
    return db.session.scalar(sa.select(FeeRate).where(FeeRate.case_kind == kind, FeeRate.code == code))


def _add_rate(db, copy_of: FeeRate, **changes) -> FeeRate:
    """A new row for the same fee, e.g. a new figure from a later date."""
    columns = ("code", "case_kind", "stage", "unit", "title_vi", "title_en", "amount", "included_items", "legal_basis",
               "effective_from", "effective_to", "confirmed", "note", "sort_order")
    rate = FeeRate(**{**{c: getattr(copy_of, c) for c in columns}, **changes})
    db.session.add(rate)
    db.session.commit()
    return rate


def test_one_class_with_six_items_costs_one_million_at_filing(rates):
    estimate = estimate_fees(CaseKind.TRADEMARK, {30: 6}, on=ON)
    assert estimate.filing_total == 1_000_000
    assert [(line.code, line.quantity, line.amount) for line in estimate.filing_lines] == [
        ("filing", 1, 150_000), ("publication", 1, 120_000), ("search", 1, 180_000), ("examination", 1, 550_000),
    ]
    assert estimate.on == ON


def test_two_classes(rates):
    assert estimate_fees(CaseKind.TRADEMARK, {29: 3, 30: 6}, on=ON).filing_total == 1_730_000


def test_items_beyond_six_pay_search_and_examination_each(rates):
    # 1,000,000 + 2 extra items x (30,000 + 120,000)
    assert estimate_fees(CaseKind.TRADEMARK, {30: 8}, on=ON).filing_total == 1_300_000


def test_three_classes_with_4_7_and_10_items(rates):
    estimate = estimate_fees(CaseKind.TRADEMARK, {29: 4, 30: 7, 31: 10}, on=ON)
    # 150,000 + 120,000 + 3 x 180,000 + 3 x 550,000 + (0 + 1 + 4) x (30,000 + 120,000)
    assert estimate.filing_total == 3_210_000
    extra = {line.code: (line.quantity, line.amount) for line in estimate.filing_lines if line.unit == FeeUnit.EXTRA_ITEM}
    assert extra == {"search_extra_item": (5, 150_000), "examination_extra_item": (5, 600_000)}


def test_a_priority_claim_adds_600_000(rates):
    estimate = estimate_fees(CaseKind.TRADEMARK, {29: 4, 30: 7, 31: 10}, priority_claims=1, on=ON)
    assert estimate.filing_total == 3_810_000
    assert estimate_fees(CaseKind.TRADEMARK, {30: 1}, priority_claims=2, on=ON).filing_total == 2_200_000


def test_grant_stage_for_three_classes_includes_unconfirmed_rates(rates):
    estimate = estimate_fees(CaseKind.TRADEMARK, {29: 4, 30: 7, 31: 10}, on=ON)
    # grant 120,000 + 2 x 100,000 (classes from the 2nd) + register 120,000 + publication 120,000
    assert estimate.grant_total == 560_000
    assert [(line.code, line.quantity) for line in estimate.grant_lines] == [
        ("grant", 1), ("grant_extra_class", 2), ("grant_register", 1), ("grant_publication", 1),
    ]
    assert estimate.has_unconfirmed
    assert {line.code for line in estimate.lines if not line.confirmed} == {
        "grant_extra_class", "grant_register", "grant_publication"}


def test_one_class_leaves_out_lines_with_nothing_to_count(rates):
    estimate = estimate_fees(CaseKind.TRADEMARK, {30: 6}, on=ON)
    codes = {line.code for line in estimate.lines}
    assert not codes & {"search_extra_item", "examination_extra_item", "priority", "grant_extra_class"}
    assert estimate.grant_total == 360_000


def test_geographical_indication_has_no_classes(rates):
    estimate = estimate_fees(CaseKind.GI, {}, on=ON)
    assert estimate.filing_total == 150_000 + 120_000 + 1_200_000
    assert estimate.grant_total == 360_000  # with the register entry fee (domain notes §9)
    assert all(line.unit == FeeUnit.APPLICATION for line in estimate.lines)
    assert estimate.has_unconfirmed  # GI publication and grant figures are unconfirmed


@pytest.mark.parametrize("kind", [CaseKind.COLLECTIVE, CaseKind.CERTIFICATION])
def test_collective_and_certification_marks_pay_as_trademarks(rates, kind):
    classes = {29: 4, 30: 7, 31: 10}
    mark = estimate_fees(kind, classes, priority_claims=1, on=ON)
    trademark = estimate_fees(CaseKind.TRADEMARK, classes, priority_claims=1, on=ON)
    assert mark.lines == trademark.lines
    assert (mark.filing_total, mark.grant_total) == (3_810_000, 560_000)


def test_a_later_rate_takes_over_from_its_date(rates, db):
    _add_rate(db, _rate(db, CaseKind.TRADEMARK, "filing"), amount=200_000, effective_from=date(2026, 4, 1))
    after = estimate_fees(CaseKind.TRADEMARK, {30: 6}, on=date(2026, 5, 1))
    before = estimate_fees(CaseKind.TRADEMARK, {30: 6}, on=date(2026, 3, 31))
    assert after.filing_total == 1_050_000
    assert before.filing_total == 1_000_000
    assert [line.unit_amount for line in after.lines if line.code == "filing"] == [200_000]
    # Other kinds keep their own rows.
    assert estimate_fees(CaseKind.COLLECTIVE, {30: 6}, on=date(2026, 5, 1)).filing_total == 1_000_000


def test_an_expired_rate_is_ignored(rates, db):
    search = _rate(db, CaseKind.TRADEMARK, "search")
    search.effective_to = date(2025, 12, 31)
    db.session.commit()
    assert estimate_fees(CaseKind.TRADEMARK, {30: 6}, on=date(2026, 1, 1)).filing_total == 820_000
    # It still applies on its last day.
    assert estimate_fees(CaseKind.TRADEMARK, {30: 6}, on=date(2025, 12, 31)).filing_total == 1_000_000


def test_a_future_rate_is_not_used_yet(rates, db):
    _add_rate(db, _rate(db, CaseKind.GI, "examination"), amount=1_500_000, effective_from=date(2027, 1, 1))
    assert estimate_fees(CaseKind.GI, {}, on=date(2026, 12, 31)).filing_total == 1_470_000
    assert estimate_fees(CaseKind.GI, {}, on=date(2027, 1, 1)).filing_total == 1_770_000


def test_rates_in_force_are_one_per_code_in_display_order(rates, db):
    _add_rate(db, _rate(db, CaseKind.TRADEMARK, "grant"), amount=150_000, effective_from=date(2026, 1, 1))
    in_force = rates_in_force(CaseKind.TRADEMARK, ON)
    assert [r.code for r in in_force] == [
        "filing", "publication", "search", "search_extra_item", "examination", "examination_extra_item",
        "priority", "grant", "grant_extra_class", "grant_register", "grant_publication",
        "extension", "classification", "classification_extra_item",
        "renewal", "renewal_examination", "renewal_publication", "renewal_register", "renewal_late_surcharge",
    ]
    assert [r.amount for r in in_force if r.code == "grant"] == [150_000]
    assert rates_in_force(CaseKind.TRADEMARK, date(2016, 12, 31)) == []


def test_no_rates_means_an_empty_estimate(db):
    db.session.execute(sa.delete(FeeRate))
    estimate = estimate_fees(CaseKind.TRADEMARK, {30: 6}, on=ON)
    assert estimate.lines == () and estimate.filing_total == 0 and not estimate.has_unconfirmed


def test_titles_follow_the_locale(rates):
    assert estimate_fees(CaseKind.TRADEMARK, {30: 6}, on=ON).lines[0].title == "Lệ phí nộp đơn"
    assert estimate_fees(CaseKind.TRADEMARK, {30: 6}, on=ON, locale="en").lines[0].title == "Filing fee"


def test_lines_carry_the_legal_basis_and_note(rates):
    line = estimate_fees(CaseKind.TRADEMARK, {30: 6, 31: 1}, on=ON).grant_lines[1]
    assert line.code == "grant_extra_class"
    assert line.legal_basis == "Thông tư 263/2016/TT-BTC"
    assert not line.confirmed and "UNCONFIRMED" in line.note


def test_the_date_defaults_to_today_in_vietnam(rates):
    assert estimate_fees(CaseKind.TRADEMARK, {30: 6}).on == clock.today()


@pytest.mark.parametrize(
    "kind,classes,priority",
    [
        (CaseKind.TRADEMARK, {0: 1}, 0),
        (CaseKind.TRADEMARK, {46: 1}, 0),
        (CaseKind.TRADEMARK, {30: 0}, 0),
        (CaseKind.TRADEMARK, {30: -2}, 0),
        (CaseKind.TRADEMARK, {"30": 1}, 0),
        (CaseKind.TRADEMARK, {30: 1}, -1),
        (CaseKind.GI, {30: 1}, 0),
        ("patent", {30: 1}, 0),
    ],
)
def test_bad_input_raises_value_error(rates, kind, classes, priority):
    with pytest.raises(ValueError):
        estimate_fees(kind, classes, priority_claims=priority, on=ON)
