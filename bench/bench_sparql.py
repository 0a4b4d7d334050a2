"""SPARQL latency on a synthetic ~1 M-triple conflict KB: embedded pyoxigraph, the Oxigraph
server over HTTP (raw, and through kb's RemoteStore), and rdflib's in-memory store.

Six competency-style queries, each run with parameters drawn afresh every time (a place label,
an actor, a date window...), so the percentiles cover the spread of real questions. rdflib gets a
per-query time cap (it evaluates in pure Python, so a timer signal can stop it) and fewer runs,
so the benchmark ends.

    python bench/bench_sparql.py                   # ~1 M triples, 20 runs a query
    python bench/bench_sparql.py --triples 100000 --runs 5 --rdflib-runs 2
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import random
import resource
import signal
import socket
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from datetime import UTC, datetime
from importlib.metadata import version
from pathlib import Path

import httpx
import pyoxigraph as ox

sys.path.insert(0, str(Path(__file__).resolve().parent))
sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from gen_synthetic import ROOTS, generate  # noqa: E402

from kb.store.remote import RemoteStore  # noqa: E402

PREFIXES = """PREFIX ikb: <https://incident-kb.org/ontology#>
PREFIX sem: <http://semanticweb.cs.vu.nl/2009/11/sem/>
PREFIX skos: <http://www.w3.org/2004/02/skos/core#>
PREFIX schema: <https://schema.org/>
PREFIX xsd: <http://www.w3.org/2001/XMLSchema#>
"""
QUERIES = {
    "control_by_label": """SELECT ?controllerLabel ?territoryLabel ?date ?text WHERE {
  ?place skos:prefLabel "%(label)s"@en .
  ?territory ikb:locatedIn* ?place ; skos:prefLabel ?territoryLabel .
  ?claim a ikb:ControlClaim ; ikb:territory ?territory ; ikb:controller ?who ; ikb:evidence ?s .
  ?who skos:prefLabel ?controllerLabel .
  ?s ikb:text ?text .
  OPTIONAL { ?claim ikb:refersTo ?date }
} ORDER BY DESC(STR(?date)) LIMIT 50""",
    "fatalities_by_province": """SELECT ?provinceLabel (SUM(?n) AS ?killed) WHERE {
  ?incident ikb:casualties ?c ; sem:hasPlace ?p ; sem:hasTimeStamp ?d .
  ?c ikb:count ?n ; ikb:outcome ikb:Killed .
  FILTER (?d >= "%(start)s"^^xsd:date && ?d < "%(end)s"^^xsd:date)
  ?p ikb:locatedIn+ ?province .
  ?province a ikb:Governorate ; skos:prefLabel ?provinceLabel .
} GROUP BY ?provinceLabel ORDER BY DESC(?killed)""",
    "events_of_actor": """SELECT ?incident ?typeLabel ?date ?placeLabel WHERE {
  ?incident ikb:attacker <%(actor)s> ; ikb:eventType ?type ; sem:hasPlace ?place .
  BIND (STRAFTER(STR(?type), "#") AS ?typeLabel)
  ?place skos:prefLabel ?placeLabel .
  OPTIONAL { ?incident sem:hasTimeStamp ?date }
} ORDER BY DESC(?date) LIMIT 200""",
    "label_substring": """SELECT ?entity ?label WHERE {
  ?entity skos:prefLabel ?label .
  FILTER (CONTAINS(LCASE(STR(?label)), "%(needle)s"))
} LIMIT 100""",
    "located_in_path": """SELECT (COUNT(DISTINCT ?incident) AS ?n) WHERE {
  ?place ikb:locatedIn+ <%(governorate)s> .
  ?incident sem:hasPlace ?place .
}""",
    "evidence_for_place": """SELECT ?claim ?text ?url ?published WHERE {
  { ?claim ikb:territory <%(place)s> } UNION { ?claim sem:hasPlace <%(place)s> }
  ?claim ikb:evidence ?s ; ikb:article ?a .
  ?s ikb:text ?text .
  ?a schema:url ?url ; schema:datePublished ?published .
} ORDER BY DESC(?published) LIMIT 100""",
}
GOVERNORATE_IRIS = "SELECT ?g WHERE { ?g a <https://incident-kb.org/ontology#Governorate> }"


class Capped(Exception):
    """An rdflib query passed its time cap."""


# ---- parameters ----------------------------------------------------------------------------------
def candidates(store: ox.Store) -> dict[str, list[str]]:
    """Values to draw parameters from, read once from the data itself."""

    def column(query: str) -> list[str]:
        rows = store.query(PREFIXES + query, use_default_graph_as_union=True)
        return sorted(row[0].value for row in rows)

    return {
        "label": column("SELECT DISTINCT ?l WHERE { ?p a ?k ; skos:prefLabel ?l FILTER (?k IN (ikb:Town, ikb:Village, ikb:District)) }"),
        "actor": column("SELECT DISTINCT ?a WHERE { ?i ikb:attacker ?a }"),
        "governorate": column(GOVERNORATE_IRIS),
        "place": column("SELECT DISTINCT ?p WHERE { ?c ikb:territory ?p }"),
    }  # fmt: skip


def params(rng: random.Random, pool: dict[str, list[str]]) -> dict[str, str]:
    start = datetime(2018, 1, 1) + (datetime(2023, 6, 1) - datetime(2018, 1, 1)) * rng.random()
    months = rng.choice([1, 3, 6])
    end_month = start.month - 1 + months
    end = start.replace(year=start.year + end_month // 12, month=end_month % 12 + 1, day=1)
    return {
        "label": rng.choice(pool["label"]).replace('"', '\\"'),
        "actor": rng.choice(pool["actor"]),
        "governorate": rng.choice(pool["governorate"]),
        "place": rng.choice(pool["place"]),
        "needle": rng.choice(ROOTS)[:4],
        "start": start.date().isoformat(),
        "end": end.date().isoformat(),
    }


# ---- engines -------------------------------------------------------------------------------------
def oxigraph_embedded(folder: Path, data: Path) -> tuple[Callable[[str], int], float]:
    store = ox.Store(str(folder))
    started = time.perf_counter()
    store.bulk_load(path=str(data), format=ox.RdfFormat.N_QUADS)
    store.flush()
    load = time.perf_counter() - started

    def run(query: str) -> int:
        result = store.query(query, use_default_graph_as_union=True)
        return sum(1 for row in result for _ in [tuple(row)])

    run.store = store
    return run, load


class OxigraphServer:
    def __init__(self, folder: Path, data: Path) -> None:
        binary = str(Path(sys.executable).parent / "oxigraph")
        started = time.perf_counter()
        subprocess.run(
            [binary, "load", "--location", str(folder), "--file", str(data)],
            check=True,
            capture_output=True,
        )
        self.load = time.perf_counter() - started
        with socket.socket() as sock:
            sock.bind(("127.0.0.1", 0))
            self.port = sock.getsockname()[1]
        self.process = subprocess.Popen(
            [binary, "serve", "--location", str(folder), "--bind", f"127.0.0.1:{self.port}"],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        self.url = f"http://127.0.0.1:{self.port}/query"
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            try:
                socket.create_connection(("127.0.0.1", self.port), timeout=1).close()
                break
            except OSError:
                time.sleep(0.05)
        self.client = httpx.Client(timeout=600)
        self.remote = RemoteStore(self.url, None)

    def raw(self, query: str) -> int:
        """The server's own latency: POST form, JSON results, parsed with json.loads."""
        response = self.client.post(
            self.url,
            data={"query": query, "union-default-graph": ""},
            headers={"Accept": "application/sparql-results+json"},
        )
        response.raise_for_status()
        return len(json.loads(response.content)["results"]["bindings"])

    def through_kb(self, query: str) -> int:
        """What kb pays: RemoteStore.select, rows of rdflib terms."""
        return len(self.remote.select(query))

    def stop(self) -> None:
        self.client.close()
        self.remote.close()
        self.process.kill()
        self.process.wait()


