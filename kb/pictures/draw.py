"""PNG pictures with matplotlib: who held a place, and incidents over time.

Pictures are drawn from the chart records only (kb.pictures.control / .incidents), so what the
PNG shows is what the JSON says. An empty window says so in words instead of drawing an empty
frame. matplotlib is imported inside the functions: the CLI and the server start without it.
"""

from __future__ import annotations

import io
import math
from datetime import date, timedelta
from types import ModuleType
from typing import TYPE_CHECKING

from kb.pictures.dates import span

if TYPE_CHECKING:
    from matplotlib.axes import Axes
    from matplotlib.figure import Figure

    from kb.pictures.control import ControlChart
    from kb.pictures.data import IncidentRecord
    from kb.pictures.incidents import IncidentChart

EMPTY = "nothing in this window"
PALETTE = [
    "#1f77b4",
    "#d62728",
    "#2ca02c",
    "#ff7f0e",
    "#9467bd",
    "#8c564b",
    "#e377c2",
    "#17becf",
    "#bcbd22",
    "#7f7f7f",
]
MANY = 60  # more incidents than this are counted per week or month instead of drawn one by one


def pyplot() -> ModuleType:
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    return plt


def colours(names: list[str]) -> dict[str, str]:
    return {n: PALETTE[i % len(PALETTE)] for i, n in enumerate(names)}


def png(fig: Figure) -> bytes:
    out = io.BytesIO()
    fig.savefig(out, format="png", dpi=100, bbox_inches="tight", pad_inches=0.15)
    pyplot().close(fig)
    return out.getvalue()


def nothing(title: str, start: date | None, end: date | None) -> bytes:
    """A small picture that says there is nothing to draw, and for which window."""
    plt = pyplot()
    fig, ax = plt.subplots(figsize=(8, 2.2))
    ax.set_axis_off()
    ax.set_title(title, loc="left", fontsize=12)
    ax.text(0.5, 0.45, EMPTY, ha="center", va="center", fontsize=16, color="#555555")
    ax.text(0.5, 0.12, window_text(start, end), ha="center", fontsize=10, color="#777777")
    return png(fig)


def window_text(start: date | None, end: date | None) -> str:
    return f"{start.isoformat() if start else 'first report'} to {end.isoformat() if end else 'last report'}"


def _date_axis(ax: Axes) -> None:
    import matplotlib.dates as mdates

    locator = mdates.AutoDateLocator(minticks=4, maxticks=10)
    ax.xaxis.set_major_locator(locator)
    ax.xaxis.set_major_formatter(mdates.ConciseDateFormatter(locator))
    ax.grid(axis="x", alpha=0.3)


def control_png(chart: ControlChart) -> bytes:
    """Bands per source (held solid, uncertain hatched), claim markers, report ticks, legend."""
    title = f"Who held {chart.place}"
    if chart.empty:
        return nothing(title, chart.start, chart.end)
    from matplotlib.lines import Line2D
    from matplotlib.patches import Patch

    plt = pyplot()
    colour = colours(chart.controllers)
    rows = chart.rows
    fig, ax = plt.subplots(figsize=(11, 2.4 + 0.55 * len(rows)))
    y = {row: i for i, row in enumerate(reversed(rows))}
    for b in chart.bands:
        width = max(b.end - b.start, timedelta(hours=12))
        style = {"color": colour[b.controller], "height": 0.22 if b.partial else 0.5}
        if b.certain:
            ax.barh(y[b.row], width, left=b.start, **style)
        else:
            ax.barh(y[b.row], width, left=b.start, alpha=0.3, hatch="///", **style)
    marks = {"gained": "^", "lost": "v", "holds": "o"}
    for c in chart.claims:
        row = y[c.evidence.source or "unattributed"]
        mid = c.first + (c.last - c.first) / 2
        if c.last > c.first:
            ax.plot([c.first, c.last], [row + 0.33] * 2, color="black", lw=1)
        ax.plot(
            mid,
            row + 0.33,
            marker=marks.get(c.change, "o"),
            color=colour[c.controller],
            markeredgecolor="black",
            markersize=8,
        )
    for d in chart.disagreements:
        ax.axvspan(
            date.fromisoformat(d["start"]), date.fromisoformat(d["end"]), color="red", alpha=0.08
        )
    reports = [span(p)[0] for p in chart.reports]
    ax.plot(reports, [-0.75] * len(reports), "|", color="#444444", markersize=12)
    ax.set_yticks([*y.values(), -0.75], [*y.keys(), "reports"])
    ax.set_ylim(-1.2, len(rows) - 0.3)
    ax.set_xlim(chart.start, chart.end)
    _date_axis(ax)
    handles = [Patch(color=colour[c], label=c) for c in chart.controllers]
    handles += [
        Patch(facecolor="#bbbbbb", label="held (reported)"),
        Patch(facecolor="#dddddd", hatch="///", label="uncertain: changed hands in here"),
        Line2D([], [], marker="^", ls="", color="grey", mec="black", label="took"),
        Line2D([], [], marker="v", ls="", color="grey", mec="black", label="lost"),
        Line2D([], [], marker="o", ls="", color="grey", mec="black", label="held as of"),
    ]
    if any(b.partial for b in chart.bands):
        handles.append(Patch(facecolor="#bbbbbb", label="thin: part of the place"))
    if chart.disagreements:
        handles.append(Patch(color="red", alpha=0.15, label="sources disagree"))
    ax.legend(
        handles=handles, loc="upper left", bbox_to_anchor=(1.01, 1), fontsize=8, frameon=False
    )
    ax.set_title(f"{title}: {len(chart.claims)} control claims by source", loc="left")
    fig.tight_layout()
    return png(fig)


