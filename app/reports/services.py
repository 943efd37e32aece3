"""The annual report's services: build it (figures, tables, charts) for a year, print it to PDF or
Excel, and keep the data it reads that people enter (yearly counts, targets, heading and signer).
Like every service they flush and never commit."""
from __future__ import annotations

import hashlib
import json
import threading
from collections import OrderedDict
from dataclasses import dataclass, field
from datetime import date

import sqlalchemy as sa
from flask_babel import force_locale
from flask_babel import gettext as _

from app import clock
from app.audit import record_change, snapshot
from app.documents import pdf as pdf_renderer
from app.extensions import db
from app.models import ManualCount, PlanTarget, ReportMetric, ReportSettings, User
from app.reports import charts as charts_module
from app.reports import contributed, xlsx
from app.reports import figures as figures_module
from app.reports import tables as tables_module

PDF_LOCALE = "vi"
SETTINGS_FIELDS = ("parent_agency", "agency", "place", "number_suffix", "recipient", "signer_authority",
                   "signer_title", "signer_name", "distribution", "plan_first_year", "midterm_last_year",
                   "plan_last_year")
TARGET_FIELDS = ("min_growth_pct", "max_growth_pct", "base_year", "source", "confirmed", "note")
COUNT_FIELDS = ("count", "source", "note")


@dataclass
class Report:
    """Everything a rendering of the report shows, in one locale."""

    figures: figures_module.AnnualFigures
    tables: dict[str, tables_module.Table]
    charts: dict[str, charts_module.Chart]
    sections: list[tuple[str, list[str], list[str]]]
    settings: dict = field(default_factory=dict)
    #: the year's collection round brought accepted figures (app/reports/contributed.py)
    contributed: bool = False

    @property
    def year(self) -> int:
        return self.figures.year

    @property
    def title(self) -> str:
        return _("Report on the implementation of the IP plan in %(year)d", year=self.year)

    @property
    def as_of_line(self) -> str:
        day = self.figures.as_of.strftime("%d/%m/%Y")
        if self.figures.to_date:
            return _("Figures up to %(day)s (the year is not over).", day=day)
        return _("Figures for the whole year, as of %(day)s.", day=day)

    @property
    def empty_message(self) -> str | None:
        if not self.figures.empty or self.contributed:
            return None
        return _("There is no data for %(year)d: no application, OCOP product, support request, deadline or "
                 "entered count falls in this year.", year=self.year)

    def table(self, key: str) -> tables_module.Table:
        return self.tables[key]


def last_year(today: date | None = None) -> int:
    """The latest year a report may be asked for: the current one (figures to date)."""
    return (today or clock.today()).year


def year_allowed(year: int) -> bool:
    return figures_module.MIN_YEAR <= year <= last_year()


def settings() -> ReportSettings:
    """The heading and signer row (the migration creates it; recreated with defaults if deleted)."""
    row = db.session.scalar(sa.select(ReportSettings).order_by(ReportSettings.id).limit(1))
    if row is None:
        row = ReportSettings(parent_agency="UBND THÀNH PHỐ CẦN THƠ", agency="SỞ KHOA HỌC VÀ CÔNG NGHỆ",
                             place="Cần Thơ", number_suffix="BC-SKHCN", recipient="Ủy ban nhân dân thành phố Cần Thơ",
                             signer_authority="KT. GIÁM ĐỐC", signer_title="PHÓ GIÁM ĐỐC", signer_name="",
                             distribution="")
        db.session.add(row)
        db.session.flush()
    return row


def settings_data() -> dict:
    row = settings()
    data = {name: getattr(row, name) for name in SETTINGS_FIELDS}
    data["distribution_lines"] = [line.strip() for line in (row.distribution or "").splitlines() if line.strip()]
    return data


def build(year: int, figures: figures_module.AnnualFigures | None = None) -> Report:
    """The report for a year in the current locale (call inside force_locale for another one)."""
    figures = figures or figures_module.compute(year)
    tables = {t.key: t for t in tables_module.build_tables(figures)}
    tables, sections, has_contributions = contributed.extend(year, figures, tables, tables_module.sections())
    return Report(figures=figures, tables=tables, charts=charts_module.build_charts(figures),
                  sections=sections, settings=settings_data(), contributed=has_contributions)


