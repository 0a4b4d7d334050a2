"""The engines bench/bench_sparql.py compares: embedded pyoxigraph, the Oxigraph server (raw
HTTP and through kb's RemoteStore), and rdflib's in-memory store with a time cap a query."""

from __future__ import annotations

import json
import signal
import socket
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path

import httpx
import pyoxigraph as ox

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from kb.store.remote import RemoteStore  # noqa: E402


class Capped(Exception):
    """An rdflib query passed its time cap."""


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
    """``oxigraph load`` into a fresh folder, then ``oxigraph serve`` on a free local port."""

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

    run("SELECT ?s WHERE { ?s ?p ?o } LIMIT 1")  # the parser's first use builds its grammar
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
