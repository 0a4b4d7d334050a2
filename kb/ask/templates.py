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


def _conditionals(text: str, bound: set[str]) -> str:
    """Keep ``#IF var`` ... ``#END`` blocks only when var is bound, so the engine can start its
    join from a bound value instead of filtering every row (a 10x difference on Oxigraph)."""
    out: list[str] = []
    keep = [True]
    for line in text.splitlines():
        stripped = line.strip()
        if stripped.startswith("#IF "):
            names = stripped[4:].split()
            keep.append(keep[-1] and all(n in bound for n in names))
        elif stripped.startswith("#IFNOT "):
            keep.append(keep[-1] and stripped[7:].strip() not in bound)
        elif stripped == "#END":
            keep.pop()
        elif keep[-1]:
            out.append(line)
    return "\n".join(out)


def render(name: str, bindings: dict[str, list[URIRef | Literal]]) -> str:
    """The template with one VALUES block per bound variable and only the blocks they need.
    A ``#BIND var`` line places that variable's VALUES inside a sub-select, so the engine starts
    from the bound value; other variables are bound at ``#BINDINGS``."""
    lines = []
    bound = {var for var, terms in bindings.items() if terms}
    body = _conditionals(_template(name), bound)
    for var, terms in bindings.items():
        if not terms:
            continue
        values = f"VALUES ?{var} {{ {' '.join(t.n3() for t in terms)} }}"
        if f"#BIND {var}" in body:
            body = body.replace(f"#BIND {var}", values)
        else:
            lines.append(f"  {values}")
    body = body.replace("  #BINDINGS", "\n".join(lines) if lines else "  # (nothing bound)")
    comments = [line for line in body.splitlines() if line.startswith("#")]
    query = "\n".join(line for line in body.splitlines() if not line.lstrip().startswith("#"))
    return "\n".join(comments) + "\n" + PREFIXES + query.strip() + "\n"
