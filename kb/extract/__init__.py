"""Article -> Extraction: sentences, linked mentions, incidents, control and relation claims.

The ``Extractor`` (spaCy and the lexicon, in ``kb.extract.extractor``) loads only when asked
for, so commands that never read text (``kb sparql``, ``kb --help``) do not pay for spaCy.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from kb.extract.extractor import Extractor

__all__ = ["Extractor"]


def __getattr__(name: str) -> object:
    if name == "Extractor":
        from kb.extract.extractor import Extractor

        return Extractor
    raise AttributeError(name)
