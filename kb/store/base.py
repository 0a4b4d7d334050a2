"""The interface both stores implement, and the checks every user query goes through."""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Protocol

from rdflib import Graph, URIRef

from kb.errors import ReadOnlyError
from kb.sparql.kinds import is_update, mask_code

_SERVICE = re.compile(r"\bSERVICE\b", re.IGNORECASE)


DATASET_CLAUSE = re.compile(
    r"(?<![\w:?$])FROM\s+(?:NAMED\s+)?(?:<\s*>|<[^>]*>|[A-Za-z_][\w.-]*:[\w.:-]*|:[\w.:-]*)",
    re.IGNORECASE,
)


def has_dataset_clause(query: str) -> bool:
    """True when the query names its own dataset (FROM / FROM NAMED).

    Such a query must not run with the union default graph: pyoxigraph's and Oxigraph server's
    union option silently override FROM, which would ignore what the user asked for.
    """
    return bool(DATASET_CLAUSE.search(mask_code(query)))


def check_read_only(query: str) -> None:
    """Refuse updates and anything that would make the server fetch a URL."""
    if is_update(query):
        raise ReadOnlyError(
            "updates are not allowed: this endpoint is read-only (use `kb ingest` to add data)"
        )
    if _SERVICE.search(mask_code(query)):
        raise ReadOnlyError(
            "SERVICE is not allowed: queries may not make the server fetch remote data"
        )
    # FROM / FROM NAMED only select graphs of this dataset: the engines here never dereference them.


@dataclass
class QueryOutput:
    """Serialised query results: the bytes, their media type, and whether the cap cut them."""

    body: bytes
    media_type: str
    kind: str  # "solutions" | "boolean" | "graph"
    truncated: bool = False
    rows: int = 0


class GraphStore(Protocol):
    def select(self, query: str) -> list[dict[str, object]]:
        """Run a trusted SELECT (our own templates) and return rows of rdflib terms."""

    def ask(self, query: str) -> bool: ...

    def run(self, query: str, media_type: str, limit: int, timeout: float) -> QueryOutput:
        """Run a user's query under the time limit and result cap; raise QueryError/QueryTimeout."""

    def replace_graph(self, name: URIRef, graph: Graph) -> None:
        """Swap a named graph's contents in one transaction."""

    def drop_graph(self, name: URIRef) -> None: ...

    def dump(self, media_type: str) -> bytes: ...

    def count(self) -> int: ...

    def close(self) -> None: ...
