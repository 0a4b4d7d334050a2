"""The graph in any SPARQL 1.1 server, over the standard Protocol (KB_SPARQL_QUERY_URL/_UPDATE_URL).

Every template query assumes the default graph is the union of all named graphs (one named graph
per article). Servers differ in how they give that:

- Oxigraph (``oxigraph serve --location DIR``): per request, with the ``union-default-graph``
  parameter. This store finds that out by itself and sends the parameter with every query that has
  no FROM clause. ``oxigraph serve --union-default-graph`` works too, but then the server ignores
  FROM / ``default-graph-uri`` in users' queries (measured with oxigraph 0.5.13).
- Apache Jena Fuseki (TDB2): ``tdb2:unionDefaultGraph true`` on the dataset in the assembler file
  (``tdb:unionDefaultGraph`` for TDB1), or a ``ja:RDFDataset`` whose default graph is
  ``<urn:x-arq:UnionGraph>``.
- Virtuoso 7: a query without FROM already sees every graph. Updates need
  ``GRANT SPARQL_UPDATE TO "SPARQL"`` (isql) and form-encoded POST, which is what this store sends.
- GraphDB: the default graph of a query without FROM is already the union of all graphs.

The store checks this once there is data, and refuses to work with a server whose default graph
is not the union (answers would be silently empty otherwise).

Time limits: the client gives up after the limit and reports a timeout, but the server may go on
working (Oxigraph does, even with ``--timeout-s``): give the server its own limit too (Fuseki
``arq:queryTimeout``, Virtuoso ``MaxQueryExecutionTime``, GraphDB ``query-timeout``).
"""

from __future__ import annotations

import json
import time
from dataclasses import dataclass
from urllib.parse import urlsplit

import httpx
import pyoxigraph as ox
from rdflib import BNode, Graph, Literal, URIRef

from kb.errors import QueryError, QueryTimeout, StoreError
from kb.store.base import QueryOutput, has_dataset_clause
from kb.store.terms import (
    GRAPH_FORMATS,
    SOLUTION_FORMATS,
    XSD_STRING,
    nt,
    serialize_boolean,
    serialize_graph,
    serialize_solutions,
    to_ox,
)

JSON_RESULTS = "application/sparql-results+json"
# One Accept for every query form: the server picks results JSON or N-Triples by itself.
_RUN_ACCEPT = f"{JSON_RESULTS}, application/n-triples;q=0.9, text/turtle;q=0.8"
_GRAPH_PARSERS = {
    "application/n-triples": "nt",
    "text/plain": "nt",
    "text/turtle": "turtle",
    "application/rdf+xml": "xml",
    "application/ld+json": "json-ld",
}
_DUMP_FORMATS = {
    "application/trig": ox.RdfFormat.TRIG,
    "application/n-quads": ox.RdfFormat.N_QUADS,
}
_UNION_PROBE = """SELECT ?visible WHERE {
  { SELECT ?s ?p ?o WHERE { GRAPH ?g { ?s ?p ?o } } LIMIT 1 }
  BIND (EXISTS { ?s ?p ?o } AS ?visible)
}"""
_TEMPLATE_TIMEOUT = 120.0  # our own queries: generous, but a hung server still ends


