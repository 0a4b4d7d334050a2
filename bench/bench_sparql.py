"""SPARQL latency on a synthetic ~1 M-triple conflict KB: embedded pyoxigraph, the Oxigraph
server over HTTP (raw, and through kb's RemoteStore), rdflib's in-memory store and, if asked,
Virtuoso Open Source 7 over HTTP, in one run.

Two sets of queries (``--set``):

- ``competency``: the ten questions of ``ontology/competency/*.rq``, each file run as written.
  The synthetic data (``bench/gen_synthetic.py``) carries the labels the files name ("Idlib",
  "jihadist groups", the ontology's concepts), so every file runs unmodified but for its parameters:
  CQ3's ``VALUES (?name ?from ?to) { ("Idlib"@en "2019-08-01" "2020-01-31") }`` is replaced on
  each run by a governorate label drawn from the synthetic data and a six-month window, and the
  period of CQ2, CQ7 and CQ8 (the demo's "2019-01-01" to "2020-12-31") by a six-month window
  (``SUBSTITUTIONS``: exact text in, same shape out; the bench stops if a text is not found).
  The other six are questions about the whole knowledge base and have no parameters.
- ``adhoc``: seven hand-written competency-style queries, each run with parameters drawn afresh
  every time (a place label, an actor, a date window...); one is a faster rewrite of another.

Each query runs once as a warm-up, then up to ``--runs`` timed runs, stopping early (after at
least ``--min-runs``) once it has used ``--budget`` seconds on that engine: the whole-KB listings
take seconds a run. All engines draw the same parameter sequence. rdflib gets ``--rdflib-runs``,
no per-query warm-up (one tiny query warms the parser up), and a time cap a query (it evaluates
in pure Python, so a timer signal can stop it); a query past the cap is not run again.

    python bench/bench_sparql.py                          # both sets, ~1 M triples (~9 min)
    python bench/bench_sparql.py --set competency         # the competency questions only
    python bench/bench_sparql.py --triples 100000 --runs 5 --rdflib-runs 2
    python bench/bench_sparql.py --set competency --engines embedded virtuoso --aim 1

``--engines`` picks the engines (default: embedded server rdflib, as before). The embedded
store is always loaded, since the parameters are drawn from it, but only timed if listed.
``virtuoso`` needs Debian's ``virtuoso-opensource`` (``virtuoso-t`` and ``isql-vt`` on PATH); it
is skipped with a message when they are missing. It runs its own server on free local ports
with its own database folder and ini in the run's temporary folder, and stops it at the end.
Rows are checked across engines: a query whose row count differs is marked "(differ!)".
"""

from __future__ import annotations

import argparse
import os
import platform
import random
import resource
import sys
import tempfile
import threading
import time
from collections import Counter
from collections.abc import Callable
from datetime import UTC, date, datetime, timedelta
from importlib.metadata import version
from pathlib import Path

import pyoxigraph as ox

sys.path.insert(0, str(Path(__file__).resolve().parent))
sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from gen_synthetic import ROOTS, generate  # noqa: E402
from sparql_engines import (  # noqa: E402
    Capped,
    OxigraphServer,
    VirtuosoServer,
    capped,
    folder_bytes,
    memory_kb,
    oxigraph_embedded,
    rdflib_memory,
    virtuoso_binaries,
)

COMPETENCY = Path(__file__).resolve().parent.parent / "ontology" / "competency"
AIM = 0.100  # issue 5: every competency question under 100 ms p50 on the embedded store
ENGINES = ["embedded", "server", "rdflib", "virtuoso"]
EMBEDDED, VIRTUOSO = "pyoxigraph embedded", "virtuoso 7, raw HTTP"
VIRTUOSO_TSV = "virtuoso 7, raw HTTP, TSV (values only)"
STORES = {
    EMBEDDED: "embedded",
    VIRTUOSO: "virtuoso",
    VIRTUOSO_TSV: "virtuoso TSV",
}  # engines the aim column is given for

