"""A local feed server for the watcher's tests: RSS documents whose items tests change, with
ETag and Last-Modified validators and 304 answers, like a well-behaved news site.

Every request is recorded (path and headers) so tests can see the watcher's conditional GETs.
"""

from __future__ import annotations

import hashlib
import threading
from dataclasses import dataclass, field
from email.utils import formatdate
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer


@dataclass
class Doc:
    body: bytes
    content_type: str = "application/rss+xml"
    status: int = 200
    validators: bool = True  # False: the server ignores conditional requests
    modified: str = field(default_factory=lambda: formatdate(usegmt=True))

    @property
    def etag(self) -> str:
        return '"' + hashlib.sha1(self.body).hexdigest()[:16] + '"'


def rss(title: str, items: list[dict[str, str]]) -> bytes:
    """An RSS 2.0 document; each item has title, link, date (RFC 822) and text."""
    parts = [
        f"<item><title>{i['title']}</title><link>{i['link']}</link>"
        f"<pubDate>{i['date']}</pubDate><description>{i['text']}</description></item>"
        for i in items
    ]
    return (
        '<?xml version="1.0" encoding="utf-8"?><rss version="2.0"><channel>'
        f"<title>{title}</title><link>http://127.0.0.1/</link><description>test</description>"
        + "".join(parts)
        + "</channel></rss>"
    ).encode()


class FeedServer:
    def __init__(self) -> None:
        self.docs: dict[str, Doc] = {}
        self.requests: list[tuple[str, dict[str, str]]] = []
        self._lock = threading.Lock()

    def start(self) -> FeedServer:
        server = self

        class Handler(BaseHTTPRequestHandler):
            def do_GET(self) -> None:  # noqa: N802 - http.server's name
                with server._lock:
                    server.requests.append((self.path, dict(self.headers)))
                    doc = server.docs.get(self.path)
                if doc is None:
                    self.send_response(404)
                    self.end_headers()
                    return
                if doc.status != 200:
                    self.send_response(doc.status)
                    self.end_headers()
                    return
                if doc.validators and self.headers.get("If-None-Match") == doc.etag:
                    self.send_response(304)
                    self.end_headers()
                    return
                self.send_response(200)
                self.send_header("Content-Type", doc.content_type)
                self.send_header("Content-Length", str(len(doc.body)))
                if doc.validators:
                    self.send_header("ETag", doc.etag)
                    self.send_header("Last-Modified", doc.modified)
                self.end_headers()
                self.wfile.write(doc.body)

            def log_message(self, *args: object) -> None:
                pass

        self._http = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self._http.daemon_threads = True
        threading.Thread(target=self._http.serve_forever, daemon=True).start()
        return self

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self._http.server_address[1]}"

    def put(self, path: str, doc: Doc) -> str:
        with self._lock:
            self.docs[path] = doc
        return self.url + path

    def hits(self, path: str) -> list[dict[str, str]]:
        with self._lock:
            return [headers for p, headers in self.requests if p == path]

    def stop(self) -> None:
        self._http.shutdown()
        self._http.server_close()
