"""The HTTP service, served for real (uvicorn on localhost) over a copy of the demo knowledge base,
and queried the way outside tools do: raw HTTP, SPARQLWrapper, rdflib's SPARQLStore."""

from __future__ import annotations

import csv
import io
import json
import os
import shutil
import subprocess
import sys
import threading
import time
from pathlib import Path

import httpx
import pytest
from conftest import make_kb
from rdflib import Dataset, Graph, URIRef
from rdflib.namespace import RDF
from rdflib.plugins.stores.sparqlstore import SPARQLStore
from rdflib.query import Result
from SPARQLWrapper import CSV, JSON, JSONLD, TSV, TURTLE, XML, SPARQLWrapper

from kb.serve import BackgroundServer, build_app

TIMEOUT = 3.0  # KB_QUERY_TIMEOUT of the served KB
LIMIT = 200  # KB_RESULT_LIMIT of the served KB
ARTICLES = "SELECT ?a WHERE { ?a a <https://schema.org/NewsArticle> } ORDER BY ?a"
ARTICLE_GRAPH = "CONSTRUCT { ?a a <https://schema.org/NewsArticle> } WHERE { ?a a <https://schema.org/NewsArticle> }"
# Four unconstrained patterns over ~6,000 triples: 10^15 combinations, counted without a single
# answer being produced on the way. Runs for hours unless something kills it.
RUNAWAY = "SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i . ?j ?k ?l }"
NEWS = URIRef("https://schema.org/NewsArticle")


@pytest.fixture(scope="module")
def served(demo_home, tmp_path_factory):
    """A KB copied from the demo (so its limits can differ) behind the real HTTP service."""
    home = tmp_path_factory.mktemp("serve") / "kb"
    shutil.copytree(demo_home, home, ignore=shutil.ignore_patterns("LOCK"))
    kb = make_kb(home, query_timeout=TIMEOUT, result_limit=LIMIT)
    server = BackgroundServer(build_app(kb)).start()
    yield server.url, kb
    server.stop()
    kb.close()


@pytest.fixture(scope="module")
def url(served):
    return served[0]


@pytest.fixture(scope="module")
def served_kb(served):
    return served[1]


@pytest.fixture(scope="module")
def http(url):
    with httpx.Client(base_url=url, timeout=60) as client:
        yield client


def sparql(http, query, accept=None, method="GET", **params):
    headers = {"Accept": accept} if accept else {}
    if method == "GET":
        return http.get("/sparql", params={"query": query, **params}, headers=headers)
    return http.post("/sparql", data={"query": query, **params}, headers=headers)


def article_iris(rows):
    return sorted(str(r) for r in rows)


# ---- results in every format ------------------------------------------------------------------
@pytest.mark.parametrize(
    "accept",
    [
        "application/sparql-results+json",
        "application/sparql-results+xml",
        "text/csv",
        "text/tab-separated-values",
    ],
)
def test_select_in_every_results_format(http, served_kb, accept):
    expected = article_iris(r["a"] for r in served_kb.store.select(ARTICLES))
    response = sparql(http, ARTICLES, accept)
    assert response.status_code == 200, response.text
    assert response.headers["content-type"].split(";")[0] == accept
    assert response.headers["x-kb-truncated"] == "false"
    assert response.headers["x-kb-rows"] == str(len(expected))
    if accept.endswith("json"):
        rows = [b["a"]["value"] for b in response.json()["results"]["bindings"]]
    elif accept.endswith("xml"):
        result = Result.parse(io.BytesIO(response.content), format="xml")
        rows = [r[0] for r in result]
    elif accept == "text/csv":
        rows = [r[0] for r in list(csv.reader(io.StringIO(response.text)))[1:]]
    else:
        rows = [line.strip("<>") for line in response.text.splitlines()[1:]]
    assert article_iris(rows) == expected and len(expected) == 5


