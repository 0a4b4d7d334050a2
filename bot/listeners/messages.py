"""Direct messages to the bot: answered in the thread of the question.

Every ``message`` event is taken here, even the ones dropped: an event no listener takes gets a
404 from Bolt, and Slack would send it again and again.
"""

from __future__ import annotations

from slack_bolt import App, BoltContext
from slack_sdk import WebClient

from bot.filters import is_direct_message, question_of, thread_of
from bot.replies import answer_in_thread
from kb.gate import Gate


def register(app: App, gate: Gate) -> None:
    @app.event("message")
    def on_message(event: dict, context: BoltContext, client: WebClient) -> None:
        if not is_direct_message(event, context.bot_user_id):
            return  # bot messages, edits, deletions, channel chatter
        question = question_of(event.get("text", ""), context.bot_user_id)
        answer_in_thread(gate, client, event["channel"], thread_of(event), question)
