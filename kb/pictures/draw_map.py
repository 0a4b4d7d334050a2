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
    from matplotlib.collections import PolyCollection
    from matplotlib.lines import Line2D

    plt = pyplot()
    west, south, east, north = picture.bbox()
    shape = (north - south) / ((east - west) * math.cos(math.radians((south + north) / 2)))
    fig, ax = plt.subplots(figsize=(10, min(11, max(4, 6.5 * shape + 1.5))))
    ax.set_facecolor("#dfeaf2")  # the sea, wherever no country is drawn
    rings: dict[int, list] = {0: [], 1: []}
    for f in basemap((west, south, east, north))["features"]:
        for ring in _rings(f["geometry"]):
            xs, ys = [p[0] for p in ring], [p[1] for p in ring]
            if max(xs) >= west and min(xs) <= east and max(ys) >= south and min(ys) <= north:
                rings[f["properties"]["level"]].append(ring)
    # two collections, not a patch a shape: a neighbour's eighty provinces draw in one call
    ax.add_collection(
        PolyCollection(rings[0], facecolors="#f4f1ea", edgecolors="#555555", linewidths=1.2)
    )
    ax.add_collection(
        PolyCollection(
            rings[1], facecolors="none", edgecolors="#a0a0a0", linewidths=0.6, linestyles="--"
        )
    )
    types = picture.types
    colour = colours(types)
    controllers = sorted({p["controller"] for p in picture.points if p["kind"] == "control"})
    held = colours(list(reversed(controllers)))
    for kind, marker, zorder in (("incident", "o", 4), ("control", "D", 5)):
        chosen = [p for p in picture.points if p["kind"] == kind]
        if not chosen:
            continue
        edge = [colour[p["type"]] if kind == "incident" else held[p["controller"]] for p in chosen]
        face = [
            e if p.get("located") == "place" else "white" for e, p in zip(edge, chosen, strict=True)
        ]
        sizes = [
            25 + 20 * math.sqrt(p.get("deaths") or 0) if kind == "incident" else 60 for p in chosen
        ]
        ax.scatter(
            [p["lon"] for p in chosen],
            [p["lat"] for p in chosen],
            s=sizes,
            c=face,
            edgecolors=edge,
            marker=marker,
            alpha=0.75 if kind == "incident" else 1,
            zorder=zorder,
        )
    counts: dict[tuple, int] = {}
    for p in picture.points:
        key = (p["place"], p["lon"], p["lat"])
        counts[key] = counts.get(key, 0) + 1
    labelled: set[tuple] = set()
    for (name, lon, lat), _ in sorted(counts.items(), key=lambda kv: -kv[1]):
        if (lon, lat) in labelled or len(labelled) >= 12:
            continue  # one name a spot: a town, its district and its region share a point
        labelled.add((lon, lat))
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
