"""A local Slack for tests and benchmarks: the Web API methods the bot calls, a file-upload URL,
response_url endpoints, and a Socket Mode WebSocket, all on 127.0.0.1 speaking Slack's wire format.

Every request is recorded with its parsed parameters so tests assert on what reached "Slack".
Like Slack, it answers HTTP 200 with ``{"ok": false, "error": ...}`` for a bad call, checks the
token type, and refuses blocks over Slack's limits with ``invalid_blocks``. The second half has
what Slack sends to an app: signed Events API, slash-command and interactivity requests.
"""

from __future__ import annotations

import hashlib
import hmac
import itertools
import json
import queue
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import parse_qsl, urlencode, urlsplit

import httpx

BOT_TOKEN = "xoxb-0000000000-fake-bot-token-for-tests"
APP_TOKEN = "xapp-1-A0FAKE-0000-fake-app-level-token"
SIGNING_SECRET = "f4k3s1gn1ngs3cr3tf0rt3sts0nly000"
TEAM, BOT_USER, BOT_ID, APP_ID = "T0FAKE", "UBOT0001", "BBOT0001", "A0FAKE01"
JSON_FIELDS = ("blocks", "files", "attachments", "metadata")


@dataclass
class Call:
    """One request that reached the fake: the API method (or "upload"/"response"), its params."""

    method: str
    params: dict
    headers: dict
    body: bytes
    at: float = field(default_factory=time.perf_counter)


