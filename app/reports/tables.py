"""The report's tables, laid out once from the figures: the HTML page, the PDF and the Excel file
all print these, cell for cell. Labels are translated in the caller's locale (Vietnamese for the
PDF and the Excel file, which are filed with the provincial People's Committee)."""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import Union

from babel.numbers import format_decimal
from flask_babel import get_locale
from flask_babel import gettext as _

from app.addresses import ward_name
from app.models import CaseKind, Party, ProductGroup, ReportMetric
from app.reports.figures import WARD_COUNTS, YEAR_COUNTS, AnnualFigures, IpAtDate, Stage, former_districts
from app.text import sort_key


@dataclass(frozen=True)
class Pct:
    """A growth or a share, as a fraction (0.035 prints "3,5 %")."""

    value: float | None


@dataclass(frozen=True)
class Dec:
    """A decimal number such as a median of days (one decimal at most)."""

    value: float | None


Cell = Union[int, str, Pct, Dec, None]


@dataclass
class Table:
    key: str
    title: str
    columns: list[str]
    rows: list[list[Cell]] = field(default_factory=list)
    note: str = ""
    #: rows whose first cell is a total (printed bold)
    total_rows: int = 0


def _locale() -> str:
    """The locale being rendered (Flask-Babel's, so force_locale("vi") for the PDF is honoured)."""
    return str(get_locale() or "vi")


def format_number(value: int) -> str:
    """'1.234' in Vietnamese, '1,234' in English."""
    return format_decimal(value, locale=_locale())


def format_decimal_vn(value: float) -> str:
    """At most one decimal: '3,5', '12'."""
    return format_decimal(value, format="#,##0.#", locale=_locale())


def target_text(line) -> str:
    target = line.target
    if target is None:
        return "—"
    low = format_decimal_vn(target.min_pct)
    if target.max_pct is not None and target.max_pct != target.min_pct:
        return _("%(low)s–%(high)s %% a year", low=low, high=format_decimal_vn(target.max_pct))
    return _("%(low)s %% a year", low=low)


def format_cell(value: Cell) -> str:
    """How a cell prints on the page and in the PDF."""
    if value is None:
        return "—"
    if isinstance(value, Pct):
        return "—" if value.value is None else f"{format_decimal_vn(round(value.value * 100, 1))} %"
    if isinstance(value, Dec):
        return "—" if value.value is None else format_decimal_vn(round(value.value, 1))
    if isinstance(value, bool):
        return str(int(value))
    if isinstance(value, int):
        return format_number(value)
    return str(value)


def build_tables(f: AnnualFigures) -> list[Table]:
    """Every table of the report, in the order of its sections."""
    return [
        kpi_table(f),
        _applications_table(f),
        _stages_table(f),
        _trend_table(f),
        _other_rights_table(f),
        _sources_table(f),
        _ocop_stars_table(f),
        _ocop_groups_table(f),
        _ocop_summary_table(f),
        _support_table(f),
        _wards_table(f),
        _districts_table(f),
        _deadlines_table(f),
    ]


def _counts_with_totals(key: str, title: str, heading: str, columns: dict, rows: list[tuple[str, dict]]) -> Table:
    """Counts by column, each labelled row with its total at the end and a total row at the bottom."""
    table = Table(key, title, [heading, *columns.values(), _("Total")], total_rows=1)
    for label, counts in rows:
        values = [counts[column] for column in columns]
        table.rows.append([label, *values, sum(values)])
    totals = [sum(counts[column] for _label, counts in rows) for column in columns]
    table.rows.append([_("Total"), *totals, sum(totals)])
    return table


# --- results against the plan's targets --------------------------------------------------------

def kpi_table(f: AnnualFigures) -> Table:
    """Each metric of the plan: counts, growth and verdicts against its target."""
    table = Table("kpi", _("Targets of the provincial plan"), [
        _("Indicator"), _("Base year"), _("Base-year count"), str(f.year - 1), str(f.year),
        _("Growth on the previous year"), _("Assessment"), _("Average yearly growth since the base year"),
        _("Assessment"), _("Target"),
    ], note=_("Industrial-property applications are those filed with the IP office during the year (from the "
              "cases in this system); the other counts are entered by DOST with their source. A growth from a "
              "zero or missing count cannot be computed."))
    for line in f.kpis:
        table.rows.append([
            line.metric.title, str(line.target.base_year) if line.target else None, line.base_count, line.previous,
            line.count, Pct(line.yoy), line.yoy_verdict.title, Pct(line.average),
            line.average_verdict.title, target_text(line),
        ])
    return table


