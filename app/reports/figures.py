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
- **deadlines** due in the year, by who must act (the IP office's expected dates apart from the
  applicant's): met, missed (or overdue and still open at the as-of date), not yet due; cancelled
  ones and dates to know (a renewal window opening, a silent formality examination) are not counted.
"""
from __future__ import annotations

import csv
import gc
import statistics
from collections import Counter, defaultdict
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import date, datetime, timezone
from functools import lru_cache
from pathlib import Path

import sqlalchemy as sa
from flask_babel import lazy_gettext as _l

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
from app.models.base import TitledEnum
from app.models.case import IN_PREPARATION, PENDING_AT_OFFICE, PROTECTION_ENDED
from app.models.deadline import DeadlineState
from app.models.report import MANUAL_METRICS
from app.products import ip_status
from app.products.ip_status import IpStatus

#: the earliest year a report may be asked for (the national IP strategy dates from 2019)
MIN_YEAR = 2000
#: years shown in the trend tables and charts before the report's year (at least)
TREND_YEARS = 5
#: never more years than this in a trend, whatever the base year
MAX_TREND_YEARS = 15
STARS = (3, 4, 5)
#: a kind's applications counted in the year, in the tables' order
YEAR_COUNTS = ("prepared", "filed", "granted", "refused", "withdrawn", "abandoned")
#: what the report counts by ward and by former district, in the tables' order
WARD_COUNTS = ("filed", "granted", "products", "protected")
DATA_DIR = Path(__file__).resolve().parent / "data"


class Stage(TitledEnum):
    """Where a case stands at a date, as the report groups statuses."""

    PREPARATION = "preparation", _l("Being prepared")
    PENDING = "pending", _l("Pending at the IP office")
    GRANTED = "granted", _l("Granted")
    REFUSED = "refused", _l("Refused")
    WITHDRAWN = "withdrawn", _l("Withdrawn or abandoned")


class IpAtDate(TitledEnum):
    """A product's IP status at a date."""

    PROTECTED = "protected", _l("Protected")
    PENDING = "pending", _l("Being registered")
    NONE = "none", _l("Not registered")


class Verdict(TitledEnum):
    """Whether a growth figure reaches its target."""

    MET = "met", _l("Met")  # đạt
    NOT_MET = "not_met", _l("Not met")  # chưa đạt
    NO_DATA = "no_data", _l("Not enough data")  # chưa đủ số liệu


def stage_of(status: CaseStatus) -> Stage:
    if status in IN_PREPARATION:
        return Stage.PREPARATION
    if status in PENDING_AT_OFFICE:
        return Stage.PENDING
    if status == CaseStatus.GRANTED or status in PROTECTION_ENDED:  # the application ended in a grant
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


@dataclass(slots=True)
class _Case:
    id: int
    kind: CaseKind
    ward: int | None
    filing_date: date | None
    grant_date: date | None
    #: a granted mark's expiry as it stands today (renewals included); None for a GI
    expiry_date: date | None
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
    for case_id, kind, status, created, filing, grant, expiry, ward in _rows(
            sa.select(case.id, _raw(case.kind), _raw(case.status), _raw(case.created_at, sa.DateTime()),
                      case.filing_date, case.grant_date, case.expiry_date, organization.ward_code)
            .join_from(Case.__table__, Organization.__table__, organization.id == case.organization_id)):
        history = events.get(case_id)
        timeline = _timeline(history) if history else _synthetic_timeline(day_of(created), statuses[status], filing,
                                                                           grant, today)
        cases[case_id] = _Case(case_id, _KINDS[kind], ward, filing, grant, expiry, timeline)
    return cases


# --- products ----------------------------------------------------------------------------------

@dataclass(slots=True)
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
    today = today or clock.today()
    with collector_paused():
        return _compute(year, today, _load(today))


def compute_years(years: list[int], today: date | None = None) -> dict[int, AnnualFigures]:
    """The figures of several years (a mid-term or final review), the data read once for all of them."""
    today = today or clock.today()
    with collector_paused():
        data = _load(today)
        return {year: _compute(year, today, data) for year in years}


#: keyword arguments of AnnualFigures: the part of it one section of the report fills
_Fields = dict[str, object]
#: the statuses whose transition in the year a kind's counts record
_ENTERED_KEYS = ((CaseStatus.GRANTED, "granted"), (CaseStatus.REFUSED, "refused"),
                 (CaseStatus.WITHDRAWN, "withdrawn"), (CaseStatus.ABANDONED, "abandoned"))


@dataclass(frozen=True)
class _Period:
    """The report's year up to its as-of date: what happened "in the year" is dated first..last."""

    first: date  # 1 January
    last: date  # the as-of date

    @property
    def year(self) -> int:
        """The report's year."""
        return self.first.year


@dataclass
class _Data:
    """What every year's figures are computed from, read once (nothing in it is changed by _compute)."""

    cases: dict[int, _Case]
    products: dict[int, _Product]
    targets: dict[ReportMetric, Target]


def _load(today: date) -> _Data:
    return _Data(_load_cases(today), _load_products(), _targets())


def _compute(year: int, today: date, data: _Data) -> AnnualFigures:
    """The report section by section (in the order of the module docstring), each from the data it needs."""
    as_of = as_of_date(year, today)
    period = _Period(date(year, 1, 1), as_of)
    cases, products, targets = data.cases, data.products, data.targets
    timelines = _read_timelines(cases, period)
    by_kind = _applications_by_kind(cases, timelines.entered, period)
    years = trend_years(year, [target.base_year for target in targets.values()])
    filed_by_year = _filed_by_year(cases)
    filed_in_year = sum(counts["filed"] for counts in by_kind.values())
    product_ip = _ip_at_date(products, cases, timelines.status_at, as_of)
    by_ward = _by_ward(cases, products, product_ip, timelines.granted_in_year, period)
    figures = AnnualFigures(
        year=year, as_of=as_of, to_date=as_of < date(year, 12, 31),
        by_kind=by_kind,
        stages=_stages_at_date(cases, timelines.status_at),
        **_trends(years, filed_by_year, timelines.granted_by_year),
        **_growth_against_targets(year, years, targets, filed_in_year, filed_by_year),
        **_ocop_products(products, product_ip, period),
        **_support_requests(cases, timelines.granted_in_year, period),
        by_ward=by_ward,
        by_district=_by_former_district(by_ward),
        deadlines=_deadlines(period),
    )
    figures.empty = _nothing_to_report(figures)
    return figures


# --- applications: in the year, and their stage at the as-of date ------------------------------

@dataclass
class _Timelines:
    """What the cases' timelines say about the report's year (see _read_timelines)."""

    #: case id -> the statuses it moved into on a day of the year (cases that moved into none left out)
    entered: dict[int, set[CaseStatus]] = field(default_factory=dict)
    #: case id -> its status at the end of the as-of date (absent: not started by then)
    status_at: dict[int, CaseStatus] = field(default_factory=dict)
    #: year -> cases first granted that year
    granted_by_year: Counter = field(default_factory=Counter)
    #: cases granted during the year
    granted_in_year: list[_Case] = field(default_factory=list)


def _read_timelines(cases: dict[int, _Case], period: _Period) -> _Timelines:
    """Every case's timeline read in one pass, as there are tens of thousands of steps: the statuses
    it moved into on a day of the year (from another status), its status at the end of the as-of date
    (the last step dated by then; none: not started) and the year of its first grant."""
    read = _Timelines()
    first, last = period.first, period.last
    for case in cases.values():
        entered = set()
        previous = now = granted_year = None
        for day, status in case.timeline:
            if status != previous and first <= day <= last:
                entered.add(status)
            if day <= last:
                now = status
            if granted_year is None and status == CaseStatus.GRANTED:
                granted_year = day.year
            previous = status
        if entered:
            read.entered[case.id] = entered
            if CaseStatus.GRANTED in entered:
                read.granted_in_year.append(case)
        if granted_year is not None:
            read.granted_by_year[granted_year] += 1
        if now is not None:
            read.status_at[case.id] = now
    return read


def _applications_by_kind(cases: dict[int, _Case], entered: dict[int, set[CaseStatus]],
                          period: _Period) -> dict[CaseKind, dict[str, int]]:
    """Kind -> applications prepared, filed, granted, refused, withdrawn and abandoned in the year."""
    by_kind = {kind: dict.fromkeys(YEAR_COUNTS, 0) for kind in CaseKind}
    first, last = period.first, period.last
    for case in cases.values():
        counts = by_kind[case.kind]
        if first <= case.start <= last:
            counts["prepared"] += 1
        if case.filing_date and first <= case.filing_date <= last:
            counts["filed"] += 1
    for case_id, statuses in entered.items():
        counts = by_kind[cases[case_id].kind]
        for status, key in _ENTERED_KEYS:
            if status in statuses:
                counts[key] += 1
    return by_kind


def _stages_at_date(cases: dict[int, _Case], status_at: dict[int, CaseStatus]) -> dict[CaseKind, dict[Stage, int]]:
    """Kind -> stage -> cases at the as-of date (cases not started by then left out)."""
    stages = {kind: dict.fromkeys(Stage, 0) for kind in CaseKind}
    stage_of_status = {status: stage_of(status) for status in CaseStatus}
    for case_id, status in status_at.items():
        stages[cases[case_id].kind][stage_of_status[status]] += 1
    return stages


# --- trends and growth against the plan's targets ----------------------------------------------

def _filed_by_year(cases: dict[int, _Case]) -> dict[int, Counter]:
    """Year -> kind -> applications filed that year (withdrawn ones included)."""
    filed: dict[int, Counter] = defaultdict(Counter)
    for case in cases.values():
        if case.filing_date:
            filed[case.filing_date.year][case.kind] += 1
    return filed


def _trends(years: list[int], filed_by_year: dict[int, Counter], granted_by_year: Counter) -> _Fields:
    """Applications filed by kind and grants, year by year over the trend's years."""
    return dict(
        trend_years=years,
        filed_trend={kind: {y: filed_by_year[y][kind] for y in years} for kind in CaseKind},
        granted_trend={y: granted_by_year[y] for y in years},
    )


@dataclass(frozen=True)
class _MetricCounts:
    """A metric's count in a year: industrial-property applications from the cases, the others as
    DOST entered them (None where no count was entered)."""

    year: int
    filed_in_year: int  # filed from 1 January to the as-of date
    filed_by_year: dict[int, Counter]
    manual: dict[tuple[int, ReportMetric], ManualCount]

    def of(self, metric: ReportMetric, year: int) -> int | None:
        """The count for `year` (this year's applications: up to the as-of date)."""
        if metric is ReportMetric.INDUSTRIAL_PROPERTY:
            if year == self.year:
                return self.filed_in_year
            return sum(self.filed_by_year[year].values())
        row = self.manual.get((year, metric))
        return row.count if row else None


def _manual_counts(years: set[int]) -> dict[tuple[int, ReportMetric], ManualCount]:
    """(year, metric) -> the count DOST entered, for these years."""
    return {(row.year, row.metric): row for row in db.session.scalars(
        sa.select(ManualCount).where(ManualCount.year.in_(sorted(years))))}


def _growth_against_targets(year: int, years: list[int], targets: dict[ReportMetric, Target],
                            filed_in_year: int, filed_by_year: dict[int, Counter]) -> _Fields:
    """Every metric's counts over the trend's years, and its KPI line against the plan's target."""
    needed = set(years) | {target.base_year for target in targets.values()} | {year - 1}
    counts = _MetricCounts(year, filed_in_year, filed_by_year, _manual_counts(needed))
    kpis = [_kpi_line(metric, year, targets.get(metric), counts) for metric in ReportMetric]
    return dict(
        metric_trend={metric: {y: counts.of(metric, y) for y in years} for metric in ReportMetric},
        kpis=kpis,
        manual_missing=[line.metric for line in kpis if line.metric in MANUAL_METRICS and line.count is None],
    )


def _kpi_line(metric: ReportMetric, year: int, target: Target | None, counts: _MetricCounts) -> KpiLine:
    """One metric's counts, growth and verdicts for the year; without a target, no verdict."""
    current, previous = counts.of(metric, year), counts.of(metric, year - 1)
    base = counts.of(metric, target.base_year) if target and target.base_year < year else None
    yoy = yoy_growth(current, previous)
    average = average_growth(current, base, year - target.base_year) if target and base is not None else None
    minimum = target.min_pct if target else None
    row = counts.manual.get((year, metric))
    return KpiLine(
        metric=metric, count=current, previous=previous, base_count=base, yoy=yoy, average=average, target=target,
        yoy_verdict=verdict(yoy, minimum), average_verdict=verdict(average, minimum),
        source=row.source if row else "", note=(row.note or "") if row else "",
    )


# --- OCOP products at the as-of date -----------------------------------------------------------

def _covering_cases() -> dict[int, list[int]]:
    """Product id -> the cases that cover it."""
    covering: dict[int, list[int]] = defaultdict(list)
    for case_id, product_id in _rows(sa.select(case_products.c.case_id, case_products.c.product_id)):
        covering[product_id].append(case_id)
    return covering


#: the registry's status (app/products/ip_status.py) as the report counts it: a title past its term
#: (in the late-renewal period or lapsed) is not protected
_IP_AT_DATE = {IpStatus.PROTECTED: IpAtDate.PROTECTED, IpStatus.PENDING: IpAtDate.PENDING}


def _ip_at_date(products: dict[int, _Product], cases: dict[int, _Case], status_at: dict[int, CaseStatus],
                as_of: date) -> dict[int, IpAtDate]:
    """Product id -> IP status at the as-of date, for the OCOP products there were by then (a granted
    mark counts as protected up to its expiry date as it stands today)."""
    covering = _covering_cases()
    product_ip: dict[int, IpAtDate] = {}
    for product in products.values():
        if product.start > as_of:
            continue
        given = [ip_status.case_status_on(status_at[c], cases[c].expiry_date, as_of)
                 for c in covering.get(product.id, ()) if c in status_at]
        product_ip[product.id] = _IP_AT_DATE.get(ip_status.best(g for g in given if g), IpAtDate.NONE)
    return product_ip


def _ocop_products(products: dict[int, _Product], product_ip: dict[int, IpAtDate], period: _Period) -> _Fields:
    """The OCOP products at the as-of date by stars then and by group, with their IP status then."""
    by_stars = {s: dict.fromkeys(IpAtDate, 0) for s in STARS}
    by_group = {g: dict.fromkeys(IpAtDate, 0) for g in ProductGroup}
    top_rated = top_rated_protected = 0
    for product_id, ip in product_ip.items():
        product = products[product_id]
        stars = product.stars_on(period.last)
        if stars not in by_stars:
            by_stars[stars] = dict.fromkeys(IpAtDate, 0)
        by_stars[stars][ip] += 1
        by_group[product.group][ip] += 1
        if stars >= 4:
            top_rated += 1
            top_rated_protected += ip == IpAtDate.PROTECTED
    return dict(products_total=len(product_ip), by_stars=by_stars, by_group=by_group, top_rated=top_rated,
                top_rated_protected=top_rated_protected, stars_changed=_stars_changed(products, period))


def _stars_changed(products: dict[int, _Product], period: _Period) -> int:
    """Products whose star rating changed during the year (certified by the as-of date or not)."""
    first, last = period.first, period.last
    return sum(1 for product in products.values()
               if product.changes and any(first <= day <= last for day, _b, _a in product.changes))


# --- support requests --------------------------------------------------------------------------

def _support_requests(cases: dict[int, _Case], granted_in_year: list[_Case], period: _Period) -> _Fields:
    """The office's referrals to DOST, and the median days from referral to filing and filing to grant."""
    referrals, to_filing = _referrals(cases, period)
    to_grant = [(case.grant_date - case.filing_date).days for case in granted_in_year
                if case.filing_date and case.grant_date]
    return dict(referrals=referrals,
                median_referral_to_filing=_median(to_filing), referral_to_filing_n=len(to_filing),
                median_filing_to_grant=_median(to_grant), filing_to_grant_n=len(to_grant))


def _referrals(cases: dict[int, _Case], period: _Period) -> tuple[dict[str, int], list[int]]:
    """Referrals received and handled (accepted or closed) in the year and still open at the as-of date;
    and the days from each referral to the filing of its case, for cases filed in the year."""
    first, last = period.first, period.last
    received = accepted = closed = still_open = 0
    to_filing = []
    for created, handled, status, case_id in db.session.execute(sa.select(
            ProductReferral.created_at, ProductReferral.handled_at, ProductReferral.status, ProductReferral.case_id)):
        created_day, handled_day = _local_date(created), _local_date(handled)
        if first <= created_day <= last:
            received += 1
        if handled_day and first <= handled_day <= last:
            accepted += status == ReferralStatus.ACCEPTED
            closed += status == ReferralStatus.CLOSED
        if created_day <= last and (handled_day is None or handled_day > last):
            still_open += 1
        case = cases.get(case_id) if case_id else None
        if case and case.filing_date and first <= case.filing_date <= last:
            to_filing.append((case.filing_date - created_day).days)
    counts = {"received": received, "accepted": accepted, "closed": closed, "handled": accepted + closed,
              "open": still_open}
    return counts, to_filing


def _median(days: list[int]) -> float | None:
    """The median number of days; None without any (the table prints "—")."""
    return statistics.median(days) if days else None


# --- by ward and by former district ------------------------------------------------------------

def _ward_counts() -> dict[str, int]:
    """Zero of everything counted for a ward or a former district."""
    return dict.fromkeys(WARD_COUNTS, 0)


def _by_ward(cases: dict[int, _Case], products: dict[int, _Product], product_ip: dict[int, IpAtDate],
             granted_in_year: list[_Case], period: _Period) -> dict[int | None, dict[str, int]]:
    """Ward code (None: unknown) -> applications filed and granted in the year (the organization's
    ward), OCOP products at the as-of date and those protected then (the product's ward)."""
    granted_ids = {case.id for case in granted_in_year}
    by_ward: dict[int | None, dict[str, int]] = defaultdict(_ward_counts)
    for case in cases.values():
        if case.filing_date and period.first <= case.filing_date <= period.last:
            by_ward[case.ward]["filed"] += 1
        if case.id in granted_ids:
            by_ward[case.ward]["granted"] += 1
    for product_id, ip in product_ip.items():
        ward = products[product_id].ward
        by_ward[ward]["products"] += 1
        by_ward[ward]["protected"] += ip == IpAtDate.PROTECTED
    return dict(by_ward)


def _by_former_district(by_ward: dict[int | None, dict[str, int]]) -> dict[str, dict[str, int]]:
    """The ward counts added up by former district ("": unknown)."""
    districts = former_districts()
    by_district: dict[str, dict[str, int]] = defaultdict(_ward_counts)
    for ward, values in by_ward.items():
        name = districts.get(ward, "") if ward is not None else ""
        for key, value in values.items():
            by_district[name][key] += value
    return dict(by_district)


# --- deadlines ---------------------------------------------------------------------------------

def _deadlines(period: _Period) -> dict[Party, dict[str, int]]:
    """Party -> deadlines due in the year met, missed (or overdue and open at the as-of date) and not yet
    due; cancelled ones are not counted."""
    deadlines = {party: dict.fromkeys(("met", "missed", "open"), 0) for party in Party}
    for due, state, party in db.session.execute(
            sa.select(Deadline.due_date, Deadline.state, DeadlineRule.party)
            .join(DeadlineRule, DeadlineRule.id == Deadline.rule_id)
            .where(Deadline.due_date >= period.first, Deadline.due_date <= date(period.year, 12, 31),
                   DeadlineRule.informational.is_(False))):
        if state == DeadlineState.MET:
            deadlines[party]["met"] += 1
        elif state == DeadlineState.MISSED or (state == DeadlineState.OPEN and due < period.last):
            deadlines[party]["missed"] += 1
        elif state == DeadlineState.OPEN:
            deadlines[party]["open"] += 1
    return deadlines


def _nothing_to_report(f: AnnualFigures) -> bool:
    """No application, stage, product, referral, deadline or entered count to show for the year."""
    return not (
        any(any(c.values()) for c in f.by_kind.values())
        or any(any(s.values()) for s in f.stages.values())
        or f.products_total
        or f.referrals["received"] or f.referrals["accepted"] or f.referrals["closed"]
        or any(any(d.values()) for d in f.deadlines.values())
        or any(line.count for line in f.kpis if line.metric.manual)
    )
