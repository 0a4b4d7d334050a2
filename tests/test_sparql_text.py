"""What kb.sparql reads from query text and how it names formats: the one place the CLI, the
server and the bot ask, so a keyword in a comment, a string or an IRI must not fool it."""

from __future__ import annotations

import pytest

from kb.sparql.formats import BY_EXTENSION, EXPORTS, GRAPH_CHOICES, SOLUTION_CHOICES, result_media
from kb.sparql.kinds import is_graph_query, is_update, mask_code, query_kind
from kb.sparql.tables import table

PREFIXES = "PREFIX schema: <https://schema.org/>\nBASE <http://example.org/>\n"


@pytest.mark.parametrize(
    ("query", "kind"),
    [
        ("SELECT * WHERE { ?s ?p ?o }", "select"),
        ("  ask { ?s ?p ?o }", "ask"),
        (PREFIXES + "CONSTRUCT { ?s ?p ?o } WHERE { ?s ?p ?o }", "construct"),
        ("DESCRIBE <urn:x>", "describe"),
        ("# CONSTRUCT { ?s ?p ?o }\nSELECT ?s WHERE { ?s ?p ?o }", "select"),
        ('SELECT ?s WHERE { ?s ?p "CONSTRUCT" }', "select"),
        ("SELECT ?s WHERE { ?s ?p '''a\nDESCRIBE b''' }", "select"),
        ("PREFIX c: <http://x/CONSTRUCT#>\nASK { ?s c:DESCRIBE ?o }", "ask"),
        ("# SELECT\nINSERT DATA { <urn:a> <urn:b> <urn:c> }", None),
        ("not sparql at all", None),
    ],
)
def test_query_kind_reads_keywords_not_comments_strings_or_iris(query, kind):
    assert query_kind(query) == kind
    assert is_graph_query(query) == (kind in ("construct", "describe"))


@pytest.mark.parametrize(
    ("query", "update"),
    [
        ("INSERT DATA { <urn:a> <urn:b> <urn:c> }", True),
        (PREFIXES + "# wipe\nDELETE WHERE { ?s ?p ?o }", True),
        ("drop all", True),
        ('SELECT ?s WHERE { ?s ?p "DELETE" } # INSERT', False),
        ("# DROP ALL\nASK {}", False),
    ],
)
def test_update_detection_is_masked_too(query, update):
    assert is_update(query) is update


def test_mask_keeps_offsets_and_delimiters():
    query = 'SELECT ?s # CONSTRUCT\nWHERE { ?s <urn:CONSTRUCT> "CONSTRUCT" }'
    masked = mask_code(query)
    assert len(masked) == len(query) and "CONSTRUCT" not in masked
    assert masked.index("WHERE") == query.index("WHERE") and '""' not in masked


def test_a_table_is_a_graph_for_graph_queries_only():
    assert result_media("table", "# CONSTRUCT\nSELECT * {}") == "application/sparql-results+json"
    assert result_media("table", "CONSTRUCT {} WHERE {}") == "text/turtle"
    assert result_media("csv", "SELECT * {}") == "text/csv"
    assert result_media("jsonld", "DESCRIBE <urn:x>") == "application/ld+json"
    assert set(SOLUTION_CHOICES) == {"table", "csv", "tsv", "json", "xml"}
    assert set(GRAPH_CHOICES) == {"turtle", "nt", "jsonld"}


def test_export_formats_by_name_and_extension_agree():
    assert set(EXPORTS) == {"turtle", "trig", "nquads", "jsonld"}
    assert {ext: f.name for ext, f in BY_EXTENSION.items()} == {
        "ttl": "turtle",
        "trig": "trig",
        "nq": "nquads",
        "jsonld": "jsonld",
    }
    assert EXPORTS["turtle"].content_type == "text/turtle; charset=utf-8"
    assert EXPORTS["jsonld"].content_type == "application/ld+json"


def test_table_cells_are_one_line_and_cut_where_asked():
    results = {
        "head": {"vars": ["s", "text"]},
        "results": {
            "bindings": [
                {
                    "s": {"type": "uri", "value": "https://schema.org/Place"},
                    "text": {"type": "literal", "value": "two\nlines " + "x" * 80},
                }
            ]
        },
    }
    wide = table(results)
    assert wide.text.splitlines()[2].startswith("https://schema.org/Place | two lines x")
    assert max(len(line) for line in wide.text.splitlines()) <= 24 + 3 + 60
    assert wide.with_count().endswith("(1 row)")
    narrow = table(results, prefixes={"schema": "https://schema.org/"}, max_cell=20)
    assert narrow.text.splitlines()[2] == "schema:Place | two lines xxxxxxxxx…"
