"""`pip install .` without -e: the wheel must carry everything read at run time (the ontology
from the top-level ontology/ folder, the dictionaries, query templates and web files).

The wheel is built from this checkout and installed into a fresh venv outside it; the venv gets
the dependencies from this test environment's site-packages through a .pth line, so the test
needs no network and no second 1.8 GB install (a full `pip install .` into a fresh venv from the
local package index took 2 min 25 s here, and the same commands pass there). The commands run
from a folder outside the checkout, so nothing can be read from it by accident.
"""

from __future__ import annotations

import os
import site
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
ARTICLE = """title: Militia seizes the river crossing at Tall Hamid
source: incident-kb test desk
date: 2021-03-04
url: https://tests.incident-kb.org/2021/03/04/tall-hamid

Fighters of the Hamid Brigades took control of the village of Tall Hamid on Thursday after a
night of clashes with the Northern Guard, a local monitor said.

At least seven fighters were killed in the clashes, the monitor added.
"""

pytestmark = pytest.mark.slow


def run(*args: str, cwd: Path, env: dict[str, str] | None = None) -> subprocess.CompletedProcess:
    return subprocess.run(args, cwd=cwd, env=env, capture_output=True, text=True, timeout=600)


@pytest.fixture(scope="module")
def installed(tmp_path_factory) -> Path:
    work = tmp_path_factory.mktemp("install")
    built = run(
        sys.executable,
        "-m",
        "pip",
        "wheel",
        "--no-deps",
        "--no-build-isolation",
        "--wheel-dir",
        str(work / "dist"),
        str(ROOT),
        cwd=work,
    )
    assert built.returncode == 0, built.stderr
    (wheel,) = (work / "dist").glob("incident_kb-*.whl")
    names = zipfile.ZipFile(wheel).namelist()
    for needed in (
        "kb/ontology/conflict.ttl",
        "kb/ontology/shapes.ttl",
        "kb/data/generic.ttl",
        "kb/data/packs/syria.ttl",
        "kb/pictures/basemap/countries.json",
    ):
        assert needed in names
    assert any(n.startswith("kb/queries/") for n in names)
    assert "kb/web/index.html" in names

    venv = work / "venv"
    assert run(sys.executable, "-m", "venv", "--without-pip", str(venv), cwd=work).returncode == 0
    (purelib,) = (venv / "lib").glob("python3*/site-packages")
    (purelib / "deps-from-test-env.pth").write_text(
        "\n".join(site.getsitepackages()) + "\n", encoding="utf-8"
    )
    done = run(
        sys.executable,
        "-m",
        "pip",
        "--python",
        str(venv / "bin" / "python"),
        "install",
        "--no-deps",
        "--no-index",
        str(wheel),
        cwd=work,
    )
    assert done.returncode == 0, done.stderr
    return venv


def test_installed_wheel_ingests_answers_and_validates(installed, tmp_path):
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    article = elsewhere / "tall-hamid.txt"
    article.write_text(ARTICLE, encoding="utf-8")
    env = {k: v for k, v in os.environ.items() if not k.startswith(("KB_", "PYTHON"))}
    env |= {"KB_HOME": str(elsewhere / "kb"), "HF_HUB_OFFLINE": "1"}
    python, kb = str(installed / "bin" / "python"), str(installed / "bin" / "kb")

    where = run(
        python, "-c", "import kb.resources as r; print(r.ontology_dir())", cwd=elsewhere, env=env
    )
    assert where.returncode == 0, where.stderr
    assert Path(where.stdout.strip()).is_relative_to(installed)

    ingest = run(kb, "ingest", str(article), cwd=elsewhere, env=env)
    assert ingest.returncode == 0, ingest.stderr
    assert ingest.stdout.startswith("1 articles ingested")

    ask = run(kb, "ask", "--json", "Who controls Tall Hamid?", cwd=elsewhere, env=env)
    assert ask.returncode == 0, ask.stderr
    assert "tall-hamid" in ask.stdout

    validate = run(kb, "validate", cwd=elsewhere, env=env)
    assert validate.returncode == 0, validate.stdout + validate.stderr
    assert "Conforms: True" in validate.stdout
