"""Extraction -> RDF. The only place IRIs are minted (``iris``) and graphs are built (``build``)."""
