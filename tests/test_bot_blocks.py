"""The bot's pure parts as data: Block Kit rendering, Slack's text limits, the button payload,
SPARQL tables, event filters, the retry memory, log redaction and settings."""

from __future__ import annotations

import csv
import io
import json
import logging

import pytest

from bot import blocks, payload
from bot.dedupe import SeenEvents
from bot.filters import from_person, is_direct_message, question_of, unslack
from bot.logs import RedactingFormatter
from bot.settings import BotConfigError, BotSettings
from bot.text import MAX_MESSAGE, MAX_SECTION, code_block, escape, link, truncate
from kb.ask.answer import Answer, Source
from kb.sparql.tables import compact, prefixes_of, table, to_csv

SPARQL = (
    "PREFIX ikb: <https://incident-kb.org/ontology#>\nSELECT ?c WHERE { ?c a ikb:ControlClaim }"
)


def source(n: int = 1, **kw: object) -> Source:
    values = {
        "article": f"https://incident-kb.org/id/article/{n}",
        "title": f"Title {n}",
        "source": "Syrian Observatory for Human Rights",
        "date": "2019-06-08",
        "url": f"https://example.org/{n}",
        "sentence": f"Sentence number {n}.",
    }
    return Source(**(values | kw))


def found(**kw: object) -> Answer:
    values = {
        "question": "Who controls Idlib?",
        "answer": "Hayat Tahrir al-Sham controls most of Idlib",
        "facts": ["2019-06-08: Hayat Tahrir al-Sham holds Idlib"],
        "sources": [source(n) for n in range(1, 6)],
        "sparql": SPARQL,
        "confidence": 0.8,
        "intent": "control",
    }
    return Answer(**(values | kw))


def all_text(rendered: list[dict]) -> str:
    return json.dumps(rendered, ensure_ascii=False)


def within_limits(rendered: list[dict]) -> None:
    assert len(rendered) <= 50
    for block in rendered:
        texts = [block.get("text", {}).get("text", "")]
        texts += [
            e.get("text", "") for e in block.get("elements", []) if block["type"] == "context"
        ]
        assert all(len(t) <= MAX_SECTION for t in texts)


# ---- answers ------------------------------------------------------------------------------------
def test_answer_comes_first_then_three_sources_then_confidence_and_button():
    rendered = blocks.answer_blocks(found())
    assert rendered[0]["text"]["text"] == "*Hayat Tahrir al-Sham controls most of Idlib*"
    quotes = [b for b in rendered if b["type"] == "section" and b["text"]["text"].startswith(">")]
    assert len(quotes) == 3
    assert quotes[0]["text"]["text"] == (
        "> Sentence number 1.\n_Syrian Observatory for Human Rights_ · 2019-06-08 · "
        "<https://example.org/1|Title 1>"
    )
    assert rendered[-2]["type"] == "context" and "Confidence 0.80" in all_text(rendered[-2:])
    button = rendered[-1]["elements"][0]
    assert button["action_id"] == blocks.SHOW_SPARQL
    assert payload.unpack(button["value"]) == ("sparql", SPARQL)


def test_source_without_url_has_no_link():
    text = blocks.evidence(source(url=None, date=None, source=None))
    assert "<" not in text.split("\n")[1] and "unknown source" in text and "Title 1" in text


def test_nothing_found_is_said_plainly_with_the_closest_evidence():
    rendered = blocks.answer_blocks(found(confidence=0.1, answer="Hayat Tahrir al-Sham"))
    headline = rendered[0]["text"]["text"]
    assert headline == "I found nothing on “Who controls Idlib?”. The closest evidence I have:"
    assert "Hayat Tahrir al-Sham controls" not in all_text(rendered), "no low-confidence answer"
    assert "too low" in all_text(rendered)
    assert blocks.answer_text(found(confidence=0.1)).startswith("I found nothing on")


def test_nothing_found_and_no_evidence():
    rendered = blocks.answer_blocks(found(confidence=0.0, sources=[], facts=[], sparql=""))
    assert "no sentence close to it" in rendered[0]["text"]["text"]
    assert all(b["type"] != "actions" for b in rendered)