@pytest.mark.parametrize(
    ("accept", "parser"),
    [
        ("text/turtle", "turtle"),
        ("application/n-triples", "nt"),
        ("application/ld+json", "json-ld"),
        ("application/rdf+xml", "xml"),
    ],
)
def test_construct_in_every_rdf_format(http, accept, parser):
    response = sparql(http, ARTICLE_GRAPH, accept, method="POST")
    assert response.status_code == 200, response.text
    assert response.headers["content-type"].split(";")[0] == accept
    graph = Graph().parse(data=response.content, format=parser)
    assert len(set(graph.subjects(RDF.type, NEWS))) == 5


def test_describe_gives_rdf(http):
    response = sparql(http, "DESCRIBE ?a WHERE { ?a a <https://schema.org/NewsArticle> }")
    assert response.status_code == 200
    assert response.headers["content-type"].startswith("text/turtle")
    assert len(Graph().parse(data=response.content, format="turtle")) > 5


@pytest.mark.parametrize(
    "accept", ["application/sparql-results+json", "application/sparql-results+xml", "text/csv"]
)
def test_ask(http, accept):
    yes = sparql(http, "ASK { ?a a <https://schema.org/NewsArticle> }", accept)
    no = sparql(http, "ASK { ?a a <https://schema.org/Nothing> }", accept)
    assert yes.status_code == no.status_code == 200
    assert "true" in yes.text and "false" in no.text


def test_three_ways_of_sending_a_query_agree(http):
    get = sparql(http, ARTICLES, "text/csv")
    form = sparql(http, ARTICLES, "text/csv", method="POST")
    body = http.post(
        "/sparql",
        content=ARTICLES.encode(),
        headers={"Content-Type": "application/sparql-query", "Accept": "text/csv"},
    )
    assert get.status_code == form.status_code == body.status_code == 200
    assert get.text == form.text == body.text


def test_format_parameter_for_clients_that_cannot_set_accept(http):
    csv_text = sparql(http, ARTICLES, "application/sparql-results+json", format="csv")
    assert csv_text.headers["content-type"].startswith("text/csv")
    nt = sparql(http, ARTICLE_GRAPH, format="nt")
    assert nt.headers["content-type"].startswith("application/n-triples")
    unknown = sparql(http, ARTICLES, "text/tab-separated-values", format="bogus")
    assert unknown.headers["content-type"].startswith("text/tab-separated-values")


def test_browser_style_accept_gets_results(http):
    accept = "text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8"
    response = sparql(http, ARTICLES, accept)
    assert response.status_code == 200
    assert response.headers["content-type"].startswith("application/sparql-results+xml")


# ---- outside clients -----------------------------------------------------------------------------
@pytest.mark.parametrize("fmt", [JSON, XML, CSV, TSV])
def test_sparqlwrapper_select(url, fmt):
    client = SPARQLWrapper(f"{url}/sparql")
    client.setQuery(ARTICLES)
    client.setReturnFormat(fmt)
    result = client.query().convert()
    if fmt == JSON:
        assert len(result["results"]["bindings"]) == 5
    elif fmt == XML:
        assert len(result.getElementsByTagName("result")) == 5
    else:
        assert len(result.decode().strip().splitlines()) == 6


@pytest.mark.parametrize(("fmt", "parser"), [(TURTLE, "turtle"), (JSONLD, "json-ld"), (XML, "xml")])
def test_sparqlwrapper_construct(url, fmt, parser):
    client = SPARQLWrapper(f"{url}/sparql")
    client.setQuery(ARTICLE_GRAPH)
    client.setReturnFormat(fmt)
    client.setMethod("POST")
    result = client.query().convert()
    graph = result if isinstance(result, Graph) else Graph().parse(data=result, format=parser)
    assert len(set(graph.subjects(RDF.type, NEWS))) == 5