class FakeSlack:
    """Start with ``FakeSlack().start()``; ``api_url`` goes in SLACK_API_URL."""

    def __init__(self, bot_token: str = BOT_TOKEN, app_token: str = APP_TOKEN) -> None:
        self.bot_token, self.app_token = bot_token, app_token
        self.calls_: list[Call] = []
        self.failures: dict[tuple[str, str | None], str] = {}
        self.uploads: dict[str, bytes] = {}
        self.acks: list[dict] = []
        self._changed = threading.Condition()
        self._ids = itertools.count(1)
        self._outbox: queue.Queue[dict] = queue.Queue()
        self._ws_server = None
        self.ws_connections = 0

    # ---- life cycle ---------------------------------------------------------------------------
    def start(self) -> FakeSlack:
        fake = self

        class Handler(_Handler):
            slack = fake

        self._http = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self._http.daemon_threads = True
        threading.Thread(target=self._http.serve_forever, daemon=True).start()
        return self

    def start_socket(self) -> FakeSlack:
        """Serve a Socket Mode WebSocket; apps.connections.open hands out its URL."""
        from websockets.sync.server import serve

        self._ws_server = serve(self._ws_session, "127.0.0.1", 0)
        threading.Thread(target=self._ws_server.serve_forever, daemon=True).start()
        return self

    def stop(self) -> None:
        if self._ws_server is not None:
            self._ws_server.shutdown()
        self._http.shutdown()
        self._http.server_close()

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self._http.server_address[1]}"

    @property
    def api_url(self) -> str:
        return f"{self.url}/api/"

    @property
    def ws_url(self) -> str:
        return f"ws://127.0.0.1:{self._ws_server.socket.getsockname()[1]}/link/?ticket=fake"

    def response_url(self, name: str) -> str:
        return f"{self.url}/response/{name}"

    def fail(self, method: str, error: str, channel: str | None = None) -> None:
        """Make ``method`` (in ``channel``, or anywhere) answer ``{"ok": false, "error": error}``."""
        self.failures[(method, channel)] = error

    # ---- what reached us ------------------------------------------------------------------------
    def record(self, call: Call) -> None:
        with self._changed:
            self.calls_.append(call)
            self._changed.notify_all()

    def calls(self, method: str | None = None, **params: object) -> list[Call]:
        with self._changed:
            return [
                c
                for c in self.calls_
                if (method is None or c.method == method)
                and all(c.params.get(k) == v for k, v in params.items())
            ]

    def wait_for(
        self, method: str, timeout: float = 20.0, count: int = 1, **params: object
    ) -> Call:
        """The ``count``-th call of ``method`` with these params, waiting up to ``timeout`` s."""
        deadline = time.monotonic() + timeout
        with self._changed:
            while len(found := self.calls(method, **params)) < count:
                left = deadline - time.monotonic()
                if left <= 0:
                    seen = [(c.method, c.params.get("channel")) for c in self.calls_[-10:]]
                    raise AssertionError(f"no {method} {params} within {timeout} s; last: {seen}")
                self._changed.wait(left)
            return found[count - 1]

    # ---- Socket Mode ------------------------------------------------------------------------------
    def push(self, envelope: dict) -> None:
        self._outbox.put(envelope)

    def wait_for_ack(self, envelope_id: str, timeout: float = 20.0) -> dict:
        deadline = time.monotonic() + timeout
        with self._changed:
            while True:
                for ack in self.acks:
                    if ack.get("envelope_id") == envelope_id:
                        return ack
                if time.monotonic() > deadline:
                    raise AssertionError(f"envelope {envelope_id} was never acknowledged")
                self._changed.wait(deadline - time.monotonic())

    def _ws_session(self, ws: object) -> None:
        from websockets.exceptions import ConnectionClosed

        self.ws_connections += 1
        hello = {"type": "hello", "num_connections": 1, "connection_info": {"app_id": APP_ID}}
        ws.send(json.dumps(hello))
        while True:
            try:
                ws.send(json.dumps(self._outbox.get_nowait()))
            except queue.Empty:
                pass
            except ConnectionClosed:
                return
            try:
                message = ws.recv(timeout=0.02)
            except TimeoutError:
                continue
            except ConnectionClosed:
                return
            with self._changed:
                self.acks.append(json.loads(message))
                self._changed.notify_all()

    # ---- the Web API --------------------------------------------------------------------------------
    def api(self, method: str, params: dict, token: str | None) -> dict:
        want = self.app_token if method == "apps.connections.open" else self.bot_token
        if not token:
            return {"ok": False, "error": "not_authed"}
        if token != want:
            wrong_type = token in (self.bot_token, self.app_token)
            return {
                "ok": False,
                "error": "not_allowed_token_type" if wrong_type else "invalid_auth",
            }
        channel = params.get("channel") or params.get("channel_id")
        error = self.failures.get((method, channel)) or self.failures.get((method, None))
        if error:
            return {"ok": False, "error": error}
        handler = getattr(self, "m_" + method.replace(".", "_"), None)
        return handler(params) if handler else {"ok": False, "error": "unknown_method"}

    def m_auth_test(self, params: dict) -> dict:
        return {
            "ok": True,
            "url": "https://fake.slack.test/",
            "team": "Fake",
            "user": "kb",
            "team_id": TEAM,
            "user_id": BOT_USER,
            "bot_id": BOT_ID,
            "is_enterprise_install": False,
        }

    def m_chat_postMessage(self, params: dict) -> dict:
        if not params.get("channel"):
            return {"ok": False, "error": "channel_not_found"}
        problem = message_problem(params)
        if problem:
            return {"ok": False, "error": problem}
        ts = f"{time.time():.6f}"
        message = {"type": "message", "user": BOT_USER, "bot_id": BOT_ID, "ts": ts}
        message.update({k: params[k] for k in ("text", "blocks", "thread_ts") if k in params})
        return {"ok": True, "channel": params["channel"], "ts": ts, "message": message}

    def m_chat_postEphemeral(self, params: dict) -> dict:
        if not params.get("channel") or not params.get("user"):
            return {"ok": False, "error": "invalid_arguments"}
        problem = message_problem(params)
        return {"ok": False, "error": problem} if problem else {"ok": True, "message_ts": "1.1"}

    def m_files_getUploadURLExternal(self, params: dict) -> dict:
        if not params.get("filename") or not str(params.get("length", "")).isdigit():
            return {"ok": False, "error": "invalid_arguments"}
        file_id = f"F{next(self._ids):08d}"
        return {"ok": True, "upload_url": f"{self.url}/upload/v1/{file_id}", "file_id": file_id}

    def m_files_completeUploadExternal(self, params: dict) -> dict:
        files = params.get("files")
        if not isinstance(files, list) or not files:
            return {"ok": False, "error": "invalid_arguments"}
        if any(f.get("id") not in self.uploads for f in files):
            return {"ok": False, "error": "file_not_found"}
        out = [
            {"id": f["id"], "title": f.get("title"), "size": len(self.uploads[f["id"]])}
            for f in files
        ]
        return {"ok": True, "files": out}

    def m_apps_connections_open(self, params: dict) -> dict:
        if self._ws_server is None:
            return {"ok": False, "error": "socket_mode_not_enabled"}
        return {"ok": True, "url": self.ws_url}