# --- industrial-property applications ----------------------------------------------------------

def _applications_table(f: AnnualFigures) -> Table:
    """Applications prepared, filed, granted, refused, withdrawn and abandoned in the year, by kind."""
    table = Table("applications", _("Applications in %(year)d by kind", year=f.year), [
        _("Kind"), _("Applications prepared"), _("Filed applications"), _("Grants"), _("Refusals"), _("Withdrawals"),
        _("Abandonments")],
        total_rows=1)
    for kind in CaseKind:
        table.rows.append([kind.title, *[f.by_kind[kind][k] for k in YEAR_COUNTS]])
    table.rows.append([_("Total"), *[sum(f.by_kind[kind][k] for kind in CaseKind) for k in YEAR_COUNTS]])
    return table


def _stages_table(f: AnnualFigures) -> Table:
    """Applications by kind and stage at the as-of date."""
    return _counts_with_totals(
        "stages", _("Applications by stage on %(day)s", day=f.as_of.strftime("%d/%m/%Y")), _("Kind"),
        {s: s.title for s in Stage}, [(kind.title, f.stages[kind]) for kind in CaseKind])


def _trend_table(f: AnnualFigures) -> Table:
    """Applications filed by kind, and grants, year by year."""
    table = Table("trend", _("Industrial-property applications filed, by year"),
                  [_("Year"), *[kind.title for kind in CaseKind], _("Total filed"), _("Grants")])
    for y in f.trend_years:
        values = [f.filed_trend[kind][y] for kind in CaseKind]
        table.rows.append([str(y), *values, sum(values), f.granted_trend[y]])
    return table


# --- copyright, related rights and plant varieties ---------------------------------------------

def _other_rights_table(f: AnnualFigures) -> Table:
    """The counts DOST enters (rights registered outside this system), year by year."""
    table = Table("other_rights", _("Copyright, related rights and plant varieties (counted outside this system)"),
                  [_("Indicator"), *[str(y) for y in f.trend_years]],
                  note=_("— : no figure entered for that year."))
    for metric in ReportMetric:
        if metric.manual:
            table.rows.append([metric.title, *[f.metric_trend[metric][y] for y in f.trend_years]])
    return table


def _sources_table(f: AnnualFigures) -> Table:
    """Where each count entered for the year comes from."""
    table = Table("sources", _("Sources of the figures entered for %(year)d", year=f.year),
                  [_("Indicator"), _("Count"), _("Source"), _("Note")])
    for line in f.kpis:
        if line.metric.manual:
            table.rows.append([line.metric.title, line.count, line.source or _("Not entered"), line.note or None])
    return table


# --- OCOP products and their IP protection -----------------------------------------------------

def _ocop_stars_table(f: AnnualFigures) -> Table:
    """OCOP products by star rating and IP status at the as-of date."""
    return _counts_with_totals(
        "ocop_stars", _("OCOP products by star rating and IP status"), _("Rating"),
        {ip: ip.title for ip in IpAtDate}, [(_("%(n)d stars", n=s), f.by_stars[s]) for s in sorted(f.by_stars)])


def _ocop_groups_table(f: AnnualFigures) -> Table:
    """OCOP products by product group and IP status at the as-of date."""
    return _counts_with_totals(
        "ocop_groups", _("OCOP products by product group and IP status"), _("Product group"),
        {ip: ip.title for ip in IpAtDate}, [(group.title, f.by_group[group]) for group in ProductGroup])


def _ocop_summary_table(f: AnnualFigures) -> Table:
    """How many 4–5-star products are protected."""
    table = Table("ocop_summary", _("OCOP products first: protection of 4–5-star products"),
                  [_("Indicator"), _("Value")],
                  note=_("Star ratings as they stood on the date of the figures; later changes are not counted."))
    table.rows += [
        [_("OCOP products"), f.products_total],
        [_("4–5-star products"), f.top_rated],
        [_("of which protected"), f.top_rated_protected],
        [_("Share of 4–5-star products protected"), Pct(f.top_rated_share)],
        [_("Products whose star rating changed during the year"), f.stars_changed],
    ]
    return table


# --- support for producers ---------------------------------------------------------------------