def test_sparqlwrapper_ask(url):
    client = SPARQLWrapper(f"{url}/sparql")
    client.setQuery("ASK { ?a a <https://schema.org/NewsArticle> }")
    client.setReturnFormat(JSON)
    assert client.query().convert()["boolean"] is True


@pytest.mark.parametrize("method", ["GET", "POST_FORM"])
def test_rdflib_sparqlstore(url, method):
    store = SPARQLStore(f"{url}/sparql", method=method)
    dataset = Dataset(store=store)
    rows = list(dataset.query(ARTICLES))
    assert len(rows) == 5
    graph = dataset.query(ARTICLE_GRAPH).graph
    assert len(set(graph.subjects(RDF.type, NEWS))) == 5
    store.close()


def test_rdflib_sparqlstore_named_graph_sends_default_graph_uri(url, served_kb):
    """A Graph bound to one article's graph: rdflib sends default-graph-uri, we honour it."""
    graph_iri = str(
        served_kb.store.select(
            "SELECT ?g WHERE { GRAPH ?g { ?a a <https://schema.org/NewsArticle> } } LIMIT 1"
        )[0]["g"]
    )
    graph = Graph(store=SPARQLStore(f"{url}/sparql"), identifier=URIRef(graph_iri))
    assert len(list(graph.query(ARTICLES))) == 1


# ---- dataset parameters --------------------------------------------------------------------------
def test_default_and_named_graph_uri(http, served_kb):
    graphs = [
        str(r["g"])
        for r in served_kb.store.select(
            "SELECT ?g WHERE { GRAPH ?g { ?a a <https://schema.org/NewsArticle> } } ORDER BY ?g"
        )
    ]
    one = sparql(http, ARTICLES, "text/csv", **{"default-graph-uri": graphs[0]})
    assert len(one.text.strip().splitlines()) == 2
    two = http.get(
        "/sparql",
        params=[
            ("query", ARTICLES),
            ("default-graph-uri", graphs[0]),
            ("default-graph-uri", graphs[1]),
        ],
        headers={"Accept": "text/csv"},
    )
    assert len(two.text.strip().splitlines()) == 3
    named = sparql(
        http,
        "SELECT DISTINCT ?g WHERE { GRAPH ?g { ?s ?p ?o } }",
        "text/csv",
        method="POST",
        **{"named-graph-uri": graphs[1]},
    )
    assert named.text.strip().splitlines()[1:] == [graphs[1]]


def test_protocol_dataset_overrides_from_in_query(http, served_kb):
    graphs = [
        str(r["g"])
        for r in served_kb.store.select(
            "SELECT ?g WHERE { GRAPH ?g { ?a a <https://schema.org/NewsArticle> } } ORDER BY ?g"
        )
    ]
    query = f"SELECT ?a FROM <{graphs[0]}> WHERE {{ ?a a <https://schema.org/NewsArticle> }}"
    own = sparql(http, query, "text/csv")
    assert len(own.text.strip().splitlines()) == 2  # FROM is honoured, not the union
    other = sparql(http, query, "text/csv", **{"default-graph-uri": graphs[1]})
    assert own.text != other.text and len(other.text.strip().splitlines()) == 2


def test_bad_graph_uri_is_400(http):
    response = sparql(http, ARTICLES, **{"default-graph-uri": "not an iri"})
    assert response.status_code == 400


# ---- errors --------------------------------------------------------------------------------------
def test_syntax_error_is_400_with_position(http):
    response = sparql(http, "SELECT ?s WHERE { ?s ?p ?o ")
    assert response.status_code == 400
    assert response.text.startswith("Error: invalid SPARQL: error at 1:")
    response = sparql(http, "SELECT ?s WHERE {\n  ?s ?p ?o }\nLIMT 3", method="POST")
    assert response.status_code == 400 and "error at 3:" in response.text