class RemoteStore:
    def __init__(self, query_url: str, update_url: str | None = None) -> None:
        self.query_url = query_url
        self.update_url = update_url
        self._client = httpx.Client(timeout=httpx.Timeout(_TEMPLATE_TIMEOUT, connect=10.0))
        self._union: str | None = None  # None: not known yet; "native" or "param"

    # trusted queries ------------------------------------------------------------------------
    def select(self, query: str) -> list[dict[str, object]]:
        data = self._query_json(query)
        names = data.get("head", {}).get("vars", [])
        return [
            {n: _term(b[n]) if n in b else None for n in names}
            for b in data.get("results", {}).get("bindings", [])
        ]

    def ask(self, query: str) -> bool:
        return bool(self._query_json(query).get("boolean"))

    def _query_json(self, query: str) -> dict:
        self._check_union()
        reply = self._post(self.query_url, self._query_form(query), JSON_RESULTS, _TEMPLATE_TIMEOUT)
        return _json(reply, self.query_url)

    # user queries -------------------------------------------------------------------------------
    def run(self, query: str, media_type: str, limit: int, timeout: float) -> QueryOutput:
        """Forward a user's query; the cap and the output format are applied here, the same for
        every server, so ``kb sparql`` prints the same bytes whichever store holds the graph."""
        self._check_union()
        reply = self._post(self.query_url, self._query_form(query), _RUN_ACCEPT, timeout)
        if reply.content_type in (JSON_RESULTS, "application/json"):
            return _solutions_output(_json(reply, self.query_url), media_type, limit)
        if reply.content_type in _GRAPH_PARSERS:
            return _graph_output(reply.body, _GRAPH_PARSERS[reply.content_type], media_type, limit)
        raise StoreError(
            f"the SPARQL server at {self.query_url} answered with {reply.content_type or 'no type'}, "
            "expected SPARQL JSON results or N-Triples"
        )

    # writes ------------------------------------------------------------------------------------
    def replace_graph(self, name: URIRef, graph: Graph) -> None:
        body = "\n".join(f"{nt(s)} {nt(p)} {nt(o)} ." for s, p, o in graph)
        self._update(
            f"DROP SILENT GRAPH <{name}> ;\nINSERT DATA {{ GRAPH <{name}> {{\n{body}\n}} }}"
        )

    def drop_graph(self, name: URIRef) -> None:
        self._update(f"DROP SILENT GRAPH <{name}>")

    def _update(self, update: str) -> None:
        if not self.update_url:
            raise StoreError(
                f"cannot write to {self.query_url}: set KB_SPARQL_UPDATE_URL to the server's "
                "SPARQL update endpoint"
            )
        self._post(self.update_url, {"update": update}, "*/*", _TEMPLATE_TIMEOUT)

    # whole dataset -----------------------------------------------------------------------------
    def dump(self, media_type: str) -> bytes:
        """Every named graph as TriG or N-Quads, from one portable SELECT over quads."""
        rows = self.select("SELECT ?g ?s ?p ?o WHERE { GRAPH ?g { ?s ?p ?o } }")
        rows.sort(key=lambda r: (str(r["g"]), str(r["s"])))  # TriG groups only neighbouring quads
        quads = [
            ox.Quad(to_ox(r["s"]), to_ox(r["p"]), to_ox(r["o"]), to_ox(r["g"]))
            for r in rows
            if not isinstance(r["g"], BNode)
        ]
        return ox.serialize(quads, format=_DUMP_FORMATS[media_type])

    def count(self) -> int:
        rows = self.select("SELECT (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } }")
        return int(rows[0]["n"]) if rows else 0

    def close(self) -> None:
        self._client.close()

    # plumbing ------------------------------------------------------------------------------------
    def _query_form(self, query: str) -> dict[str, str]:
        form = {"query": query}
        if self._union == "param" and not has_dataset_clause(query):
            form["union-default-graph"] = ""
        return form

    def _check_union(self) -> None:
        """Learn once how this server gives the union default graph, or refuse to go on."""
        if self._union is not None:
            return
        for mode, form in (
            ("native", {"query": _UNION_PROBE}),
            ("param", {"query": _UNION_PROBE, "union-default-graph": ""}),
        ):
            try:
                reply = self._post(self.query_url, form, JSON_RESULTS, _TEMPLATE_TIMEOUT)
            except QueryError:
                continue  # a server that does not know the parameter may reject it
            bindings = _json(reply, self.query_url).get("results", {}).get("bindings", [])
            if not bindings:
                return  # no named graph holds anything yet: ask again once there is data
            if bindings[0].get("visible", {}).get("value") == "true":
                self._union = mode
                return
        raise StoreError(
            f"the SPARQL server at {self.query_url} does not query the union of all named graphs "
            "by default, which every kb query assumes: configure it so (Fuseki: "
            "tdb2:unionDefaultGraph true; see kb/store/remote.py for other servers)"
        )

    def _post(self, url: str, form: dict[str, str], accept: str, timeout: float) -> _Reply:
        """POST form-encoded (the one request shape every server accepts, Virtuoso included),
        reading the body under an overall deadline, not just per read."""
        deadline = time.monotonic() + timeout
        try:
            with self._client.stream(
                "POST",
                url,
                data=form,
                headers={"Accept": accept},
                timeout=httpx.Timeout(timeout, connect=min(timeout, 10.0)),
            ) as response:
                chunks = []
                for chunk in response.iter_bytes():
                    chunks.append(chunk)
                    if time.monotonic() > deadline:
                        raise httpx.ReadTimeout("deadline passed")
        except (httpx.ConnectError, httpx.ConnectTimeout) as exc:
            raise StoreError(f"cannot reach the SPARQL server at {url}: {_reason(exc)}") from None
        except httpx.TimeoutException:
            raise QueryTimeout(
                f"the SPARQL server at {_origin(url)} did not answer within the {timeout:g} s limit"
            ) from None
        except httpx.HTTPError as exc:
            raise StoreError(f"the SPARQL server at {url} failed: {_reason(exc)}") from None
        reply = _Reply(
            response.status_code,
            response.headers.get("content-type", "").split(";")[0].strip().lower(),
            b"".join(chunks),
        )
        _raise_for_status(reply, url)
        return reply


