"""The annual report's hand-built dataset, shared by the figure tests and the page tests.

Two organizations in wards of the former Vị Thanh city and Phụng Hiệp district; six cases, one
crossing 2024→2025 and one 2025→2026, two withdrawn (one before filing, one after), one refused;
four products, two of which changed stars; four referrals; deadlines met, missed, overdue and
cancelled; manual counts with a zero year. Histories are written as they would have been kept
(including steps typed in later), not through the workflow.
"""
from __future__ import annotations

from datetime import date, datetime, timezone

import sqlalchemy as sa

from app.models import (
    AuditEntry,
    Case,
    CaseEvent,
    CaseKind,
    CaseStatus,
    Deadline,
    DeadlineRule,
    DeadlineState,
    ManualCount,
    Party,
    PlanTarget,
    Product,
    ProductGroup,
    ProductReferral,
    ReferralStatus,
    ReportMetric,
)

VI_THANH = 31321  # Phường Vị Thanh (former Thành phố Vị Thanh)
PHUNG_HIEP = 31420  # Xã Phụng Hiệp (former Huyện Phụng Hiệp)


def _at(day: date) -> datetime:
    return datetime(day.year, day.month, day.day, 2, 0, tzinfo=timezone.utc)


def _case(db, organization, kind, steps, products=(), filing=None, grant=None) -> Case:
    """A case whose history is `steps`: (transition, to_status, legal date or None, recorded on)."""
    case = Case(kind=kind, organization=organization, title=f"{kind} {len(steps)}", status=steps[-1][1],
                products=list(products), filing_date=filing, grant_date=grant)
    db.session.add(case)
    db.session.flush()
    previous = None
    for transition, status, legal, recorded in steps:
        db.session.add(CaseEvent(case=case, transition=transition, from_status=previous, to_status=status,
                                 event_date=legal, created_at=_at(recorded)))
        previous = status
    return case


def _stars_changed(db, product, before, after, on):
    db.session.add(AuditEntry(entity="products", entity_id=product.id, action="update",
                              changes={"stars": [before, after]}, created_at=_at(on)))


