"""The report's charts as small SVG drawings made here, for the page and the PDF alike.

Readable in black-and-white print: series differ by hatch pattern (bars) or by dash and marker
(lines), not by colour alone, and every bar and point carries its value. No script, no tooltip,
no stylesheet: everything is a presentation attribute.

Why not a charting library: pygal drew the same charts with ~650 SVG elements (a tooltip
trigger and three hidden <desc> per value, a guide per tick, a large <style> block per chart),
and WeasyPrint parses, cascades and draws every one of them, which made the PDF about a second
slower. Here each series is one <path> (all its bars, so its hatch pattern is drawn once), the
grid is one <path>, and only the short texts (values, axis labels) are separate elements: about 50
elements for the largest chart. WeasyPrint lays out SVG text letter by letter, so the title and
the legend, the long texts, are HTML around the drawing (the legend's keys are tiny SVGs).

Text uses the PDF's own face, "OCOP Liberation Serif" (declared by @font-face in pdf.css from
the Liberation 2 files, which have the Vietnamese glyphs): a system family name could resolve to
Debian's Liberation 1.07, which has not. On the HTML page that family is unknown and the browser
falls back to its serif face. Each chart's pattern ids carry the chart's key, so several charts
can share a page.
"""
from __future__ import annotations

import math
from dataclasses import dataclass

from flask_babel import gettext as _
from markupsafe import Markup, escape

from app.models import CaseKind, ReportMetric
from app.reports.figures import AnnualFigures, IpAtDate, KpiLine
from app.reports.tables import format_decimal_vn, format_number

WIDTH, HEIGHT = 720, 270
FONT = "OCOP Liberation Serif, serif"
LABEL_SIZE, VALUE_SIZE = 14, 13
LEFT, RIGHT = 58, 14  # room for the y-axis labels; right margin
#: hatch patterns (drawing of one 8x8 tile) for up to four series, dark to light
_PATTERNS = (
    '<rect width="8" height="8" fill="#3a3a3a"/>',
    '<rect width="8" height="8" fill="#fff"/><path d="M0,8 L8,0 M-2,2 L2,-2 M6,10 L10,6" stroke="#222" '
    'stroke-width="2"/>',
    '<rect width="8" height="8" fill="#fff"/><circle cx="4" cy="4" r="1.6" fill="#222"/>',
    '<rect width="8" height="8" fill="#bdbdbd"/><path d="M0,4 L8,4" stroke="#222" stroke-width="1.2"/>',
)


def _n(value: float) -> str:
    """A coordinate, short."""
    text = f"{value:.1f}"
    return text[:-2] if text.endswith(".0") else text


def _width(text: str, size: float) -> float:
    """About how wide `text` prints in Liberation Serif (digits are half an em, most letters less)."""
    return sum(0.25 if c in ".,: " else 0.5 for c in text) * size


def _value(value: float) -> str:
    return format_number(int(value)) if float(value).is_integer() else format_decimal_vn(round(value, 1))


def _ticks(top: float) -> list[float]:
    """Round steps from 0 to at least `top` (4 or 5 of them)."""
    top = max(top, 1)
    raw = top / 4
    magnitude = 10 ** math.floor(math.log10(raw))
    step = next(m * magnitude for m in (1, 2, 5, 10) if m * magnitude >= raw)
    step = max(step, 1)
    return [i * step for i in range(math.ceil(top / step - 1e-9) + 1)]


def _text(x: float, y: float, text: str, size: float = LABEL_SIZE, anchor: str = "middle", extra: str = "") -> str:
    return (f'<text x="{_n(x)}" y="{_n(y)}" font-size="{size}" text-anchor="{anchor}"{extra}>'
            f'{escape(text)}</text>')


@dataclass
class _Frame:
    """The plot area of a chart and its y scale."""

    top: float
    bottom: float
    ticks: list[float]

    @property
    def left(self) -> float:
        return LEFT

    @property
    def right(self) -> float:
        return WIDTH - RIGHT

    def y(self, value: float) -> float:
        return self.bottom - (self.bottom - self.top) * value / self.ticks[-1]

    def slot(self, count: int) -> float:
        return (self.right - self.left) / count


@dataclass(frozen=True)
class Chart:
    """A chart: its title (the figure's caption, in HTML), its drawing (SVG) and its legend (an
    HTML list whose keys are tiny SVGs)."""

    key: str
    title: str
    drawing: Markup
    legend: Markup

    @property
    def body(self) -> Markup:
        """The drawing, then the legend."""
        return self.drawing + self.legend


def _legend(entries: list[tuple[str, str]]) -> str:
    """The legend: (key's SVG content in a 30x14 box, label) per series. Bootstrap's list-inline
    classes lay it out on the page, pdf-report.css in the PDF."""
    items = "".join(
        f'<li class="list-inline-item"><svg class="chart-key" xmlns="http://www.w3.org/2000/svg" viewBox="0 0 30 14" '
        f'width="30" height="14" aria-hidden="true">{key}</svg> {escape(label)}</li>'
        for key, label in entries)
    return f'<ul class="chart-legend list-inline text-center small">{items}</ul>'