def rdflib_memory(data: Path) -> tuple[Callable[[str], int], float]:
    from rdflib import Dataset

    dataset = Dataset(default_union=True)
    started = time.perf_counter()
    dataset.parse(str(data), format="nquads")
    load = time.perf_counter() - started

    def run(query: str) -> int:
        return len(list(dataset.query(query)))

    return run, load


def capped(run: Callable[[str], int], cap: float) -> Callable[[str], int]:
    """Stop a pure-Python query after ``cap`` seconds with a timer signal."""

    def alarm(signum: int, frame: object) -> None:
        raise Capped

    def wrapped(query: str) -> int:
        previous = signal.signal(signal.SIGALRM, alarm)
        signal.setitimer(signal.ITIMER_REAL, cap)
        try:
            return run(query)
        finally:
            signal.setitimer(signal.ITIMER_REAL, 0)
            signal.signal(signal.SIGALRM, previous)

    return wrapped


# ---- measuring ---------------------------------------------------------------------------------------
def measure(run: Callable[[str], int], runs: int, seed: int, pool: dict) -> dict[str, dict]:
    """Per query: latencies in seconds (one warm-up first), rows of the first run, capped runs."""
    out = {}
    for name, template in QUERIES.items():
        rng = random.Random(f"{seed}-{name}")
        try:
            run(PREFIXES + template % params(random.Random("warm-up"), pool))
        except Capped:
            out[name] = {"times": [float("inf")], "rows": None, "capped": 1}
            print(f"  {name}: {summary(out[name])}", file=sys.stderr, flush=True)
            continue
        times, rows, capped_runs = [], None, 0
        for _ in range(runs):
            query = PREFIXES + template % params(rng, pool)
            started = time.perf_counter()
            try:
                n = run(query)
            except Capped:
                capped_runs += 1
                times.append(float("inf"))
                break
            times.append(time.perf_counter() - started)
            rows = n if rows is None else rows
        out[name] = {"times": times, "rows": rows, "capped": capped_runs}
        print(f"  {name}: {summary(out[name])}", file=sys.stderr, flush=True)
    return out


