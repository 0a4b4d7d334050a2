"""The graph and the vector index after interruptions, crashes and damaged files.

The contract: an article is stored whole or not at all, the graph is the source of truth, and the
vector index is brought back in line with it by the next ``kb ingest`` (or rebuilt by
``kb reindex``). Every check compares against a clean, uninterrupted ingest of the same articles.
The articles are short reports written for these tests.
"""

from __future__ import annotations

import fcntl
import os
import pty
import re
import select
import shutil
import signal
import struct
import subprocess
import sys
import termios
import time
from pathlib import Path

import pytest
from click.testing import CliRunner
from conftest import store_dataset
from rdflib import Graph
from rdflib.compare import graph_diff, isomorphic, to_isomorphic

from kb.api import KnowledgeBase
from kb.cli import cli
from kb.config import Settings

KB_SCRIPT = Path(sys.executable).parent / "kb"
ARTICLES = 64  # four ingest batches: an interrupt after the first always lands mid-way
PLACES = ["Saraqeb", "Ariha", "Kafr Nabudah", "Jisr al-Shughur", "Latamneh", "Morek", "Kafr Zita"]
REPORTS = [
    "Government forces shelled the town of {place} on {day}, the Syrian Observatory for Human "
    "Rights said. At least {n} civilians were killed, the monitor added.",
    "An air strike hit a market in {place} on {day}, killing {n} people, according to the "
    "Observatory. Rescue workers searched the rubble for survivors.",
    "Rebel fighters attacked army positions near {place} on {day}. State news agency SANA said "
    "{n} soldiers died in the fighting.",
    "Residents of {place} fled north on {day} after a night of heavy bombardment, a monitor said. "
    "Around {n} families reached camps near the border.",
]
DAYS = ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"]


def write_articles(folder: Path) -> Path:
    """Sixty-four distinct dated reports, one file each, in name order."""
    folder.mkdir(parents=True, exist_ok=True)
    for i in range(ARTICLES):
        place, day = PLACES[i % len(PLACES)], DAYS[i % len(DAYS)]
        body = REPORTS[i % len(REPORTS)].format(place=place, day=day, n=3 + i)
        (folder / f"{i:03d}-{place.lower().replace(' ', '-')}.txt").write_text(
            f"title: Report {i} from {place}\nsource: Consistency Test Desk\n"
            f"date: 2019-{1 + i % 12:02d}-{1 + i % 27:02d}\n"
            f"url: https://consistency.example/{i}\n\n{body}\n",
            encoding="utf-8",
        )
    return folder


def open_kb(home: Path) -> KnowledgeBase:
    return KnowledgeBase(Settings.from_env({"KB_HOME": str(home)}))


def article_graphs(home: Path) -> dict[str, Graph]:
    """The per-article named graphs of a closed knowledge base, by graph name."""
    knowledge = open_kb(home)
    try:
        ds = store_dataset(knowledge)
    finally:
        knowledge.close()
    return {
        str(g.identifier): g
        for g in ds.graphs()
        if len(g) and not str(g.identifier).endswith(("/dictionary", "/ontology"))
    }


def vector_state(home: Path) -> tuple[int, dict[str, str]]:
    """Index size and the article -> content hash pairs the index says it holds."""
    knowledge = open_kb(home)
    try:
        stored = knowledge.stored_articles()
        index = knowledge.vectors
        held = {a: h for a, h in stored.items() if index.has_article(a, h)}
        return index.size, held
    finally:
        knowledge.close()


def assert_complete(got: dict[str, Graph], reference: dict[str, Graph]) -> None:
    """Every stored article graph equals the clean ingest's graph for that article."""
    for name, graph in got.items():
        assert name in reference, f"{name} is not an article of the clean ingest"
        if not isomorphic(graph, reference[name]):
            _, extra, missing = graph_diff(to_isomorphic(graph), to_isomorphic(reference[name]))
            pytest.fail(
                f"{name} is incomplete: missing {sorted(missing)[:5]}, extra {sorted(extra)[:5]}"
            )


