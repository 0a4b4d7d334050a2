"""SPARQL templates (kb/queries/*.rq) with values bound as VALUES blocks.

Only terms we produced ourselves are bound: IRIs of linked entities and typed literals of
parsed dates. The question's words never enter a query. The rendered query is what the
answer shows, so a user can paste it into ``kb sparql`` and get the same rows.
"""

from __future__ import annotations

from functools import cache
from pathlib import Path

from rdflib import Literal, URIRef

QUERIES = Path(__file__).resolve().parent.parent / "queries"
PREFIXES = """PREFIX ikb: <https://incident-kb.org/ontology#>
PREFIX sem: <http://semanticweb.cs.vu.nl/2009/11/sem/>
PREFIX skos: <http://www.w3.org/2004/02/skos/core#>
PREFIX schema: <https://schema.org/>
PREFIX xsd: <http://www.w3.org/2001/XMLSchema#>
"""


@cache
def _template(name: str) -> str:
    text = (QUERIES / f"{name}.rq").read_text(encoding="utf-8")
    provenance = (QUERIES / "_provenance.rq").read_text(encoding="utf-8").rstrip()
    return text.replace("  #PROVENANCE", provenance)


def render(name: str, bindings: dict[str, list[URIRef | Literal]]) -> str:
    """The template with one VALUES block per bound variable; unbound variables stay unbound."""
    lines = []
    for var, terms in bindings.items():
        if terms:
            values = " ".join(t.n3() for t in terms)
            lines.append(f"  VALUES ?{var} {{ {values} }}")
    body = _template(name).replace(
        "  #BINDINGS", "\n".join(lines) if lines else "  # (nothing bound)"
    )
    comments = [line for line in body.splitlines() if line.startswith("#")]
    query = "\n".join(line for line in body.splitlines() if not line.startswith("#"))
    return "\n".join(comments) + "\n" + PREFIXES + query.strip() + "\n"
