"""Where the graph lives: an embedded Oxigraph store, or any SPARQL 1.1 server.

Both speak the same small interface (``GraphStore``); everything above it writes SPARQL.
"""

from __future__ import annotations

import time

from kb.config import Settings
from kb.errors import StoreError
from kb.store.base import GraphStore, QueryOutput, is_update


def open_store(settings: Settings, read_only: bool = False) -> GraphStore:
    """The remote store when KB_SPARQL_QUERY_URL is set; else, when a running kb service owns
    KB_HOME, that service's store over its local socket; else the embedded store itself."""
    if settings.remote:
        from kb.store.remote import RemoteStore

        return RemoteStore(settings.sparql_query_url, settings.sparql_update_url)
    from kb.store.embedded import EmbeddedStore
    from kb.store.local import LocalStore, owner_alive

    if owner_alive(settings.home):
        return LocalStore(settings.home)
    try:
        return EmbeddedStore(settings.store_path, read_only=read_only)
    except StoreError:
        # another process opened it a moment ago: wait for its socket (a service starting)
        for _ in range(50):
            time.sleep(0.2)
            if owner_alive(settings.home):
                return LocalStore(settings.home)
        raise


__all__ = ["GraphStore", "QueryOutput", "is_update", "open_store"]
