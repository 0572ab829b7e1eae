"""Presentation (web app and report): a fact's timeline as a small inline SVG chart, shared by the report and the web app.

Each claim is one mark: its figure (y) over its document's publication date (x). A range is a bar
from low to high, "more than"/"at least" a triangle pointing up, "at most"/"under" one pointing
down, an approximate figure a hollow circle. A claim whose document has no full publication date
is drawn in a separate "date unknown" column, never placed at a guessed day. When the fact is in
conflict, the claims that disagree with another claim dated within a day of them are drawn in the
conflict colour over a shaded band. Only the claim data model is read (value, low/high, qualifier,
publication date, outlet), and the SVG is rendered through an autoescaping template: outlet names
and claim text land in ``<title>`` elements and attributes as inert text.
"""
from __future__ import annotations

import math
from collections import defaultdict
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date
from typing import Any

import jinja2
from markupsafe import Markup

from storyline.present.numbers import format_number

WIDTH, HEIGHT = 640, 176
LEFT, RIGHT, TOP, BOTTOM = 58, 14, 14, 34
UNKNOWN_WIDTH = 110  # the "date unknown" column, right of the dated area
EDGE = 26  # keeps marks on the first and last day clear of the axes
RADIUS = 4.5  # a mark's half-size in px
SPREAD = 10  # px between marks pushed aside so every claim stays visible
CHAR_PX = 7.0  # an estimate of one label character's width at the chart's font size
VAGUE_CHARS = 18  # a vague claim is labelled with its words ("hundreds"), cut to this length
CONFLICT_WINDOW = 1  # days: claims this close in time describe the same moment
APPROX = 0.1  # "about 60" is compatible with 54..66
UP = ("more_than", "at_least")
DOWN = ("at_most", "less_than")
LABEL_PREFIX = {"up": ">", "down": "<", "approx": "~", "vague": "~"}
QUALIFIER_TEXT = {"more_than": "more than", "at_least": "at least", "at_most": "at most", "less_than": "under",
                  "approx": "about"}


@dataclass(frozen=True)
class ClaimPoint:
    """One claim as the chart sees it."""

    value: float | None
    low: float | None
    high: float | None
    qualifier: str
    published: str | None
    outlet: str | None
    href: str | None = None
    text: str = ""

    @property
    def day(self) -> date | None:
        """The publication day when it is a full ISO date; a month or year alone is not a day."""
        if not self.published or len(self.published) < 10:
            return None
        try:
            return date.fromisoformat(self.published[:10])
        except ValueError:
            return None

    @property
    def figure(self) -> tuple[float, float] | None:
        """The (bottom, top) drawn: a point is its value twice, a range its bounds."""
        lo, hi, v = _finite(self.low), _finite(self.high), _finite(self.value)
        if lo is not None and hi is not None:
            return (min(lo, hi), max(lo, hi))
        if v is not None:
            return (v, v)
        one = lo if lo is not None else hi
        return None if one is None else (one, one)

    def interval(self) -> tuple[float, float] | None:
        """The values the claim admits, for deciding whether two claims can both be true."""
        fig = self.figure
        if fig is None or self.qualifier == "vague":
            return None
        lo, hi = fig
        if self.qualifier in UP:
            return (lo, math.inf)
        if self.qualifier in DOWN:
            return (-math.inf, hi)
        if self.qualifier == "approx":
            return (lo * (1 - APPROX), hi * (1 + APPROX)) if lo >= 0 else (lo * (1 + APPROX), hi * (1 - APPROX))
        return (lo, hi)

    def shape(self) -> str:
        if self.figure and self.figure[0] != self.figure[1]:
            return "range"
        if self.qualifier in UP:
            return "up"
        if self.qualifier in DOWN:
            return "down"
        return self.qualifier if self.qualifier in ("approx", "vague") else "point"


def _finite(x: Any) -> float | None:
    if isinstance(x, bool) or not isinstance(x, (int, float)) or not math.isfinite(x):
        return None
    return float(x)


def _text(x: Any) -> str | None:
    return str(x) if x not in (None, "") else None


def claim_point(claim: Mapping[str, Any], href: str | None = None) -> ClaimPoint:
    """A claim row (web API or export shape) as a chart point."""
    return ClaimPoint(_finite(claim.get("value")), _finite(claim.get("low")), _finite(claim.get("high")),
                      str(claim.get("qualifier") or "exact"), _text(claim.get("published")),
                      _text(claim.get("outlet")), href, str(claim.get("text") or ""))


