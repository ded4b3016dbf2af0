"""A count's timeline as the page shows it: the step chart (SVG geometry, computed here so the
template only prints numbers), the best current figure and the sum of the parts.

Rows in, plain values out; no queries. The chart is drawn on the server: no JavaScript
charting, nothing from a CDN.
"""

from __future__ import annotations

import datetime
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from decimal import Decimal
from typing import TYPE_CHECKING

from django.utils.html import escape, format_html_join
from django.utils.safestring import SafeString, mark_safe
from django.utils.text import capfirst

from claims.models import NumericClaim, Observation, TrackedCount
from claims.presentation.links import link

if TYPE_CHECKING:
    from claims.countmatch import ShownFlag

WIDTH, HEIGHT = 760, 300
LEFT, RIGHT, TOP, BOTTOM = 56, 16, 16, 36
# Markers by source: one colour per outlet (or claimant), in order of first appearance.
PALETTE = ("#1f6feb", "#d1242f", "#1a7f37", "#9a6700", "#8250df", "#bf3989", "#0a7b83", "#57606a")
SHAPES = ("circle", "square", "diamond")


@dataclass(frozen=True, slots=True)
class FigureOutlet:
    name: str


@dataclass(frozen=True, slots=True)
class FigureSpeaker:
    pk: int
    name: str

    def get_absolute_url(self) -> str:
        return link("claims:speaker-detail", self.pk)


@dataclass(frozen=True, slots=True)
class FigureArticle:
    pk: int
    title: str
    published_on: datetime.date | None
    outlet_id: int | None
    outlet: FigureOutlet | None

    def get_absolute_url(self) -> str:
        return link("claims:article-detail", self.pk)


@dataclass(frozen=True, slots=True)
class FigureClaim:
    text: str
    qualifier: str
    status: str
    article_id: int
    article: FigureArticle
    claimant_id: int | None
    claimant: FigureSpeaker | None

    def get_qualifier_display(self) -> str:
        return NumericClaim.Qualifier(self.qualifier).label


@dataclass(slots=True)
class Figure:
    """One observation of a count as its page shows it: the attributes of an `Observation`
    with its claim, article, outlet and claimant that the chart, the flags, the best figure
    and the table read, without the model instances (see `ObservationQuerySet.figure_values`).
    The table sets `flag_labels` and `charted`."""

    pk: int
    count_id: int
    claim_id: int
    as_of: datetime.date
    low: Decimal | None
    high: Decimal | None
    state: str
    version: int
    definition: str
    claim: FigureClaim
    flag_labels: list[str] = field(default_factory=list)
    charted: bool = False

    def get_state_display(self) -> str:
        return Observation.State(self.state).label

    @property
    def decide_url(self) -> str:
        return link("claims:observation-decide", self.pk)

    @property
    def note_url(self) -> str:
        return link("claims:observation-note", self.pk)


def figures(rows: Iterable[tuple]) -> list[Figure]:
    """`Figure`s of rows of `ObservationQuerySet.figure_values`, in their order."""
    out = []
    for (
        pk,
        count_id,
        claim_id,
        as_of,
        low,
        high,
        state,
        version,
        definition,
        text,
        qualifier,
        status,
        article_id,
        claimant_id,
        claimant,
        title,
        published_on,
        outlet_id,
        outlet,
    ) in rows:
        article = FigureArticle(
            article_id, title, published_on, outlet_id, FigureOutlet(outlet) if outlet_id else None
        )
        claim = FigureClaim(
            text,
            qualifier,
            status,
            article_id,
            article,
            claimant_id,
            FigureSpeaker(claimant_id, claimant) if claimant_id else None,
        )
        out.append(
            Figure(pk, count_id, claim_id, as_of, low, high, state, version, definition, claim)
        )
    return out


def flag_items(flags: Iterable[ShownFlag]) -> SafeString:
    """The flags of a count's record as list items, built here rather than in the template: a
    long record raises hundreds, and the template's loop was a tenth of the page. The rule is
    one of `claims.counts.flags.RULES`; the label and the explanation are escaped."""
    return format_html_join(
        "",
        '<li class="flag flag-{}"><strong>{}.</strong> {}</li>',
        ((flag.rule, capfirst(flag.label), flag.explanation) for flag in flags),
    )


