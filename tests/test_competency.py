"""The competency questions in ontology/competency give the answers the demo articles call for.

Each ``NN-name.rq`` runs through ``KnowledgeBase.sparql`` (the read-only user path, with the union
of all named graphs as the default graph) on the session's demo knowledge base; its
``NN-name.expected.json`` lists checks on the result rows. A check is one of:

- ``present``: a row (or each of a list of rows) whose columns match must be in the result;
- ``absent``: no row may match;
- ``rows``: the exact number of rows;
- ``values``: the set of distinct values of a column, exactly;
- ``only``: every row's value of a column is one of these;
- ``every``: every row matches.

A column key ending in ``~`` matches a substring, one ending in ``>=`` a numeric minimum; any
other key must equal the value's lexical form. A check carrying ``xfail`` states what a correct
extractor must give but the current one does not: it runs as a strict expected failure, so a fix
shows up as XPASS and the marker must go.
"""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

COMPETENCY = Path(__file__).resolve().parent.parent / "ontology" / "competency"
QUERIES = sorted(COMPETENCY.glob("*.rq"))

Row = dict[str, str]


def _checks() -> list[object]:
    """One pytest parameter per check, strict-xfail where the file records a known fault."""
    params = []
    for query in QUERIES:
        spec = json.loads(query.with_suffix(".expected.json").read_text(encoding="utf-8"))
        for check in spec["checks"]:
            marks = []
            if "xfail" in check:
                marks.append(pytest.mark.xfail(strict=True, reason=check["xfail"]))
            params.append(
                pytest.param(query.stem, check, id=f"{query.stem}:{check['name']}", marks=marks)
            )
    return params


def matches(row: Row, pattern: dict[str, object]) -> bool:
    """Whether a result row satisfies every column condition of a pattern."""
    for key, want in pattern.items():
        if key.endswith("~"):
            if str(want) not in row.get(key[:-1], ""):
                return False
        elif key.endswith(">="):
            value = row.get(key[:-2])
            if value is None or float(value) < float(want):
                return False
        elif row.get(key) != str(want):
            return False
    return True


def evaluate(rows: list[Row], check: dict[str, object]) -> None:
    """Assert one check, with the rows in the message so a failure shows what came back."""
    shown = json.dumps(rows, indent=1, ensure_ascii=False)[:4000]
    if "present" in check:
        wanted = check["present"]
        for pattern in wanted if isinstance(wanted, list) else [wanted]:
            assert any(matches(r, pattern) for r in rows), f"no row matches {pattern}:\n{shown}"
    if "absent" in check:
        bad = [r for r in rows if matches(r, check["absent"])]
        assert not bad, f"rows that should not be there: {bad}"
    if "rows" in check:
        assert len(rows) == check["rows"], shown
    if "values" in check:
        for column, values in check["values"].items():
            assert {r.get(column) for r in rows} == set(values), shown
    if "only" in check:
        for column, values in check["only"].items():
            extra = {r.get(column) for r in rows} - set(values)
            assert not extra, f"unexpected {column} values {extra}:\n{shown}"
    if "every" in check:
        bad = [r for r in rows if not matches(r, check["every"])]
        assert not bad, f"rows failing {check['every']}: {bad}"


@pytest.fixture(scope="module")
def answers(demo_kb) -> dict[str, list[Row]]:
    """Every competency query's rows (column -> lexical value), run once for the module."""
    out = {}
    for query in QUERIES:
        result = demo_kb.sparql(query.read_text(encoding="utf-8"))
        data = json.loads(result.body)
        out[query.stem] = [
            {k: v["value"] for k, v in b.items()} for b in data["results"]["bindings"]
        ]
    return out


def test_every_question_has_its_expected_answer():
    assert 8 <= len(QUERIES) <= 12
    for query in QUERIES:
        assert query.with_suffix(".expected.json").exists(), query.name
        assert query.read_text(encoding="utf-8").lstrip().startswith("# CQ"), query.name
    stray = {p.name for p in COMPETENCY.glob("*.json")} - {
        q.with_suffix(".expected.json").name for q in QUERIES
    }
    assert not stray


@pytest.mark.parametrize(("query", "check"), _checks())
def test_competency_question(answers, query, check):
    evaluate(answers[query], check)


def test_checks_are_not_vacuous():
    """The matcher itself: a pattern that names a missing column or a wrong value must fail."""
    rows = [{"a": "Idlib", "n": "12"}]
    assert matches(rows[0], {"a": "Idlib", "n>=": 10})
    assert not matches(rows[0], {"a": "Idlib", "b": ""})
    assert not matches(rows[0], {"n>=": 13})
    assert matches(rows[0], {"a~": "dli"}) and not matches(rows[0], {"a~": "Hama"})
    with pytest.raises(AssertionError):
        evaluate(rows, {"present": {"a": "Hama"}})
    with pytest.raises(AssertionError):
        evaluate(rows, {"values": {"a": ["Idlib", "Hama"]}})


# ---- ontology/README.md ----------------------------------------------------------------------------

README = COMPETENCY.parent / "README.md"
TURTLE_PREFIXES = """@base <https://incident-kb.org/id/> .
@prefix ikb: <https://incident-kb.org/ontology#> .
@prefix sem: <http://semanticweb.cs.vu.nl/2009/11/sem/> .
@prefix schema: <https://schema.org/> .
@prefix skos: <http://www.w3.org/2004/02/skos/core#> .
@prefix geo: <http://www.w3.org/2003/01/geo/wgs84_pos#> .
@prefix xsd: <http://www.w3.org/2001/XMLSchema#> .
"""


def test_readme_documents_every_term_of_the_ontology():
    """A term added to conflict.ttl without a line in the README's tables fails here."""
    from rdflib import RDF, Graph

    ontology = Graph().parse(COMPETENCY.parent / "conflict.ttl")
    namespace = "https://incident-kb.org/ontology#"
    terms = {str(s)[len(namespace) :] for s in ontology.subjects(RDF.type, None)}
    terms = {t for t in terms if t}
    text = README.read_text(encoding="utf-8")
    table_rows = [line for line in text.splitlines() if line.startswith("| ")]
    missing = sorted(t for t in terms if not any(f"`ikb:{t}`" in row for row in table_rows))
    assert not missing, f"terms without a README table entry: {missing}"


def test_readme_turtle_examples_parse():
    from rdflib import Graph

    text = README.read_text(encoding="utf-8")
    examples = []
    for line in text.splitlines():
        cells = [c.strip() for c in line.strip().strip("|").split("|")]
        if line.startswith("| `ikb:") and len(cells) == 4 and cells[3].startswith("`<"):
            examples.append(cells[3].strip("`"))
    assert len(examples) >= 50
    blocks = re.findall(r"```turtle\n(.*?)```", text, re.DOTALL)
    assert len(blocks) >= 2
    for example in examples + blocks:
        try:
            Graph().parse(data=TURTLE_PREFIXES + example, format="turtle")
        except Exception as exc:  # noqa: BLE001 - report which example is broken
            pytest.fail(f"README example does not parse: {example[:200]!r}: {exc}")