@pytest.mark.parametrize(
    ("data", "content_type"),
    [
        ({"update": "DROP ALL"}, None),
        ({"query": "DROP ALL"}, None),
        ({"query": "PREFIX x: <http://x/> INSERT DATA { x:a x:b x:c }"}, None),
        ("CLEAR DEFAULT", "application/sparql-update"),
        ("DELETE WHERE { ?s ?p ?o }", "application/sparql-query"),
    ],
)
def test_updates_are_403(http, data, content_type):
    if content_type:
        response = http.post("/sparql", content=data, headers={"Content-Type": content_type})
    else:
        response = http.post("/sparql", data=data)
    assert response.status_code == 403
    assert "read-only" in response.text
    assert sparql(http, "ASK { ?a a <https://schema.org/NewsArticle> }").json()["boolean"]


def test_update_in_get_is_403(http):
    assert http.get("/sparql", params={"update": "DROP ALL"}).status_code == 403


def test_service_is_403(http):
    response = sparql(http, "SELECT * WHERE { SERVICE <http://example.org/sparql> { ?s ?p ?o } }")
    assert response.status_code == 403 and "SERVICE" in response.text


@pytest.mark.slow
def test_runaway_query_is_stopped_with_503(http):
    started = time.monotonic()
    response = sparql(http, RUNAWAY, method="POST")
    elapsed = time.monotonic() - started
    assert response.status_code == 503, response.text[:200]
    assert f"{TIMEOUT:g} s limit" in response.text
    assert elapsed < TIMEOUT + 10  # the limit, plus slack for a loaded machine
    after = sparql(http, ARTICLES, "text/csv")  # a fresh worker answers the next query
    assert after.status_code == 200 and len(after.text.strip().splitlines()) == 6


@pytest.mark.slow
def test_slow_query_does_not_block_or_garble_others(url):
    slow: dict = {}

    def run_slow() -> None:
        slow["response"] = httpx.post(f"{url}/sparql", data={"query": RUNAWAY}, timeout=60)

    thread = threading.Thread(target=run_slow)
    thread.start()
    time.sleep(0.3)
    fast = [
        httpx.get(f"{url}/sparql", params={"query": ARTICLES}, headers={"Accept": "text/csv"})
        for _ in range(3)
    ]
    thread.join()
    assert all(r.status_code == 200 and len(r.text.strip().splitlines()) == 6 for r in fast)
    assert slow["response"].status_code == 503


@pytest.mark.parametrize(
    ("query", "accept"),
    [
        (ARTICLES, "text/turtle"),
        (ARTICLE_GRAPH, "application/sparql-results+json"),
        (ARTICLES, "image/png"),
        (ARTICLES, "application/sparql-results+json;q=0"),
    ],
)
def test_unacceptable_media_type_is_406(http, query, accept):
    response = sparql(http, query, accept)
    assert response.status_code == 406
    assert "available:" in response.text


@pytest.mark.parametrize("path", ["/nope", "/sparql/x", "/export.xml", "/static/missing.js"])
def test_unknown_path_is_404(http, path):
    assert http.get(path).status_code == 404


def test_missing_query_is_400(http):
    assert http.get("/sparql").status_code == 400
    assert http.post("/sparql", data={"query": " "}).status_code == 400
    assert (
        http.post(
            "/sparql", content=b"", headers={"Content-Type": "application/sparql-query"}
        ).status_code
        == 400
    )


def test_unknown_body_type_is_415(http):
    response = http.post("/sparql", content=b"{}", headers={"Content-Type": "application/json"})
    assert response.status_code == 415


# ---- cap and CORS ----------------------------------------------------------------------------------
@pytest.mark.parametrize("accept", ["application/sparql-results+json", "text/csv"])
def test_results_are_capped_and_say_so(http, accept):
    response = sparql(http, "SELECT * WHERE { ?s ?p ?o }", accept)
    assert response.status_code == 200
    assert response.headers["x-kb-truncated"] == "true"
    assert response.headers["x-kb-rows"] == str(LIMIT)
    assert response.headers["x-kb-result-limit"] == str(LIMIT)
    if accept.endswith("json"):
        assert len(response.json()["results"]["bindings"]) == LIMIT
    else:
        assert len(response.text.strip().splitlines()) == LIMIT + 1