def message_problem(params: dict) -> str | None:
    """Slack's own checks on a message: text or blocks, and the Block Kit limits."""
    blocks = params.get("blocks")
    if not params.get("text") and not blocks:
        return "no_text"
    if len(str(params.get("text") or "")) > 40_000:
        return "msg_too_long"
    if blocks is None:
        return None
    if not isinstance(blocks, list) or len(blocks) > 50:
        return "invalid_blocks"
    for block in blocks:
        texts = [block.get("text", {}).get("text", "")] if block.get("type") == "section" else []
        texts += [
            e.get("text", "") for e in block.get("elements", []) if block["type"] == "context"
        ]
        buttons = [e for e in block.get("elements", []) if e.get("type") == "button"]
        if any(len(t) > 3000 for t in texts) or any(
            len(b.get("value", "")) > 2000 or len(b["text"]["text"]) > 75 for b in buttons
        ):
            return "invalid_blocks"
    return None


class _Handler(BaseHTTPRequestHandler):
    slack: FakeSlack
    protocol_version = "HTTP/1.1"

    def log_message(self, format: str, *args: object) -> None:  # noqa: A002 - quiet
        pass

    def do_POST(self) -> None:  # noqa: N802 - http.server's name
        body = self.rfile.read(int(self.headers.get("Content-Length") or 0))
        path = urlsplit(self.path).path
        headers = {k.lower(): v for k, v in self.headers.items()}
        if path.startswith("/upload/v1/"):
            file_id = path.rsplit("/", 1)[1]
            self.slack.uploads[file_id] = body
            self.slack.record(Call("upload", {"file_id": file_id}, headers, body))
            return self._reply(200, f"OK - {len(body)}".encode(), "text/plain")
        if path.startswith("/response/"):
            params = json.loads(body or b"{}")
            params["name"] = path.rsplit("/", 1)[1]
            self.slack.record(Call("response", params, headers, body))
            problem = message_problem(params)
            return self._reply(400 if problem else 200, (problem or "ok").encode(), "text/plain")
        if not path.startswith("/api/"):
            return self._reply(404, b"not found", "text/plain")
        method = path[len("/api/") :]
        params = parse_params(body, headers.get("content-type", ""), self.path)
        self.slack.record(Call(method, params, headers, body))
        token = headers.get("authorization", "").removeprefix("Bearer ") or params.get("token")
        answer = self.slack.api(method, params, token)
        self._reply(200, json.dumps(answer).encode(), "application/json; charset=utf-8")

    def _reply(self, status: int, data: bytes, content_type: str) -> None:
        self.send_response(status)
        self.send_header("Content-Type", content_type)
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        self.wfile.write(data)


def parse_params(body: bytes, content_type: str, raw_path: str) -> dict:
    """Form, JSON or query-string parameters, with Slack's JSON-valued fields decoded."""
    if content_type.startswith("application/json"):
        params = json.loads(body or b"{}")
    else:
        params = dict(parse_qsl(body.decode("utf-8"), keep_blank_values=True))
    params.update(dict(parse_qsl(urlsplit(raw_path).query)))
    for key in JSON_FIELDS:
        if isinstance(params.get(key), str):
            try:
                params[key] = json.loads(params[key])
            except ValueError:
                pass
    return params


