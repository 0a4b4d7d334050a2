"""Serving from a thread of the current process: for notebooks, scripts and tests that need the
real HTTP service beside their own code (the embedded store cannot be opened by a second process
while this one writes to it)."""

from __future__ import annotations

import socket
import threading

import uvicorn
from starlette.types import ASGIApp

from kb.threaded_server import start_in_thread, stop_thread


class BackgroundServer:
    """``with BackgroundServer(build_app(kb)) as server: httpx.get(server.url + "/sparql?...")``.

    Port 0 (the default) takes a free port; the socket is bound before the thread starts, so the
    port is known and cannot be taken by someone else meanwhile.
    """

    def __init__(self, app: ASGIApp, host: str = "127.0.0.1", port: int = 0) -> None:
        self.app = app
        self.host = host
        self.port = port
        self._server: uvicorn.Server | None = None
        self._thread: threading.Thread | None = None

    @property
    def url(self) -> str:
        return f"http://{self.host}:{self.port}"

    def start(self, timeout: float = 60.0) -> BackgroundServer:
        sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        sock.bind((self.host, self.port))
        self.port = sock.getsockname()[1]
        started = start_in_thread(self.app, sock, "kb-serve", timeout, lifespan="on")
        if started is None:
            raise RuntimeError(f"the HTTP service did not start on {self.url}")
        self._server, self._thread = started
        return self

    def stop(self) -> None:
        stop_thread(self._server, self._thread)
        self._server = self._thread = None

    def __enter__(self) -> BackgroundServer:
        return self.start()

    def __exit__(self, *exc: object) -> None:
        self.stop()