def source_of(observation: Observation | Figure) -> str:
    """Who the figure comes from: the claimant if one is quoted, else the outlet."""
    claim = observation.claim
    if claim.claimant_id:
        return claim.claimant.name
    outlet = claim.article.outlet
    return outlet.name if outlet is not None else "Unknown outlet"


@dataclass(frozen=True)
class Marker:
    x: float
    y: float
    colour: str
    shape: str
    confirmed: bool
    title: str


@dataclass(frozen=True)
class Band:
    """An open-ended bound: from `y` to the edge of the chart, until the next date."""

    x: float
    y: float
    width: float
    height: float


@dataclass(frozen=True)
class Tick:
    at: float
    label: str


@dataclass(frozen=True)
class LegendEntry:
    source: str
    colour: str
    shape: str


@dataclass
class Chart:
    width: int = WIDTH
    height: int = HEIGHT
    lower_points: str = ""
    upper_points: str = ""
    bands: list[Band] = field(default_factory=list)
    markers: list[Marker] = field(default_factory=list)
    x_ticks: list[Tick] = field(default_factory=list)
    y_ticks: list[Tick] = field(default_factory=list)
    legend: list[LegendEntry] = field(default_factory=list)
    plot_left: int = LEFT
    plot_right: int = WIDTH - RIGHT
    plot_top: int = TOP
    plot_bottom: int = HEIGHT - BOTTOM

    @property
    def empty(self) -> bool:
        return not self.markers

    @property
    def markers_svg(self) -> SafeString:
        """The markers as SVG, built here rather than in the template: a count with hundreds
        of figures made that loop the slowest part of its page. Numbers are floats and colours
        and shapes come from this module; the title, which holds stored text, is escaped."""
        return mark_safe("".join(_marker_svg(m) for m in self.markers))  # noqa: S308

    @property
    def bands_svg(self) -> SafeString:
        """The open-above bands as SVG, built here for the same reason as the markers (a
        count whose figures are mostly "at least" has a band per date); numbers only."""
        return mark_safe("".join(_band_svg(b) for b in self.bands))  # noqa: S308


def _band_svg(b: Band) -> str:
    return (
        f'<rect class="open-band" x="{b.x}" y="{b.y}" width="{b.width}" height="{b.height}" '
        'fill="#1f6feb" fill-opacity="0.08"><title>open above: no upper bound stated</title></rect>'
    )


def _marker_svg(m: Marker) -> str:
    paint = (
        f'fill="{m.colour if m.confirmed else "#fff"}" stroke="{m.colour}" stroke-width="2">'
        f"<title>{escape(m.title)}</title>"
    )
    if m.shape == "circle":
        return f'<circle class="marker" cx="{m.x}" cy="{m.y}" r="4.5" {paint}</circle>'
    corner = f'x="{round(m.x - 4, 1)}" y="{round(m.y - 4, 1)}" width="8" height="8"'
    turn = f' transform="rotate(45 {m.x} {m.y})"' if m.shape == "diamond" else ""
    return f'<rect class="marker" {corner}{turn} {paint}</rect>'


def _nice_top(value: Decimal) -> Decimal:
    """A round number a little above `value`, for the top of the y axis."""
    value = max(value, Decimal(1)) * Decimal("1.1")
    step = Decimal(10) ** max(len(str(int(value))) - 1, 0)
    return ((value / step).to_integral_value(rounding="ROUND_CEILING")) * step