def test_construct_is_capped(http):
    response = sparql(http, "CONSTRUCT WHERE { ?s ?p ?o }", "application/n-triples")
    assert response.headers["x-kb-truncated"] == "true"
    assert len(response.text.strip().splitlines()) == LIMIT


def test_cors_for_browser_clients(http):
    response = http.get(
        "/sparql", params={"query": ARTICLES}, headers={"Origin": "https://yasgui.example"}
    )
    assert response.headers["access-control-allow-origin"] == "*"
    assert "x-kb-truncated" in response.headers["access-control-expose-headers"].lower()
    assert sparql(http, ARTICLES).headers["access-control-allow-origin"] == "*"
    preflight = http.options(
        "/sparql",
        headers={
            "Origin": "https://yasgui.example",
            "Access-Control-Request-Method": "POST",
            "Access-Control-Request-Headers": "content-type",
        },
    )
    assert preflight.status_code == 200
    assert "POST" in preflight.headers["access-control-allow-methods"]


# ---- /ask, downloads, the page --------------------------------------------------------------------
def test_ask_gives_the_cli_json(http, served):
    response = http.get("/ask", params={"q": "Who controls Idlib?"})
    assert response.status_code == 200
    data = response.json()
    assert "Hayat Tahrir al-Sham" in data["answer"]
    assert data["sources"] and data["sources"][0]["url"].startswith("https://demo.incident-kb.org/")
    assert set(data) >= {"question", "answer", "facts", "sources", "sparql", "confidence"}
    assert data == json.loads(json.dumps(served[1].ask("Who controls Idlib?").to_json()))


def test_ask_as_of_and_errors(http):
    assert (
        http.get("/ask", params={"q": "Who controls Idlib?", "as_of": "2019-07"}).status_code == 200
    )
    assert http.get("/ask").status_code == 400
    assert http.get("/ask", params={"q": " "}).status_code == 400
    assert (
        http.get("/ask", params={"q": "Who controls Idlib?", "as_of": "last week"}).status_code
        == 400
    )


@pytest.mark.parametrize(
    ("path", "params", "says"),
    [
        ("/ask", {"q": "Who controls Idlib?", "as_of": "2019-02-30"}, "as_of date must be YYYY"),
        ("/pictures/incidents.json", {"place": "Idlib", "from": "junk"}, "from date must be"),
        ("/pictures/control.png", {"place": "Idlib", "to": "2019-13"}, "to date must be"),
        ("/pictures/map.csv", {"place": "Idlib", "from": "2020", "to": "2019"}, "is after"),
        ("/pictures/control.json", {"place": "Nowhereville-on-Sea"}, "no place called"),
        ("/sparql", {"query": "SELECT ?x WHERE { ?x"}, "invalid SPARQL: error at 1:"),
    ],
)
def test_bad_input_is_a_400_with_one_line_of_reason(http, path, params, says):
    response = http.get(path, params=params)
    assert response.status_code == 400, response.text
    assert response.text.startswith("Error: ") and says in response.text, response.text
    assert response.text.count("\n") == 1 and "Traceback" not in response.text


def test_construct_in_a_comment_or_a_string_leaves_a_select_a_select(http):
    query = (
        "# CONSTRUCT { ?a ?p ?o }\n"
        'SELECT ?a WHERE { ?a a <https://schema.org/NewsArticle> FILTER (STR(?a) != "DESCRIBE") }'
    )
    response = sparql(http, query, accept="text/csv")
    assert response.status_code == 200, response.text
    assert response.headers["content-type"].startswith("text/csv")
    assert response.text.splitlines()[0] == "a" and len(response.text.splitlines()) == 6


