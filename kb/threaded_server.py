"""A uvicorn server in a daemon thread, on a socket the caller has bound: the store owner's Unix
socket (kb/store/local.py) and the HTTP service run inside tests and benchmarks
(kb/serve/background.py) start and stop the same way."""

from __future__ import annotations

import socket
import threading
import time

import uvicorn


def start_in_thread(
    app: object, sock: socket.socket, name: str, timeout: float, lifespan: str = "auto"
) -> tuple[uvicorn.Server, threading.Thread] | None:
    """Serve ``app`` on ``sock`` from a new thread; None if it did not start within ``timeout``
    seconds (the thread is stopped first)."""
    config = uvicorn.Config(
        app, log_level="warning", lifespan=lifespan, timeout_graceful_shutdown=2
    )
    server = uvicorn.Server(config)
    thread = threading.Thread(target=server.run, kwargs={"sockets": [sock]}, name=name, daemon=True)
    thread.start()
    deadline = time.monotonic() + timeout
    while not server.started:
        if not thread.is_alive() or time.monotonic() > deadline:
            stop_thread(server, thread)
            return None
        time.sleep(0.02)
    return server, thread


def stop_thread(server: uvicorn.Server | None, thread: threading.Thread | None) -> None:
    """Ask the server to exit and wait for its thread (at most 10 s)."""
    if server is not None:
        server.should_exit = True
    if thread is not None:
        thread.join(timeout=10)
