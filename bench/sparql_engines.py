"""The engines bench/bench_sparql.py compares: embedded pyoxigraph, the Oxigraph server (raw
HTTP and through kb's RemoteStore), Virtuoso Open Source 7 (Debian's ``virtuoso-opensource``,
over HTTP), and rdflib's in-memory store with a time cap a query."""

from __future__ import annotations

import json
import os
import shutil
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


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def folder_bytes(folder: Path) -> int:
    return sum(f.stat().st_size for f in folder.rglob("*") if f.is_file())


def memory_kb(pid: int | str = "self") -> dict[str, int]:
    """VmRSS (now) and VmHWM (peak) of a process, in kB, from /proc."""
    out = {}
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        key, _, value = line.partition(":")
        if key in ("VmRSS", "VmHWM"):
            out[key] = int(value.split()[0])
    return out


VIRTUOSO_INI = """[Database]
DatabaseFile       = {folder}/virtuoso.db
ErrorLogFile       = {folder}/virtuoso.log
LockFile           = {folder}/virtuoso.lck
TransactionFile    = {folder}/virtuoso.trx
xa_persistent_file = {folder}/virtuoso.pxa
ErrorLogLevel      = 7
FileExtend         = 200
MaxCheckpointRemap = 2000
Striping           = 0
TempStorage        = TempDatabase

[TempDatabase]
DatabaseFile       = {folder}/virtuoso-temp.db
TransactionFile    = {folder}/virtuoso-temp.trx
MaxCheckpointRemap = 2000
Striping           = 0

[Parameters]
ServerPort           = 127.0.0.1:{sql_port}
LiteMode             = 0
DisableUnixSocket    = 1
DisableTcpSocket     = 0
MaxClientConnections = 10
CheckpointInterval   = 0
O_DIRECT             = 0
CaseMode             = 2
MaxStaticCursorRows  = 5000
AllowOSCalls         = 0
DirsAllowed          = ., {folder}, {data_dir}
ThreadCleanupInterval = 0
ThreadThreshold      = 10
ResourcesCleanupInterval = 0
MaxMemPoolSize       = 200000000
MaxQueryMem          = 2G
VectorSize           = 1000
MaxVectorSize        = 1000000
AdjustVectorSize     = 0
ThreadsPerQuery      = {threads}
AsyncQueueMaxThreads = 10
NumberOfBuffers      = {buffers}
MaxDirtyBuffers      = {dirty}

[HTTPServer]
ServerPort           = 127.0.0.1:{http_port}
ServerRoot           = {folder}
MaxClientConnections = 10
ServerThreads        = 10
MaxKeepAlives        = 10
KeepAliveTimeout     = 10
EnabledDavVSP        = 0
HTTPProxyEnabled     = 0
Charset              = UTF-8
EnabledGzipContent   = 0

[Client]
SQL_PREFETCH_ROWS  = 100
SQL_PREFETCH_BYTES = 16000
SQL_QUERY_TIMEOUT  = 0
SQL_TXN_TIMEOUT    = 0

[SPARQL]
ResultSetMaxRows           = 10000000
MaxSortedTopRows           = 10000000
MaxQueryCostEstimationTime = 0
MaxQueryExecutionTime      = 0
DeferInferenceRulesInit    = 0
"""


def virtuoso_binaries() -> tuple[str, str] | None:
    """``virtuoso-t`` and ``isql-vt`` (Debian's names; ``isql`` elsewhere), or None."""
    server = shutil.which("virtuoso-t")
    isql = shutil.which("isql-vt") or shutil.which("isql-v")
    return (server, isql) if server and isql else None


