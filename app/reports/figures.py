"""Every figure of the annual implementation report, computed from the data in one place.

``compute(year)`` returns an :class:`AnnualFigures` of plain numbers; the HTML page, the PDF
and the Excel file all show the tables that ``app/reports/tables.py`` lays out from it, so the
three cannot disagree.

Definitions (where the provincial plan is silent, what a DOST office counts):

- *as of*: 31 December of the year, or today for the current year ("to date").
- A case's **timeline** is its append-only history: each event is in force from its legal date
  (``event_date``) or, for workflow steps without one, from the day it was recorded, never later
  than the next event's date (a case filed in 2024 and entered in the app in 2026 was prepared
  before it was filed). Cases without history (bulk loads) get one from their dates.
- **prepared** in a year: cases whose timeline starts in the year; **filed**: filing date in the
  year (withdrawn cases included: the application was filed); **granted / refused / withdrawn /
  abandoned**: the transition into that status is dated in the year.
- **stage at year end**: each case's status as of the date, grouped (in preparation, pending at
  the IP office, granted, refused, withdrawn or abandoned); cases not started by then are left out.
- **growth** of a count: year on year ``(n - n_prev) / n_prev``; average since the plan's base
  year ``(n / n_base) ** (1 / years) - 1``. A zero or missing earlier count gives no growth
  ("not computable"), never a division error; the verdict is then "not enough data".
- **OCOP products** at a date: those whose OCOP certificate was issued (or, without a date, that
  were entered) by then, with their star rating *at that date* (a later change of stars is read
  back from the audit trail) and their IP status then (a covering case granted by then:
  protected; one being prepared or pending then: being registered).
- **support requests**: the office's referrals received / handled in the year; **median days**
  from a referral to the filing of its case (filed in the year), and from filing to grant
  (granted in the year).
- **wards**: the organization's ward for cases, the product's ward for products; the **former
  district** (before 1 Jul 2025) comes from ``data/former_districts.csv``.
- **deadlines** due in the year, by who must act: met, missed (or overdue and still open at the
  as-of date), not yet due; cancelled ones are not counted.
"""
from __future__ import annotations

import csv
import gc
import statistics
from collections import Counter, defaultdict
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import date, datetime, timezone
from enum import StrEnum
from functools import lru_cache
from pathlib import Path

import sqlalchemy as sa

from app import clock
from app.extensions import db
from app.i18n import LOCAL_TZ, to_local
from app.models import (
    AuditEntry,
    Case,
    CaseEvent,
    CaseKind,
    CaseStatus,
    Deadline,
    DeadlineRule,
    ManualCount,
    Organization,
    Party,
    PlanTarget,
    Product,
    ProductGroup,
    ProductReferral,
    ReferralStatus,
    ReportMetric,
    case_products,
)
from app.models.case import IN_PREPARATION, PENDING_AT_OFFICE
from app.models.deadline import DeadlineState
from app.models.report import MANUAL_METRICS

#: the earliest year a report may be asked for (the national IP strategy dates from 2019)
MIN_YEAR = 2000
#: years shown in the trend tables and charts before the report's year (at least)
TREND_YEARS = 5
#: never more years than this in a trend, whatever the base year
MAX_TREND_YEARS = 15
STARS = (3, 4, 5)
DATA_DIR = Path(__file__).resolve().parent / "data"


class Stage(StrEnum):
    """Where a case stands at a date, as the report groups statuses."""

    PREPARATION = "preparation"
    PENDING = "pending"
    GRANTED = "granted"
    REFUSED = "refused"
    WITHDRAWN = "withdrawn"  # withdrawn or abandoned


class IpAtDate(StrEnum):
    PROTECTED = "protected"
    PENDING = "pending"
    NONE = "none"


class Verdict(StrEnum):
    MET = "met"  # đạt
    NOT_MET = "not_met"  # chưa đạt
    NO_DATA = "no_data"  # chưa đủ số liệu


def stage_of(status: CaseStatus) -> Stage:
    if status in IN_PREPARATION:
        return Stage.PREPARATION
    if status in PENDING_AT_OFFICE:
        return Stage.PENDING
    if status == CaseStatus.GRANTED:
        return Stage.GRANTED
    if status == CaseStatus.REFUSED:
        return Stage.REFUSED
    return Stage.WITHDRAWN


