"""The knowledge base in a real SPARQL server (``oxigraph serve``), against the embedded store.

Each server is a subprocess on a free port with its own temporary folder, killed at teardown.
"""

from __future__ import annotations

import json
import os
import shutil
import socket
import subprocess
import sys
import time
from pathlib import Path

import httpx
import pytest
from conftest import DEMO, make_kb
from rdflib import BNode, Dataset, Graph, Literal, URIRef
from rdflib.namespace import RDF

from kb.errors import QueryError, QueryTimeout, StoreError
from kb.serve import BackgroundServer, build_app
from kb.store.remote import RemoteStore

OXIGRAPH = shutil.which("oxigraph", path=str(Path(sys.executable).parent)) or shutil.which(
    "oxigraph"
)
QUESTIONS = [
    line.strip()
    for line in (DEMO.parent / "questions.txt").read_text(encoding="utf-8").splitlines()
    if line.strip()
]
ABOUT = "/graph/about"
pytestmark = pytest.mark.skipif(
    not OXIGRAPH, reason="the oxigraph server (pip: oxigraph) is absent"
)


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


class OxigraphServer:
    """``oxigraph serve`` in a subprocess; ``location=None`` keeps the data in memory."""

    def __init__(self, location: Path | None, *flags: str) -> None:
        self.port = free_port()
        args = [OXIGRAPH, "serve", "--bind", f"127.0.0.1:{self.port}", *flags]
        if location is not None:
            args += ["--location", str(location)]
        self.process = subprocess.Popen(args, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
        deadline = time.monotonic() + 30
        while True:
            try:
                socket.create_connection(("127.0.0.1", self.port), timeout=1).close()
                return
            except OSError:
                if self.process.poll() is not None or time.monotonic() > deadline:
                    self.process.kill()
                    message = self.process.communicate()[1].decode(errors="replace")
                    raise RuntimeError(f"oxigraph did not start: {message}") from None
                time.sleep(0.05)

    @property
    def query_url(self) -> str:
        return f"http://127.0.0.1:{self.port}/query"

    @property
    def update_url(self) -> str:
        return f"http://127.0.0.1:{self.port}/update"

    def stop(self) -> None:
        self.process.kill()
        self.process.wait(timeout=10)
        self.process.stderr.close()


@pytest.fixture(scope="module")
def oxigraph(tmp_path_factory):
    server = OxigraphServer(tmp_path_factory.mktemp("oxigraph"))
    yield server
    server.stop()


@pytest.fixture(scope="module")
def embedded_kb(tmp_path_factory):
    """The demo in the embedded store, built next to the remote one (not the session's demo_kb,
    which other tests may touch, and which was built with the dictionary files of its time)."""
    kb = make_kb(tmp_path_factory.mktemp("embedded-kb"))
    report = kb.ingest([str(DEMO)])
    assert report.articles >= 5 and not report.errors, report.errors
    yield kb
    kb.close()


@pytest.fixture(scope="module")
def remote_kb(oxigraph, embedded_kb, tmp_path_factory):
    kb = make_kb(
        tmp_path_factory.mktemp("remote-kb"),
        sparql_query_url=oxigraph.query_url,
        sparql_update_url=oxigraph.update_url,
    )
    report = kb.ingest([str(DEMO)])
    assert report.articles >= 5 and not report.errors, report.errors
    yield kb
    kb.close()


def quads(nquads: bytes) -> set[tuple]:
    data = Dataset()
    data.parse(data=nquads, format="nquads")
    return {q for q in data.quads((None, None, None, None)) if not str(q[3]).endswith(ABOUT)}


def solutions(body: bytes) -> list[tuple]:
    data = json.loads(body)
    names = data["head"]["vars"]
    return sorted(
        tuple(json.dumps(b.get(n), sort_keys=True) for n in names)
        for b in data["results"]["bindings"]
    )


# ---- the whole KnowledgeBase on the server ----------------------------------------------------
def test_it_is_really_the_remote_store(remote_kb):
    assert isinstance(remote_kb.store, RemoteStore)
    assert not remote_kb.settings.store_path.exists()  # nothing embedded was opened


def test_who_controls_idlib(remote_kb):
    answer = remote_kb.ask("Who controls Idlib?")
    assert "Hayat Tahrir al-Sham" in answer.answer
    assert answer.sources[0].url.startswith("https://demo.incident-kb.org/")


@pytest.mark.parametrize("question", QUESTIONS)
def test_same_answers_as_the_embedded_store(remote_kb, embedded_kb, question):
    assert remote_kb.ask(question).to_json() == embedded_kb.ask(question).to_json()


def test_same_data_as_the_embedded_store(remote_kb, embedded_kb):
    remote, embedded = quads(remote_kb.export("nquads")), quads(embedded_kb.export("nquads"))
    assert remote == embedded and len(remote) > 5000
    assert remote_kb.stats() == embedded_kb.stats()


def test_trig_export_keeps_one_graph_per_article(remote_kb):
    data = Dataset()
    data.parse(data=remote_kb.export("trig"), format="trig")
    articles = {
        g
        for _, _, _, g in data.quads(
            (None, RDF.type, URIRef("https://schema.org/NewsArticle"), None)
        )
    }
    assert len(articles) == 5


@pytest.mark.parametrize(
    "query",
    [
        "SELECT ?a ?t WHERE { ?a a <https://schema.org/NewsArticle> ; <https://schema.org/headline> ?t }",
        "PREFIX ikb: <https://incident-kb.org/ontology#> SELECT ?c ?who ?where WHERE { ?c a ikb:ControlClaim ; ikb:controller ?who ; ikb:territory ?where }",
        "SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }",
        "ASK { ?s <https://incident-kb.org/ontology#locatedIn> ?o }",
    ],
)
def test_same_sparql_results(remote_kb, embedded_kb, query):
    remote, embedded = remote_kb.sparql(query), embedded_kb.sparql(query)
    assert remote.kind == embedded.kind
    if remote.kind == "boolean":
        assert json.loads(remote.body) == json.loads(embedded.body)
    else:
        assert solutions(remote.body) == solutions(embedded.body) and remote.rows > 0


def test_reingest_changes_nothing(remote_kb):
    before = remote_kb.store.count()
    report = remote_kb.ingest([str(DEMO)])
    assert report.articles == 0 and report.unchanged >= 5
    assert remote_kb.store.count() == before


def test_http_service_over_the_remote_store(remote_kb):
    with BackgroundServer(build_app(remote_kb)) as server:
        response = httpx.get(
            f"{server.url}/sparql",
            params={"query": "SELECT ?a WHERE { ?a a <https://schema.org/NewsArticle> }"},
            headers={"Accept": "text/csv"},
        )
        assert response.status_code == 200 and len(response.text.strip().splitlines()) == 6
        answer = httpx.get(f"{server.url}/ask", params={"q": "Who controls Idlib?"}, timeout=60)
        assert "Hayat Tahrir al-Sham" in answer.json()["answer"]
        assert httpx.get(f"{server.url}/sparql", params={"query": "DROP ALL"}).status_code == 403


# ---- the store itself -------------------------------------------------------------------------------
@pytest.fixture
def store(oxigraph):
    store = RemoteStore(oxigraph.query_url, oxigraph.update_url)
    yield store
    store.close()


def test_terms_round_trip(store):
    name = URIRef("https://incident-kb.org/id/graph/test-terms")
    s = URIRef("https://incident-kb.org/id/test/s")
    graph = Graph()
    values = [
        Literal('two\nlines, a "quote", a tab\t and a backslash \\'),
        Literal("Idlib", lang="en"),
        Literal("إدلب", lang="ar"),
        Literal(42),
        Literal("2019-06", datatype=URIRef("http://www.w3.org/2001/XMLSchema#gYearMonth")),
        Literal("plain"),
        URIRef("https://example.org/x?y=1&z=<2>".replace("<", "%3C").replace(">", "%3E")),
    ]
    for i, value in enumerate(values):
        graph.add((s, URIRef(f"https://incident-kb.org/id/test/p{i}"), value))
    graph.add((s, URIRef("https://incident-kb.org/id/test/b"), BNode()))
    try:
        store.replace_graph(name, graph)
        rows = store.select(f"SELECT ?p ?o WHERE {{ GRAPH <{name}> {{ ?s ?p ?o }} }}")
        got = {str(r["p"]): r["o"] for r in rows}
        for i, value in enumerate(values):
            assert got[f"https://incident-kb.org/id/test/p{i}"] == value
            assert type(got[f"https://incident-kb.org/id/test/p{i}"]) is type(value)
        assert isinstance(got["https://incident-kb.org/id/test/b"], BNode)
        store.replace_graph(name, Graph().add((s, RDF.type, URIRef("https://example.org/T"))))
        assert len(store.select(f"SELECT * WHERE {{ GRAPH <{name}> {{ ?s ?p ?o }} }}")) == 1
    finally:
        store.drop_graph(name)
    assert not store.ask(f"ASK {{ GRAPH <{name}> {{ ?s ?p ?o }} }}")


def test_unbound_variables_are_none(store):
    rows = store.select(
        "SELECT ?a ?missing WHERE { ?a a <https://schema.org/NewsArticle> } LIMIT 1"
    )
    assert rows and rows[0]["missing"] is None


def test_run_caps_and_serialises_like_the_embedded_store(remote_kb):
    store = remote_kb.store
    out = store.run("SELECT * WHERE { ?s ?p ?o }", "text/csv", 7, 10.0)
    assert out.truncated and out.rows == 7 and len(out.body.decode().strip().splitlines()) == 8
    tsv = store.run(
        "SELECT ?s WHERE { ?s a <https://schema.org/NewsArticle> }",
        "text/tab-separated-values",
        100,
        10.0,
    )
    assert not tsv.truncated and tsv.rows == 5 and tsv.body.startswith(b"?s\n<https://")
    graph = store.run("CONSTRUCT WHERE { ?s ?p ?o }", "text/turtle", 10, 10.0)
    assert graph.kind == "graph" and graph.truncated and graph.rows == 10
    assert len(Graph().parse(data=graph.body, format="turtle")) == 10
    with pytest.raises(QueryError, match="cannot be given as text/turtle"):
        store.run("SELECT * WHERE { ?s ?p ?o }", "text/turtle", 10, 10.0)


def test_syntax_error_names_the_position(store):
    with pytest.raises(QueryError, match=r"error at 1:\d+"):
        store.run("SELECT * WHERE { ?s ?p ?o", "application/sparql-results+json", 10, 10.0)


def test_from_is_honoured_not_overridden_by_the_union(remote_kb):
    graph = remote_kb.store.select(
        "SELECT ?g WHERE { GRAPH ?g { ?a a <https://schema.org/NewsArticle> } } LIMIT 1"
    )[0]["g"]
    query = f"SELECT ?a FROM <{graph}> WHERE {{ ?a a <https://schema.org/NewsArticle> }}"
    assert remote_kb.sparql(query).rows == 1
    assert remote_kb.store._union == "param"  # plain `oxigraph serve`: the union per request


def test_server_started_with_union_default_graph(tmp_path):
    server = OxigraphServer(None, "--union-default-graph")
    try:
        store = RemoteStore(server.query_url, server.update_url)
        name = URIRef("https://incident-kb.org/id/graph/x")
        store.replace_graph(name, Graph().add((name, RDF.type, URIRef("https://example.org/T"))))
        assert store.ask("ASK { ?s a <https://example.org/T> }")
        assert store._union == "native"
        assert store.count() == 1 and b"<https://example.org/T>" in store.dump(
            "application/n-quads"
        )
        store.close()
    finally:
        server.stop()


def test_read_only_without_update_url(oxigraph):
    store = RemoteStore(oxigraph.query_url, None)
    assert store.count() > 0
    with pytest.raises(StoreError, match="KB_SPARQL_UPDATE_URL"):
        store.drop_graph(URIRef("https://incident-kb.org/id/graph/none"))
    store.close()


@pytest.mark.slow
def test_timeout_is_enforced_by_the_client():
    """A server that never answers in time: the client stops waiting at the limit. (The oxigraph
    server would go on counting, even with --timeout-s, so this one is killed at the end.)"""
    server = OxigraphServer(None)
    try:
        store = RemoteStore(server.query_url, server.update_url)
        data = Graph()
        for i in range(300):
            data.add((URIRef(f"https://example.org/s{i}"), RDF.value, Literal(i)))
        store.replace_graph(URIRef("https://example.org/g"), data)
        started = time.monotonic()
        with pytest.raises(QueryTimeout, match="1.5 s limit"):
            store.run(
                "SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i . ?j ?k ?l . ?m ?n2 ?o }",
                "application/sparql-results+json",
                10,
                1.5,
            )
        assert time.monotonic() - started < 5
        store.close()
    finally:
        server.stop()


def test_server_down_is_a_store_error_naming_the_url():
    url = f"http://127.0.0.1:{free_port()}/query"
    store = RemoteStore(url, None)
    with pytest.raises(StoreError, match=f"cannot reach the SPARQL server at {url}"):
        store.select("SELECT * WHERE { ?s ?p ?o } LIMIT 1")
    store.close()


def test_cli_reports_a_down_server_in_one_line(tmp_path):
    url = f"http://127.0.0.1:{free_port()}/query"
    env = {**os.environ, "KB_HOME": str(tmp_path / "kb"), "KB_SPARQL_QUERY_URL": url}
    kb_command = Path(sys.executable).parent / "kb"
    result = subprocess.run(
        [str(kb_command), "sparql", "ASK {}"], env=env, capture_output=True, text=True, timeout=60
    )
    assert result.returncode == 1
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("Error: ") and url in lines[0], result.stderr
