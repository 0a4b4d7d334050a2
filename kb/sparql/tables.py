"""SPARQL JSON results as a fixed-width text table, and as CSV.

Pure functions over the ``application/sparql-results+json`` document ``kb.sparql`` returns.
``kb sparql`` prints the table as it is; the bot puts the same table in a Slack code block and
gives it a character budget measured the way Slack counts (escaped), so one query run feeds
the message and the attached CSV alike.
"""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Callable
from dataclasses import dataclass

PREFIXES = {
    "rdf": "http://www.w3.org/1999/02/22-rdf-syntax-ns#",
    "rdfs": "http://www.w3.org/2000/01/rdf-schema#",
    "xsd": "http://www.w3.org/2001/XMLSchema#",
    "owl": "http://www.w3.org/2002/07/owl#",
    "skos": "http://www.w3.org/2004/02/skos/core#",
    "schema": "https://schema.org/",
    "prov": "http://www.w3.org/ns/prov#",
    "sem": "http://semanticweb.cs.vu.nl/2009/11/sem/",
    "ikb": "https://incident-kb.org/ontology#",
}
_PREFIX_DECL = re.compile(r"PREFIX\s+([\w-]*):\s*<([^>\s]*)>", re.IGNORECASE)


@dataclass
class Table:
    """A rendered table: the text, and how many rows it shows out of how many there are."""

    text: str
    shown: int
    total: int
    boolean: bool = False

    @property
    def left_out(self) -> int:
        return self.total - self.shown

    def with_count(self) -> str:
        """The text with a ``(n rows)`` line under it, as ``kb sparql`` prints it."""
        if self.boolean:
            return self.text
        return f"{self.text}\n({self.total} row{'s' if self.total != 1 else ''})"


def rows_of(results: dict) -> tuple[list[str], list[list[str]]]:
    """Column names and cell values (IRIs and literals as their plain text)."""
    names = list(results.get("head", {}).get("vars", []))
    bindings = results.get("results", {}).get("bindings", [])
    return names, [[b.get(n, {}).get("value", "") for n in names] for b in bindings]


def prefixes_of(query: str, base_iri: str | None = None) -> dict[str, str]:
    """The well-known prefixes and ``id:`` for our own IRIs, then the ones the query declares."""
    ours = {"id": base_iri} if base_iri else {}
    return PREFIXES | ours | {name: iri for name, iri in _PREFIX_DECL.findall(query)}


def compact(iri: str, prefixes: dict[str, str]) -> str:
    """``prefix:local`` for the longest matching namespace, else the IRI unchanged."""
    best = max((ns for ns in prefixes.values() if ns and iri.startswith(ns)), key=len, default="")
    if not best:
        return iri
    name = next(p for p, ns in prefixes.items() if ns == best)
    return f"{name}:{iri[len(best) :]}"


def table(
    results: dict,
    max_rows: int | None = None,
    max_chars: int | None = None,
    prefixes: dict[str, str] | None = None,
    max_cell: int = 60,
    measure: Callable[[str], int] = len,
) -> Table:
    """At most ``max_rows`` rows, and fewer when the text (as ``measure`` counts it) would pass
    ``max_chars``. Cells are one line, cut at ``max_cell`` with an ellipsis; with ``prefixes``,
    IRIs are shown compacted (``rdf:type``) so that rows fit a chat window."""
    if "boolean" in results:
        return Table("true" if results["boolean"] else "false", 1, 1, boolean=True)
    names = list(results.get("head", {}).get("vars", []))
    bindings = results.get("results", {}).get("bindings", [])
    cells = [[_cell(b.get(n), prefixes, max_cell) for n in names] for b in bindings]
    widths = [max([len(n)] + [len(r[i]) for r in cells]) for i, n in enumerate(names)]
    lines = [_line(names, widths), "-+-".join("-" * w for w in widths)]
    used = sum(measure(x) + 1 for x in lines)
    shown = 0
    for row in cells if max_rows is None else cells[:max_rows]:
        line = _line(row, widths)
        if max_chars is not None and used + measure(line) + 1 > max_chars:
            break
        lines.append(line)
        used += measure(line) + 1
        shown += 1
    return Table("\n".join(lines), shown, len(cells))


def to_csv(results: dict) -> bytes:
    """The whole result as CSV (header row, then one row per solution), UTF-8."""
    if "boolean" in results:
        return f"boolean\r\n{'true' if results['boolean'] else 'false'}\r\n".encode()
    names, rows = rows_of(results)
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(names)
    writer.writerows(rows)
    return out.getvalue().encode("utf-8")


def _cell(term: dict | None, prefixes: dict[str, str] | None, max_cell: int) -> str:
    if not term:
        return ""
    value = term.get("value", "")
    if prefixes and term.get("type") == "uri":
        value = compact(value, prefixes)
    flat = " ".join(value.split())
    return flat if len(flat) <= max_cell else flat[: max_cell - 1] + "…"


def _line(values: list[str], widths: list[int]) -> str:
    return " | ".join(v.ljust(w) for v, w in zip(values, widths, strict=True)).rstrip()