PREFIXES = """PREFIX ikb: <https://incident-kb.org/ontology#>
PREFIX sem: <http://semanticweb.cs.vu.nl/2009/11/sem/>
PREFIX skos: <http://www.w3.org/2004/02/skos/core#>
PREFIX schema: <https://schema.org/>
PREFIX xsd: <http://www.w3.org/2001/XMLSchema#>
"""
ADHOC = {
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
    # The same question written so that Oxigraph starts from the time stamps: its planner has no
    # statistics and starts from the pattern with a constant object (ikb:outcome ikb:Killed),
    # so the query above walks every "killed" figure of the store to its incident and time stamp
    # before the date FILTER drops most of them. With the constants moved into FILTERs, the
    # written order wins: scan the time stamps, filter the window, follow only those incidents.
    "fatalities_by_province_time_first": """SELECT ?provinceLabel (SUM(?n) AS ?killed) WHERE {
  ?incident sem:hasTimeStamp ?d .
  FILTER (?d >= "%(start)s"^^xsd:date && ?d < "%(end)s"^^xsd:date)
  ?incident ikb:casualties ?c ; sem:hasPlace ?p .
  ?c ikb:outcome ?outcome ; ikb:count ?n .
  FILTER (?outcome = ikb:Killed)
  ?p ikb:locatedIn+ ?province .
  ?province a ?kind ; skos:prefLabel ?provinceLabel .
  FILTER (?kind = ikb:Governorate)
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
# A rewrite draws the same parameters as the query it rewrites, so their rows can be compared.
SAME_DRAWS_AS = {"fatalities_by_province_time_first": "fatalities_by_province"}
GOVERNORATE_IRIS = "SELECT ?g WHERE { ?g a <https://incident-kb.org/ontology#Governorate> }"

Query = Callable[[random.Random], str]  # a query text, given the run's random draw


# ---- parameters ----------------------------------------------------------------------------------
def candidates(store: ox.Store) -> dict[str, list[str]]:
    """Values to draw parameters from, read once from the data itself."""

    def column(query: str, term: bool = False) -> list[str]:
        rows = store.query(PREFIXES + query, use_default_graph_as_union=True)
        return sorted(str(row[0]) if term else row[0].value for row in rows)

    return {
        "label": column("SELECT DISTINCT ?l WHERE { ?p a ?k ; skos:prefLabel ?l FILTER (?k IN (ikb:Town, ikb:Village, ikb:District)) }"),
        "actor": column("SELECT DISTINCT ?a WHERE { ?i ikb:attacker ?a }"),
        "governorate": column(GOVERNORATE_IRIS),
        "governorate_label": column("SELECT DISTINCT ?l WHERE { ?g a ikb:Governorate ; skos:prefLabel ?l }", term=True),
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


def _six_months(rng: random.Random) -> tuple[str, str]:
    start = date(2018, 1, 1) + timedelta(days=rng.randrange(0, 5 * 365))
    return start.isoformat(), (start + timedelta(days=183)).isoformat()


def governorate_window(rng: random.Random, pool: dict[str, list[str]]) -> dict[str, str]:
    """CQ3's VALUES row: a governorate label as stored (with its tag) and a six-month range."""
    start, end = _six_months(rng)
    label = rng.choice(pool["governorate_label"])
    return {'("Idlib"@en "2019-08-01" "2020-01-31")': f'({label} "{start}" "{end}")'}


def period(rng: random.Random, pool: dict[str, list[str]]) -> dict[str, str]:
    """The two dates of CQ2's, CQ7's and CQ8's period: a six-month range."""
    start, end = _six_months(rng)
    return {'"2019-01-01"': f'"{start}"', '"2020-12-31"': f'"{end}"'}


# What each parameterised competency file carries for the demo articles, and what replaces it
# on each run: a draw gives {text in the file: its replacement}, each text found exactly once.
SUBSTITUTIONS: dict[str, Callable[[random.Random, dict], dict[str, str]]] = {
    "02-casualties-by-place": period,
    "03-incidents-in-governorate": governorate_window,
    "07-incidents-by-attacker": period,
    "08-claim-evidence": period,
}


def _substituted(text: str, draw: dict[str, str], path: Path) -> str:
    for demo, replacement in draw.items():
        if text.count(demo) != 1:
            raise SystemExit(f"{path}: expected {demo!r} once; update SUBSTITUTIONS")
        text = text.replace(demo, replacement)
    return text


def competency_queries(pool: dict[str, list[str]]) -> dict[str, Query]:
    """Every ontology/competency/*.rq as written, with SUBSTITUTIONS applied."""
    out: dict[str, Query] = {}
    for path in sorted(COMPETENCY.glob("*.rq")):
        text = path.read_text(encoding="utf-8")
        if path.stem in SUBSTITUTIONS:
            draw = SUBSTITUTIONS[path.stem]
            _substituted(text, draw(random.Random(0), pool), path)  # fail before timing
            out[path.stem] = lambda rng, text=text, draw=draw, path=path: _substituted(
                text, draw(rng, pool), path
            )
        else:
            out[path.stem] = lambda rng, text=text: text
    missing = set(SUBSTITUTIONS) - set(out)
    if missing:
        raise SystemExit(f"SUBSTITUTIONS name files that are gone: {sorted(missing)}")
    return out


def adhoc_queries(pool: dict[str, list[str]]) -> dict[str, Query]:
    return {
        name: lambda rng, template=template: PREFIXES + template % params(rng, pool)
        for name, template in ADHOC.items()
    }


# ---- comparing rows ------------------------------------------------------------------------------
Cell = tuple[str, str, str] | None  # (kind, lexical value, language tag or datatype)
XSD_STRING = "http://www.w3.org/2001/XMLSchema#string"


def oxigraph_cell(term: object) -> Cell:
    if term is None:
        return None
    if isinstance(term, ox.Literal):
        tag = term.language or (term.datatype.value if term.datatype.value != XSD_STRING else "")
        return ("literal", term.value, tag)
    return ("iri" if isinstance(term, ox.NamedNode) else "bnode", term.value, "")


def json_cell(binding: dict | None) -> Cell:
    if binding is None:
        return None
    if binding["type"] in ("literal", "typed-literal"):
        datatype = binding.get("datatype", "")
        tag = binding.get("xml:lang") or (datatype if datatype != XSD_STRING else "")
        return ("literal", binding["value"], tag)
    return ("iri" if binding["type"] == "uri" else "bnode", binding["value"], "")


def compare_rows(store: ox.Store, select: Callable[[str], list[dict]], query: str) -> str:
    """Embedded Oxigraph's rows against another engine's JSON rows, as multisets (ORDER BY ties
    may come in any order): the same, the same but for datatypes, or how they differ."""
    result = store.query(query, use_default_graph_as_union=True)
    names = [v.value for v in result.variables]
    ours = Counter(tuple(oxigraph_cell(row[n]) for n in names) for row in result)
    theirs = Counter(tuple(json_cell(b.get(n)) for n in names) for b in select(query))
    if ours == theirs:
        return "same rows"

    def loose(rows: Counter) -> Counter:  # values only; Virtuoso gives EXISTS as 1 / 0
        flags = {"true": "1", "false": "0"}
        return Counter(
            {tuple(c and (c[0], flags.get(c[1], c[1])) for c in k): v for k, v in rows.items()}
        )

    if loose(ours) == loose(theirs):
        kinds = {
            (a[2], b[2])
            for x, y in zip(sorted(ours.elements()), sorted(theirs.elements()), strict=True)
            for a, b in zip(x, y, strict=True)
            if a and b and a != b
        }
        shown = "; ".join(f"{a or 'plain'} vs {b or 'plain'}" for a, b in sorted(kinds)[:3])
        return f"same values, other datatypes or tags ({shown})"
    only_ours, only_theirs = ours - theirs, theirs - ours
    parts = [f"{sum(ours.values())} vs {sum(theirs.values())} rows"]
    for label, rows in (("only embedded", only_ours), ("only other", only_theirs)):
        if rows:
            example = next(iter(rows))
            shown = ", ".join(
                f"{n}={c[1][:40] + ('@' + c[2] if c[2] else '') if c else '-'}"
                for n, c in zip(names, example, strict=True)
            )
            parts.append(f"{sum(rows.values())} {label}, e.g. ({shown})")
    return "; ".join(parts).replace("|", "/")


# ---- measuring ---------------------------------------------------------------------------------------
def measure(
    run: Callable[[str], int],
    queries: dict[str, Query],
    seed: int,
    runs: int,
    min_runs: int,
    budget: float,
    warm_up: bool = True,
) -> dict[str, dict]:
    """Per query: latencies in seconds, rows of the first run, capped runs."""
    out = {}
    for name, make in queries.items():
        rng = random.Random(f"{seed}-{SAME_DRAWS_AS.get(name, name)}")
        times: list[float] = []
        rows, capped_runs, spent = None, 0, 0.0
        try:
            if warm_up:
                run(make(random.Random("warm-up")))
            for k in range(runs):
                query = make(rng)
                started = time.perf_counter()
                n = run(query)
                elapsed = time.perf_counter() - started
                times.append(elapsed)
                rows = n if rows is None else rows
                spent += elapsed
                if k + 1 >= min_runs and spent >= budget:
                    break
        except Capped:
            capped_runs += 1
            times.append(float("inf"))
        except Exception as error:  # an engine that cannot run the query: say so, go on
            message = " ".join(str(error).split())[:300].replace("|", "/")
            out[name] = {"times": [], "rows": None, "capped": 0, "error": message}
            print(f"  {name}: error: {message}", file=sys.stderr, flush=True)
            continue
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
    if seconds >= 1:
        return f"{seconds:.2f} s"
    return f"{seconds * 1000:.1f} ms" if seconds < 0.999 else f"{seconds * 1000:.0f} ms"


def summary(result: dict) -> str:
    if "error" in result:
        return f"error: {result['error']}"
    times = result["times"]
    if result["capped"]:
        done = [t for t in times if t != float("inf")]
        return f">cap ({len(done)} of {len(times)} runs finished)"
    return f"p50 {fmt(percentile(times, 0.5))} / p95 {fmt(percentile(times, 0.95))} ({len(times)})"


def ratio(slow: dict, fast: dict, cap: float) -> str:
    """How many times slower ``slow`` is than ``fast`` at p50; a lower bound when capped."""
    if "error" in slow or "error" in fast:
        return "-"
    base = percentile(fast["times"], 0.5)
    if slow["capped"]:
        return f"> {cap / base:,.0f}x"
    return f"{percentile(slow['times'], 0.5) / base:,.1f}x"


class LoadSampler:
    """The 1-minute load average every ``every`` seconds while a phase runs (the machine may be
    shared: a phase's numbers mean little without it)."""

    def __init__(self, every: float = 5.0) -> None:
        self.every, self.samples = every, [os.getloadavg()[0]]
        self.stopped = threading.Event()
        self.thread = threading.Thread(target=self._run, daemon=True)

    def _run(self) -> None:
        while not self.stopped.wait(self.every):
            self.samples.append(os.getloadavg()[0])

    def __enter__(self) -> LoadSampler:
        self.thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self.stopped.set()
        self.thread.join()
        self.samples.append(os.getloadavg()[0])

    def text(self) -> str:
        mean = sum(self.samples) / len(self.samples)
        return f"load average {min(self.samples):.1f}-{max(self.samples):.1f} (mean {mean:.1f})"


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


def aim_text(seconds: float) -> str:
    return f"{seconds * 1000:g} ms" if seconds < 1 else f"{seconds:g} s"


def table(
    names: list[str],
    results: dict[str, dict],
    loads: dict[str, str],
    cap: float,
    aim: float | None,
) -> str:
    """One row a query: rows returned, p50 / p95 (timed runs) per engine, rdflib / embedded, and
    whether the stores (embedded, Virtuoso) meet the aim at p50."""
    engines = list(results)
    rdflib = "rdflib memory"
    head = ["query", "rows", *engines]
    if rdflib in results and EMBEDDED in results:
        head.append("rdflib / embedded (p50)")
    stores = [e for e in engines if e in STORES] if aim else []
    head += [f"{STORES[e]} p50 < {aim_text(aim)}" for e in stores]
    lines = ["| " + " | ".join(head) + " |", "|---" * len(head) + "|"]
    for name in names:
        counts = {results[e][name]["rows"] for e in engines} - {None}
        rows = "/".join(str(n) for n in sorted(counts)) or "-"
        cells = [name, f"{rows}" + (" (differ!)" if len(counts) > 1 else "")]
        cells += [summary(results[e][name]) for e in engines]
        if rdflib in results and EMBEDDED in results:
            cells.append(ratio(results[rdflib][name], results[EMBEDDED][name], cap))
        for e in stores:
            times = results[e][name]["times"]
            cells.append("yes" if times and percentile(times, 0.5) < aim else "no")
        lines.append("| " + " | ".join(cells) + " |")
    lines.append(
        "| load | | "
        + " | ".join(loads[e] for e in engines)
        + " |"
        + " |" * (len(head) - 2 - len(engines))
    )
    return "\n".join(lines)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--triples", type=int, default=1_000_000)
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--set", choices=["all", "competency", "adhoc"], default="all")
    parser.add_argument(
        "--engines",
        nargs="+",
        choices=ENGINES,
        default=["embedded", "server", "rdflib"],
        help="engines to time (default: embedded server rdflib); virtuoso needs virtuoso-t",
    )
    parser.add_argument("--runs", type=int, default=20, help="at most this many timed runs")
    parser.add_argument("--min-runs", type=int, default=5, help="at least this many timed runs")
    parser.add_argument("--budget", type=float, default=6.0, help="seconds a query and engine")
    parser.add_argument("--rdflib-runs", type=int, default=3)
    parser.add_argument("--rdflib-cap", type=float, default=15.0, help="seconds per rdflib query")
    parser.add_argument(
        "--skip-rdflib", action="store_true", help="same as leaving it out of --engines"
    )
    parser.add_argument(
        "--skip-server", action="store_true", help="same as leaving it out of --engines"
    )
    parser.add_argument(
        "--aim", type=float, default=AIM, help="p50 seconds the stores' column checks (default 0.1)"
    )
    parser.add_argument(
        "--virtuoso-tsv",
        action="store_true",
        help="time Virtuoso again with TSV results (values only: a lower bound)",
    )
    parser.add_argument(
        "--virtuoso-buffers",
        type=int,
        nargs=2,
        default=[340_000, 250_000],
        metavar=("BUFFERS", "DIRTY"),
        help="Virtuoso NumberOfBuffers and MaxDirtyBuffers (8 KB pages; default about 2.7 GB)",
    )
    args = parser.parse_args()
    engines = [e for e in ENGINES if e in args.engines]
    if args.skip_rdflib and "rdflib" in engines:
        engines.remove("rdflib")
    if args.skip_server and "server" in engines:
        engines.remove("server")
    if "virtuoso" in engines and virtuoso_binaries() is None:
        print(
            "virtuoso-t / isql-vt not found: skipping Virtuoso (apt install virtuoso-opensource)",
            file=sys.stderr,
        )
        engines.remove("virtuoso")
    if not engines:
        raise SystemExit("no engine to time")

    print(f"# {datetime.now(UTC):%Y-%m-%d %H:%M} UTC; {machine()}", flush=True)
    print(f"# command: {' '.join([Path(sys.argv[0]).name, *sys.argv[1:]])}", flush=True)
    with tempfile.TemporaryDirectory(prefix="bench-sparql-") as tmp:
        tmp_path = Path(tmp)
        data = tmp_path / "synthetic.nq"
        counts = generate(data, args.triples, args.seed)
        print(
            f"# data: {counts['quads']:,} quads in {counts['articles']:,} article graphs, {counts['places']:,} places"
            f" ({data.stat().st_size / 2**20:,.0f} MB of N-Quads)",
            flush=True,
        )

        results: dict[str, dict] = {}
        loads: dict[str, str] = {}
        notes: list[str] = []
        print("pyoxigraph embedded (on disk)", file=sys.stderr)
        before = memory_kb()
        embedded, load = oxigraph_embedded(tmp_path / "embedded", data)
        pool = candidates(embedded.store)
        sets: dict[str, dict[str, Query]] = {}
        if args.set in ("all", "competency"):
            sets["competency"] = competency_queries(pool)
        if args.set in ("all", "adhoc"):
            sets["adhoc"] = adhoc_queries(pool)
        queries = {name: q for qs in sets.values() for name, q in qs.items()}
        oxigraph = {"runs": args.runs, "min_runs": args.min_runs, "budget": args.budget}

        if "embedded" in engines:
            loads[EMBEDDED] = f"bulk load {load:.1f} s"
            with LoadSampler() as sampled:
                results[EMBEDDED] = measure(embedded, queries, args.seed, **oxigraph)
            notes.append(f"pyoxigraph embedded queries: {sampled.text()}")
            after = memory_kb()
            notes.append(
                f"pyoxigraph embedded: {folder_bytes(tmp_path / 'embedded') / 2**20:,.0f} MB on disk "
                f"(RocksDB folder after the run); bench process RSS {before['VmRSS'] / 2**10:,.0f} MB "
                f"before loading, {after['VmRSS'] / 2**10:,.0f} MB after the queries, peak "
                f"{after['VmHWM'] / 2**10:,.0f} MB (the peak includes generating the data)"
            )

        if "server" in engines:
            print("oxigraph server over HTTP", file=sys.stderr)
            server = OxigraphServer(tmp_path / "server", data)
            try:
                loads["oxigraph server, raw HTTP"] = f"`oxigraph load` {server.load:.1f} s"
                results["oxigraph server, raw HTTP"] = measure(
                    server.raw, queries, args.seed, **oxigraph
                )
                loads["oxigraph server via RemoteStore"] = "(same server)"
                results["oxigraph server via RemoteStore"] = measure(
                    server.through_kb, queries, args.seed, **oxigraph
                )
            finally:
                server.stop()

        if "virtuoso" in engines:
            print("virtuoso over HTTP", file=sys.stderr)
            buffers, dirty = args.virtuoso_buffers
            virtuoso = VirtuosoServer(tmp_path / "virtuoso", data, buffers=buffers, dirty=dirty)
            try:
                loads[VIRTUOSO] = f"ld_add + rdf_loader_run + checkpoint {virtuoso.load:.1f} s"
                loaded = memory_kb(virtuoso.process.pid)
                with LoadSampler() as sampled:
                    results[VIRTUOSO] = measure(virtuoso.raw, queries, args.seed, **oxigraph)
                notes.append(f"virtuoso queries: {sampled.text()}")
                if args.virtuoso_tsv:
                    loads[VIRTUOSO_TSV] = "(same server)"
                    with LoadSampler() as sampled:
                        results[VIRTUOSO_TSV] = measure(
                            virtuoso.raw_tsv, queries, args.seed, **oxigraph
                        )
                    notes.append(f"virtuoso queries, TSV results: {sampled.text()}")
                print("rows: virtuoso against embedded (the warm-up draw)", file=sys.stderr)
                for name, make in queries.items():
                    query = make(random.Random("warm-up"))
                    try:
                        same = compare_rows(embedded.store, virtuoso.select, query)
                    except Exception as error:
                        same = f"not compared: {' '.join(str(error).split())[:200]}"
                    print(f"  {name}: {same}", file=sys.stderr, flush=True)
                    notes.append(f"rows, {name}: virtuoso against embedded: {same}")
                ran = memory_kb(virtuoso.process.pid)
                notes.append(
                    f"virtuoso: {virtuoso.data_quads:,} quads in the data's graphs after the load "
                    f"({virtuoso.quads:,} with Virtuoso's own); "
                    f"{virtuoso.disk_bytes() / 2**20:,.0f} MB on disk (.db and .trx files); "
                    f"virtuoso-t RSS {loaded['VmRSS'] / 2**10:,.0f} MB after the load, "
                    f"{ran['VmRSS'] / 2**10:,.0f} MB after the queries, peak "
                    f"{ran['VmHWM'] / 2**10:,.0f} MB; NumberOfBuffers {buffers}, "
                    f"MaxDirtyBuffers {dirty}"
                )
            finally:
                virtuoso.stop()

        if "rdflib" in engines:
            print("rdflib Dataset (memory)", file=sys.stderr)
            before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
            run, load = rdflib_memory(data)
            grown = (resource.getrusage(resource.RUSAGE_SELF).ru_maxrss - before) / 2**20
            loads["rdflib memory"] = f"parse {load:.1f} s, +{grown:.1f} GB peak RSS"
            results["rdflib memory"] = measure(
                capped(run, args.rdflib_cap),
                queries,
                args.seed,
                runs=args.rdflib_runs,
                min_runs=1,
                budget=args.budget,
                warm_up=False,
            )

        for title, qs in sets.items():
            print(f"\n## {title}\n")
            print(
                table(
                    list(qs),
                    results,
                    loads,
                    args.rdflib_cap,
                    aim=args.aim if title == "competency" else None,
                )
            )
        print(
            f"\nCells: p50 / p95 (timed runs). Oxigraph and Virtuoso: one warm-up, then "
            f"{args.min_runs}-{args.runs} runs (stopping once a query has used {args.budget:g} s); "
            f"rdflib: up to {args.rdflib_runs} runs, cap {args.rdflib_cap:g} s a query, a capped "
            f"query is not run again."
        )
        for note in notes:
            print(f"\n{note}")
        print(f"\n# load average at the end: {' '.join(f'{x:.2f}' for x in os.getloadavg())}")


if __name__ == "__main__":
    main()
