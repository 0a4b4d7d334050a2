"""The ``kb`` command line against its contract (DESIGN.md), on a temporary KB_HOME.

Commands run in-process through click's CliRunner on ``kb.cli.cli``. Where the one-line
``Error: ...`` and the exit code that ``kb.cli.main`` produces are the point, the real console
script runs as a subprocess. One knowledge base of the demo articles is built per module (that
build is itself the ingest test); tests that write use their own scratch folder.
"""

from __future__ import annotations

import csv
import io
import json
import os
import re
import subprocess
import sys
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest
from click.testing import CliRunner, Result
from conftest import store_dataset
from rdflib import Dataset, Graph, Literal, URIRef
from rdflib.compare import graph_diff, isomorphic, to_isomorphic

from kb.cli import cli
from kb.vocab import IKB, VOID

ROOT = Path(__file__).resolve().parent.parent
DEMO = ROOT / "demo" / "articles"
KB_SCRIPT = Path(sys.executable).parent / "kb"
BASE = "https://incident-kb.org/id/"
DEMO_HEADLINES = {
    "Jihadist counter-offensive in northern Hama leaves over 100 fighters dead",
    "Government troops enter Khan Sheikhoun after rebels pull out",
    "Regime forces take Maarat al-Numan",
    "Air strikes kill civilians in Al-Bara",
    "Hurras al-Deen attacks in Sahl al-Ghab",
}
HEADLINES_QUERY = (
    "PREFIX schema: <https://schema.org/> "
    "SELECT DISTINCT ?article ?headline WHERE { ?article a schema:NewsArticle ; schema:headline ?headline }"
)
SUMMARY = re.compile(
    r"^(?P<articles>\d+) articles ingested \((?P<unchanged>\d+) unchanged\), (?P<incidents>\d+) "
    r"incidents, (?P<claims>\d+) claims, (?P<triples>\d+) triples, \d+ sentences in [\d.]+ s"
)


def kb(home: Path, *args: str, input: str | None = None) -> Result:
    """Run one ``kb`` command in-process with KB_HOME set, as a user's shell would."""
    env = {"KB_HOME": str(home), "KB_SPARQL_QUERY_URL": None, "KB_SPARQL_UPDATE_URL": None}
    return CliRunner().invoke(cli, list(args), env=env, input=input, catch_exceptions=False)


def kb_process(home: Path, *args: str) -> subprocess.CompletedProcess:
    """Run the installed ``kb`` console script: exit codes and messages as ``main()`` makes them."""
    env = {**os.environ, "KB_HOME": str(home), "HF_HUB_OFFLINE": "1"}
    env.pop("KB_SPARQL_QUERY_URL", None)
    return subprocess.run(
        [str(KB_SCRIPT), *args], env=env, capture_output=True, text=True, timeout=120
    )


def stats(home: Path) -> dict[str, int]:
    result = kb(home, "stats", "--json")
    assert result.exit_code == 0, result.output
    return json.loads(result.stdout)


def nquads_dump(home: Path) -> Dataset:
    """The store's own N-Quads dump, read without the exporter under test."""
    return nquads_dump_with({"KB_HOME": str(home)})


def nquads_dump_with(env: dict[str, str | None]) -> Dataset:
    from kb.api import KnowledgeBase
    from kb.config import Settings

    settings = {k: v for k, v in env.items() if v is not None}
    knowledge = KnowledgeBase(Settings.from_env(settings))
    try:
        return store_dataset(knowledge)
    finally:
        knowledge.close()


def named_graphs(ds: Dataset) -> dict[str, Graph]:
    return {str(g.identifier): g for g in ds.graphs() if len(g)}


def assert_same_graph(got: Graph, want: Graph, name: str) -> None:
    """Isomorphism, with the differing triples shown when it fails."""
    if isomorphic(got, want):
        return
    _, only_got, only_want = graph_diff(to_isomorphic(got), to_isomorphic(want))
    pytest.fail(
        f"graph {name} differs:\n only in export: {sorted(only_got)[:10]}\n"
        f" only in store: {sorted(only_want)[:10]}"
    )


