"""Where the graph lives: an embedded Oxigraph store, or any SPARQL 1.1 server.

Both speak the same small interface (``GraphStore``); everything above it writes SPARQL.
"""

from __future__ import annotations

from kb.config import Settings
from kb.store.base import GraphStore, QueryOutput, is_update


def open_store(settings: Settings, read_only: bool = False) -> GraphStore:
    """The embedded store under KB_HOME, or the remote one when KB_SPARQL_QUERY_URL is set."""
    if settings.remote:
        from kb.store.remote import RemoteStore

        return RemoteStore(settings.sparql_query_url, settings.sparql_update_url)
    from kb.store.embedded import EmbeddedStore

    return EmbeddedStore(settings.store_path, read_only=read_only)


__all__ = ["GraphStore", "QueryOutput", "is_update", "open_store"]