def test_user_and_article_text_is_escaped():
    answer = found(
        question="a <@U1> & <!channel>",
        confidence=0.0,
        sources=[source(sentence="x < y & z > w", title="A|B <c>", url="https://e.org/?a=1|2>")],
    )
    rendered = all_text(blocks.answer_blocks(answer))
    assert "a &lt;@U1&gt; &amp; &lt;!channel&gt;" in rendered
    assert "x &lt; y &amp; z &gt; w" in rendered
    assert "<https://e.org/?a=1%7C2%3E|A¦B &lt;c&gt;>" in rendered
    assert "<!channel>" not in rendered and "<@U1>" not in rendered


def test_long_answers_stay_inside_slack_limits():
    huge = "word " * 5000
    answer = found(answer=huge, facts=[huge] * 20, sources=[source(sentence=huge, title=huge)] * 9)
    rendered = blocks.answer_blocks(answer)
    within_limits(rendered)
    assert rendered[0]["text"]["text"].endswith("…*") or rendered[0]["text"]["text"].endswith("…")
    assert len(blocks.answer_text(answer)) <= MAX_MESSAGE


def test_warning_is_short_and_escaped():
    rendered = blocks.warning_blocks("bad <query> & " + "x" * 5000)
    text = rendered[0]["text"]["text"]
    assert text.startswith(":warning: bad &lt;query&gt; &amp;") and len(text) < 700


def test_fit_caps_at_fifty_blocks_and_says_so():
    many = [blocks.section(str(n)) for n in range(80)]
    fitted = blocks.fit(many)
    assert len(fitted) == 50 and "31 more blocks cut" in all_text(fitted[-1:])


def test_sparql_blocks_split_a_long_query_into_code_sections():
    query = "\n".join(f"  ?s <urn:p{n}> ?o{n} ." for n in range(2000))
    rendered = blocks.sparql_blocks(query)
    within_limits(rendered)
    assert all(b["text"]["text"].startswith("```\n") for b in rendered)
    assert "&lt;urn:p0&gt;" in rendered[0]["text"]["text"]
    assert "No SPARQL" in blocks.sparql_blocks("  ")[0]["text"]["text"]


# ---- text rules -------------------------------------------------------------------------------
def test_escape_and_truncate():
    assert escape("a<b>&c") == "a&lt;b&gt;&amp;c"
    assert truncate("abc", 3) == "abc"
    cut = truncate("x" * 10 + "&amp;" + "y" * 10, 14)
    assert cut == "x" * 10 + "…" and len(cut) <= 14


def test_code_block_keeps_its_fences_and_breaks_inner_ones():
    block = code_block("a ``` b\n" * 1000)
    assert block.startswith("```\n") and block.endswith("\n```") and len(block) <= MAX_SECTION
    assert block.count("```") == 2 and "(cut)" in block


def test_link_encodes_characters_that_would_end_it():
    assert link("https://e.org/a b", "x|y") == "<https://e.org/a%20b|x¦y>"


# ---- the button payload -----------------------------------------------------------------------
def test_payload_falls_back_to_the_question_when_the_query_is_too_big():
    import random

    rng = random.Random(1)
    noise = "".join(rng.choice("abcdefghijklmnop") for _ in range(6000))
    value = payload.pack(noise, "Who controls Idlib?")
    assert len(value) <= 2000 and payload.unpack(value) == ("question", "Who controls Idlib?")
    with pytest.raises(ValueError):
        payload.unpack("z:not-base64!!")
    with pytest.raises(ValueError):
        payload.unpack("something else")


# ---- SPARQL results -------------------------------------------------------------------------
RESULTS = {
    "head": {"vars": ["s", "label"]},
    "results": {
        "bindings": [
            {
                "s": {"type": "uri", "value": f"https://incident-kb.org/id/place/p{n}"},
                "label": {"type": "literal", "value": f'Place, "{n}"\nline'},
            }
            for n in range(100)
        ]
        + [{"s": {"type": "uri", "value": "https://schema.org/Place"}}]
    },
}