def build_dataset(db, make_organization) -> dict:
    a = make_organization(ward_code=VI_THANH)
    b = make_organization(ward_code=PHUNG_HIEP)
    products = {}
    for key, org, group, stars, issued in (
            ("p1", a, ProductGroup.FOOD, 4, date(2022, 1, 1)),
            ("p2", b, ProductGroup.DRINKS, 3, date(2023, 1, 1)),
            ("p3", b, ProductGroup.FOOD, 4, date(2025, 9, 1)),
            ("p4", a, ProductGroup.HERBAL, 5, date(2026, 3, 1))):
        product = Product(name=key, organization=org, group=group, stars=stars, ward_code=org.ward_code,
                          certificate_issued_on=issued)
        db.session.add(product)
        products[key] = product
    db.session.flush()
    p1, p2, p3, p4 = (products[k] for k in ("p1", "p2", "p3", "p4"))
    D, S = date, CaseStatus
    c1 = _case(db, a, CaseKind.TRADEMARK, [
        ("create", S.DRAFT, None, D(2023, 3, 1)), ("file", S.FILED, D(2023, 4, 10), D(2023, 4, 10)),
        ("grant", S.GRANTED, D(2024, 6, 1), D(2024, 6, 2))], [p1], filing=D(2023, 4, 10), grant=D(2024, 6, 1))
    # Filed in 2024, granted in 2025; all of it typed into the app in 2026 (undated steps are capped).
    c2 = _case(db, a, CaseKind.TRADEMARK, [
        ("create", S.DRAFT, None, D(2026, 1, 3)), ("approve", S.APPROVED, None, D(2026, 1, 3)),
        ("file", S.FILED, D(2024, 11, 20), D(2026, 1, 3)), ("publish", S.PUBLISHED, D(2025, 2, 1), D(2026, 1, 3)),
        ("grant", S.GRANTED, D(2025, 10, 10), D(2026, 1, 3))], filing=D(2024, 11, 20), grant=D(2025, 10, 10))
    # Filed, then withdrawn, in 2025.
    c3 = _case(db, b, CaseKind.COLLECTIVE, [
        ("create", S.DRAFT, None, D(2025, 5, 5)), ("file", S.FILED, D(2025, 5, 5), D(2025, 5, 5)),
        ("withdraw", S.WITHDRAWN, D(2025, 8, 1), D(2025, 8, 1))], [p2], filing=D(2025, 5, 5))
    # Prepared in December 2025, filed in January 2026.
    c4 = _case(db, b, CaseKind.TRADEMARK, [
        ("create", S.DRAFT, None, D(2025, 12, 15)), ("approve", S.APPROVED, None, D(2025, 12, 28)),
        ("file", S.FILED, D(2026, 1, 5), D(2026, 1, 5))], [p3], filing=D(2026, 1, 5))
    c5 = _case(db, a, CaseKind.GI, [
        ("create", S.DRAFT, None, D(2025, 3, 1)), ("file", S.FILED, D(2025, 3, 1), D(2025, 3, 1)),
        ("refuse", S.REFUSED, D(2025, 11, 30), D(2025, 12, 2))], filing=D(2025, 3, 1))
    # Withdrawn before it was ever filed.
    c6 = _case(db, b, CaseKind.TRADEMARK, [
        ("create", S.DRAFT, None, D(2025, 6, 1)), ("withdraw", S.WITHDRAWN, None, D(2025, 7, 1))])
    _stars_changed(db, p1, 3, 4, D(2025, 6, 15))
    _stars_changed(db, p2, 5, 3, D(2026, 2, 1))
    for product, created, handled, status, case in (
            (p2, D(2025, 2, 1), D(2025, 2, 10), ReferralStatus.ACCEPTED, c3),
            (p3, D(2025, 8, 1), D(2025, 9, 1), ReferralStatus.CLOSED, None),
            (p4, D(2025, 12, 20), None, ReferralStatus.OPEN, None),
            (p1, D(2024, 5, 1), D(2024, 5, 2), ReferralStatus.ACCEPTED, c5)):
        db.session.add(ProductReferral(product=product, status=status, created_at=_at(created),
                                       handled_at=_at(handled) if handled else None, case=case,
                                       close_reason="x" if status == ReferralStatus.CLOSED else None))
    applicant_rule = db.session.scalar(sa.select(DeadlineRule).where(DeadlineRule.party == Party.APPLICANT).limit(1))
    office_rule = db.session.scalar(sa.select(DeadlineRule).where(DeadlineRule.party == Party.OFFICE).limit(1))
    for rule, due, state in (
            (applicant_rule, D(2025, 3, 10), DeadlineState.MET),
            (applicant_rule, D(2025, 5, 1), DeadlineState.MISSED),
            (applicant_rule, D(2025, 12, 1), DeadlineState.OPEN),  # overdue at year end: missed
            (applicant_rule, D(2025, 6, 1), DeadlineState.CANCELLED),  # not counted
            (office_rule, D(2025, 4, 1), DeadlineState.MET),
            (office_rule, D(2026, 1, 15), DeadlineState.OPEN),
            (applicant_rule, D(2026, 12, 28), DeadlineState.OPEN)):  # not yet due on 20/12/2026
        db.session.add(Deadline(case=c2, rule=rule, trigger_date=due, nominal_due=due, due_date=due, state=state))
    for year, metric, count in ((2023, ReportMetric.COPYRIGHT, 10), (2024, ReportMetric.COPYRIGHT, 0),
                                (2025, ReportMetric.COPYRIGHT, 5), (2025, ReportMetric.RELATED_RIGHTS, 3)):
        db.session.add(ManualCount(year=year, metric=metric, count=count, source="Cục Bản quyền tác giả"))
    set_target(db, ReportMetric.INDUSTRIAL_PROPERTY, base_year=2023, low=3.0, high=5.0)
    set_target(db, ReportMetric.COPYRIGHT, base_year=2023, low=2.0, high=None)
    db.session.commit()
    return dict(a=a, b=b, products=products, cases=[c1, c2, c3, c4, c5, c6])


def set_target(db, metric, base_year, low, high):
    target = db.session.scalar(sa.select(PlanTarget).where(PlanTarget.metric == metric))
    target.base_year, target.min_growth_pct, target.max_growth_pct = base_year, low, high
    db.session.flush()