#: widths (% of the text width) of the PDF's table columns: the first ones as listed, the rest
#: share what is left; the PDF lays tables out with these (table-layout: fixed in pdf-report.css).
PDF_COLUMN_WIDTHS = {
    "kpi": (17, 7, 8, 8, 8, 9, 10, 10, 10, 13),
    "applications": (22,),
    "stages": (22,),
    "trend": (10,),
    "other_rights": (40,),
    "sources": (36, 12, 26, 26),
    "ocop_stars": (28,),
    "ocop_groups": (44,),
    "ocop_summary": (80, 20),
    "support": (80, 20),
    "wards": (24, 24),
    "districts": (36,),
    "deadlines": (36,),
    **{contributed.table_key(s): (30, 12, 8, 20, 30) for s in contributed.ReportSection},
    contributed.MISSING_KEY: (60, 40),
    # reviews over several years (app/reports/review.py): the indicator, then the years and the period
    "review_years": (26,),
    "review_contributed": (26, 18),
    "review_missing": (12, 88),
}


def column_widths(key: str, count: int) -> list[float]:
    """The PDF widths of a table's `count` columns, in percent, adding up to 100."""
    given = list(PDF_COLUMN_WIDTHS.get(key, (34,)))[:count]
    rest = count - len(given)
    if rest:
        share = round((100 - sum(given)) / rest, 2)
        given += [share] * rest
    return given


def plain_tables(report) -> dict:
    """The tables as plain data for the PDF template: formatted cells, nothing lazy."""
    return {
        key: dict(key=key, title=t.title, columns=list(t.columns), note=t.note, total_rows=t.total_rows,
                  widths=column_widths(key, len(t.columns)),
                  rows=[[(tables_module.format_cell(c), _cell_class(c)) for c in row] for row in t.rows])
        for key, t in report.tables.items()
    }


def _cell_class(value: tables_module.Cell) -> str:
    """'num' for a figure (right-aligned, never wrapped), 'text' for words such as a verdict."""
    if value is None or isinstance(value, (int, tables_module.Pct, tables_module.Dec)):
        return "num"
    return "num" if str(value).isdigit() else "text"


#: PDFs of the report already made in this process, by the hash of everything they print (see
#: pdf_bytes); the oldest goes first. A few entries of ~100 KiB.
_PDF_CACHE: OrderedDict[str, bytes] = OrderedDict()
_PDF_CACHE_SIZE = 8
_pdf_cache_lock = threading.Lock()


def clear_pdf_cache() -> None:
    with _pdf_cache_lock:
        _PDF_CACHE.clear()


def pdf_filename(year: int) -> str:
    """The report's download name, e.g. bao-cao-shtt-2026.pdf."""
    return f"bao-cao-shtt-{year}.pdf"


def pdf_bytes(year: int, figures: figures_module.AnnualFigures | None = None, *, use_cache: bool = True) -> bytes:
    """The report as a Vietnamese administrative report (PDF), through the app's one PDF renderer.

    The PDF is a function of the template's context alone (plain data: formatted tables, charts,
    heading and signer), so the one made last time for the same context is served again without
    WeasyPrint (about 1.3 s of the 1.7 s over 10,000 cases). The figures are always computed
    afresh: any change to the data that shows in the report changes the context, hence the key,
    and nothing is read back from a cheaper but possibly stale stamp.
    """
    figures = figures or figures_module.compute(year)
    with force_locale(PDF_LOCALE):
        context = pdf_context(build(year, figures), year=year, review_title=None)
    return render_cached(context, use_cache=use_cache)


def pdf_context(report, **extra) -> dict:
    """What the report template prints of a report or a review, as plain data (formatted cells, SVG
    charts, strings rather than lazy texts), in the current locale."""
    return dict(
        title=str(report.title), as_of_line=str(report.as_of_line), empty_message=report.empty_message,
        settings=report.settings, tables=plain_tables(report),
        charts={k: dict(title=str(c.title), body=str(c.body)) for k, c in report.charts.items()},
        sections=[(str(t), keys, chart_keys) for t, keys, chart_keys in report.sections], **extra,
    )