@pytest.fixture(scope="module")
def articles(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return write_articles(tmp_path_factory.mktemp("consistency") / "articles")


@pytest.fixture(scope="module")
def reference(articles: Path, tmp_path_factory: pytest.TempPathFactory) -> dict:
    """A clean ingest of the same articles: its home, article graphs and vector index size."""
    home = tmp_path_factory.mktemp("reference")
    knowledge = open_kb(home)
    try:
        report = knowledge.ingest([str(articles)])
        assert report.articles == ARTICLES and not report.errors
    finally:
        knowledge.close()
    size, held = vector_state(home)
    graphs = article_graphs(home)
    assert len(graphs) == ARTICLES and len(held) == ARTICLES
    return {"home": home, "graphs": graphs, "vectors": size}


def assert_caught_up(home: Path, articles: Path, reference: dict, stored_before: int) -> None:
    """The next ingest keeps what was stored, adds the rest, and leaves graph and index complete."""
    knowledge = open_kb(home)
    try:
        report = knowledge.ingest([str(articles)])
    finally:
        knowledge.close()
    assert report.unchanged == stored_before
    assert report.articles == ARTICLES - stored_before
    graphs = article_graphs(home)
    assert set(graphs) == set(reference["graphs"])
    assert_complete(graphs, reference["graphs"])
    size, held = vector_state(home)
    assert len(held) == ARTICLES
    assert size == reference["vectors"]


# ---- interrupted in-process --------------------------------------------------------------------


@pytest.mark.slow
def test_keyboard_interrupt_mid_ingest_keeps_only_whole_articles(articles, reference, tmp_path):
    home = tmp_path / "kb"
    seen = []

    def progress(origin: str) -> None:
        seen.append(origin)
        if len(seen) == 20:  # past the first batch, before the second is stored
            raise KeyboardInterrupt

    knowledge = open_kb(home)
    try:
        with pytest.raises(KeyboardInterrupt):
            knowledge.ingest([str(articles)], progress=progress)
    finally:
        knowledge.close()
    graphs = article_graphs(home)
    assert 0 < len(graphs) < ARTICLES
    assert_complete(graphs, reference["graphs"])
    _, held = vector_state(home)
    assert len(held) == len(graphs), "vectors saved on the way out cover every stored article"
    assert_caught_up(home, articles, reference, stored_before=len(graphs))


# ---- interrupted and killed processes ----------------------------------------------------------


def ingest_until(home: Path, articles: Path, files: int, sig: int) -> tuple[int, str]:
    """Run ``kb ingest`` on a terminal, send ``sig`` once its progress bar passes ``files``.

    A pseudo-terminal makes ``kb`` draw its progress bar, which says how far it got without
    opening the store while it writes (pyoxigraph calls that undefined behaviour).
    """
    env = {**os.environ, "KB_HOME": str(home), "HF_HUB_OFFLINE": "1"}
    env.pop("KB_SPARQL_QUERY_URL", None)
    master, slave = pty.openpty()
    # A new pseudo-terminal is 0 columns wide, and tqdm draws nothing into no width.
    fcntl.ioctl(slave, termios.TIOCSWINSZ, struct.pack("HHHH", 24, 120, 0, 0))
    proc = subprocess.Popen(
        [str(KB_SCRIPT), "ingest", str(articles)],
        env=env,
        stdin=subprocess.DEVNULL,
        stdout=subprocess.PIPE,
        stderr=slave,
    )
    os.close(slave)
    screen = b""
    signalled = False
    deadline = time.monotonic() + 180
    try:
        while time.monotonic() < deadline:
            ready, _, _ = select.select([master], [], [], 0.1)
            if ready:
                try:
                    chunk = os.read(master, 65536)
                except OSError:  # the terminal closes when the process ends
                    chunk = b""
                if not chunk and proc.poll() is not None:
                    break
                screen += chunk
            counts = [int(n) for n in re.findall(rb"ingest: (\d+)file", screen)]
            if not signalled and counts and counts[-1] >= files:
                proc.send_signal(sig)
                signalled = True
            if proc.poll() is not None and not ready:
                break
        else:
            proc.kill()
            pytest.fail(f"kb ingest did not finish in time; terminal showed {screen[-500:]!r}")
    finally:
        os.close(master)
        proc.wait(timeout=30)
        proc.stdout.close()
    assert signalled, f"the progress bar never reached {files}: {screen[-500:]!r}"
    return proc.returncode, screen.decode("utf-8", "replace")


@pytest.mark.slow
def test_sigint_mid_ingest_stops_cleanly_and_the_next_ingest_catches_up(
    articles, reference, tmp_path
):
    home = tmp_path / "kb"
    code, screen = ingest_until(home, articles, files=17, sig=signal.SIGINT)
    assert code == 130, screen  # the shell convention for "stopped by Ctrl-C"
    assert "Traceback" not in screen
    graphs = article_graphs(home)
    assert 0 < len(graphs) < ARTICLES
    assert_complete(graphs, reference["graphs"])
    assert_caught_up(home, articles, reference, stored_before=len(graphs))


@pytest.mark.slow
def test_killed_ingest_leaves_whole_articles_and_the_index_catches_up(
    articles, reference, tmp_path
):
    """SIGKILL runs no clean-up: the index lags the graph until the next command syncs it."""
    home = tmp_path / "kb"
    code, _ = ingest_until(home, articles, files=17, sig=signal.SIGKILL)
    assert code == -signal.SIGKILL
    graphs = article_graphs(home)
    assert 0 < len(graphs) < ARTICLES
    assert_complete(graphs, reference["graphs"])
    assert_caught_up(home, articles, reference, stored_before=len(graphs))


# ---- damaged vector files ------------------------------------------------------------------------


def damaged_copy(reference: dict, tmp_path: Path, damage: str) -> Path:
    """A copy of the clean knowledge base with its vector files damaged one way."""
    home = tmp_path / "kb"
    shutil.copytree(reference["home"], home)
    vectors = home / "vectors"
    manifests = list(vectors.glob("*.json"))
    assert manifests, "the index keeps a JSON manifest beside the FAISS file"
    if damage == "missing manifest":
        for path in manifests:
            path.unlink()
    elif damage == "corrupt manifest":
        for path in manifests:
            path.write_text(path.read_text(encoding="utf-8")[:40], encoding="utf-8")
    elif damage == "missing folder":
        shutil.rmtree(vectors)
    elif damage == "empty index file":
        for path in vectors.glob("*.faiss"):
            path.write_bytes(b"")
    return home


def reindex(home: Path) -> str:
    result = CliRunner().invoke(
        cli, ["reindex"], env={"KB_HOME": str(home)}, catch_exceptions=False
    )
    assert result.exit_code == 0, result.output
    return result.stdout


@pytest.mark.slow
@pytest.mark.parametrize(
    "damage",
    [
        "missing manifest",
        "missing folder",
        "corrupt manifest",
        "empty index file",
    ],
)
def test_reindex_rebuilds_damaged_vectors_from_the_graph(reference, tmp_path, damage):
    home = damaged_copy(reference, tmp_path, damage)
    output = reindex(home)
    assert f"{reference['vectors']} vectors" in output
    size, held = vector_state(home)
    assert size == reference["vectors"] and len(held) == ARTICLES
    assert article_graphs(home).keys() == reference["graphs"].keys()


@pytest.mark.slow
def test_next_ingest_restores_a_missing_index(articles, reference, tmp_path):
    home = damaged_copy(reference, tmp_path, "missing folder")
    assert_caught_up(home, articles, reference, stored_before=ARTICLES)