# --- growth ------------------------------------------------------------------------------------

def yoy_growth(current: int | None, previous: int | None) -> float | None:
    """Growth over the previous year as a fraction (0.05 = 5 %); None if either count is missing
    or the previous one is zero."""
    if current is None or previous is None or previous == 0:
        return None
    return (current - previous) / previous


def average_growth(current: int | None, base: int | None, years: int) -> float | None:
    """Average yearly (compound) growth over `years` years; None without a usable base."""
    if current is None or base is None or base == 0 or years <= 0:
        return None
    return (current / base) ** (1 / years) - 1


def verdict(growth: float | None, minimum_pct: float | None) -> Verdict:
    if growth is None or minimum_pct is None:
        return Verdict.NO_DATA
    # Compare in percent rounded as printed (one decimal), so "3,0 %" never reads "chưa đạt 3 %".
    return Verdict.MET if round(growth * 100, 1) >= minimum_pct else Verdict.NOT_MET


# --- results -----------------------------------------------------------------------------------

@dataclass
class Target:
    min_pct: float
    max_pct: float | None
    base_year: int
    source: str
    confirmed: bool


@dataclass
class KpiLine:
    """One metric of the plan: its counts, growth and verdicts for the report's year."""

    metric: ReportMetric
    count: int | None
    previous: int | None
    base_count: int | None
    yoy: float | None
    average: float | None
    target: Target | None
    yoy_verdict: Verdict
    average_verdict: Verdict
    source: str = ""  # for manual counts: where this year's figure comes from
    note: str = ""


@dataclass
class AnnualFigures:
    year: int
    as_of: date
    to_date: bool  # the year is not over: figures up to `as_of`
    empty: bool = True
    #: kind -> counts of the year: prepared, filed, granted, refused, withdrawn, abandoned
    by_kind: dict[CaseKind, dict[str, int]] = field(default_factory=dict)
    #: kind -> stage -> cases at the as-of date
    stages: dict[CaseKind, dict[Stage, int]] = field(default_factory=dict)
    trend_years: list[int] = field(default_factory=list)
    #: kind -> year -> filed that year (over trend_years)
    filed_trend: dict[CaseKind, dict[int, int]] = field(default_factory=dict)
    granted_trend: dict[int, int] = field(default_factory=dict)
    #: metric -> year -> count (None where a manual count is missing)
    metric_trend: dict[ReportMetric, dict[int, int | None]] = field(default_factory=dict)
    kpis: list[KpiLine] = field(default_factory=list)
    manual_missing: list[ReportMetric] = field(default_factory=list)
    #: OCOP products at the as-of date
    products_total: int = 0
    by_stars: dict[int, dict[IpAtDate, int]] = field(default_factory=dict)
    by_group: dict[ProductGroup, dict[IpAtDate, int]] = field(default_factory=dict)
    top_rated: int = 0
    top_rated_protected: int = 0
    stars_changed: int = 0  # products whose stars changed during the year
    referrals: dict[str, int] = field(default_factory=dict)
    median_referral_to_filing: float | None = None
    referral_to_filing_n: int = 0
    median_filing_to_grant: float | None = None
    filing_to_grant_n: int = 0
    #: ward code (None: unknown) -> filed, granted, products, protected
    by_ward: dict[int | None, dict[str, int]] = field(default_factory=dict)
    by_district: dict[str, dict[str, int]] = field(default_factory=dict)
    #: party -> met, missed, open
    deadlines: dict[Party, dict[str, int]] = field(default_factory=dict)

    @property
    def top_rated_share(self) -> float | None:
        return self.top_rated_protected / self.top_rated if self.top_rated else None

    def kpi(self, metric: ReportMetric) -> KpiLine:
        return next(line for line in self.kpis if line.metric == metric)


# --- timelines ---------------------------------------------------------------------------------

def _local_date(moment: datetime | None) -> date | None:
    return to_local(moment).date() if moment is not None else None


#: Vietnam has kept one offset from UTC since 1976: from then on a stored (naive UTC) time's local
#: date is a plain addition, checked here against the time-zone data (else every time goes the
#: slow, exact way). 10,000 cases have some 30,000 times to convert.
_STEADY_SINCE = datetime(1976, 1, 1)
_STEADY_OFFSET = LOCAL_TZ.utcoffset(datetime(2000, 1, 1))
if any(LOCAL_TZ.utcoffset(datetime(y, m, 1)) != _STEADY_OFFSET for y in range(1976, 2100) for m in (1, 7)):
    _STEADY_SINCE = datetime.max


