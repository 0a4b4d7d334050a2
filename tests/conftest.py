"""Shared fixtures: real store, real model, real articles; each test gets its own KB_HOME.

``demo_kb`` is built once per session from demo/articles and the seed-like demo text; tests that
write must use ``fresh_kb`` instead. ``corpus`` points at ../shared/corpus and skips when absent.
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from rdflib import Dataset

from kb.api import KnowledgeBase
from kb.config import Settings

ROOT = Path(__file__).resolve().parent.parent
DEMO = ROOT / "demo" / "articles"
SHARED = ROOT.parent / "shared"

os.environ.setdefault("HF_HUB_OFFLINE", "1")
os.environ.setdefault("TRANSFORMERS_OFFLINE", "1")


def store_dataset(knowledge: KnowledgeBase) -> Dataset:
    """The store's own N-Quads dump read back by rdflib: what is stored, without the exporter
    under test in between."""
    dataset = Dataset()
    dataset.parse(data=knowledge.store.dump("application/n-quads"), format="nquads")
    return dataset


def make_kb(home: Path, **overrides: object) -> KnowledgeBase:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("KB_SPARQL", "KB_HOME"))}
    settings = Settings.from_env(env)
    values = {**settings.__dict__, "home": home, **overrides}
    return KnowledgeBase(Settings(**values))


@pytest.fixture
def fresh_kb(tmp_path: Path):
    kb = make_kb(tmp_path / "kb")
    yield kb
    kb.close()


@pytest.fixture(scope="session")
def demo_home(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A KB_HOME holding the demo articles, built once; open it read-only or copy it before writing."""
    home = tmp_path_factory.mktemp("demo-kb")
    kb = make_kb(home)
    report = kb.ingest([str(DEMO)])
    assert not report.errors, report.errors
    kb.close()
    return home


@pytest.fixture(scope="session")
def demo_kb(demo_home: Path):
    kb = make_kb(demo_home)
    yield kb
    kb.close()


@pytest.fixture(scope="session")
def corpus() -> Path:
    folder = SHARED / "corpus"
    if not folder.exists():
        pytest.skip("../shared/corpus is not beside this checkout")
    return folder


@pytest.fixture(scope="session")
def seed_article() -> Path:
    folder = SHARED / "seeds"
    if not folder.exists():
        pytest.skip("../shared/seeds is not beside this checkout")
    return folder
