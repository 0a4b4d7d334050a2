"""Extraction -> RDF. The only place where claim, article and sentence IRIs are minted."""
