"""Files the package reads at run time, found the same way in a checkout and in an installed wheel.

The ontology lives at the top of the repository (``ontology/``, where the client keeps it); a
wheel carries a copy inside the package as ``kb/ontology`` (see setup.py). A checkout or an
editable install has no such copy and reads the top-level folder instead.
"""

from __future__ import annotations

from pathlib import Path

from kb.errors import KBError

PACKAGE = Path(__file__).resolve().parent


def ontology_dir() -> Path:
    """The folder holding conflict.ttl and shapes.ttl: inside the package when installed."""
    for folder in (PACKAGE / "ontology", PACKAGE.parent / "ontology"):
        if (folder / "conflict.ttl").is_file():
            return folder
    raise KBError(
        f"the ontology files are missing: neither {PACKAGE / 'ontology'} nor "
        f"{PACKAGE.parent / 'ontology'} holds conflict.ttl; reinstall incident-kb"
    )


def ontology_file(name: str) -> Path:
    """One file of the ontology folder (``conflict.ttl``, ``shapes.ttl``)."""
    return ontology_dir() / name
