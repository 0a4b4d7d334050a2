"""Errors a user can cause and fix; the CLI turns each into one ``Error: ...`` line and exit 1."""


class KBError(Exception):
    """Base class: something the user can act on, with a message that says what and where."""


class ArticleError(KBError):
    """An input file or URL could not be read as an article."""


class QueryError(KBError):
    """A SPARQL query is malformed; the message carries the parser's position."""


class ReadOnlyError(KBError):
    """A SPARQL update (or a query that would fetch remote data) was sent to a read-only endpoint."""


class QueryTimeout(KBError):
    """A query ran longer than the configured time limit and was stopped."""


class StoreError(KBError):
    """The graph store cannot be opened or reached (locked folder, server down)."""


class ModelError(KBError):
    """The embedding model cannot be loaded, or the index was built by another model."""


def one_line(error: BaseException | str) -> str:
    """The message on one line: a parser's multi-line report must not break the ``Error: ...``
    line the CLI prints or the plain-text body the server sends."""
    return " ".join(str(error).split())