def chart(observations: Sequence[Observation | Figure]) -> Chart:
    """The step chart of `observations` (charted ones, by as-of date): confirmed figures make
    the lower and upper steps, suggested ones are hollow markers; an open bound is a band."""
    result = Chart()
    if not observations:
        return result
    dates = sorted({o.as_of for o in observations})
    first, last = dates[0], dates[-1]
    if first == last:  # a day either side, where the calendar has one (not 1 Jan of year 1)
        day = datetime.timedelta(days=1)
        first = first - day if first > datetime.date.min else first
        last = last + day if last < datetime.date.max else last
    span_days = (last - first).days
    finite = [b for o in observations for b in (o.low, o.high) if b is not None]
    top = _nice_top(max(finite) if finite else Decimal(1))
    plot_w = result.plot_right - result.plot_left
    plot_h = result.plot_bottom - result.plot_top

    def x(day: datetime.date) -> float:
        return round(result.plot_left + plot_w * (day - first).days / span_days, 1)

    def y(value: Decimal) -> float:
        return round(result.plot_bottom - plot_h * float(value / top), 1)

    colours: dict[str, tuple[str, str]] = {}
    for o in observations:
        source = source_of(o)
        if source not in colours:
            n = len(colours)
            colours[source] = (PALETTE[n % len(PALETTE)], SHAPES[(n // len(PALETTE)) % 3])
            result.legend.append(LegendEntry(source, *colours[source]))
        colour, shape = colours[source]
        at = o.low if o.low is not None else o.high
        confirmed = o.state == Observation.State.CONFIRMED
        title = f"{o.claim.text} on {o.as_of:%-d %b %Y}, {source} ({o.get_state_display().lower()})"
        result.markers.append(Marker(x(o.as_of), y(at), colour, shape, confirmed, title))

    # The steps: per date, the highest confirmed lower bound and the lowest confirmed upper
    # bound; an open upper bound draws a band up to the top until the next date.
    confirmed = [o for o in observations if o.state == Observation.State.CONFIRMED]
    lows: dict[datetime.date, Decimal] = {}
    highs: dict[datetime.date, Decimal | None] = {}
    for o in confirmed:
        if o.low is not None:
            lows[o.as_of] = max(lows.get(o.as_of, o.low), o.low)
        if o.as_of not in highs or highs[o.as_of] is not None:
            current = highs.get(o.as_of, o.high)
            highs[o.as_of] = None if o.high is None else min(current or o.high, o.high)
    steps = sorted(set(lows) | set(highs))
    ends = [*(x(d) for d in steps[1:]), float(result.plot_right)] if steps else []
    result.lower_points = _steps([(x(d), y(lows[d])) for d in steps if d in lows], result)
    uppers = [(x(d), y(h)) for d, h in highs.items() if h is not None]
    result.upper_points = _steps(sorted(uppers), result)
    for day, end in zip(steps, ends, strict=True):
        if day in highs and highs[day] is None:
            base = y(lows[day]) if day in lows else result.plot_bottom
            result.bands.append(
                Band(x(day), result.plot_top, round(end - x(day), 1), base - result.plot_top)
            )
    for day in dates if len(dates) <= 8 else dates[:: max(len(dates) // 6, 1)]:
        result.x_ticks.append(Tick(x(day), f"{day:%-d %b %Y}"))
    for i in range(5):
        value = top * i / 4
        result.y_ticks.append(Tick(y(value), f"{value.normalize():f}"))
    return result


def _steps(points: list[tuple[float, float]], chart_: Chart) -> str:
    """A step line through `points`: flat until the next point, then up or down."""
    if not points:
        return ""
    path: list[str] = []
    for i, (px, py) in enumerate(points):
        if i:
            path.append(f"{px},{points[i - 1][1]}")
        path.append(f"{px},{py}")
    path.append(f"{chart_.plot_right},{points[-1][1]}")
    return " ".join(path)


def best_figure[F: (Observation, Figure)](count: TrackedCount, confirmed: Sequence[F]) -> F | None:
    """The preferred source's latest confirmed figure; without one (or none from it), the
    largest confirmed lower bound among the latest observations."""
    if count.preferred_speaker_id or count.preferred_outlet_id:
        preferred = [
            o
            for o in confirmed
            if (count.preferred_speaker_id and o.claim.claimant_id == count.preferred_speaker_id)
            or (
                count.preferred_outlet_id and o.claim.article.outlet_id == count.preferred_outlet_id
            )
        ]
        if preferred:
            return max(preferred, key=lambda o: (o.as_of, o.pk))
    if not confirmed:
        return None
    latest = max(o.as_of for o in confirmed)
    on_latest = [o for o in confirmed if o.as_of == latest]
    return max(on_latest, key=lambda o: (o.low is not None, o.low or 0, o.pk))


def figure_label(observation: Observation | Figure) -> str:
    """A figure in words: exact "55", open "at least 39", "up to 12", or "12 to 15"."""
    low, high = observation.low, observation.high

    def show(n: Decimal) -> str:
        return f"{n.normalize():f}"

    if low is not None and high is not None:
        return show(low) if low == high else f"{show(low)} to {show(high)}"
    if low is not None:
        return f"at least {show(low)}"
    if high is not None:
        return f"up to {show(high)}"
    return "?"
