"""The map as a PNG: the packaged basemap, incidents as dots by type, control claims as
diamonds by controller, the busiest places named. Plain longitude/latitude axes, scaled by the
cosine of the latitude so a town's surroundings keep their shape at regional zoom."""

from __future__ import annotations

import math

from kb.pictures.draw import colours, nothing, png, pyplot, window_text
from kb.pictures.map import MapPicture, basemap


def _rings(geometry: dict) -> list[list[list[float]]]:
    if geometry["type"] == "Polygon":
        return geometry["coordinates"]
    return [ring for poly in geometry["coordinates"] for ring in poly]


def map_png(picture: MapPicture) -> bytes:
    title = f"Incidents and control claims in {picture.place}"
    if picture.empty:
        return nothing(title, picture.start, picture.end)
    from matplotlib.lines import Line2D
    from matplotlib.patches import Polygon

    plt = pyplot()
    west, south, east, north = picture.bbox()
    fig, ax = plt.subplots(figsize=(10, 8))
    ax.set_facecolor("#dfeaf2")  # the sea, wherever no country is drawn
    for f in basemap((west, south, east, north))["features"]:
        level = f["properties"]["level"]
        for ring in _rings(f["geometry"]):
            ax.add_patch(
                Polygon(
                    ring,
                    closed=True,
                    facecolor="#f4f1ea" if level == 0 else "none",
                    edgecolor="#555555" if level == 0 else "#a0a0a0",
                    lw=1.2 if level == 0 else 0.6,
                    ls="-" if level == 0 else "--",
                    zorder=1 + level,
                )
            )
    types = picture.types
    colour = colours(types)
    controllers = sorted({p["controller"] for p in picture.points if p["kind"] == "control"})
    held = colours(list(reversed(controllers)))
    for p in picture.points:
        hollow = p.get("located") != "place"
        if p["kind"] == "incident":
            c = colour[p["type"]]
            size = 25 + 20 * math.sqrt(p["deaths"])
            ax.scatter(
                p["lon"],
                p["lat"],
                s=size,
                color="white" if hollow else c,
                edgecolors=c,
                alpha=0.75,
                zorder=4,
            )
        else:
            c = held[p["controller"]]
            ax.scatter(
                p["lon"],
                p["lat"],
                s=60,
                marker="D",
                color="white" if hollow else c,
                edgecolors=c,
                zorder=5,
            )
    counts: dict[tuple, int] = {}
    for p in picture.points:
        key = (p["place"], p["lon"], p["lat"])
        counts[key] = counts.get(key, 0) + 1
    for (name, lon, lat), _ in sorted(counts.items(), key=lambda kv: -kv[1])[:12]:
        ax.annotate(
            name or "", (lon, lat), xytext=(5, 4), textcoords="offset points", fontsize=8, zorder=6
        )
    ax.set_xlim(west, east)
    ax.set_ylim(south, north)
    ax.set_aspect(1 / math.cos(math.radians((south + north) / 2)))
    ax.set_xlabel("longitude")
    ax.set_ylabel("latitude")
    handles = [Line2D([], [], marker="o", ls="", color=colour[t], label=t) for t in types]
    handles += [
        Line2D([], [], marker="D", ls="", color=held[c], label=f"control: {c}") for c in controllers
    ]
    handles.append(
        Line2D(
            [], [], marker="o", ls="", color="grey", mfc="white", label="placed at a larger area"
        )
    )
    ax.legend(
        handles=handles, loc="upper left", bbox_to_anchor=(1.01, 1), fontsize=8, frameon=False
    )
    n_inc = sum(p["kind"] == "incident" for p in picture.points)
    n_ctl = len(picture.points) - n_inc
    note = f"; {len(picture.unplaced)} unplaced" if picture.unplaced else ""
    ax.set_title(
        f"{title}\n{n_inc} incidents, {n_ctl} control claims, {window_text(picture.start, picture.end)}{note}",
        loc="left",
        fontsize=11,
    )
    fig.tight_layout()
    return png(fig)
