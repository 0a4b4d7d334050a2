"""``kb serve``: the knowledge base over HTTP (SPARQL 1.1 Protocol, /ask, downloads, a query page).

``build_app(kb)`` gives the Starlette app for any ASGI server; ``run(kb, host, port)`` serves it
with uvicorn, after opening the store so that a locked folder or an unreachable SPARQL server is
one ``Error:`` line at start-up rather than a failure on the first request.
"""

from __future__ import annotations

import sys
from typing import TYPE_CHECKING

from kb.serve.app import build_app, warm_up
from kb.serve.background import BackgroundServer

if TYPE_CHECKING:
    from kb.api import KnowledgeBase


def run(kb: KnowledgeBase, host: str = "127.0.0.1", port: int = 8000) -> None:
    """Serve until interrupted. One process: the embedded store allows one writer per folder."""
    import uvicorn

    warm_up(kb)
    print(
        f"incident-kb on http://{host}:{port}/ (SPARQL endpoint http://{host}:{port}/sparql)",
        file=sys.stderr,
    )
    uvicorn.run(build_app(kb), host=host, port=port, log_level="info", timeout_graceful_shutdown=5)


__all__ = ["BackgroundServer", "build_app", "run"]
