"""Question -> Answer. ``kb ask``, ``GET /ask`` and the Slack bot all call ``Answerer.ask``;
the modules read in order: question (what is asked), linking (which entities), retrieve (which
sentences), templates + compose (structured claims), reader (spans in the sentences), answerer
(one ranking, one headline, or an honest "nothing found")."""

from kb.ask.answer import Answer, Source
from kb.ask.answerer import Answerer

__all__ = ["Answer", "Answerer", "Source"]