def render_cached(context: dict, *, use_cache: bool = True) -> bytes:
    """The report template rendered with `context` (plain data), or the PDF made last time for the
    same context (the annual report and the reviews over several years alike)."""
    key = hashlib.sha256(json.dumps(context, sort_keys=True, default=str).encode()).hexdigest()
    if use_cache:
        with _pdf_cache_lock:
            if key in _PDF_CACHE:
                _PDF_CACHE.move_to_end(key)
                return _PDF_CACHE[key]
    with figures_module.collector_paused():  # WeasyPrint makes ~10^5 objects: about 0.2 s of collections
        pdf = pdf_renderer.render_pdf("pdf/annual_report.html", **context)
    with _pdf_cache_lock:
        _PDF_CACHE[key] = pdf
        while len(_PDF_CACHE) > _PDF_CACHE_SIZE:
            _PDF_CACHE.popitem(last=False)
    return pdf


def xlsx_bytes(year: int, figures: figures_module.AnnualFigures | None = None) -> bytes:
    """The report's tables as an Excel workbook, in Vietnamese."""
    figures = figures or figures_module.compute(year)
    with force_locale(PDF_LOCALE):
        report = build(year, figures)
        s = report.settings
        cover = [
            (_("Reporting agency"), f"{s['parent_agency']} – {s['agency']}"),
            (_("Addressed to"), s["recipient"]),
            (_("Year"), str(year)),
        ]
        for line in report.figures.kpis:
            if line.target:
                cover.append((_("Target: %(metric)s", metric=line.metric.title),
                              f"{tables_module.target_text(line)} ({_('base year')} {line.target.base_year}; "
                              f"{line.target.source})"))
        return xlsx.workbook_bytes(str(report.title), str(report.as_of_line), cover, list(report.tables.values()),
                                   report.empty_message)


# --- data people enter ---------------------------------------------------------------------------

def manual_counts(year: int | None = None) -> list[ManualCount]:
    stmt = sa.select(ManualCount).order_by(ManualCount.year.desc(), ManualCount.metric)
    if year is not None:
        stmt = stmt.where(ManualCount.year == year)
    return list(db.session.scalars(stmt))


def save_manual_count(year: int, metric: ReportMetric, count: int, source: str, note: str | None,
                      actor: User) -> tuple[ManualCount, bool]:
    """Enter or correct the count of a year and kind (one per pair); audited. True if it was new."""
    row = db.session.scalar(sa.select(ManualCount).where(ManualCount.year == year, ManualCount.metric == metric))
    if row is None:
        row = ManualCount(year=year, metric=metric, count=count, source=source, note=note or None, entered_by=actor)
        db.session.add(row)
        db.session.flush()
        record_change(row, "create", actor)
        return row, True
    before = snapshot(row, COUNT_FIELDS)
    row.count, row.source, row.note, row.entered_by = count, source, note or None, actor
    record_change(row, "update", actor, before)
    return row, False


def delete_manual_count(row: ManualCount, actor: User) -> None:
    record_change(row, "delete", actor)
    db.session.delete(row)
    db.session.flush()


def targets() -> list[PlanTarget]:
    order = {metric: n for n, metric in enumerate(ReportMetric)}
    return sorted(db.session.scalars(sa.select(PlanTarget)), key=lambda t: order[t.metric])


def update_target(target: PlanTarget, values: dict, actor: User) -> bool:
    before = snapshot(target, TARGET_FIELDS)
    for name in TARGET_FIELDS:
        setattr(target, name, values[name])
    target.updated_by_id = actor.id
    return record_change(target, "update", actor, before) is not None


def update_settings(values: dict, actor: User) -> bool:
    row = settings()
    before = snapshot(row, SETTINGS_FIELDS)
    for name in SETTINGS_FIELDS:
        setattr(row, name, "" if values[name] is None else values[name])
    row.updated_by_id = actor.id
    return record_change(row, "update", actor, before) is not None
