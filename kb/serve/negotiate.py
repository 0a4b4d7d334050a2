"""Which media type a SPARQL response gets: from ``format=`` when given, else from Accept.

The offers depend on the query form (a SELECT cannot be Turtle, a CONSTRUCT cannot be CSV), so
the form is read from the query text first (kb.sparql.kinds). ``format=`` exists for clients
that cannot set headers (a link, a browser address bar) and for SPARQLWrapper, which sends it
along with Accept; an unknown ``format=`` value is ignored and Accept decides. The names and
media types are kb.sparql.formats', shared with the CLI; the Accept aliases are HTTP's own.
"""

from __future__ import annotations

from kb.sparql.formats import GRAPH_NAMES, GRAPHS, SOLUTION_NAMES, SOLUTIONS
from kb.sparql.kinds import GRAPH_KINDS, SOLUTION_KINDS, Kind

# Other names clients use for the same thing, per result kind: (alias, canonical).
_SOLUTION_ALIASES = (
    ("application/json", SOLUTIONS[0]),
    ("text/javascript", SOLUTIONS[0]),
    ("application/javascript", SOLUTIONS[0]),
    ("application/xml", SOLUTIONS[1]),
    ("text/xml", SOLUTIONS[1]),
)
_GRAPH_ALIASES = (
    ("text/n3", GRAPHS[0]),
    ("text/rdf+n3", GRAPHS[0]),
    ("application/n3", GRAPHS[0]),
    ("application/turtle", GRAPHS[0]),
    ("application/x-turtle", GRAPHS[0]),
    ("text/plain", GRAPHS[1]),
    ("application/json", GRAPHS[2]),
    ("application/xml", GRAPHS[3]),
    ("text/xml", GRAPHS[3]),
)


def offers(form: Kind | None) -> tuple[str, ...]:
    """The media types a query of this form can be answered in, preferred first."""
    if form in SOLUTION_KINDS:
        return SOLUTIONS
    if form in GRAPH_KINDS:
        return GRAPHS
    return SOLUTIONS + GRAPHS


def choose(form: Kind | None, accept: str | None, formats: list[str]) -> str | None:
    """The media type to answer with, or None when nothing acceptable can be made (406)."""
    solutions = form is None or form in SOLUTION_KINDS
    graphs = form is None or form in GRAPH_KINDS
    for value in formats:
        value = value.strip().lower()
        if solutions and value in SOLUTION_NAMES:
            return SOLUTION_NAMES[value]
        if graphs and value in GRAPH_NAMES:
            return GRAPH_NAMES[value]
        found = _best(value, _candidates(solutions, graphs))
        if found:
            return found
    return _best(accept or "*/*", _candidates(solutions, graphs))


def _candidates(solutions: bool, graphs: bool) -> list[tuple[str, str]]:
    """(media type a client may name, what we send) in our order of preference."""
    out: list[tuple[str, str]] = []
    if solutions:
        out += [(m, m) for m in SOLUTIONS] + list(_SOLUTION_ALIASES)
    if graphs:
        out += [(m, m) for m in GRAPHS] + list(_GRAPH_ALIASES)
    return out


def _best(accept: str, candidates: list[tuple[str, str]]) -> str | None:
    """RFC 9110 matching: highest q wins, then the most specific range, then our preference."""
    ranges = _parse_accept(accept)
    best: tuple[float, int, int] | None = None
    chosen = None
    for order, (name, canonical) in enumerate(candidates):
        quality = _quality(name, ranges)
        if quality is None or quality[0] <= 0:
            continue
        key = (quality[0], quality[1], -order)
        if best is None or key > best:
            best, chosen = key, canonical
    return chosen


def _parse_accept(accept: str) -> list[tuple[str, str, float]]:
    ranges = []
    for part in accept.split(","):
        pieces = [p.strip() for p in part.split(";")]
        if not pieces[0] or "/" not in pieces[0]:
            continue
        kind, _, sub = pieces[0].lower().partition("/")
        q = 1.0
        for param in pieces[1:]:
            key, _, value = param.partition("=")
            if key.strip().lower() == "q":
                try:
                    q = float(value)
                except ValueError:
                    q = 0.0
        ranges.append((kind, sub, q))
    return ranges


def _quality(media: str, ranges: list[tuple[str, str, float]]) -> tuple[float, int] | None:
    """The q of the most specific range matching ``media``, with that range's specificity."""
    kind, _, sub = media.partition("/")
    found: tuple[float, int] | None = None
    for r_kind, r_sub, q in ranges:
        if r_kind == kind and r_sub == sub:
            specificity = 2
        elif r_kind == kind and r_sub == "*":
            specificity = 1
        elif r_kind == "*" and r_sub == "*":
            specificity = 0
        else:
            continue
        if found is None or specificity > found[1]:
            found = (q, specificity)
    return found