# --- geometry --------------------------------------------------------------------------------
@dataclass
class Mark:
    x: float
    y: float
    y2: float
    shape: str
    conflict: bool
    href: str | None
    title: str
    dated: bool
    x0: float  # the day's centre, before spreading: the trend line and bands use it
    label: str  # the figure as written beside the mark


@dataclass
class Chart:
    """Everything the SVG template draws, in pixels."""

    width: int
    height: int
    label: str
    marks: list[Mark] = field(default_factory=list)
    yticks: list[tuple[float, str]] = field(default_factory=list)
    xticks: list[tuple[float, str]] = field(default_factory=list)
    labels: list[tuple[float, float, str, str]] = field(default_factory=list)  # x, y, text, text-anchor
    bands: list[tuple[float, float]] = field(default_factory=list)
    trend: str = ""
    unknown_x: float | None = None
    plot: tuple[float, float, float, float] = (0, 0, 0, 0)  # left, top, right, bottom
    legend: list[tuple[str, str]] = field(default_factory=list)
    undrawn: int = 0


def _nice_step(span: float, ticks: int = 4) -> float:
    raw = span / ticks
    power = 10 ** math.floor(math.log10(raw))
    return next(m * power for m in (1, 2, 2.5, 5, 10) if m * power >= raw)


def axis_number(v: float) -> str:
    """Short tick labels: 2,500 / 1.5m / 2bn."""
    for size, word in ((1e9, "bn"), (1e6, "m")):
        if abs(v) >= size:
            return f"{v / size:,.3g}{word}"
    return format_number(int(v) if float(v).is_integer() else v)


def _y_scale(points: Sequence[ClaimPoint], top: float, bottom: float) -> tuple[Any, list[tuple[float, str]]]:
    values = [x for p in points for x in p.figure]
    lo, hi = min(values), max(values)
    lo = min(lo, 0.0)  # counts are read against zero; a negative figure moves the floor
    if hi == lo:
        hi = lo + (abs(lo) or 1.0)
    step = _nice_step(hi - lo)
    lo, hi = math.floor(lo / step) * step, math.ceil(hi / step) * step

    def y(v: float) -> float:
        return bottom - (v - lo) / (hi - lo) * (bottom - top)

    ticks, t = [], lo
    while t <= hi + step / 2:
        ticks.append((y(t), axis_number(t)))
        t += step
    return y, ticks


def _x_positions(days: list[date], left: float, right: float) -> dict[date, float]:
    if not days:
        return {}
    first, last = min(days), max(days)
    if first == last:
        return {first: (left + right) / 2}
    span = (last - first).days
    return {d: left + EDGE + (d - first).days / span * (right - left - 2 * EDGE) for d in set(days)}


def _short_day(d: date, with_year: bool) -> str:
    return f"{d.day} {d.strftime('%b')}" + (f" {d.year}" if with_year else "")


def _x_ticks(xs: dict[date, float]) -> list[tuple[float, str]]:
    """One label per publication day, skipping those that would overlap the previous one."""
    days = sorted(xs)
    with_year = len({d.year for d in days}) > 1
    ticks: list[tuple[float, str]] = []
    for i, d in enumerate(days):
        text = _short_day(d, with_year or i == 0)
        width = len(text) * CHAR_PX
        if ticks and xs[d] - width / 2 < ticks[-1][0] + len(ticks[-1][1]) * CHAR_PX / 2 + 6:
            if i != len(days) - 1:
                continue
            ticks.pop()  # the last day is always labelled
        ticks.append((xs[d], text))
    return ticks


def conflicting(points: Sequence[ClaimPoint]) -> list[bool]:
    """Which claims disagree with another claim dated within ``CONFLICT_WINDOW`` days: the values
    they admit cannot both hold. Undated claims are never marked."""
    windows: dict[Any, list[int]] = defaultdict(list)
    for i, p in enumerate(points):
        windows[p.day].append(i)
    out = [False] * len(points)
    for key, members in windows.items():
        if key is None:
            continue  # an unknown date is no moment: nothing can be said to contradict it
        near = list(members)
        for k in range(1, CONFLICT_WINDOW + 1):
            for other in (date.fromordinal(key.toordinal() - k), date.fromordinal(key.toordinal() + k)):
                near += windows.get(other, [])
        spans = [points[j].interval() for j in near]
        spans = [s for s in spans if s is not None]
        if len(spans) < 2:
            continue
        floor, ceiling = max(s[0] for s in spans), min(s[1] for s in spans)
        for i in members:
            s = points[i].interval()
            if s is not None and floor > ceiling and (s[1] < floor or s[0] > ceiling):
                out[i] = True
    return out


