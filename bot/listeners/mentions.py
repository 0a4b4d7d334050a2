"""``@kb who controls Idlib?`` in a channel: answered in the thread of the question."""

from __future__ import annotations

from slack_bolt import App, BoltContext
from slack_sdk import WebClient

from bot.filters import from_person, question_of, thread_of
from bot.replies import answer_in_thread
from kb.gate import Gate


def register(app: App, gate: Gate) -> None:
    @app.event("app_mention")
    def on_mention(event: dict, context: BoltContext, client: WebClient) -> None:
        # Bolt acknowledges events itself before this runs, so answering may take its time.
        if not from_person(event, context.bot_user_id):
            return
        question = question_of(event.get("text", ""), context.bot_user_id)
        answer_in_thread(gate, client, event["channel"], thread_of(event), question)
