"""Mid-term and final reviews: the annual report over a range of years (the plan asks for a review
of 2021–2025, "sơ kết", and a final one in 2030, "tổng kết"), with each year's figures side by side,
the period's total and average growth, the plan's targets as they stand in the last year, and the
agencies' contributed figures year by year.

Every year's figures are the annual report's own (figures.compute_years reads the data once for
all of them), so a review never disagrees with the annual reports it sums up. A range that runs
into the future (the final review asked in 2026) shows the years so far and says which have not
come yet. The plan's period comes from the report settings (admin-editable).
"""
from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from flask_babel import force_locale
from flask_babel import gettext as _

from app import clock
from app.contributions.services import consolidated
from app.i18n import format_date_vn
from app.models import CaseKind, Party, ReportMetric
from app.reports import charts as charts_module
from app.reports import services, xlsx
from app.reports import tables as tables_module
from app.reports.figures import MAX_TREND_YEARS, MIN_YEAR, AnnualFigures, average_growth, compute_years
from app.reports.tables import Pct, Table

#: table keys of a review (their PDF widths are in services.PDF_COLUMN_WIDTHS)
YEARS_KEY, CONTRIBUTED_KEY, MISSING_KEY = "review_years", "review_contributed", "review_missing"


@dataclass(frozen=True)
class Period:
    """The years a review covers, as asked (the last may not have come yet)."""

    first: int
    last: int

    def shown_years(self, today: date) -> list[int]:
        return list(range(self.first, min(self.last, today.year) + 1))


def plan_periods() -> tuple[Period, Period]:
    """The mid-term and the final review of the plan, from the report settings."""
    row = services.settings()
    return Period(row.plan_first_year, row.midterm_last_year), Period(row.plan_first_year, row.plan_last_year)


def period_error(first: int, last: int, today: date | None = None) -> tuple[str, str] | None:
    """Why a range of years cannot be reviewed: (the year at fault, "first" or "last", and the reason
    in the UI's language), or None."""
    this_year = (today or clock.today()).year
    if first < MIN_YEAR or first > this_year:
        return "first", _("The first year must be between %(min)d and %(max)d.", min=MIN_YEAR, max=this_year)
    if last < first:
        return "last", _("The last year cannot be before the first year.")
    if last - first + 1 > MAX_TREND_YEARS:
        return "last", _("A review covers at most %(n)d years.", n=MAX_TREND_YEARS)
    return None


@dataclass
class Review:
    """Everything a rendering of a review shows, in one locale (the same fields as services.Report)."""

    period: Period
    yearly: dict[int, AnnualFigures]
    tables: dict[str, Table]
    charts: dict[str, charts_module.Chart]
    sections: list[tuple[str, list[str], list[str]]]
    settings: dict
    empty_message: str | None = None

    @property
    def years(self) -> list[int]:
        return list(self.yearly)

    @property
    def last_figures(self) -> AnnualFigures:
        return self.yearly[self.years[-1]]

    @property
    def title(self) -> str:
        first, last = self.period.first, self.period.last
        midterm, final = plan_periods()
        if self.period == midterm:
            return _("Mid-term review %(first)d–%(last)d of the IP plan", first=first, last=last)
        if self.period == final:
            return _("Final review %(first)d–%(last)d of the IP plan", first=first, last=last)
        return _("Review of the IP plan over %(first)d–%(last)d", first=first, last=last)

    @property
    def as_of_line(self) -> str:
        day = format_date_vn(self.last_figures.as_of)
        if self.years[-1] < self.period.last:
            return _("Figures up to %(day)s; the years %(first)d–%(last)d have not come yet.", day=day,
                     first=self.years[-1] + 1, last=self.period.last)
        if self.last_figures.to_date:
            return _("Figures up to %(day)s (the last year is not over).", day=day)
        return _("Figures for the whole period, as of %(day)s.", day=day)


# --- the table of each year's figures ----------------------------------------------------------

@dataclass(frozen=True)
class _Row:
    label: str
    values: list
    #: a flow (summed over the period) or a stock (the period's value is the last year's)
    summed: bool = True


def _filed(f: AnnualFigures, kind: CaseKind | None = None) -> int:
    kinds = [kind] if kind else list(CaseKind)
    return sum(f.by_kind[k]["filed"] for k in kinds)


def _rows(yearly: dict[int, AnnualFigures]) -> list[_Row]:
    figures = list(yearly.values())
    rows = [_Row(_("Industrial-property applications filed"), [_filed(f) for f in figures])]
    rows += [_Row(_("of which: %(kind)s", kind=kind.title), [_filed(f, kind) for f in figures]) for kind in CaseKind]
    rows += [
        _Row(_("Grants"), [sum(f.by_kind[k]["granted"] for k in CaseKind) for f in figures]),
        _Row(_("Refusals"), [sum(f.by_kind[k]["refused"] for k in CaseKind) for f in figures]),
    ]
    rows += [_Row(metric.title, [f.kpi(metric).count for f in figures]) for metric in ReportMetric if metric.manual]
    rows += [
        _Row(_("OCOP products at the end of the year"), [f.products_total for f in figures], summed=False),
        _Row(_("4–5-star products protected at the end of the year"), [f.top_rated_protected for f in figures],
             summed=False),
        _Row(_("Share of 4–5-star products protected"), [Pct(f.top_rated_share) for f in figures], summed=False),
        _Row(_("Requests for IP support received"), [f.referrals["received"] for f in figures]),
        _Row(_("Deadlines missed"), [sum(f.deadlines[p]["missed"] for p in Party) for f in figures]),
    ]
    return rows