def _title(p: ClaimPoint) -> str:
    lo, hi = p.figure
    figure = format_number(lo) if lo == hi else f"{format_number(lo)}–{format_number(hi)}"
    qualifier = QUALIFIER_TEXT.get(p.qualifier)
    value = f"{qualifier} {figure}" if qualifier and p.shape() != "range" else figure
    if p.qualifier == "vague":
        value = f"vague figure (read as {figure})"
    when = p.published or "date unknown"
    text = f" — “{p.text}”" if p.text else ""
    return f"{p.outlet or 'unknown outlet'} · {when} · {value}{text}"


def _box(x: float, y: float, y2: float) -> tuple[float, float, float, float]:
    top, bottom = min(y, y2), max(y, y2)
    return (x - RADIUS, top - RADIUS, x + RADIUS, bottom + RADIUS)


def _swarm(x0s: list[float], ys: list[float], y2s: list[float], bounds: list[tuple[float, float]]) -> list[float]:
    """Each mark's x: its day's x, or the nearest free place beside it (right, left, further out)
    when another mark already sits there, so every claim stays visible and can be pointed at."""
    placed: list[tuple[float, float, float, float]] = []
    xs = [0.0] * len(x0s)
    for i in sorted(range(len(x0s)), key=lambda i: (x0s[i], ys[i])):
        for step in range(0, 200):
            off = (step + 1) // 2 * SPREAD * (1 if step % 2 else -1)
            x = min(max(x0s[i] + off, bounds[i][0]), bounds[i][1])
            box = _box(x, ys[i], y2s[i])
            if not any(_overlap(box, other) for other in placed):
                break
        xs[i] = x
        placed.append(box)
    return xs