def _frame(parts: list[str], x_labels: list[str], top_value: float, headroom: float) -> _Frame:
    """Grid, y-axis labels and x-axis labels; returns the plot area."""
    bottom = HEIGHT - LABEL_SIZE - 12
    frame = _Frame(top=10 + headroom, bottom=bottom, ticks=_ticks(top_value))
    grid = "".join(f"M{frame.left},{_n(frame.y(t))}H{frame.right}" for t in frame.ticks[1:])
    parts.append(f'<path d="{grid}" stroke="#999" stroke-width="0.8" stroke-dasharray="3,3" fill="none"/>')
    parts.append(f'<path d="M{frame.left},{_n(frame.top - 6)}V{_n(frame.bottom)}H{frame.right}" stroke="#111" '
                 f'stroke-width="1.2" fill="none"/>')
    parts += [_text(frame.left - 6, frame.y(t) + 4, _value(t), LABEL_SIZE - 1, "end") for t in frame.ticks]
    slot = frame.slot(len(x_labels))
    parts += [_text(frame.left + slot * (i + 0.5), frame.bottom + LABEL_SIZE + 6, label)
              for i, label in enumerate(x_labels)]
    return frame


def _chart(key: str, title: str, parts: list[str], legend: str, defs: str = "") -> Chart:
    # Our own markup: numbers, and labels escaped by _text() and _legend().
    return Chart(key, title, Markup(
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {WIDTH} {HEIGHT}" class="report-svg" '
        f'role="img" aria-label="{escape(title)}" font-family="{FONT}" fill="#111">'
        f'{defs}{"".join(parts)}</svg>'
    ), Markup(legend))


def _pattern(id_: str, index: int) -> str:
    return f'<pattern id="{id_}" patternUnits="userSpaceOnUse" width="8" height="8">{_PATTERNS[index]}</pattern>'


def bar_chart(key: str, title: str, x_labels: list[str], series: list[tuple[str, list[int]]]) -> Chart:
    """Grouped bars: one hatch pattern per series, the value above every bar, legend below."""
    defs = "<defs>" + "".join(_pattern(f"{key}-p{i}", i) for i in range(len(series))) + "</defs>"
    legend = _legend([(f'<defs>{_pattern(f"{key}-k{i}", i)}</defs><rect x="1" y="0.5" width="20" height="13" '
                       f'fill="url(#{key}-k{i})" stroke="#111"/>', name) for i, (name, _values) in enumerate(series)])
    groups = max(len(x_labels), 1)
    slot = (WIDTH - LEFT - RIGHT) / groups
    bar = min(60.0, slot * 0.8 / max(len(series), 1))
    labels = [[_value(v) for v in values] for _name, values in series]
    # Values print across their bar when they fit with a gap to the next one, else upright above it.
    upright = any(_width(text, VALUE_SIZE) > bar - 4 for row in labels for text in row)
    headroom = (max(_width(t, VALUE_SIZE) for row in labels for t in row) + 4 if upright and labels and labels[0]
                else VALUE_SIZE + 4)
    parts: list[str] = []
    frame = _frame(parts, x_labels, max([v for _n_, vs in series for v in vs] or [0]), headroom - 6)
    values_parts = []
    for i, (name, values) in enumerate(series):
        path = []
        for g, value in enumerate(values):
            x = frame.left + slot * g + (slot - bar * len(series)) / 2 + bar * i
            y = frame.y(value)
            if value:
                path.append(f"M{_n(x)},{_n(frame.bottom)}V{_n(y)}h{_n(bar)}V{_n(frame.bottom)}Z")
            centre = x + bar / 2
            if upright:
                values_parts.append(_text(centre + VALUE_SIZE * 0.35, y - 4, labels[i][g], VALUE_SIZE, "start",
                                          f' transform="rotate(-90 {_n(centre + VALUE_SIZE * 0.35)} {_n(y - 4)})"'))
            else:
                values_parts.append(_text(centre, y - 4, labels[i][g], VALUE_SIZE))
        parts.append(f'<path d="{"".join(path)}" fill="url(#{key}-p{i})" stroke="#111" stroke-width="1"/>')
    parts += values_parts
    return _chart(key, title, parts, legend, defs)


def _dot(x: float, y: float, r: float) -> str:
    return f"M{_n(x - r)},{_n(y)}a{r},{r} 0 1,0 {_n(2 * r)},0a{r},{r} 0 1,0 {_n(-2 * r)},0Z"


def _square(x: float, y: float, r: float) -> str:
    return f"M{_n(x - r)},{_n(y - r)}h{_n(2 * r)}v{_n(2 * r)}h{_n(-2 * r)}Z"


