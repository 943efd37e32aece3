"""The report's charts as SVG, drawn on the server by pygal, for the page and the PDF alike.

Readable in black-and-white print: series differ by hatch pattern (bars) or by dash and marker
(lines), not by colour alone, and every bar and point carries its value. No JavaScript: pygal's
tooltip script would be fetched from the web, which neither the office network nor the PDF
renderer allows. Each chart's pattern ids carry the chart's key, so several charts can share a page.
"""
from __future__ import annotations

import re

import pygal
from flask_babel import gettext as _
from markupsafe import Markup
from pygal.style import Style

from app.models import CaseKind, ReportMetric
from app.reports.figures import AnnualFigures, IpAtDate
from app.reports.tables import ip_title

#: (fill of the background, drawing of the hatch) for up to four series, dark to light
_PATTERNS = (
    '<rect width="8" height="8" fill="#3a3a3a"/>',
    '<rect width="8" height="8" fill="#ffffff"/><path d="M0,8 L8,0 M-2,2 L2,-2 M6,10 L10,6" '
    'stroke="#222" stroke-width="2"/>',
    '<rect width="8" height="8" fill="#ffffff"/><circle cx="4" cy="4" r="1.6" fill="#222"/>',
    '<rect width="8" height="8" fill="#bdbdbd"/><path d="M0,4 L8,4" stroke="#222" stroke-width="1.2"/>',
)


_SCRIPT = re.compile(r"<script\b[^>]*>.*?</script>", re.DOTALL)


def _style(key: str, series: int) -> tuple[Style, list[str]]:
    defs = [f'<pattern id="{key}-p{i}" patternUnits="userSpaceOnUse" width="8" height="8">{_PATTERNS[i]}</pattern>'
            for i in range(series)]
    style = Style(
        colors=tuple(f"url(#{key}-p{i})" for i in range(series)) or ("#333",),
        background="white", plot_background="white", foreground="#222", foreground_strong="#111",
        foreground_subtle="#888", font_family="Liberation Sans, Arial, sans-serif",
        title_font_size=15, label_font_size=12, major_label_font_size=12, legend_font_size=13,
        value_font_size=12, opacity="1", opacity_hover="1", stroke_opacity="1", stroke_opacity_hover="1",
    )
    return style, defs


def _config(style: Style, defs: list[str], **extra) -> dict:
    return dict(
        style=style, defs=defs, js=[], disable_xml_declaration=True, width=720, height=340,
        legend_at_bottom=True, print_values=True, include_x_axis=True, print_values_position="top",
        show_y_guides=True, truncate_legend=-1, truncate_label=-1, print_zeroes=True,
        margin=12, spacing=10, **extra,
    )


def _svg(chart, key: str) -> Markup:
    """The chart's SVG; pygal's fixed legend ids get the chart's key so they stay unique on a page."""
    svg = chart.render(is_unicode=True).replace('id="activate-serie-', f'id="{key}-activate-serie-')
    svg = _SCRIPT.sub("", svg)  # pygal's inline config for its (unused) tooltip script: a static chart needs none
    # Our own output, from numbers and our translated labels (which pygal escapes).
    return Markup(svg)


def trend_chart(f: AnnualFigures) -> Markup:
    """Industrial-property applications filed per year, by kind (grouped bars)."""
    kinds = [kind for kind in CaseKind if any(f.filed_trend[kind].values())] or [CaseKind.TRADEMARK]
    style, defs = _style("trend", len(kinds))
    chart = pygal.Bar(**_config(style, defs, title=_("Applications filed per year, by kind"),
                                legend_at_bottom_columns=min(len(kinds), 4)))
    chart.x_labels = [str(y) for y in f.trend_years]
    for kind in kinds:
        chart.add(kind.title, [f.filed_trend[kind][y] for y in f.trend_years])
    return _svg(chart, "trend")


def target_chart(f: AnnualFigures) -> Markup:
    """Applications filed per year against the path the plan's minimum growth sets from the base year."""
    line = f.kpi(ReportMetric.INDUSTRIAL_PROPERTY)
    style, defs = _style("target", 0)
    style.colors = ("#111", "#555")
    chart = pygal.Line(**_config(style, defs, title=_("Applications filed against the plan's target"),
                                 dots_size=5, stroke_style={"width": 2.5}, legend_at_bottom_columns=2))
    years = f.trend_years
    chart.x_labels = [str(y) for y in years]
    chart.add(_("Filed applications"), [f.metric_trend[ReportMetric.INDUSTRIAL_PROPERTY][y] for y in years],
              stroke_style={"width": 3})
    target = line.target
    if target is not None and line.base_count:
        path = [round(line.base_count * (1 + target.min_pct / 100) ** (y - target.base_year), 1)
                if y >= target.base_year else None for y in years]
        chart.add(_("Target path (+%(pct)s %% a year)", pct=f"{target.min_pct:g}".replace(".", ",")), path,
                  stroke_style={"width": 2, "dasharray": "8, 5"}, dots_size=3, print_values=False)
    return _svg(chart, "target")


def ocop_chart(f: AnnualFigures) -> Markup:
    """OCOP products by star rating, split by IP status (grouped bars)."""
    style, defs = _style("ocop", len(IpAtDate))
    chart = pygal.Bar(**_config(style, defs, title=_("OCOP products by star rating and IP status"),
                                legend_at_bottom_columns=len(IpAtDate)))
    stars = sorted(f.by_stars)
    chart.x_labels = [_("%(n)d stars", n=s) for s in stars]
    for ip in IpAtDate:
        chart.add(ip_title(ip), [f.by_stars[s][ip] for s in stars])
    return _svg(chart, "ocop")


def build_charts(f: AnnualFigures) -> dict[str, Markup]:
    """Every chart of the report, by key (the keys sections() names)."""
    return {"target": target_chart(f), "trend": trend_chart(f), "ocop": ocop_chart(f)}