def _support_table(f: AnnualFigures) -> Table:
    """Requests for IP support received and handled, and the median days to filing and to grant."""
    table = Table("support", _("Requests for IP support"), [_("Indicator"), _("Value")])
    table.rows += [
        [_("Requests received during the year"), f.referrals["received"]],
        [_("Requests handled during the year"), f.referrals["handled"]],
        [_("of which accepted (application started)"), f.referrals["accepted"]],
        [_("of which closed with a reason"), f.referrals["closed"]],
        [_("Requests still open on %(day)s", day=f.as_of.strftime("%d/%m/%Y")), f.referrals["open"]],
        [_("Median days from request to filing (%(n)d applications)", n=f.referral_to_filing_n),
         Dec(f.median_referral_to_filing)],
        [_("Median days from filing to grant (%(n)d applications)", n=f.filing_to_grant_n),
         Dec(f.median_filing_to_grant)],
    ]
    return table


# --- by ward and former district ---------------------------------------------------------------

def _ward_columns() -> list[str]:
    """The headings of the ward and district counts (figures.WARD_COUNTS)."""
    return [_("Filed applications"), _("Grants"), _("OCOP products"), _("of which protected")]


def _wards_table(f: AnnualFigures) -> Table:
    """Counts by ward in the order of their names, the unknown ward last."""
    table = Table("wards", _("By ward or commune"), [_("Ward or commune"), _("Former district"), *_ward_columns()],
                  total_rows=1)
    districts = former_districts()
    known = sorted((w for w in f.by_ward if w is not None), key=lambda w: sort_key(ward_name(w) or str(w)))
    for ward in known + ([None] if None in f.by_ward else []):
        values = f.by_ward[ward]
        table.rows.append([ward_name(ward) or (str(ward) if ward else _("Unknown")),
                           (districts.get(ward) if ward else None) or "—", *[values[k] for k in WARD_COUNTS]])
    table.rows.append([_("Total"), "", *[sum(v[k] for v in f.by_ward.values()) for k in WARD_COUNTS]])
    return table


def _districts_table(f: AnnualFigures) -> Table:
    """Counts by former district in the order of their names, the unknown district last."""
    table = Table("districts", _("By former district (before 1 July 2025)"),
                  [_("Former district"), *_ward_columns()], total_rows=1,
                  note=_("A ward merged from several former districts is counted under the district of the "
                         "unit whose code it kept."))
    for name in sorted((n for n in f.by_district if n), key=sort_key) + ([""] if "" in f.by_district else []):
        values = f.by_district[name]
        table.rows.append([name or _("Unknown"), *[values[k] for k in WARD_COUNTS]])
    table.rows.append([_("Total"), *[sum(v[k] for v in f.by_district.values()) for k in WARD_COUNTS]])
    return table


# --- deadlines ---------------------------------------------------------------------------------

def _deadlines_table(f: AnnualFigures) -> Table:
    """Deadlines due in the year met and missed by who must act, with the share met."""
    table = Table("deadlines", _("Deadlines due in %(year)d", year=f.year),
                  [_("Who must act"), _("Met"), _("Missed"), _("Not yet due"), _("Share met")], total_rows=1,
                  note=_("Missed: the expected step came late or not at all (overdue deadlines still open "
                         "count as missed)."))
    for party in Party:
        d = f.deadlines[party]
        decided = d["met"] + d["missed"]
        table.rows.append([party.title, d["met"], d["missed"], d["open"],
                           Pct(d["met"] / decided if decided else None)])
    met = sum(d["met"] for d in f.deadlines.values())
    missed = sum(d["missed"] for d in f.deadlines.values())
    table.rows.append([_("Total"), met, missed, sum(d["open"] for d in f.deadlines.values()),
                       Pct(met / (met + missed) if met + missed else None)])
    return table


#: the report's numbered sections: (title, keys of the tables in it, keys of the charts in it)
def sections() -> list[tuple[str, list[str], list[str]]]:
    return [
        (_("Results against the plan's targets"), ["kpi"], ["target"]),
        (_("Industrial-property applications"), ["applications", "stages", "trend"], ["trend"]),
        (_("Copyright, related rights and plant varieties"), ["other_rights", "sources"], []),
        (_("OCOP products and their IP protection"), ["ocop_summary", "ocop_stars", "ocop_groups"], ["ocop"]),
        (_("Support for producers"), ["support"], []),
        (_("By ward and former district"), ["wards", "districts"], []),
        (_("Deadlines"), ["deadlines"], []),
    ]