@pytest.fixture(scope="module")
def home(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return tmp_path_factory.mktemp("cli-kb")


@pytest.fixture(scope="module")
def ingested(home: Path) -> Result:
    """The demo articles ingested through ``kb ingest``, once for the module."""
    return kb(home, "ingest", str(DEMO))


@pytest.fixture(scope="module")
def scratch(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A knowledge base for tests that add articles; each test uses its own URLs."""
    return tmp_path_factory.mktemp("cli-scratch")


# ---- ingest ----------------------------------------------------------------------------------------


@pytest.mark.slow
def test_ingest_prints_one_summary_line(ingested):
    assert ingested.exit_code == 0, ingested.output
    lines = ingested.stdout.strip().splitlines()
    assert len(lines) == 1, lines
    match = SUMMARY.match(lines[0])
    assert match, lines[0]
    assert match["articles"] == "5" and match["unchanged"] == "0"
    assert int(match["incidents"]) > 0 and int(match["claims"]) > 0 and int(match["triples"]) > 0
    assert ingested.stderr == ""


@pytest.mark.slow
def test_reingest_changes_nothing(home, ingested):
    before = stats(home)
    again = kb(home, "ingest", str(DEMO))
    assert again.exit_code == 0, again.output
    match = SUMMARY.match(again.stdout.strip())
    assert match and match["articles"] == "0" and match["unchanged"] == "5", again.stdout
    assert stats(home) == before


@pytest.mark.slow
def test_bad_files_are_named_and_the_rest_still_ingested(scratch, tmp_path):
    folder = tmp_path / "inbox"
    folder.mkdir()
    (folder / "1-good.txt").write_text(
        "title: Shelling near Saraqeb\ndate: 2020-02-03\nurl: https://test.example/good\n\n"
        "Artillery shells hit the outskirts of Saraqeb on Monday, a monitor said.\n",
        encoding="utf-8",
    )
    (folder / "2-empty.txt").write_bytes(b"")
    (folder / "3-broken.jsonl").write_text(
        json.dumps({"text": "Fine line about Ariha.", "url": "https://test.example/fine"})
        + '\n{"text": "unterminated\n',
        encoding="utf-8",
    )
    result = kb(scratch, "ingest", str(folder))
    assert result.exit_code == 1
    errors = [line for line in result.stderr.splitlines() if line.strip()]
    assert len(errors) == 2, errors
    assert all(line.startswith("Error: ") for line in errors)
    assert any("2-empty.txt" in line and "empty" in line for line in errors)
    assert any("3-broken.jsonl:2" in line for line in errors)
    assert SUMMARY.match(result.stdout.strip().splitlines()[-1])
    rows = kb(scratch, "sparql", "--format", "json", HEADLINES_QUERY)
    headlines = {b["headline"]["value"] for b in json.loads(rows.stdout)["results"]["bindings"]}
    assert "Shelling near Saraqeb" in headlines


@pytest.mark.slow
def test_changed_text_at_the_same_url_replaces_the_old_version(scratch, tmp_path):
    url = "https://test.example/revised"
    article = tmp_path / "revised.txt"
    header = (
        f"title: Clashes near Kafr Nabudah\nsource: Test Desk\ndate: 2019-05-27\nurl: {url}\n\n"
    )
    first = (
        "Early reports spoke of a short exchange of fire near a checkpoint outside Kafr Nabudah."
    )
    second = "Later reports said the fighting around Kafr Nabudah lasted the whole night."
    article.write_text(header + first + "\n", encoding="utf-8")
    assert kb(scratch, "ingest", str(article)).exit_code == 0
    article.write_text(header + second + "\n\nThe monitor counted six dead.\n", encoding="utf-8")
    result = kb(scratch, "ingest", str(article))
    assert result.exit_code == 0
    assert SUMMARY.match(result.stdout.strip())["articles"] == "1"

    query = (
        "PREFIX schema: <https://schema.org/> PREFIX ikb: <https://incident-kb.org/ontology#> "
        "SELECT DISTINCT ?a ?hash ?text WHERE { ?a schema:url ?u ; ikb:contentHash ?hash . "
        f'FILTER (STR(?u) = "{url}") ?s ikb:article ?a ; ikb:text ?text }}'
    )
    rows = json.loads(kb(scratch, "sparql", "--format", "json", query).stdout)["results"][
        "bindings"
    ]
    texts = {r["text"]["value"] for r in rows}
    assert texts == {second, "The monitor counted six dead."}
    assert (
        len({r["a"]["value"] for r in rows}) == 1 and len({r["hash"]["value"] for r in rows}) == 1
    )

    from kb.api import KnowledgeBase
    from kb.config import Settings

    knowledge = KnowledgeBase(Settings.from_env({"KB_HOME": str(scratch)}))
    try:
        iri = rows[0]["a"]["value"]
        assert knowledge.vectors.has_article(iri, rows[0]["hash"]["value"])
    finally:
        knowledge.close()


@pytest.mark.slow
def test_ingest_reads_stdin(scratch):
    text = (
        "title: Drone strike near Ariha\nurl: https://test.example/stdin\n\n"
        "A drone struck a car on the road to Ariha on Friday, a monitor said.\n"
    )
    result = kb(scratch, "ingest", "-", input=text)
    assert result.exit_code == 0, result.output
    assert SUMMARY.match(result.stdout.strip())["articles"] == "1"
    rows = kb(scratch, "sparql", "--format", "json", HEADLINES_QUERY)
    headlines = {b["headline"]["value"] for b in json.loads(rows.stdout)["results"]["bindings"]}
    assert "Drone strike near Ariha" in headlines


@pytest.mark.slow
def test_minted_iris_follow_kb_base_iri(tmp_path):
    base = "https://example.org/conflict-kb/"
    home = tmp_path / "kb"
    article = tmp_path / "saraqeb.txt"
    article.write_text(
        "title: Troops enter Saraqeb\ndate: 2020-02-08\n\nGovernment forces entered the town "
        "of Saraqeb in Idlib province on Saturday, state news agency SANA said.\n",
        encoding="utf-8",
    )
    env = {"KB_HOME": str(home), "KB_BASE_IRI": base, "KB_SPARQL_QUERY_URL": None}
    result = CliRunner().invoke(cli, ["ingest", str(article)], env=env, catch_exceptions=False)
    assert result.exit_code == 0, result.output
    graphs = named_graphs(nquads_dump_with(env))
    assert graphs and all(name.startswith(base + "graph/") for name in graphs)
    vocabularies = ("https://incident-kb.org/ontology", "http://", "https://schema.org/")
    for name, graph in graphs.items():
        if name.endswith("/ontology"):
            continue
        for term in {t for triple in graph for t in triple if isinstance(t, URIRef)}:
            assert str(term).startswith(base) or str(term).startswith(vocabularies), term
    article_graph = next(
        g for n, g in graphs.items() if not n.endswith(("/ontology", "/dictionary"))
    )
    mentioned = {str(o) for o in article_graph.objects(None, IKB.mentions)}
    assert base + "actor/sana" in mentioned and base + "place/saraqib" in mentioned


# ---- sparql ----------------------------------------------------------------------------------------


def _select_rows(fmt: str, body: str) -> list[dict[str, str]]:
    """Parse one SELECT result format into rows of plain values."""
    if fmt == "json":
        data = json.loads(body)
        return [{k: v["value"] for k, v in b.items()} for b in data["results"]["bindings"]]
    if fmt == "csv":
        return list(csv.DictReader(io.StringIO(body)))
    if fmt == "tsv":
        reader = csv.reader(io.StringIO(body), delimiter="\t")
        names = [n.lstrip("?") for n in next(reader)]
        rows = [dict(zip(names, r, strict=True)) for r in reader if r]
        return [{k: v.strip('"').strip("<>") for k, v in r.items()} for r in rows]
    if fmt == "xml":
        ns = {"r": "http://www.w3.org/2005/sparql-results#"}
        out = []
        for result in ET.fromstring(body).iterfind(".//r:result", ns):
            out.append(
                {b.get("name"): "".join(b.itertext()) for b in result.iterfind("r:binding", ns)}
            )
        return out
    lines = body.strip().splitlines()  # table: header, rule, rows, "(n rows)"
    names = [n.strip() for n in lines[0].split("|")]
    assert lines[-1] == f"({len(lines) - 3} rows)"
    return [
        dict(zip(names, (c.strip() for c in line.split("|")), strict=True)) for line in lines[2:-1]
    ]


@pytest.mark.slow
@pytest.mark.parametrize(
    "fmt",
    [
        "table",
        "csv",
        "tsv",
        "json",
        "xml",
    ],
)
def test_sparql_select_formats(home, ingested, fmt):
    result = kb(home, "sparql", "--format", fmt, HEADLINES_QUERY)
    assert result.exit_code == 0, result.output
    rows = _select_rows(fmt, result.stdout)
    if fmt == "table":  # the table clips long cells at 60 characters and marks the cut
        assert sorted(r["headline"] for r in rows) == sorted(
            h if len(h) <= 60 else h[:59] + "…" for h in DEMO_HEADLINES
        )
    else:
        assert {r["headline"] for r in rows} == DEMO_HEADLINES
    assert all(r["article"].startswith(BASE + "article/") for r in rows)


@pytest.mark.slow
def test_sparql_ask(home, ingested):
    ask = "ASK { ?a a <https://schema.org/NewsArticle> }"
    result = kb(home, "sparql", "--format", "json", ask)
    assert result.exit_code == 0, result.output
    assert json.loads(result.stdout)["boolean"] is True
    assert kb(home, "sparql", ask).stdout.strip() == "true"


@pytest.mark.slow
def test_sparql_construct_formats_agree(home, ingested):
    query = (
        "PREFIX schema: <https://schema.org/> CONSTRUCT { ?a schema:headline ?h ; schema:url ?u } "
        "WHERE { ?a a schema:NewsArticle ; schema:headline ?h ; schema:url ?u }"
    )
    graphs = {}
    for fmt, syntax in (("turtle", "turtle"), ("nt", "nt"), ("jsonld", "json-ld")):
        result = kb(home, "sparql", "--format", fmt, query)
        assert result.exit_code == 0, result.output
        graphs[fmt] = Graph().parse(data=result.stdout, format=syntax)
    assert len(graphs["nt"]) == 10
    assert {str(h) for h in graphs["nt"].objects(None, URIRef("https://schema.org/headline"))} == (
        DEMO_HEADLINES
    )
    assert_same_graph(graphs["turtle"], graphs["nt"], "turtle vs nt")
    assert_same_graph(graphs["jsonld"], graphs["nt"], "jsonld vs nt")
    # A CONSTRUCT in the default table format comes out as Turtle, not an error.
    table = kb(home, "sparql", query)
    assert_same_graph(Graph().parse(data=table.stdout, format="turtle"), graphs["nt"], "table")


@pytest.mark.slow
def test_sparql_from_a_file_and_stdin(home, ingested, tmp_path):
    query_file = tmp_path / "q.rq"
    query_file.write_text(HEADLINES_QUERY, encoding="utf-8")
    from_file = kb(home, "sparql", "--format", "csv", "--file", str(query_file))
    from_stdin = kb(home, "sparql", "--format", "csv", "--file", "-", input=HEADLINES_QUERY)
    assert from_file.exit_code == from_stdin.exit_code == 0
    assert sorted(from_file.stdout.splitlines()) == sorted(from_stdin.stdout.splitlines())
    assert len(from_file.stdout.strip().splitlines()) == 6


@pytest.mark.slow
def test_invalid_sparql_is_one_error_line_with_the_position(home, ingested):
    done = kb_process(home, "sparql", "SELECT ?s WHERE { ?s ?p ?o ")
    assert done.returncode == 1
    lines = [line for line in done.stderr.splitlines() if line.strip()]
    assert len(lines) == 1, done.stderr
    assert lines[0].startswith("Error: ")
    assert re.search(r"\b\d+:\d+\b", lines[0]), lines[0]  # line:column from the parser
    assert done.stdout == ""


def this_checkout(home: Path, *args: str, **extra_env: str) -> subprocess.CompletedProcess:
    """``python -m kb.cli`` from this checkout (whatever the installed script points at)."""
    env = {**os.environ, "KB_HOME": str(home), "HF_HUB_OFFLINE": "1", "PYTHONPATH": str(ROOT)}
    env.update(extra_env)
    env.pop("KB_SPARQL_QUERY_URL", None)
    return subprocess.run(
        [sys.executable, "-m", "kb.cli", *args],
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )


@pytest.mark.slow
@pytest.mark.parametrize(
    ("args", "says"),
    [
        (("timeline", "Khan Sheikhoun", "--from", "junk"), "from date must be YYYY"),
        (("timeline", "Idlib", "--control", "--to", "2019-13"), "to date must be YYYY"),
        (("map", "Idlib", "--format", "json", "--from", "2019-02-30"), "'2019-02-30'"),
        (("timeline", "Idlib", "--from", "2020", "--to", "2019"), "--from 2020 is after --to 2019"),
        (("timeline", "Nowhereville-on-Sea"), "no place called 'Nowhereville-on-Sea'"),
        (("ask", "--as-of", "last week", "Who controls Idlib?"), "--as-of date must be YYYY"),
        (
            ("export", "--output", "/nonexistent-folder/kb.ttl"),
            "/nonexistent-folder/kb.ttl: cannot",
        ),
        (("timeline", "Idlib", "-o", "/nonexistent-folder/t.txt"), "/nonexistent-folder/t.txt"),
        (("sparql", "SELECT ?x WHERE { ?x"), "invalid SPARQL: error at 1:"),
        (("KB_RESULT_LIMIT=junk", "stats"), "KB_RESULT_LIMIT='junk': expected a positive int"),
        (("KB_QUERY_TIMEOUT=-1", "stats"), "KB_QUERY_TIMEOUT='-1': expected a positive float"),
    ],
)
def test_bad_input_is_one_error_line_not_a_traceback(home, ingested, args, says):
    env = dict(a.split("=", 1) for a in args if "=" in a and a.startswith("KB_"))
    args = tuple(a for a in args if not (a.startswith("KB_") and "=" in a))
    done = this_checkout(home, *args, **env)
    assert done.returncode == 1, done.stderr
    assert "Traceback" not in done.stderr
    lines = [line for line in done.stderr.splitlines() if line.strip()]
    assert len(lines) == 1, done.stderr
    assert lines[0].startswith("Error: ") and says in lines[0], lines[0]
    assert done.stdout == ""


@pytest.mark.slow
def test_construct_in_a_comment_or_a_string_leaves_a_select_a_table(home, ingested):
    query = (
        "PREFIX schema: <https://schema.org/>\n"
        "# CONSTRUCT { ?a schema:headline ?h } would give a graph; this is a table\n"
        'SELECT ?headline WHERE { ?a schema:headline ?headline FILTER (?headline != "CONSTRUCT")'
        ' FILTER (!CONTAINS(?headline, "DESCRIBE <x>")) }'
    )
    result = kb(home, "sparql", query)
    assert result.exit_code == 0, result.output
    rows = _select_rows("table", result.stdout)
    assert {r["headline"] for r in rows} == {
        h[:59] + "…" if len(h) > 60 else h for h in DEMO_HEADLINES
    }


@pytest.mark.slow
@pytest.mark.parametrize(
    "update",
    [
        "INSERT DATA { <urn:x:a> <urn:x:b> <urn:x:c> }",
        "PREFIX ikb: <https://incident-kb.org/ontology#>\n# wipe\nDELETE WHERE { ?s ikb:text ?o }",
        "DROP ALL",
    ],
)
def test_updates_are_refused_as_read_only(home, ingested, update, monkeypatch, capsys):
    """main() turns the refusal into one line and exit 1 (run in-process: same code, no spawn)."""
    from kb import cli as cli_module

    before = stats(home)
    monkeypatch.setenv("KB_HOME", str(home))
    monkeypatch.setattr(sys, "argv", ["kb", "sparql", update])
    with pytest.raises(SystemExit) as exit_info:
        cli_module.main()
    assert exit_info.value.code == 1
    err = capsys.readouterr().err
    assert err.startswith("Error: ") and "read-only" in err and len(err.strip().splitlines()) == 1
    assert stats(home) == before


# ---- export ----------------------------------------------------------------------------------------


def _export(home: Path, fmt: str, tmp_path: Path) -> Path:
    target = tmp_path / f"export.{fmt}"
    result = kb(home, "export", "--format", fmt, "--output", str(target))
    assert result.exit_code == 0, result.output
    assert target.stat().st_size > 0
    return target


@pytest.mark.slow
@pytest.mark.parametrize("fmt", ["trig", "nquads"])
def test_export_keeps_every_named_graph(home, ingested, tmp_path, fmt):
    exported = Dataset()
    exported.parse(_export(home, fmt, tmp_path), format=fmt)
    got = named_graphs(exported)
    want = named_graphs(nquads_dump(home))
    about = got.pop(BASE + "graph/about")
    assert set(got) == set(want)
    assert sum(1 for name in want if "/graph/" in name) >= 5 + 2  # articles, ontology, dictionary
    for name, graph in want.items():
        assert_same_graph(got[name], graph, name)
    dataset = URIRef(BASE + "dataset")
    assert int(about.value(dataset, VOID.triples)) == sum(len(g) for g in want.values())


def _union_without_description(graph: Graph) -> Graph:
    out = Graph()
    for s, p, o in graph:
        if s != URIRef(BASE + "dataset"):
            out.add((s, p, o))
    return out


@pytest.mark.slow
@pytest.mark.parametrize(("fmt", "syntax"), [("turtle", "turtle"), ("jsonld", "json-ld")])
def test_export_as_one_graph_holds_the_union(home, ingested, tmp_path, fmt, syntax):
    exported = Graph().parse(_export(home, fmt, tmp_path), format=syntax)
    union = Graph()
    for graph in named_graphs(nquads_dump(home)).values():
        union += graph
    assert_same_graph(_union_without_description(exported), union, f"{fmt} export")


# ---- stats, validate, reindex ----------------------------------------------------------------------


@pytest.mark.slow
def test_stats_text_and_json_agree(home, ingested):
    data = stats(home)
    assert {"articles", "sentences", "incidents", "triples"} <= data.keys()
    assert data["articles"] == 5 and data["sentences"] >= 19 and data["incidents"] > 0
    text = kb(home, "stats")
    assert text.exit_code == 0
    shown = {
        k.strip(): int(v.replace(",", ""))
        for k, v in (line.split(":") for line in text.stdout.splitlines())
    }
    assert shown == data


@pytest.mark.slow
def test_validate_accepts_the_demo_data(home, ingested):
    result = kb(home, "validate")
    assert result.exit_code == 0, result.output
    assert "Conforms: True" in result.stdout


@pytest.mark.slow
def test_validate_reports_a_violation(tmp_path):
    from rdflib import RDF

    from kb.api import KnowledgeBase
    from kb.config import Settings

    home = tmp_path / "broken"
    knowledge = KnowledgeBase(Settings.from_env({"KB_HOME": str(home)}))
    bad = Graph()
    count = URIRef(BASE + "article/broken/incident/0/count/0")
    bad.add((count, RDF.type, IKB.CasualtyCount))  # no count, qualifier, evidence, article...
    bad.add((count, IKB.count, Literal("many")))
    try:
        knowledge.store.replace_graph(URIRef(BASE + "graph/broken"), bad)
    finally:
        knowledge.close()
    result = kb(home, "validate")
    assert result.exit_code == 1
    assert "Conforms: False" in result.stdout


@pytest.mark.slow
def test_reindex_rebuilds_the_same_number_of_vectors(home, ingested):
    before = stats(home)["vectors"]
    result = kb(home, "reindex")
    assert result.exit_code == 0, result.output
    assert f"{before} vectors" in result.stdout
    assert stats(home)["vectors"] == before > 0


# ---- ask -------------------------------------------------------------------------------------------

CONTRACT_KEYS = {"question", "answer", "facts", "sources", "sparql", "confidence"}
SOURCE_KEYS = {"article", "title", "source", "date", "url", "sentence"}


def _check_contract(line: str, question: str) -> dict:
    answer = json.loads(line)
    assert CONTRACT_KEYS <= answer.keys()
    assert answer["question"] == question
    assert isinstance(answer["answer"], str) and "\n" not in answer["answer"]
    assert isinstance(answer["facts"], list) and isinstance(answer["sparql"], str)
    assert isinstance(answer["confidence"], int | float) and 0 <= answer["confidence"] <= 1
    for source in answer["sources"]:
        assert SOURCE_KEYS <= source.keys()
        assert source["article"].startswith(BASE + "article/") and source["sentence"]
    return answer


@pytest.mark.slow
def test_ask_json_one_object_per_question(home, ingested, tmp_path):
    questions = ["Who controls Idlib?", "Which villages did the jihadists seize?"]
    question_file = tmp_path / "questions.txt"
    question_file.write_text("\n".join(questions) + "\n\n", encoding="utf-8")
    result = kb(home, "ask", "--json", "--file", str(question_file))
    assert result.exit_code == 0, result.output
    lines = result.stdout.strip().splitlines()
    assert len(lines) == 2
    control, seized = (_check_contract(line, q) for line, q in zip(lines, questions, strict=True))
    assert "Hayat Tahrir al-Sham" in control["answer"]
    assert control["sources"] and "SELECT" in control["sparql"]
    assert "Tal Maleh" in seized["answer"] and "Jibeen" in seized["answer"]
    assert any("Tal Maleh and Jibeen" in s["sentence"] for s in seized["sources"])


@pytest.mark.slow
def test_ask_reads_questions_from_stdin(home, ingested):
    result = kb(home, "ask", "--json", "--file", "-", input="Who backs the Syrian government?\n")
    assert result.exit_code == 0, result.output
    (line,) = result.stdout.strip().splitlines()
    answer = _check_contract(line, "Who backs the Syrian government?")
    assert "Russia" in answer["answer"]


def test_commands_that_need_no_model_do_not_import_one():
    probe = (
        "import sys, kb.cli; "
        "print(','.join(m for m in ('spacy', 'torch', 'sentence_transformers') if m in sys.modules))"
    )
    done = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, timeout=60)
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip() == ""


def test_ask_without_a_question_is_a_usage_error(tmp_path):
    result = kb(tmp_path, "ask")
    assert result.exit_code == 2
    assert "question" in result.stderr


def test_an_unknown_embedding_backend_is_one_error_line(tmp_path):
    env = {**os.environ, "KB_HOME": str(tmp_path), "KB_EMBED_BACKEND": "gpu"}
    env.pop("KB_SPARQL_QUERY_URL", None)
    result = subprocess.run(
        [str(KB_SCRIPT), "ask", "Who controls Idlib?"],
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 1
    assert result.stderr.strip().splitlines() == [
        "Error: unknown embedding backend 'gpu': KB_EMBED_BACKEND is auto, onnx or torch"
    ]


def test_help_lists_every_contract_command(tmp_path):
    result = kb(tmp_path, "--help")
    assert result.exit_code == 0
    for command in (
        "ingest",
        "ask",
        "sparql",
        "export",
        "stats",
        "validate",
        "reindex",
        "serve",
        "bot",
    ):
        assert re.search(rf"^\s+{command}\b", result.stdout, re.MULTILINE), command
