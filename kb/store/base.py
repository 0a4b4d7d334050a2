"""The interface both stores implement, and the checks every user query goes through."""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Protocol

from rdflib import Graph, URIRef

from kb.errors import ReadOnlyError

_COMMENTS = re.compile(r"#[^\n]*")
_IRI_OR_STRING = re.compile(r"<[^>\s]*>|\"(?:[^\"\\]|\\.)*\"|'(?:[^'\\]|\\.)*'")
_PROLOGUE = re.compile(r"^\s*(?:(?:PREFIX\s+[\w-]*:\s*|BASE\s*)<[^>]*>\s*)*", re.IGNORECASE)
_UPDATE = re.compile(
    r"^(?:INSERT|DELETE|LOAD|CLEAR|DROP|CREATE|ADD|MOVE|COPY|WITH)\b", re.IGNORECASE
)
_SERVICE = re.compile(r"\bSERVICE\b", re.IGNORECASE)


def _code_only(query: str) -> str:
    """The query with IRIs, strings and comments blanked, so keywords inside them do not count."""
    blanked = _IRI_OR_STRING.sub(
        lambda m: m.group(0)[0] + " " * (len(m.group(0)) - 2) + m.group(0)[-1], query
    )
    return _COMMENTS.sub("", blanked)


def is_update(query: str) -> bool:
    code = _code_only(query)
    return bool(_UPDATE.match(code[_PROLOGUE.match(code).end() :].lstrip()))


def check_read_only(query: str) -> None:
    """Refuse updates and anything that would make the server fetch a URL."""
    if is_update(query):
        raise ReadOnlyError(
            "updates are not allowed: this endpoint is read-only (use `kb ingest` to add data)"
        )
    if _SERVICE.search(_code_only(query)):
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