def incidents_png(chart: IncidentChart) -> bytes:
    """One row per incident type (intervals as lines, deaths as marker size) or, for many,
    incidents per week or month stacked by type with deaths underneath."""
    title = f"Incidents in {chart.place}"
    if chart.empty:
        return nothing(title, chart.start, chart.end)
    if len(chart.incidents) > MANY:
        return _binned(chart, title)
    from matplotlib.lines import Line2D

    plt = pyplot()
    types = sorted({i.types[0] if i.types else "incident" for i in chart.incidents})
    colour = colours(types)
    fig, ax = plt.subplots(figsize=(11, 1.9 + 0.55 * len(types)))
    y = {t: len(types) - 1 - k for k, t in enumerate(types)}
    for i in chart.incidents:
        kind = i.types[0] if i.types else "incident"
        mid = _when(i)
        if i.last > i.first:
            ax.plot(
                [i.first, i.last + timedelta(days=1)],
                [y[kind]] * 2,
                color=colour[kind],
                lw=3,
                alpha=0.5,
            )
        size = 30 + 25 * math.sqrt(i.deaths)
        face = colour[kind] if i.deaths else "white"
        ax.scatter(
            [mid], [y[kind]], s=size, color=face, edgecolors=colour[kind], alpha=0.8, zorder=3
        )
    if len(chart.incidents) <= 15:  # few: print each one's date, as the text version does
        for k, i in enumerate(chart.incidents):
            kind = i.types[0] if i.types else "incident"
            ax.annotate(
                i.date.split("/")[-1],
                (_when(i), y[kind]),
                xytext=(0, 11 if k % 2 == 0 else -17),
                textcoords="offset points",
                ha="center",
                fontsize=7,
                color="#333333",
            )
    ax.set_yticks(list(y.values()), list(y.keys()))
    ax.set_ylim(-0.7, len(types) - 0.3)
    lo = min(i.first for i in chart.incidents)
    hi = max(i.last for i in chart.incidents)
    pad = max(timedelta(days=3), (hi - lo) / 25)
    ax.set_xlim(chart.start or lo - pad, chart.end or hi + pad)
    _date_axis(ax)
    handles = [
        Line2D(
            [],
            [],
            marker="o",
            ls="",
            color="grey",
            mfc="white",
            markersize=6,
            label="no deaths reported",
        ),
    ]
    for n in (1, 10, 100):
        handles.append(
            Line2D(
                [],
                [],
                marker="o",
                ls="",
                color="grey",
                markersize=math.sqrt(30 + 25 * math.sqrt(n)),
                label=f"{n} killed",
            )
        )
    handles.append(Line2D([], [], color="grey", lw=3, alpha=0.5, label="date given as a span"))
    ax.legend(
        handles=handles, loc="upper left", bbox_to_anchor=(1.01, 1), fontsize=8, frameon=False
    )
    deaths = sum(i.deaths for i in chart.incidents)
    note = f" ({chart.undated} undated not drawn)" if chart.undated else ""
    ax.set_title(f"{title}: {len(chart.incidents)} incidents, {deaths} killed{note}", loc="left")
    fig.tight_layout()
    return png(fig)


def _when(i: IncidentRecord) -> date:
    """Where an incident's dot goes: on its day; for "reported on D, date not given" (a window
    ending at the report, written first/last) on D, the day the text version prints; else the
    middle of the month or year stated."""
    if "/" in i.date:
        return i.last
    return i.first + (i.last - i.first) / 2


def _binned(chart: IncidentChart, title: str) -> bytes:
    """Counts per week (spans under half a year) or month, stacked by type; deaths below."""
    plt = pyplot()
    lo = min(i.first for i in chart.incidents)
    hi = max(i.last for i in chart.incidents)
    monthly = (hi - lo).days > 183

    def bin_of(d: date) -> date:
        return date(d.year, d.month, 1) if monthly else d - timedelta(days=d.weekday())

    types = sorted({i.types[0] if i.types else "incident" for i in chart.incidents})
    colour = colours(types)
    counts: dict[str, dict[date, int]] = {t: {} for t in types}
    deaths: dict[date, int] = {}
    for i in chart.incidents:
        b = bin_of(_when(i))
        kind = i.types[0] if i.types else "incident"
        counts[kind][b] = counts[kind].get(b, 0) + 1
        deaths[b] = deaths.get(b, 0) + i.deaths
    bins = sorted({b for c in counts.values() for b in c} | set(deaths))
    width = 25 if monthly else 6
    fig, (top, bottom) = plt.subplots(
        2, 1, figsize=(11, 5.5), sharex=True, gridspec_kw={"height_ratios": [3, 1.4]}
    )
    base = [0] * len(bins)
    for t in types:
        values = [counts[t].get(b, 0) for b in bins]
        top.bar(bins, values, width=width, bottom=base, color=colour[t], label=t, align="edge")
        base = [a + v for a, v in zip(base, values, strict=True)]
    top.set_ylabel(f"incidents per {'month' if monthly else 'week'}")
    top.legend(loc="upper left", bbox_to_anchor=(1.01, 1), fontsize=8, frameon=False)
    bottom.bar(bins, [deaths.get(b, 0) for b in bins], width=width, color="#444444", align="edge")
    bottom.set_ylabel("killed")
    _date_axis(bottom)
    top.grid(axis="x", alpha=0.3)
    total = sum(i.deaths for i in chart.incidents)
    note = f" ({chart.undated} undated not counted)" if chart.undated else ""
    top.set_title(f"{title}: {len(chart.incidents)} incidents, {total} killed{note}", loc="left")
    fig.tight_layout()
    return png(fig)
