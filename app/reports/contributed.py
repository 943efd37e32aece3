"""The other agencies' part of the annual report (issue 20): the figures DOST accepted in the
year's collection round go into their sections, each naming the agency that gave it; DOST's own
yearly counts (/reports/counts) are DOST's contribution; and a last section says plainly which
agencies have not contributed. Read from app/contributions (which never imports reports)."""
from __future__ import annotations

from flask_babel import gettext as _

from app.contributions.services import Consolidation, consolidated
from app.i18n import format_date_vn
from app.models import FigureUnit, ReportSection
from app.reports.figures import AnnualFigures
from app.reports.tables import Table

#: the existing section a contributed section joins, by a table key that section holds
JOINS = {ReportSection.OTHER_RIGHTS: "other_rights", ReportSection.OCOP: "ocop_summary"}
MISSING_KEY = "contrib_missing"


def table_key(section: ReportSection) -> str:
    return f"contrib_{section.value}"


def _unit(unit: FigureUnit) -> str:
    return {FigureUnit.COUNT: "", FigureUnit.VND: _("VND"), FigureUnit.DATE: ""}[unit]


def _columns() -> list[str]:
    return [_("Figure"), _("Value"), _("Unit"), _("Agency"), _("Narrative")]


def _tables(data: Consolidation, f: AnnualFigures) -> dict[ReportSection, Table]:
    tables: dict[ReportSection, Table] = {}
    dost = _("Department of Science and Technology")
    for line in f.kpis:  # DOST's own contribution: the yearly counts it enters
        if line.metric.manual and line.count is not None:
            table = tables.setdefault(ReportSection.OTHER_RIGHTS, _new_table(ReportSection.OTHER_RIGHTS))
            table.rows.append([line.metric.title, line.count, "", dost, line.source or ""])
    for figure in data.figures:
        table = tables.setdefault(figure.section, _new_table(figure.section))
        value = format_date_vn(figure.day) if figure.day else figure.amount
        table.rows.append([figure.label, value, _unit(figure.unit), figure.agency, figure.narrative or ""])
    return tables


def _new_table(section: ReportSection) -> Table:
    return Table(table_key(section), _("Figures contributed by the agencies: %(section)s", section=section.title),
                 _columns())


def _missing_table(data: Consolidation, f: AnnualFigures) -> Table:
    table = Table(MISSING_KEY, _("Agencies that have not contributed to the %(year)d report", year=data.year),
                  [_("Agency"), _("Status")])
    for name, status, late in data.missing:
        table.rows.append([name, _("%(status)s (late)", status=status) if late else status])
    if f.manual_missing:
        table.rows.append([_("Department of Science and Technology"),
                           _("Counts not entered: %(what)s", what=", ".join(m.title for m in f.manual_missing))])
    if not table.rows:
        table.note = _("Every agency asked has contributed.")
    return table


def extend(year: int, f: AnnualFigures, tables: dict[str, Table],
           sections: list[tuple[str, list[str], list[str]]]) -> tuple[dict, list, bool]:
    """The report's tables and sections with the contributions of the year's round added; the flag
    says whether the round brought anything (then the report is not empty). Without a round: unchanged."""
    data = consolidated(year)
    if data is None:
        return tables, sections, False
    by_section = _tables(data, f)
    tables = {**tables, **{t.key: t for t in by_section.values()}}
    sections = [(title, list(keys), charts) for title, keys, charts in sections]
    for section, table in by_section.items():
        joined = next((keys for _title, keys, _charts in sections if JOINS.get(section) in keys), None)
        if joined is not None:
            joined.append(table.key)
        else:
            sections.append((section.title, [table.key], []))
    missing = _missing_table(data, f)
    tables[MISSING_KEY] = missing
    sections.append((_("Contributions of the agencies"), [MISSING_KEY], []))
    return tables, sections, bool(data.figures)