def _day_of(stamp: datetime | None) -> date | None:
    """The local date of a naive UTC time as stored (what _local_date gives for the aware one)."""
    if stamp is None:
        return None
    if stamp >= _STEADY_SINCE:
        return (stamp + _STEADY_OFFSET).date()
    return to_local(stamp.replace(tzinfo=timezone.utc)).date()


def _raw(column, type_=None):
    """A column read without the model's type processing: naive UTC datetimes (no UTCDateTime), enum
    values as plain strings (mapped back with _STATUSES and the like), for loading 10,000s of rows."""
    return sa.type_coerce(column, type_ if type_ is not None else sa.String()).label(column.key)


def _rows(statement):
    """Core rows of a select over tables (no ORM entities, no ORM row loading)."""
    return db.session.connection().execute(statement).all()


_STATUSES = {status.value: status for status in CaseStatus}
_KINDS = {kind.value: kind for kind in CaseKind}


@dataclass
class _Case:
    id: int
    kind: CaseKind
    ward: int | None
    filing_date: date | None
    grant_date: date | None
    #: (in force from, status), dates non-decreasing
    timeline: list[tuple[date, CaseStatus]]

    @property
    def start(self) -> date:
        return self.timeline[0][0]


def _timeline(events: list[tuple[date | None, date, CaseStatus]]) -> list[tuple[date, CaseStatus]]:
    """Events in recording order as (legal date or None, recorded date, to_status) -> timeline
    (the recorded date may be None where there is a legal date).

    Undated steps take the day they were recorded, capped by the next event's date, so the
    timeline never goes back in time.
    """
    result: list[tuple[date, CaseStatus]] = []
    following: date | None = None
    for legal, recorded, status in reversed(events):
        day = legal or recorded
        if following is not None and day > following:
            day = following
        result.append((day, status))
        following = day
    result.reverse()
    return result


def _synthetic_timeline(created: date, status: CaseStatus, filing: date | None, grant: date | None,
                        today: date) -> list[tuple[date, CaseStatus]]:
    """A timeline for a case with no history rows, from the dates on the case."""
    known = [d for d in (filing, grant) if d]
    start = min([created, *known])
    timeline = [(start, CaseStatus.DRAFT)]
    if filing:
        timeline.append((filing, CaseStatus.FILED))
    if grant:
        timeline.append((grant, CaseStatus.GRANTED))
    if status not in (CaseStatus.DRAFT, CaseStatus.FILED, CaseStatus.GRANTED) or (
            status == CaseStatus.FILED and not filing) or (status == CaseStatus.GRANTED and not grant):
        timeline.append((max([start, *known]) if known else min(created, today), status))
    return timeline


def _load_cases(today: date) -> dict[int, _Case]:
    case, organization, event = Case.__table__.c, Organization.__table__.c, CaseEvent.__table__.c
    events: dict[int, list] = defaultdict(list)
    statuses, day_of = _STATUSES, _day_of
    for case_id, legal, recorded, status in _rows(
            sa.select(event.case_id, event.event_date, _raw(event.created_at, sa.DateTime()), _raw(event.to_status))
            .order_by(event.case_id, event.id)):
        # the recorded day counts only for steps without a legal date (see _timeline)
        events[case_id].append((legal, None if legal else day_of(recorded), statuses[status]))
    cases = {}
    for case_id, kind, status, created, filing, grant, ward in _rows(
            sa.select(case.id, _raw(case.kind), _raw(case.status), _raw(case.created_at, sa.DateTime()),
                      case.filing_date, case.grant_date, organization.ward_code)
            .join_from(Case.__table__, Organization.__table__, organization.id == case.organization_id)):
        history = events.get(case_id)
        timeline = _timeline(history) if history else _synthetic_timeline(day_of(created), statuses[status], filing,
                                                                           grant, today)
        cases[case_id] = _Case(case_id, _KINDS[kind], ward, filing, grant, timeline)
    return cases


# --- products ----------------------------------------------------------------------------------

