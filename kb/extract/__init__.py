"""Article -> Extraction: sentences, linked mentions, incidents, control and relation claims.

The pipeline (spaCy, the lexicon) lives in ``kb.extract.pipeline`` and loads only when an
``Extractor`` is asked for, so commands that never read text (``kb sparql``, ``kb --help``) do
not pay for spaCy.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from kb.extract.pipeline import Extractor

__all__ = ["Extractor"]


def __getattr__(name: str) -> object:
    if name == "Extractor":
        from kb.extract.pipeline import Extractor

        return Extractor
    raise AttributeError(name)