def _period_value(row: _Row):
    """The whole period's figure: the sum of a flow (unknown if a year is missing), a stock's last value."""
    if not row.summed:
        return row.values[-1]
    return None if any(v is None for v in row.values) else sum(row.values)


def _growth(row: _Row) -> Pct:
    """Average yearly growth from the first year to the last (none for shares, or from a zero)."""
    first, last = row.values[0], row.values[-1]
    if isinstance(first, Pct) or len(row.values) < 2:
        return Pct(None)
    return Pct(average_growth(last, first, len(row.values) - 1))


def years_table(yearly: dict[int, AnnualFigures]) -> Table:
    years = list(yearly)
    table = Table(YEARS_KEY, _("Results year by year, %(first)d–%(last)d", first=years[0], last=years[-1]),
                  [_("Indicator"), *[str(y) for y in years], _("Whole period"), _("Average yearly growth")],
                  note=_("Whole period: applications, grants, counts and requests are added up; products and "
                         "shares are those at the end of the last year. Average growth is compound, from the "
                         "first year to the last; it cannot be computed from a zero or missing figure."))
    for row in _rows(yearly):
        table.rows.append([row.label, *row.values, _period_value(row), _growth(row)])
    return table


# --- the agencies' contributions year by year --------------------------------------------------

def contribution_tables(years: list[int]) -> tuple[Table, Table]:
    """Each contributed figure (by agency) year by year, and who had not contributed each year."""
    by_figure: dict[tuple, dict[int, object]] = {}
    missing = Table(MISSING_KEY, _("Agencies that had not contributed, by year"), [_("Year"), _("Agencies")])
    for year in years:
        data = consolidated(year)
        if data is None:
            missing.rows.append([str(year), _("No collection round was opened.")])
            continue
        for figure in data.figures:
            key = (figure.section.title, figure.label, figure.agency)
            by_figure.setdefault(key, {})[year] = format_date_vn(figure.day) if figure.day else figure.amount
        names = ", ".join(name for name, _status, _late in data.missing)
        missing.rows.append([str(year), names or _("Every agency asked has contributed.")])
    contributed = Table(CONTRIBUTED_KEY, _("Figures contributed by the agencies, year by year"),
                        [_("Figure"), _("Agency"), *[str(y) for y in years]],
                        note=_("— : no accepted figure that year."))
    for (_section, label, agency), values in by_figure.items():
        contributed.rows.append([label, agency, *[values.get(y) for y in years]])
    if not contributed.rows:
        contributed.note = _("No agency's figures have been accepted for these years.")
    return contributed, missing


# --- charts ------------------------------------------------------------------------------------

def _charts(yearly: dict[int, AnnualFigures]) -> dict[str, charts_module.Chart]:
    years = list(yearly)
    labels = [str(y) for y in years]
    kinds = [k for k in CaseKind if any(_filed(f, k) for f in yearly.values())] or [CaseKind.TRADEMARK]
    filed = charts_module.bar_chart("review_filed", _("Applications filed per year, by kind"), labels,
                                    [(k.title, [_filed(f, k) for f in yearly.values()]) for k in kinds])
    line = yearly[years[-1]].kpi(ReportMetric.INDUSTRIAL_PROPERTY)
    target = charts_module.line_chart(
        "review_target", _("Applications filed against the plan's target"), labels,
        (_("Filed applications"), [_filed(f) for f in yearly.values()]), charts_module.target_path(line, years))
    return {"review_filed": filed, "review_target": target}


# --- the review --------------------------------------------------------------------------------

def build(period: Period, today: date | None = None) -> Review:
    """The review of a period (checked with period_error first) in the current locale."""
    today = today or clock.today()
    yearly = compute_years(period.shown_years(today), today)
    years = list(yearly)
    contributed, missing = contribution_tables(years)
    tables = {t.key: t for t in (years_table(yearly), tables_module.kpi_table(yearly[years[-1]]), contributed,
                                 missing)}
    sections = [
        (_("Results year by year"), [YEARS_KEY], ["review_filed", "review_target"]),
        (_("Results against the plan's targets in %(year)d", year=years[-1]), ["kpi"], []),
        (_("Contributions of the agencies"), [CONTRIBUTED_KEY, MISSING_KEY], []),
    ]
    empty = all(f.empty for f in yearly.values()) and not contributed.rows
    return Review(period, yearly, tables, _charts(yearly), sections, services.settings_data(),
                  _("There is no data for %(first)d–%(last)d.", first=period.first, last=period.last)
                  if empty else None)


def pdf_bytes(period: Period) -> bytes:
    """The review as a Vietnamese administrative report (the annual report's template)."""
    with force_locale(services.PDF_LOCALE):
        review = build(period)
        context = services.pdf_context(review, year=review.years[-1], review_title=str(review.title))
    return services.render_cached(context)


def xlsx_bytes(period: Period) -> bytes:
    with force_locale(services.PDF_LOCALE):
        review = build(period)
        s = review.settings
        cover = [(_("Reporting agency"), f"{s['parent_agency']} – {s['agency']}"),
                 (_("Addressed to"), s["recipient"]),
                 (_("Period"), f"{period.first}–{period.last}")]
        return xlsx.workbook_bytes(str(review.title), str(review.as_of_line), cover, list(review.tables.values()),
                                   review.empty_message)