@dataclass
class _Product:
    id: int
    group: ProductGroup
    ward: int | None
    start: date
    stars_now: int
    #: (changed on, stars before, stars after), in order
    changes: list[tuple[date, int, int]] = field(default_factory=list)

    def stars_on(self, day: date) -> int:
        """The rating in force at the end of `day`: the one before the first later change."""
        for changed_on, before, _after in self.changes:
            if changed_on > day:
                return before
        return self.stars_now


def _load_products() -> dict[int, _Product]:
    products = {}
    product = Product.__table__.c
    groups = {group.value: group for group in ProductGroup}
    for pid, group, ward, stars, issued, created in _rows(
            sa.select(product.id, _raw(product.group), product.ward_code, product.stars,
                      product.certificate_issued_on, _raw(product.created_at, sa.DateTime()))):
        created_day = _day_of(created)
        start = min(issued, created_day) if issued else created_day
        products[pid] = _Product(pid, groups[group], ward, start, stars)
    # Changes of the star rating, from the audit trail of product edits and imports. A change made
    # together with a new certificate date counts from that date (the rating decision's), else from
    # the day it was recorded.
    for entity_id, changes, recorded in db.session.execute(
            sa.select(AuditEntry.entity_id, AuditEntry.changes, AuditEntry.created_at)
            .where(AuditEntry.entity == Product.__tablename__, AuditEntry.action == "update")
            .order_by(AuditEntry.id)):
        stars = (changes or {}).get("stars")
        product = products.get(entity_id)
        if product is None or not stars or stars[0] is None or stars[1] is None:
            continue
        day = _local_date(recorded)
        issued = (changes.get("certificate_issued_on") or [None, None])[1]
        if issued:
            try:
                day = date.fromisoformat(issued)
            except ValueError:
                pass
        product.changes.append((day, int(stars[0]), int(stars[1])))
    for product in products.values():
        product.changes.sort(key=lambda change: change[0])
    return products


@lru_cache(maxsize=1)
def former_districts() -> dict[int, str]:
    """Current ward code -> the district it was in before 1 Jul 2025 (see the CSV's header)."""
    with (DATA_DIR / "former_districts.csv").open(encoding="utf-8") as handle:
        lines = (line for line in handle if not line.startswith("#"))
        return {int(row["ward_code"]): row["former_district"] for row in csv.DictReader(lines)}


# --- the report --------------------------------------------------------------------------------

def as_of_date(year: int, today: date) -> date:
    return min(date(year, 12, 31), today)


def trend_years(year: int, base_years: list[int]) -> list[int]:
    first = min([year - TREND_YEARS + 1, *[b for b in base_years if b < year]])
    first = max(first, year - MAX_TREND_YEARS + 1, MIN_YEAR)
    return list(range(first, year + 1))


def _targets() -> dict[ReportMetric, Target]:
    return {
        t.metric: Target(t.min_growth_pct, t.max_growth_pct, t.base_year, t.source, t.confirmed)
        for t in db.session.scalars(sa.select(PlanTarget))
    }


@contextmanager
def collector_paused():
    """Python's cycle collector off while the report loads its rows (and while WeasyPrint lays it
    out, see services.pdf_bytes): tens of thousands of new small objects would set off full
    collections over the whole process's objects, which more than doubled the time of compute().
    The collector is back on (if it was) afterwards and then frees whatever cycles were left."""
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()


def compute(year: int, today: date | None = None) -> AnnualFigures:
    """All figures of the report for `year` (see the module docstring for what each one means)."""
    with collector_paused():
        return _compute(year, today)


