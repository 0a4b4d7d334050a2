"""Every question the README and demo/questions.txt show is answered right on the demo articles.

The questions are read from the README and the demo file themselves, so a question added there
without an expected answer here fails this test instead of going unchecked.
"""

from __future__ import annotations

import re

import pytest
from conftest import ROOT

EXPECTED = {
    "Who controls Idlib?": ["Hayat Tahrir al-Sham"],
    "Which villages did the jihadists seize?": ["Tal Maleh", "Jibeen"],
    "How many government loyalists were killed in Hama?": ["53"],
    "Who backs the Syrian government?": ["Iran", "Russia"],
    "What happened in Khan Sheikhoun?": ["Khan Shaykhun", "Syrian government forces"],
    "Who reported the fighting in Tal Maleh?": ["Syrian Observatory for Human Rights"],
    "Who controls Khan Sheikhoun?": ["Syrian government forces"],
}
AS_OF = {("Who controls Khan Sheikhoun?", "2019-06-30"): ["Syrian rebels"]}


def _shown_questions() -> set[tuple[str, str | None]]:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    shown = set()
    for line in readme.splitlines():
        m = re.search(r"kb ask (?:--json )?(?:--as-of (\S+) )?\"([^\"]+)\"", line)
        if m:
            shown.add((m.group(2), m.group(1)))
    demo = (ROOT / "demo" / "questions.txt").read_text(encoding="utf-8").splitlines()
    shown |= {(q.strip(), None) for q in demo if q.strip()}
    return shown


def test_every_shown_question_has_an_expected_answer():
    for question, as_of in _shown_questions():
        assert (question in EXPECTED) if as_of is None else ((question, as_of) in AS_OF), question


@pytest.mark.parametrize(("question", "as_of"), sorted(_shown_questions(), key=str))
def test_shown_question_is_answered_right(demo_kb, question, as_of):
    answer = demo_kb.answerer.ask(question, as_of=as_of)
    expected = EXPECTED[question] if as_of is None else AS_OF[(question, as_of)]
    for words in expected:
        assert words in answer.answer, answer.answer
    assert answer.sources and len(answer.answer) <= 200