def _trend(marks: list[Mark]) -> str:
    """A polyline through each dated day's median figure, in date order (evolving facts)."""
    by_x: dict[float, list[float]] = defaultdict(list)
    for m in marks:
        if m.dated:
            by_x[round(m.x0, 1)].append((m.y + m.y2) / 2)
    if len(by_x) < 2:
        return ""
    pts = [(x, sorted(ys)[len(ys) // 2]) for x, ys in sorted(by_x.items())]
    return " ".join(f"{x:.1f},{y:.1f}" for x, y in pts)


def _label_text(p: ClaimPoint) -> str:
    lo, hi = p.figure
    if lo != hi:
        return f"{axis_number(lo)}–{axis_number(hi)}"
    if p.qualifier == "vague" and p.text:
        return p.text if len(p.text) <= VAGUE_CHARS else p.text[:VAGUE_CHARS - 1] + "…"
    return LABEL_PREFIX.get(p.shape(), "") + axis_number(hi)


def _labels(marks: list[Mark]) -> list[tuple[float, float, str, str]]:
    """The figure beside each mark (once per day and figure): right of it, else left, else
    above, wherever it overlaps no mark and no other label; skipped when nowhere is free."""
    taken = [_box(m.x, m.y, m.y2) for m in marks]
    seen, out = set(), []
    for m in sorted(marks, key=lambda m: (m.x, m.y)):
        if (m.x0, m.label) in seen:
            continue
        seen.add((m.x0, m.label))
        width, top = len(m.label) * CHAR_PX, min(m.y, m.y2)
        y = top - 3 if m.y != m.y2 else m.y + 4
        right, left, above = m.x + RADIUS + 3, m.x - RADIUS - 3, top - RADIUS - 4
        for x, ty, anchor, box in ((right, y, "start", (right, y - 10, right + width, y + 2)),
                                   (left, y, "end", (left - width, y - 10, left, y + 2)),
                                   (m.x, above, "middle", (m.x - width / 2, above - 10, m.x + width / 2, above + 2))):
            if LEFT <= box[0] and box[2] <= WIDTH - 2 and box[1] >= 0 and not any(_overlap(box, b) for b in taken):
                taken.append(box)
                out.append((x, ty, m.label, anchor))
                break
    return out


def _overlap(a: tuple[float, ...], b: tuple[float, ...]) -> bool:
    return a[0] < b[2] and b[0] < a[2] and a[1] < b[3] and b[1] < a[3]


LEGEND = {"point": "● figure", "approx": "○ about", "vague": "◌ vague (“hundreds”)", "up": "▲ more than / at least", "down": "▼ at most / under",
          "range": "┃ range"}


def layout(claims: Iterable[ClaimPoint], status: str = "") -> Chart | None:
    """The chart of ``claims`` (None when no claim has a figure)."""
    claims = list(claims)
    points = [p for p in claims if p.figure is not None]
    if not points:
        return None
    has_unknown = any(p.day is None for p in points)
    left, top, bottom = LEFT, TOP, HEIGHT - BOTTOM
    right = WIDTH - RIGHT - (UNKNOWN_WIDTH if has_unknown else 0)
    y, yticks = _y_scale(points, top + 6, bottom)
    xs = _x_positions([p.day for p in points if p.day is not None], left, right)
    unknown_x = (right + WIDTH - RIGHT) / 2 if has_unknown else None
    clash = conflicting(points) if status == "conflict" else [False] * len(points)
    x0s = [xs[p.day] if p.day is not None else unknown_x for p in points]
    highs, lows = [y(p.figure[1]) for p in points], [y(p.figure[0]) for p in points]
    # pushed-aside marks stay in their area: the dated plot, or the "date unknown" column
    bounds = [(left + RADIUS, right - RADIUS) if p.day is not None else (right + RADIUS, WIDTH - RIGHT - RADIUS)
              for p in points]
    swarm = _swarm(x0s, highs, lows, bounds)
    marks = [Mark(x, hy, ly, p.shape(), bad, p.href, _title(p), p.day is not None, x0, _label_text(p))
             for p, x, x0, hy, ly, bad in zip(points, swarm, x0s, highs, lows, clash)]
    bands = _bands(marks)
    dated = sorted({p.day for p in points if p.day is not None})
    outlets = {p.outlet for p in points}
    span = f", {dated[0].isoformat()} to {dated[-1].isoformat()}" if len(dated) > 1 else (
        f", {dated[0].isoformat()}" if dated else "")
    unknown = sum(p.day is None for p in points)
    label = (f"Timeline of {len(points)} claim{'s' * (len(points) != 1)} from {len(outlets)} "
             f"outlet{'s' * (len(outlets) != 1)}{span}"
             + (f"; {unknown} with unknown publication date" if unknown else "")
             + ("; red marks disagree with a claim of the same or next day" if any(clash) else ""))
    chart = Chart(WIDTH, HEIGHT, label, marks, yticks, _x_ticks(xs), _labels(marks), bands,
                  _trend(marks) if status == "evolving" else "", unknown_x, (left, top, right, bottom),
                  [(s, LEGEND[s]) for s in LEGEND if any(m.shape == s for m in marks)],
                  len(claims) - len(points))
    if any(clash):
        chart.legend.append(("conflict", "red: disagrees with a claim of the same or next day"))
    return chart


def _bands(marks: list[Mark]) -> list[tuple[float, float]]:
    """Shaded columns behind the days where claims conflict."""
    xs = sorted({m.x0 for m in marks if m.conflict})
    return [(x - SPREAD * 1.5, x + SPREAD * 1.5) for x in xs]


SVG = """\
<figure class="tl">
<svg xmlns="http://www.w3.org/2000/svg" class="tl-chart" viewBox="0 0 {{ c.width }} {{ c.height }}" \
width="{{ c.width }}" height="{{ c.height }}" role="img" aria-label="{{ c.label }}">
<title>{{ c.label }}</title>
{% for a, b in c.bands %}<rect class="tl-band" x="{{ '%.1f'|format(a) }}" y="{{ c.plot[1] }}" \
width="{{ '%.1f'|format(b - a) }}" height="{{ c.plot[3] - c.plot[1] }}"/>
{% endfor %}
{% for y, text in c.yticks %}<line class="tl-grid" x1="{{ c.plot[0] }}" x2="{{ c.width - 14 }}" \
y1="{{ '%.1f'|format(y) }}" y2="{{ '%.1f'|format(y) }}"/><text class="tl-ytick" x="{{ c.plot[0] - 6 }}" \
y="{{ '%.1f'|format(y + 4) }}">{{ text }}</text>
{% endfor %}
<line class="tl-axis" x1="{{ c.plot[0] }}" x2="{{ c.plot[2] }}" y1="{{ c.plot[3] }}" y2="{{ c.plot[3] }}"/>
{% for x, text in c.xticks %}<line class="tl-tick" x1="{{ '%.1f'|format(x) }}" x2="{{ '%.1f'|format(x) }}" \
y1="{{ c.plot[3] }}" y2="{{ c.plot[3] + 4 }}"/><text class="tl-xtick" x="{{ '%.1f'|format(x) }}" \
y="{{ c.plot[3] + 17 }}">{{ text }}</text>
{% endfor %}
{% if c.unknown_x is not none %}<line class="tl-unknown-rule" x1="{{ c.plot[2] }}" x2="{{ c.plot[2] }}" \
y1="{{ c.plot[1] }}" y2="{{ c.plot[3] + 4 }}"/><text class="tl-xtick tl-unknown" x="{{ '%.1f'|format(c.unknown_x) }}" \
y="{{ c.plot[3] + 17 }}">date unknown</text>
{% endif %}
{% if c.trend %}<polyline class="tl-trend" points="{{ c.trend }}"/>
{% endif %}
{% for m in c.marks %}{% if m.href %}<a href="{{ m.href }}">{% endif %}<g class="mark mark-{{ m.shape }}\
{% if m.conflict %} mark-conflict{% endif %}{% if not m.dated %} mark-undated{% endif %}">\
<title>{{ m.title }}</title>{{ shape(m) }}</g>{% if m.href %}</a>{% endif %}
{% endfor %}
{% for x, y, text, anchor in c.labels %}<text class="tl-value tl-{{ anchor }}" x="{{ '%.1f'|format(x) }}" \
y="{{ '%.1f'|format(y) }}">\
{{ text }}</text>
{% endfor %}
</svg>
<figcaption class="tl-legend">{% for kind, text in c.legend %}<span class="tl-key tl-key-{{ kind }}">{{ text }}</span> \
{% endfor %}{% if c.undrawn %}<span class="tl-key">{{ c.undrawn }} claim{{ "s" if c.undrawn != 1 }} without a figure \
not drawn</span>{% endif %}</figcaption>
</figure>"""

SHAPES = """\
{% macro shape(m) %}{% set x, y, y2 = '%.1f'|format(m.x), '%.1f'|format(m.y), '%.1f'|format(m.y2) %}\
{% if m.shape == "range" %}<line x1="{{ x }}" x2="{{ x }}" y1="{{ y }}" y2="{{ y2 }}"/>\
<line x1="{{ '%.1f'|format(m.x - 4) }}" x2="{{ '%.1f'|format(m.x + 4) }}" y1="{{ y }}" y2="{{ y }}"/>\
<line x1="{{ '%.1f'|format(m.x - 4) }}" x2="{{ '%.1f'|format(m.x + 4) }}" y1="{{ y2 }}" y2="{{ y2 }}"/>\
{% elif m.shape == "up" %}<path d="M{{ x }} {{ '%.1f'|format(m.y - 6) }}l5 9h-10z"/>\
{% elif m.shape == "down" %}<path d="M{{ x }} {{ '%.1f'|format(m.y + 6) }}l5 -9h-10z"/>\
{% else %}<circle cx="{{ x }}" cy="{{ y }}" r="{{ radius }}"/>{% endif %}{% endmacro %}"""

_ENV = jinja2.Environment(autoescape=True, undefined=jinja2.StrictUndefined)
_TEMPLATE = _ENV.from_string(SHAPES + SVG)


def render_svg(chart: Chart | None) -> Markup:
    """The chart as inline SVG markup ('' for no chart); every text in it is escaped."""
    if chart is None:
        return Markup("")
    return Markup(_TEMPLATE.render(c=chart, radius=RADIUS))


def timeline_svg(claims: Iterable[Mapping[str, Any]], status: str = "",
                 href: Any = None) -> Markup:
    """Chart a fact's claim rows; ``href(claim)`` gives each mark's link (optional)."""
    return render_svg(layout((claim_point(c, href(c) if href else None) for c in claims), status))