def _compute(year: int, today: date | None) -> AnnualFigures:
    today = today or clock.today()
    as_of = as_of_date(year, today)
    first, last = date(year, 1, 1), as_of
    figures = AnnualFigures(year=year, as_of=as_of, to_date=as_of < date(year, 12, 31))
    targets = _targets()
    cases = _load_cases(today)

    # Applications by kind, and their stage at the as-of date.
    for kind in CaseKind:
        figures.by_kind[kind] = dict.fromkeys(("prepared", "filed", "granted", "refused", "withdrawn", "abandoned"), 0)
        figures.stages[kind] = dict.fromkeys(Stage, 0)
    # One pass over every case's timeline: the statuses it moved into on a day of the year (from
    # another status), its status at the end of the as-of date (the last step dated by then;
    # none: not started) and the year of its first grant.
    filed_by_year: dict[int, Counter] = defaultdict(Counter)
    granted_by_year: Counter = Counter()
    #: case id -> status at the as-of date (absent: not started by then)
    status_at: dict[int, CaseStatus] = {}
    #: cases granted during the year
    granted_in_year: list[_Case] = []
    entered_keys = ((CaseStatus.GRANTED, "granted"), (CaseStatus.REFUSED, "refused"),
                    (CaseStatus.WITHDRAWN, "withdrawn"), (CaseStatus.ABANDONED, "abandoned"))
    stage_of_status = {status: stage_of(status) for status in CaseStatus}
    for case in cases.values():
        counts = figures.by_kind[case.kind]
        if first <= case.start <= last:
            counts["prepared"] += 1
        filing = case.filing_date
        if filing:
            filed_by_year[filing.year][case.kind] += 1
            if first <= filing <= last:
                counts["filed"] += 1
        entered = set()
        previous = now = granted_year = None
        for day, status in case.timeline:
            if status != previous and first <= day <= last:
                entered.add(status)
            if day <= as_of:
                now = status
            if granted_year is None and status == CaseStatus.GRANTED:
                granted_year = day.year
            previous = status
        for status, key in entered_keys:
            if status in entered:
                counts[key] += 1
        if CaseStatus.GRANTED in entered:
            granted_in_year.append(case)
        if granted_year is not None:
            granted_by_year[granted_year] += 1
        if now is not None:
            status_at[case.id] = now
            figures.stages[case.kind][stage_of_status[now]] += 1

    # Trends and the plan's growth targets.
    figures.trend_years = trend_years(year, [t.base_year for t in targets.values()])
    years_needed = set(figures.trend_years) | {t.base_year for t in targets.values()} | {year - 1}
    figures.filed_trend = {kind: {y: filed_by_year[y][kind] for y in figures.trend_years} for kind in CaseKind}
    figures.granted_trend = {y: granted_by_year[y] for y in figures.trend_years}
    manual = {(row.year, row.metric): row for row in db.session.scalars(
        sa.select(ManualCount).where(ManualCount.year.in_(sorted(years_needed))))}

    def count_of(metric: ReportMetric, y: int) -> int | None:
        if metric is ReportMetric.INDUSTRIAL_PROPERTY:
            if y == year:
                return sum(counts["filed"] for counts in figures.by_kind.values())
            return sum(filed_by_year[y].values())
        row = manual.get((y, metric))
        return row.count if row else None

    for metric in ReportMetric:
        figures.metric_trend[metric] = {y: count_of(metric, y) for y in figures.trend_years}
        target = targets.get(metric)
        current, previous = count_of(metric, year), count_of(metric, year - 1)
        base = count_of(metric, target.base_year) if target and target.base_year < year else None
        yoy = yoy_growth(current, previous)
        average = average_growth(current, base, year - target.base_year) if target and base is not None else None
        row = manual.get((year, metric))
        figures.kpis.append(KpiLine(
            metric=metric, count=current, previous=previous, base_count=base, yoy=yoy, average=average, target=target,
            yoy_verdict=verdict(yoy, target.min_pct if target else None),
            average_verdict=verdict(average, target.min_pct if target else None),
            source=row.source if row else "", note=(row.note or "") if row else "",
        ))
        if metric in MANUAL_METRICS and current is None:
            figures.manual_missing.append(metric)

    # OCOP products at the as-of date: stars then, IP status then.
    products = _load_products()
    covering: dict[int, list[int]] = defaultdict(list)
    for case_id, product_id in _rows(sa.select(case_products.c.case_id, case_products.c.product_id)):
        covering[product_id].append(case_id)
    working = IN_PREPARATION | PENDING_AT_OFFICE
    figures.by_stars = {s: dict.fromkeys(IpAtDate, 0) for s in STARS}
    figures.by_group = {g: dict.fromkeys(IpAtDate, 0) for g in ProductGroup}
    product_ip: dict[int, IpAtDate] = {}
    for product in products.values():
        if product.changes and any(first <= day <= last for day, _b, _a in product.changes):
            figures.stars_changed += 1
        if product.start > as_of:
            continue
        statuses = {status_at.get(c) for c in covering.get(product.id, ())}
        if CaseStatus.GRANTED in statuses:
            ip = IpAtDate.PROTECTED
        elif statuses & working:
            ip = IpAtDate.PENDING
        else:
            ip = IpAtDate.NONE
        product_ip[product.id] = ip
        stars = product.stars_on(as_of)
        figures.products_total += 1
        if stars not in figures.by_stars:
            figures.by_stars[stars] = dict.fromkeys(IpAtDate, 0)
        figures.by_stars[stars][ip] += 1
        figures.by_group[product.group][ip] += 1
        if stars >= 4:
            figures.top_rated += 1
            figures.top_rated_protected += ip == IpAtDate.PROTECTED

    # Support requests (the office's referrals to DOST).
    referrals = db.session.execute(sa.select(
        ProductReferral.created_at, ProductReferral.handled_at, ProductReferral.status, ProductReferral.case_id)).all()
    received = accepted = closed = still_open = 0
    to_filing = []
    for created, handled, status, case_id in referrals:
        created_day, handled_day = _local_date(created), _local_date(handled)
        if first <= created_day <= last:
            received += 1
        if handled_day and first <= handled_day <= last:
            accepted += status == ReferralStatus.ACCEPTED
            closed += status == ReferralStatus.CLOSED
        if created_day <= as_of and (handled_day is None or handled_day > as_of):
            still_open += 1
        case = cases.get(case_id) if case_id else None
        if case and case.filing_date and first <= case.filing_date <= last:
            to_filing.append((case.filing_date - created_day).days)
    figures.referrals = {"received": received, "accepted": accepted, "closed": closed,
                         "handled": accepted + closed, "open": still_open}
    granted_ids = {case.id for case in granted_in_year}
    to_grant = [(case.grant_date - case.filing_date).days for case in granted_in_year
                if case.filing_date and case.grant_date]
    figures.median_referral_to_filing = statistics.median(to_filing) if to_filing else None
    figures.referral_to_filing_n = len(to_filing)
    figures.median_filing_to_grant = statistics.median(to_grant) if to_grant else None
    figures.filing_to_grant_n = len(to_grant)

    # By ward and by former district.
    def blank() -> dict[str, int]:
        return dict.fromkeys(("filed", "granted", "products", "protected"), 0)

    by_ward: dict[int | None, dict[str, int]] = defaultdict(blank)
    for case in cases.values():
        if case.filing_date and first <= case.filing_date <= last:
            by_ward[case.ward]["filed"] += 1
        if case.id in granted_ids:
            by_ward[case.ward]["granted"] += 1
    for product_id, ip in product_ip.items():
        ward = products[product_id].ward
        by_ward[ward]["products"] += 1
        by_ward[ward]["protected"] += ip == IpAtDate.PROTECTED
    figures.by_ward = dict(by_ward)
    districts = former_districts()
    by_district: dict[str, dict[str, int]] = defaultdict(blank)
    for ward, values in by_ward.items():
        name = districts.get(ward, "") if ward is not None else ""
        for key, value in values.items():
            by_district[name][key] += value
    figures.by_district = dict(by_district)

    # Deadlines due in the year.
    figures.deadlines = {party: dict.fromkeys(("met", "missed", "open"), 0) for party in Party}
    for due, state, party in db.session.execute(
            sa.select(Deadline.due_date, Deadline.state, DeadlineRule.party)
            .join(DeadlineRule, DeadlineRule.id == Deadline.rule_id).where(Deadline.due_date >= first, Deadline.due_date <= date(year, 12, 31))):
        if state == DeadlineState.MET:
            figures.deadlines[party]["met"] += 1
        elif state == DeadlineState.MISSED or (state == DeadlineState.OPEN and due < as_of):
            figures.deadlines[party]["missed"] += 1
        elif state == DeadlineState.OPEN:
            figures.deadlines[party]["open"] += 1

    figures.empty = not (
        any(any(c.values()) for c in figures.by_kind.values())
        or any(any(s.values()) for s in figures.stages.values())
        or figures.products_total
        or received or accepted or closed
        or any(any(d.values()) for d in figures.deadlines.values())
        or any(line.count for line in figures.kpis if line.metric.manual)
    )
    return figures
