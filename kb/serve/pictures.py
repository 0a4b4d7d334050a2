"""``/pictures/{control,incidents,map}.{png,json,csv}`` and ``/pictures/basemap.json``.

The same records and PNGs as ``kb timeline`` and ``kb map``; the page draws the JSON itself.
A bad date or an unknown place is a 400 with the reason (through the app's KBError handler).
"""

from __future__ import annotations

from starlette.concurrency import run_in_threadpool
from starlette.requests import Request
from starlette.responses import JSONResponse, Response
from starlette.routing import Route

from kb.serve.protocol import error_response

MEDIA = {"png": "image/png", "csv": "text/csv; charset=utf-8", "json": "application/json"}


async def picture_route(request: Request) -> Response:
    from kb.pictures import KINDS, draw_png

    kind, ext = request.path_params["kind"], request.path_params["ext"]
    if kind not in KINDS or ext not in MEDIA:
        return error_response(
            404, f"no picture {kind}.{ext}; kinds {', '.join(KINDS)}, as png, json or csv"
        )
    params = request.query_params
    place = params.get("place", "").strip()
    if not place:
        return error_response(400, "missing place: give it as place=...")
    start = params.get("from", "").strip() or None
    end = params.get("to", "").strip() or None
    types = [t for t in params.getlist("type") if t.strip()] or None

    def work() -> Response:
        gate = request.app.state.gate
        chart = gate.call(gate.kb.picture, kind, place, start, end, types)
        if ext == "png":
            return Response(draw_png(chart), media_type=MEDIA["png"])
        if ext == "csv":
            return Response(chart.to_csv(), media_type=MEDIA["csv"])
        return JSONResponse(chart.to_json())

    return await run_in_threadpool(work)


async def basemap_route(request: Request) -> Response:
    from kb.pictures.map import basemap

    try:
        bbox = tuple(float(v) for v in request.query_params.get("bbox", "").split(","))
    except ValueError:
        bbox = ()
    if len(bbox) != 4:
        return error_response(400, "bbox must be west,south,east,north in degrees")
    return JSONResponse(await run_in_threadpool(basemap, bbox))


ROUTES = [
    Route("/pictures/basemap.json", basemap_route),
    Route("/pictures/{kind}.{ext}", picture_route),
]
