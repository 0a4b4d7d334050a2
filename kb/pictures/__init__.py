"""Pictures an analyst would show: who held a place, incidents over time, and a map.

Each picture is a record first (``*.to_json()``, ``*.to_csv()``) and a PNG second (``draw_png``),
so people who draw their own get exactly what ours show. The page draws the same records with
Leaflet and Chart.js served from kb/web/vendor.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from kb.errors import KBError

if TYPE_CHECKING:
    from kb.ask.answerer import Answerer
    from kb.pictures.control import ControlChart
    from kb.pictures.incidents import IncidentChart
    from kb.pictures.map import MapPicture
    from kb.store import GraphStore

    Picture = ControlChart | IncidentChart | MapPicture

KINDS = ("control", "incidents", "map")


def picture(
    answerer: Answerer,
    store: GraphStore,
    kind: str,
    place: str,
    start: str | None = None,
    end: str | None = None,
    types: list[str] | None = None,
) -> Picture:
    """The records of one picture (``kind`` one of KINDS) for a place and a date window."""
    if kind == "control":
        from kb.pictures.control import control_chart

        return control_chart(answerer, store, place, start, end)
    if kind == "incidents":
        from kb.pictures.incidents import incident_chart

        return incident_chart(answerer, store, place, start, end)
    if kind == "map":
        from kb.pictures.map import map_picture

        return map_picture(answerer, store, place, start, end, types)
    raise KBError(f"no picture called {kind!r}; choose one of {', '.join(KINDS)}")


def draw_png(chart: Picture) -> bytes:
    """The PNG of a picture's records."""
    from kb.pictures.control import ControlChart
    from kb.pictures.draw import control_png, incidents_png
    from kb.pictures.draw_map import map_png
    from kb.pictures.map import MapPicture

    if isinstance(chart, ControlChart):
        return control_png(chart)
    if isinstance(chart, MapPicture):
        return map_png(chart)
    return incidents_png(chart)