@dataclass
class _Reply:
    status: int
    content_type: str
    body: bytes


def _raise_for_status(reply: _Reply, url: str) -> None:
    status = reply.status
    if status < 400:
        return
    text = reply.body.decode("utf-8", "replace")
    message = " ".join(text.split())[:500] or f"HTTP {status}"
    if status == 400:
        raise QueryError(f"the SPARQL server rejected the query: {message}")
    if status in (408, 503, 504) and "timeout" in message.lower():
        raise QueryTimeout(f"the SPARQL server at {_origin(url)} stopped the query: {message}")
    hint = ""
    if status in (401, 403):
        hint = ' (Virtuoso needs GRANT SPARQL_UPDATE TO "SPARQL" for updates)'
    if status == 404:
        hint = " (is this the server's SPARQL endpoint URL?)"
    raise StoreError(f"the SPARQL server at {url} answered {status}: {message}{hint}")


def _json(reply: _Reply, url: str) -> dict:
    try:
        return json.loads(reply.body)
    except ValueError:
        raise StoreError(f"the SPARQL server at {url} sent results that are not JSON") from None


def _term(binding: dict) -> object:
    """A SPARQL JSON results term as the same rdflib term the embedded store gives."""
    kind, value = binding["type"], binding["value"]
    if kind == "uri":
        return URIRef(value)
    if kind == "bnode":
        return BNode(value)
    if kind in ("literal", "typed-literal"):  # typed-literal: SPARQL JSON draft, old Virtuoso
        lang = binding.get("xml:lang")
        if lang:
            return Literal(value, lang=lang)
        datatype = binding.get("datatype")
        return Literal(
            value, datatype=URIRef(datatype) if datatype and datatype != XSD_STRING else None
        )
    raise StoreError(f"unsupported term type in SPARQL results: {kind}")


def _solutions_output(data: dict, media_type: str, limit: int) -> QueryOutput:
    if "boolean" in data:
        media = media_type if media_type in SOLUTION_FORMATS else JSON_RESULTS
        return QueryOutput(serialize_boolean(bool(data["boolean"]), media), media, "boolean")
    if media_type not in SOLUTION_FORMATS:
        raise QueryError(f"a SELECT result cannot be given as {media_type}")
    names = data.get("head", {}).get("vars", [])
    bindings = data.get("results", {}).get("bindings", [])
    rows = [[_term(b[n]) if n in b else None for n in names] for b in bindings[:limit]]
    return QueryOutput(
        serialize_solutions(names, rows, media_type),
        media_type,
        "solutions",
        len(bindings) > limit,
        len(rows),
    )


def _graph_output(body: bytes, parser: str, media_type: str, limit: int) -> QueryOutput:
    if media_type not in GRAPH_FORMATS:
        raise QueryError(f"a CONSTRUCT/DESCRIBE result cannot be given as {media_type}")
    graph = Graph()
    graph.parse(data=body, format=parser)
    triples = []
    for triple in graph:
        if len(triples) >= limit:
            break
        triples.append(triple)
    return QueryOutput(
        serialize_graph(triples, media_type),
        media_type,
        "graph",
        len(graph) > limit,
        len(triples),
    )


def _reason(exc: Exception) -> str:
    return " ".join(str(exc).split()) or type(exc).__name__


def _origin(url: str) -> str:
    parts = urlsplit(url)
    return f"{parts.scheme}://{parts.netloc}"