def percentile(values: list[float], p: float) -> float:
    ordered = sorted(values)
    if len(ordered) == 1:
        return ordered[0]
    k = (len(ordered) - 1) * p
    low, high = int(k), min(int(k) + 1, len(ordered) - 1)
    return ordered[low] + (ordered[high] - ordered[low]) * (k - low)


def fmt(seconds: float) -> str:
    if seconds == float("inf"):
        return "capped"
    return f"{seconds * 1000:.1f} ms" if seconds < 1 else f"{seconds:.2f} s"


def summary(result: dict) -> str:
    times = result["times"]
    if result["capped"]:
        done = [t for t in times if t != float("inf")]
        return f">cap ({len(done)} of {len(times)} runs finished)"
    return f"p50 {fmt(percentile(times, 0.5))} / p95 {fmt(percentile(times, 0.95))}"


def machine() -> str:
    cpu = "unknown CPU"
    for line in Path("/proc/cpuinfo").read_text().splitlines():
        if line.startswith("model name"):
            cpu = line.split(":", 1)[1].strip()
            break
    memory = os.sysconf("SC_PAGE_SIZE") * os.sysconf("SC_PHYS_PAGES") / 2**30
    load = os.getloadavg()[0]
    return (
        f"{cpu}, {os.cpu_count()} cores, {memory:.0f} GB RAM, load average {load:.1f} at start; "
        f"{platform.system()} {platform.release()}; Python {platform.python_version()}; "
        f"pyoxigraph {version('pyoxigraph')}, oxigraph {version('oxigraph')}, "
        f"rdflib {version('rdflib')}, httpx {version('httpx')}"
    )


def table(results: dict[str, dict], loads: dict[str, str]) -> str:
    engines = list(results)
    lines = [
        "| query | " + " | ".join(engines) + " |",
        "|---|" + "---|" * len(engines),
    ]
    for name in QUERIES:
        cells = [summary(results[e][name]) for e in engines]
        lines.append(f"| {name} | " + " | ".join(cells) + " |")
    lines.append("| load | " + " | ".join(loads[e] for e in engines) + " |")
    lines.append(
        "| rows, first run of each | "
        + " | ".join(
            ", ".join(
                "-" if results[e][n]["rows"] is None else str(results[e][n]["rows"])
                for n in QUERIES
            )
            for e in engines
        )
        + " |"
    )
    return "\n".join(lines)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--triples", type=int, default=1_000_000)
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--runs", type=int, default=20, help="timed runs a query (Oxigraph)")
    parser.add_argument("--rdflib-runs", type=int, default=5)
    parser.add_argument("--rdflib-cap", type=float, default=30.0, help="seconds per rdflib query")
    parser.add_argument("--skip-rdflib", action="store_true")
    args = parser.parse_args()

    print(f"# {datetime.now(UTC):%Y-%m-%d %H:%M} UTC; {machine()}", flush=True)
    with tempfile.TemporaryDirectory(prefix="bench-sparql-") as tmp:
        tmp_path = Path(tmp)
        data = tmp_path / "synthetic.nq"
        counts = generate(data, args.triples, args.seed)
        print(
            f"# data: {counts['quads']:,} quads in {counts['articles']:,} article graphs, {counts['places']:,} places",
            flush=True,
        )

        results: dict[str, dict] = {}
        loads: dict[str, str] = {}
        print("pyoxigraph embedded (on disk)", file=sys.stderr)
        embedded, load = oxigraph_embedded(tmp_path / "embedded", data)
        pool = candidates(embedded.store)
        loads["pyoxigraph embedded"] = f"bulk load {load:.1f} s"
        results["pyoxigraph embedded"] = measure(embedded, args.runs, args.seed, pool)

        print("oxigraph server over HTTP", file=sys.stderr)
        server = OxigraphServer(tmp_path / "server", data)
        try:
            loads["oxigraph server, raw HTTP"] = f"`oxigraph load` {server.load:.1f} s"
            results["oxigraph server, raw HTTP"] = measure(server.raw, args.runs, args.seed, pool)
            loads["oxigraph server via RemoteStore"] = "(same server)"
            results["oxigraph server via RemoteStore"] = measure(
                server.through_kb, args.runs, args.seed, pool
            )
        finally:
            server.stop()

        if not args.skip_rdflib:
            print("rdflib Dataset (memory)", file=sys.stderr)
            before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
            run, load = rdflib_memory(data)
            grown = (resource.getrusage(resource.RUSAGE_SELF).ru_maxrss - before) / 2**20
            loads["rdflib memory"] = f"parse {load:.1f} s, +{grown:.1f} GB peak RSS"
            results["rdflib memory"] = measure(
                capped(run, args.rdflib_cap), args.rdflib_runs, args.seed, pool
            )

        print(table(results, loads))
        print(
            f"\nRuns a query: {args.runs} (Oxigraph), {args.rdflib_runs} (rdflib, cap {args.rdflib_cap:g} s a query; a capped query is not run again)."
        )


if __name__ == "__main__":
    main()