def line_chart(key: str, title: str, x_labels: list[str], actual: tuple[str, list[int]],
               target: tuple[str, list[float | None]] | None) -> Chart:
    """A solid line with round dots and every value (`actual`), and a dashed line with square
    marks (`target`) whose last value only is printed."""
    entries = [(f'<path d="M0,7h30" stroke="#111" stroke-width="3"/><path d="{_dot(15, 7, 4.5)}" fill="#111"/>',
                actual[0])]
    if target:
        entries.append((f'<path d="M0,7h30" stroke="#555" stroke-width="2" stroke-dasharray="8,5"/>'
                        f'<path d="{_square(15, 7, 4)}" fill="#fff" stroke="#333" stroke-width="1.5"/>', target[0]))
    values = [v for v in actual[1]] + [v for v in (target[1] if target else []) if v is not None]
    parts: list[str] = []
    frame = _frame(parts, x_labels, max(values or [0]), VALUE_SIZE + 4)
    slot = frame.slot(len(x_labels))
    xs = [frame.left + slot * (i + 0.5) for i in range(len(x_labels))]
    labels = []
    target_values = target[1] if target else [None] * len(xs)

    if target:
        line, marks, pen = [], [], "M"
        for x, value in zip(xs, target_values):
            if value is None:
                pen = "M"
                continue
            line.append(f"{pen}{_n(x)},{_n(frame.y(value))}")
            marks.append(_square(x, frame.y(value), 4))
            pen = "L"
        parts.append(f'<path d="{"".join(line)}" stroke="#555" stroke-width="2" stroke-dasharray="8,5" fill="none"/>')
        parts.append(f'<path d="{"".join(marks)}" fill="#fff" stroke="#333" stroke-width="1.5"/>')
        last = next((i for i in range(len(xs) - 1, -1, -1) if target_values[i] is not None), None)
        if last is not None:
            above = target_values[last] >= actual[1][last]
            labels.append(_text(xs[last], frame.y(target_values[last]) + (-8 if above else VALUE_SIZE + 6),
                                _value(target_values[last]), VALUE_SIZE, extra=' font-style="italic"'))

    line = "".join(f"{'L' if i else 'M'}{_n(x)},{_n(frame.y(v))}" for i, (x, v) in enumerate(zip(xs, actual[1])))
    dots = "".join(_dot(x, frame.y(v), 4.5) for x, v in zip(xs, actual[1]))
    parts.append(f'<path d="{line}" stroke="#111" stroke-width="3" fill="none"/>')
    parts.append(f'<path d="{dots}" fill="#111"/>')
    for x, value, aim in zip(xs, actual[1], target_values):
        below = aim is not None and aim > value and frame.y(value) + VALUE_SIZE + 6 < frame.bottom
        labels.append(_text(x, frame.y(value) + (VALUE_SIZE + 6 if below else -8), _value(value), VALUE_SIZE,
                            extra=' font-weight="bold"'))
    parts += labels
    return _chart(key, title, parts, _legend(entries))


def trend_chart(f: AnnualFigures) -> Chart:
    """Industrial-property applications filed per year, by kind (grouped bars)."""
    kinds = [kind for kind in CaseKind if any(f.filed_trend[kind].values())] or [CaseKind.TRADEMARK]
    return bar_chart("trend", _("Applications filed per year, by kind"), [str(y) for y in f.trend_years],
                     [(kind.title, [f.filed_trend[kind][y] for y in f.trend_years]) for kind in kinds])


def target_chart(f: AnnualFigures) -> Chart:
    """Applications filed per year against the path the plan's minimum growth sets from the base year."""
    line = f.kpi(ReportMetric.INDUSTRIAL_PROPERTY)
    years = f.trend_years
    actual = (_("Filed applications"), [f.metric_trend[ReportMetric.INDUSTRIAL_PROPERTY][y] or 0 for y in years])
    return line_chart("target", _("Applications filed against the plan's target"), [str(y) for y in years], actual,
                      target_path(line, years))


def target_path(line: KpiLine, years: list[int]) -> tuple[str, list[float | None]] | None:
    """The counts the plan's minimum growth asks for, year by year from the base year's count."""
    target = line.target
    if target is None or not line.base_count:
        return None
    return (_("Target path (+%(pct)s %% a year)", pct=f"{target.min_pct:g}".replace(".", ",")),
            [round(line.base_count * (1 + target.min_pct / 100) ** (y - target.base_year), 1)
             if y >= target.base_year else None for y in years])


def ocop_chart(f: AnnualFigures) -> Chart:
    """OCOP products by star rating, split by IP status (grouped bars)."""
    stars = sorted(f.by_stars)
    return bar_chart("ocop", _("OCOP products by star rating and IP status"), [_("%(n)d stars", n=s) for s in stars],
                     [(ip.title, [f.by_stars[s][ip] for s in stars]) for ip in IpAtDate])


def build_charts(f: AnnualFigures) -> dict[str, Chart]:
    """Every chart of the report, by key (the keys sections() names)."""
    return {"target": target_chart(f), "trend": trend_chart(f), "ocop": ocop_chart(f)}
