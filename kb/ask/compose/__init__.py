"""From SPARQL rows to one short answer line and its supporting facts, per intent.

Each function receives rows of one template and returns (answer line, facts) or None when the
rows hold nothing to say. Disagreement and dates are said, not smoothed over.
"""

from kb.ask.compose.control import control, seized
from kb.ask.compose.counts import casualties, incidents, victims
from kb.ask.compose.relations import relations, reporters
from kb.ask.compose.words import attested

__all__ = [
    "attested",
    "casualties",
    "control",
    "incidents",
    "relations",
    "reporters",
    "seized",
    "victims",
]