# ---- what Slack sends to an app ------------------------------------------------------------------
def signed_headers(body: bytes, secret: str = SIGNING_SECRET, timestamp: int | None = None) -> dict:
    """X-Slack-Request-Timestamp and the v0 HMAC-SHA256 X-Slack-Signature over ``v0:ts:body``."""
    ts = str(int(time.time()) if timestamp is None else timestamp)
    base = b"v0:" + ts.encode() + b":" + body
    digest = hmac.new(secret.encode(), base, hashlib.sha256).hexdigest()
    return {"X-Slack-Request-Timestamp": ts, "X-Slack-Signature": f"v0={digest}"}


def post_json(
    url: str, payload: dict, headers: dict | None = None, **sign: object
) -> httpx.Response:
    body = json.dumps(payload).encode()
    all_headers = {
        "Content-Type": "application/json",
        **signed_headers(body, **sign),
        **(headers or {}),
    }
    return httpx.post(url, content=body, headers=all_headers, timeout=30)


def post_form(url: str, form: dict, **sign: object) -> httpx.Response:
    body = urlencode(form).encode()
    headers = {"Content-Type": "application/x-www-form-urlencoded", **signed_headers(body, **sign)}
    return httpx.post(url, content=body, headers=headers, timeout=30)


def event_callback(event: dict, event_id: str) -> dict:
    return {
        "token": "legacy-verification-token",
        "team_id": TEAM,
        "api_app_id": APP_ID,
        "event": event,
        "type": "event_callback",
        "event_id": event_id,
        "event_time": int(time.time()),
        "authorizations": [{"team_id": TEAM, "user_id": BOT_USER, "is_bot": True}],
    }


def app_mention(text: str, channel: str, ts: str, thread_ts: str | None = None) -> dict:
    event = {"type": "app_mention", "user": "UALICE01", "text": f"<@{BOT_USER}> {text}"}
    event.update({"ts": ts, "channel": channel, "event_ts": ts})
    return event | ({"thread_ts": thread_ts} if thread_ts else {})


def direct_message(text: str, channel: str, ts: str, **extra: object) -> dict:
    event = {"type": "message", "channel_type": "im", "user": "UALICE01", "text": text}
    return event | {"ts": ts, "channel": channel, "event_ts": ts} | extra


def slash_command(text: str, channel: str, response_url: str) -> dict:
    return {
        "token": "legacy-verification-token",
        "team_id": TEAM,
        "channel_id": channel,
        "channel_name": "analysts",
        "user_id": "UALICE01",
        "user_name": "alice",
        "command": "/kb",
        "text": text,
        "api_app_id": APP_ID,
        "response_url": response_url,
        "trigger_id": "1.2.fake",
    }


def block_actions(action: dict, channel: str, message: dict, response_url: str) -> dict:
    """The ``payload`` of an interactivity request for a click on a button in ``message``."""
    return {
        "type": "block_actions",
        "team": {"id": TEAM, "domain": "fake"},
        "user": {"id": "UALICE01", "username": "alice", "team_id": TEAM},
        "api_app_id": APP_ID,
        "token": "legacy-verification-token",
        "container": {"type": "message", "message_ts": message["ts"], "channel_id": channel},
        "trigger_id": "1.2.fake",
        "channel": {"id": channel, "name": "analysts"},
        "message": message,
        "response_url": response_url,
        "actions": [action | {"action_ts": f"{time.time():.6f}"}],
    }


@contextmanager
def bot_over_http(kb: object, slack: FakeSlack) -> Iterator[str]:
    """``kb bot --http`` in-process: the same app factory and server, on port 0 in a thread;
    yields the URL Slack would post events to."""
    from bot.app import build_app
    from bot.http_server import http_server
    from bot.settings import BotSettings

    settings = BotSettings(
        bot_token=slack.bot_token, signing_secret=SIGNING_SECRET, api_url=slack.api_url
    )
    server = http_server(build_app(kb, settings), "127.0.0.1", 0)
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + 10
    while not server.started:
        assert time.monotonic() < deadline, "uvicorn did not start"
        time.sleep(0.02)
    port = server.servers[0].sockets[0].getsockname()[1]
    try:
        yield f"http://127.0.0.1:{port}/slack/events"
    finally:
        server.should_exit = True
        thread.join(10)
