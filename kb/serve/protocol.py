"""Reading a SPARQL 1.1 Protocol request, and applying its dataset parameters to the query.

``default-graph-uri`` / ``named-graph-uri`` override the query's own FROM / FROM NAMED
(SPARQL 1.1 Protocol, 2.1.4). The store interface takes only a query string, so the parameters
are written into the query as dataset clauses; a query with a dataset clause then runs on
exactly the graphs it names instead of the union of all graphs.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from urllib.parse import parse_qs

from starlette.requests import Request
from starlette.responses import PlainTextResponse, Response

from kb.errors import QueryError, ReadOnlyError, one_line
from kb.sparql.kinds import form_match, mask_code
from kb.store.base import DATASET_CLAUSE

MAX_QUERY_BYTES = 1_000_000
RDFLIB_DEFAULT_GRAPH = "urn:x-rdflib:default"
_IRI = re.compile(r"^[A-Za-z][A-Za-z0-9+.-]*:[^<>\"{}|^`\\\s]*$")
_WHERE_OR_MODIFIER = re.compile(
    r"(?<![\w:?$])(WHERE|LIMIT|OFFSET|ORDER|GROUP|HAVING|VALUES)\b", re.IGNORECASE
)


class ProtocolError(Exception):
    """A request that is not a SPARQL query request; carries the HTTP status to answer with."""

    def __init__(self, status: int, message: str) -> None:
        super().__init__(message)
        self.status = status


def error_response(status: int, message: str) -> Response:
    """An error as one plain line, like the CLI's ``Error: ...``; with the CORS header so that a
    browser client can read the reason."""
    return PlainTextResponse(
        f"Error: {one_line(message)}\n",
        status_code=status,
        headers={"Access-Control-Allow-Origin": "*"},
    )


@dataclass
class QueryRequest:
    query: str
    default_graphs: list[str] = field(default_factory=list)
    named_graphs: list[str] = field(default_factory=list)
    formats: list[str] = field(default_factory=list)


async def read_request(request: Request) -> QueryRequest:
    """The query and its parameters from GET, POST form, or POST application/sparql-query."""
    params = request.query_params
    queries = params.getlist("query")
    updates = params.getlist("update")
    defaults, named = params.getlist("default-graph-uri"), params.getlist("named-graph-uri")
    if request.method == "POST":
        content_type = request.headers.get("content-type", "").split(";")[0].strip().lower()
        body = await request.body()
        if len(body) > MAX_QUERY_BYTES:
            raise ProtocolError(413, f"the request is larger than {MAX_QUERY_BYTES:,} bytes")
        if content_type == "application/x-www-form-urlencoded":
            # parsed here: Starlette's request.form() needs python-multipart for this too
            form = parse_qs(body.decode("utf-8", "replace"), keep_blank_values=True)
            queries += form.get("query", [])
            updates += form.get("update", [])
            defaults += form.get("default-graph-uri", [])
            named += form.get("named-graph-uri", [])
        elif content_type == "application/sparql-query":
            queries.append(body.decode("utf-8", "replace"))
        elif content_type == "application/sparql-update":
            updates.append(body.decode("utf-8", "replace"))
        else:
            raise ProtocolError(
                415,
                f"cannot read a query sent as {content_type or 'no content type'}: send it as "
                "application/x-www-form-urlencoded (query=...) or application/sparql-query",
            )
    if updates:
        raise ReadOnlyError(
            "updates are not allowed: this endpoint is read-only (use `kb ingest` to add data)"
        )
    if not queries or not queries[0].strip():
        raise ProtocolError(400, "missing query: give it as query=... (GET or POST form)")
    if len(queries) > 1:
        raise ProtocolError(400, "give exactly one query parameter")
    # rdflib's SPARQLStore names the default graph by its own internal IRI: it means "default"
    defaults = [iri for iri in defaults if iri != RDFLIB_DEFAULT_GRAPH]
    for iri in defaults + named:
        if not _IRI.match(iri):
            raise ProtocolError(400, f"not an absolute IRI: {iri!r}")
    formats = params.getlist("format") + params.getlist("output")
    return QueryRequest(queries[0], defaults, named, formats)


def with_dataset(query: str, default_graphs: list[str], named_graphs: list[str]) -> str:
    """The query with its dataset clauses replaced by FROM/FROM NAMED for the given graphs."""
    if not default_graphs and not named_graphs:
        return query
    code = mask_code(query)
    at = _dataset_position(code)
    clauses = "".join(f"FROM <{g}> " for g in default_graphs) + "".join(
        f"FROM NAMED <{g}> " for g in named_graphs
    )
    # blank the query's own dataset clauses (same length, so ``at`` stays valid)
    chars = list(query)
    for match in DATASET_CLAUSE.finditer(code):
        chars[match.start() : match.end()] = " " * (match.end() - match.start())
    text = "".join(chars)
    return f"{text[:at]} {clauses}{text[at:]}"


def _dataset_position(code: str) -> int:
    """Where dataset clauses go: before WHERE (or the group pattern) of the outer query."""
    form = form_match(code)
    if not form:
        raise QueryError(
            "default-graph-uri / named-graph-uri need a SELECT, ASK, CONSTRUCT or DESCRIBE query"
        )
    i = form.end()
    if form.group(1).upper() == "CONSTRUCT":
        j = len(code) - len(code[i:].lstrip())
        if j < len(code) and code[j] == "{":  # skip the template
            i = _after_braces(code, j)
    depth = 0
    while i < len(code):
        char = code[i]
        if char == "(":
            depth += 1
        elif char == ")":
            depth -= 1
        elif depth == 0 and char == "{":
            return i
        elif depth == 0 and _WHERE_OR_MODIFIER.match(code, i):
            return i
        i += 1
    return len(code)


def _after_braces(code: str, start: int) -> int:
    depth = 0
    for i in range(start, len(code)):
        if code[i] == "{":
            depth += 1
        elif code[i] == "}":
            depth -= 1
            if depth == 0:
                return i + 1
    raise QueryError("the CONSTRUCT template is not closed")