def test_table_counts_what_it_leaves_out_and_compacts_iris():
    shown = table(RESULTS, 10, 2800, prefixes_of("", "https://incident-kb.org/id/"))
    assert (shown.shown, shown.total, shown.left_out) == (10, 101, 91)
    assert shown.text.splitlines()[2].startswith('id:place/p0  | Place, "0" line')
    tight = table(RESULTS, 100, 500)
    assert len(tight.text) <= 500 and tight.left_out > 0


def test_table_of_a_boolean():
    assert table({"head": {}, "boolean": True}, 10, 100).text == "true"


def test_prefixes_declared_by_the_query_win():
    prefixes = prefixes_of("PREFIX p: <https://incident-kb.org/id/place/>\nSELECT *")
    assert compact("https://incident-kb.org/id/place/idlib", prefixes) == "p:idlib"
    assert compact("urn:x", prefixes) == "urn:x"


def test_csv_has_every_row_and_survives_commas_quotes_and_newlines():
    rows = list(csv.reader(io.StringIO(to_csv(RESULTS).decode("utf-8"))))
    assert rows[0] == ["s", "label"] and len(rows) == 102
    assert rows[1] == ["https://incident-kb.org/id/place/p0", 'Place, "0"\nline']
    assert rows[-1] == ["https://schema.org/Place", ""]


# ---- events -----------------------------------------------------------------------------------
def test_question_loses_only_the_bots_own_mention():
    text = "<@UBOT> who controls <@U2|bob> Idlib?  <@UBOT>"
    assert question_of(text, "UBOT") == "who controls <@U2|bob> Idlib?"
    assert question_of("&lt;a&gt; &amp; <https://e.org|e.org>", "UBOT") == "<a> & <https://e.org>"
    assert unslack("SELECT * WHERE { ?s a &lt;https://schema.org/Place&gt; }").count("<") == 1


@pytest.mark.parametrize(
    ("event", "answered"),
    [
        ({"user": "U1", "channel_type": "im"}, True),
        ({"user": "UBOT", "channel_type": "im"}, False),
        ({"user": "U1", "channel_type": "im", "bot_id": "B1"}, False),
        ({"channel_type": "im", "subtype": "bot_message", "bot_id": "B1"}, False),
        ({"user": "U1", "channel_type": "im", "subtype": "message_changed"}, False),
        ({"user": "U1", "channel_type": "im", "edited": {"user": "U1"}}, False),
        ({"user": "U1", "channel_type": "channel"}, False),
    ],
)
def test_which_messages_are_questions(event, answered):
    assert is_direct_message(event, "UBOT") is answered
    assert from_person({"user": "U1"}, None)


def test_seen_events_forget_the_oldest():
    seen = SeenEvents(size=3)
    assert [seen.first_time(e) for e in "abca"] == [True, True, True, False]
    assert seen.first_time("d") and len(seen) == 3
    assert seen.first_time("a") is False, "a retry keeps an id fresh"
    assert seen.first_time("b") is True, "b was the least recently seen and was forgotten"


# ---- logs and settings ------------------------------------------------------------------------
def test_log_lines_never_carry_tokens():
    formatter = RedactingFormatter("%(message)s", ["s3cr3t-signing-value"])
    record = logging.LogRecord(
        "bot",
        logging.ERROR,
        __file__,
        1,
        "token %s secret %s",
        ("xoxb-123-abc", "s3cr3t-signing-value"),
        None,
    )
    line = formatter.format(record)
    assert "xoxb-" not in line and "s3cr3t" not in line and line.count("[redacted]") == 2


def test_settings_name_what_is_missing_and_hide_tokens():
    settings = BotSettings.from_env({"SLACK_BOT_TOKEN": "xoxb-1", "SLACK_API_URL": "http://x/api"})
    assert settings.api_base == "http://x/api/" and "xoxb" not in repr(settings)
    with pytest.raises(BotConfigError, match="SLACK_SIGNING_SECRET"):
        settings.require(http=True)
    with pytest.raises(BotConfigError, match="SLACK_APP_TOKEN"):
        settings.require(http=False)
    assert BotSettings().api_base == "https://slack.com/api/"
