"""incident-kb: armed-conflict incidents from news articles, as RDF with a vector index beside it.

The data flow reads top to bottom through the subpackages:
``reading`` (files and feeds -> Article) -> ``extract`` (Article -> mentions, incidents, claims)
-> ``rdf`` (the only place IRIs are minted) -> ``store`` (Oxigraph, embedded or remote)
-> ``vectors`` (FAISS, keyed by the same IRIs) -> ``ask`` (question -> Answer).
``kb.api.KnowledgeBase`` ties them together; the CLI, the HTTP service and the bot call only it.
"""

__version__ = "0.1.0"