class VirtuosoServer:
    """Virtuoso Open Source 7 in the foreground on free local ports, with its own database folder
    and ini (sized by ``buffers`` / ``dirty``: 8 KB pages, 340000 is about 2.7 GB), bulk-loaded
    from the N-Quads file (``ld_add`` + ``rdf_loader_run()`` + ``checkpoint``; each quad keeps
    its named graph). Queries go to ``/sparql`` with no FROM, so the default graph is every graph
    of the store, as ``use_default_graph_as_union`` is on Oxigraph (a triple held by N graphs
    matches N times on both), Virtuoso's own system graphs included (about 2,500 quads of
    ``virtrdf:`` and service description, none in the project's vocabulary). Ends the server in
    ``stop()``."""

    def __init__(
        self,
        folder: Path,
        data: Path,
        buffers: int = 340_000,
        dirty: int = 250_000,
        threads: int | None = None,
        graph_prefix: str = "https://incident-kb.org/",
    ) -> None:
        binaries = virtuoso_binaries()
        if binaries is None:
            raise FileNotFoundError(
                "virtuoso-t / isql-vt not found (apt install virtuoso-opensource)"
            )
        self.binary, self.isql_binary = binaries
        self.folder = folder.resolve()
        self.folder.mkdir(parents=True)
        self.sql_port, self.http_port = free_port(), free_port()
        ini = self.folder / "virtuoso.ini"
        ini.write_text(
            VIRTUOSO_INI.format(
                folder=self.folder,
                data_dir=data.resolve().parent,
                sql_port=self.sql_port,
                http_port=self.http_port,
                buffers=buffers,
                dirty=dirty,
                threads=threads or os.cpu_count() or 2,
            )
        )
        self.log = open(self.folder / "stdout.log", "wb")  # closed in stop()
        self.process = subprocess.Popen(
            [self.binary, "+foreground", "+configfile", str(ini)],
            cwd=self.folder,
            stdout=self.log,
            stderr=subprocess.STDOUT,
        )
        self.url = f"http://127.0.0.1:{self.http_port}/sparql"
        self.client = httpx.Client(timeout=600)
        try:
            self._wait_for(self.sql_port)
            self._wait_for(self.http_port)
            started = time.perf_counter()
            self.sql(
                f"ld_add('{data.resolve()}', 'urn:bench:no-graph');\n"
                "rdf_loader_run();\n"
                "checkpoint;\n"
            )
            self.load = time.perf_counter() - started
            failed = self._scalar(
                "SELECT COUNT(*) FROM DB.DBA.LOAD_LIST WHERE ll_error IS NOT NULL;"
            )
            if failed != "0":
                raise RuntimeError(self.sql("SELECT ll_file, ll_error FROM DB.DBA.LOAD_LIST;"))
            # Every quad of the store, and those of the data's graphs (a fresh database has a
            # few thousand of its own, in system graphs such as virtrdf:).
            self.quads = int(
                self._scalar("SPARQL SELECT COUNT(*) WHERE { GRAPH ?g { ?s ?p ?o } };")
            )
            self.data_quads = int(
                self._scalar(
                    "SPARQL SELECT COUNT(*) WHERE { GRAPH ?g { ?s ?p ?o } "
                    f"FILTER (STRSTARTS(STR(?g), '{graph_prefix}')) }};"
                )
            )
        except BaseException:
            self.stop()
            raise

    def _wait_for(self, port: int, seconds: float = 180) -> None:
        deadline = time.monotonic() + seconds
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise RuntimeError(
                    f"virtuoso-t exited ({self.process.returncode}): {self.log_tail()}"
                )
            try:
                socket.create_connection(("127.0.0.1", port), timeout=1).close()
                return
            except OSError:
                time.sleep(0.1)
        raise TimeoutError(f"virtuoso-t did not open port {port}: {self.log_tail()}")

    def log_tail(self, lines: int = 15) -> str:
        log = self.folder / "virtuoso.log"
        text = log.read_text(errors="replace") if log.exists() else ""
        return "\n".join(text.splitlines()[-lines:])

    def sql(self, script: str) -> str:
        """Run SQL through isql-vt as dba (a fresh database's password); stop on an error."""
        done = subprocess.run(
            [self.isql_binary, f"127.0.0.1:{self.sql_port}", "dba", "dba"],
            input=script,
            capture_output=True,
            text=True,
            timeout=3600,
        )
        out = done.stdout + done.stderr
        if done.returncode != 0 or "*** Error" in out:
            raise RuntimeError(f"isql-vt: {out[-2000:]}")
        return out

    def _scalar(self, statement: str) -> str:
        out = self.sql(statement)
        lines = [line.strip() for line in out.splitlines() if line.strip()]
        for k, line in enumerate(lines):
            if set(line) <= {"_"} and k + 1 < len(lines):
                return lines[k + 1]
        raise RuntimeError(f"no value in: {out}")

    def raw(self, query: str) -> int:
        """POST form to /sparql, JSON results, parsed with json.loads (as OxigraphServer.raw)."""
        return len(self.select(query))

    def raw_tsv(self, query: str) -> int:
        """The same with TSV results, rows counted as lines. Virtuoso writes TSV about three
        times faster than JSON, but its TSV drops language tags, datatypes and the IRI / literal
        distinction (values only, as CSV): a lower bound on what a faithful format costs."""
        lines = self._post(query, "text/tab-separated-values").text.split("\n")
        return sum(1 for line in lines[1:] if line)

    def select(self, query: str) -> list[dict]:
        """The result rows as JSON bindings; a RuntimeError with Virtuoso's message on an error."""
        response = self._post(query, "application/sparql-results+json")
        return json.loads(response.content)["results"]["bindings"]

    def _post(self, query: str, accept: str) -> httpx.Response:
        response = self.client.post(self.url, data={"query": query}, headers={"Accept": accept})
        if response.status_code != 200:
            raise RuntimeError(f"HTTP {response.status_code}: {response.text[:500]}")
        return response

    def disk_bytes(self) -> int:
        return sum(
            f.stat().st_size for f in self.folder.glob("virtuoso*") if f.suffix in (".db", ".trx")
        )

    def memory_kb(self) -> dict[str, int]:
        return memory_kb(self.process.pid)

    def stop(self) -> None:
        self.client.close()
        if self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(timeout=60)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()
        self.log.close()


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