@pytest.mark.parametrize(
    ("path", "media", "parser"),
    [
        ("/export.trig", "application/trig", "trig"),
        ("/export.nq", "application/n-quads", "nquads"),
        ("/export.ttl", "text/turtle", "turtle"),
        ("/export.jsonld", "application/ld+json", "json-ld"),
    ],
)
def test_exports(http, path, media, parser):
    response = http.get(path)
    assert response.status_code == 200
    assert response.headers["content-type"].split(";")[0] == media
    filename = "incident-kb." + path.rsplit(".", 1)[1]
    assert response.headers["content-disposition"] == f'attachment; filename="{filename}"'
    if parser in ("trig", "nquads"):
        data = Dataset().parse(data=response.content, format=parser)
        articles = {(s, g) for s, _, _, g in data.quads((None, RDF.type, NEWS, None))}
        assert len(articles) == 5 and len({g for _, g in articles}) == 5  # a graph per article
    else:
        graph = Graph().parse(data=response.content, format=parser)
        assert len(graph) > 0


@pytest.mark.parametrize(
    ("path", "parser"), [("/export.ttl", "turtle"), ("/export.jsonld", "json-ld")]
)
def test_single_graph_exports_hold_the_articles(http, path, parser):
    graph = Graph().parse(data=http.get(path).content, format=parser)
    assert len(set(graph.subjects(RDF.type, NEWS))) == 5


def test_page_and_its_files_are_local(http):
    page = http.get("/")
    assert page.status_code == 200 and page.headers["content-type"].startswith("text/html")
    assert "default-src 'self'" in page.headers["content-security-policy"]
    for needle in ('id="question"', 'id="query"', "/export.ttl", "/static/app.js"):
        assert needle in page.text
    assert "http://" not in page.text and "https://" not in page.text  # nothing from a CDN
    for path in ("/static/app.js", "/static/style.css"):
        assert http.get(path).status_code == 200


def test_example_queries_run_and_find_something(http):
    examples = http.get("/examples").json()
    assert len(examples) >= 3
    titles = " ".join(e["title"].lower() for e in examples)
    assert "controls" in titles and "casualties" in titles and "date" in titles
    for example in examples:
        response = sparql(
            http,
            example["query"],
            "application/sparql-results+json, text/turtle;q=0.9",
            method="POST",
        )
        assert response.status_code == 200, (example["name"], response.text)
        assert int(response.headers["x-kb-rows"]) > 0, example["name"]


# ---- the command -----------------------------------------------------------------------------------
@pytest.mark.slow
def test_kb_serve_command(demo_home, tmp_path):
    """`kb serve` itself, in its own process, on a copy of the demo KB."""
    home = tmp_path / "kb"
    shutil.copytree(demo_home, home, ignore=shutil.ignore_patterns("LOCK"))
    import socket

    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    env = {**os.environ, "KB_HOME": str(home), "KB_RESULT_LIMIT": "3", "KB_QUERY_TIMEOUT": "5"}
    env = {k: v for k, v in env.items() if not k.startswith("KB_SPARQL")}
    kb_command = Path(sys.executable).parent / "kb"
    process = subprocess.Popen(
        [str(kb_command), "serve", "--port", str(port)],
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
    )
    try:
        deadline = time.monotonic() + 60
        while True:
            try:
                response = httpx.get(
                    f"http://127.0.0.1:{port}/sparql",
                    params={"query": "SELECT * WHERE { ?s ?p ?o }"},
                    headers={"Accept": "text/csv"},
                )
                break
            except httpx.TransportError:
                assert process.poll() is None, process.stderr.read().decode()
                assert time.monotonic() < deadline, "kb serve did not start"
                time.sleep(0.2)
        assert response.status_code == 200
        assert response.headers["x-kb-truncated"] == "true"  # KB_RESULT_LIMIT reached the server
        assert len(response.text.strip().splitlines()) == 4
    finally:
        process.terminate()
        process.wait(timeout=20)
