"""Run the service on uvicorn: one process, or `workers` processes sharing the port.

uvicorn finishes the requests in flight when it is told to stop (SIGTERM, SIGINT)
and closes idle connections, and the command then exits 0; with several workers each process is built by
`app_from_environment`, which reads the settings the parent put in the environment.
"""

from __future__ import annotations

import json
import os
import socket
import threading
from contextlib import contextmanager
from dataclasses import asdict
from typing import Iterator

from .settings import Settings

__all__ = ["app_from_environment", "in_background", "serve"]

_ENV = "REGKIT_SERVE_SETTINGS"


def app_from_environment():
    """The application of a worker process (uvicorn's factory)."""
    from .app import create_app
    return create_app(Settings(**json.loads(os.environ[_ENV])))


def _stopped_by_request(_signum: int, _frame: object) -> None:
    """What a stop signal does once uvicorn, having finished the requests in flight, passes it
    on: nothing, so that a service stopped as asked ends with exit code 0."""


def serve(settings: Settings) -> None:
    import signal

    import uvicorn
    for stop in (signal.SIGINT, signal.SIGTERM):
        signal.signal(stop, _stopped_by_request)
    config = {"host": settings.host, "port": settings.port, "log_level": "info",
              "server_header": False, "proxy_headers": False}
    if settings.workers <= 1:
        from .app import create_app
        uvicorn.run(create_app(settings), **config)
        return
    os.environ[_ENV] = json.dumps(asdict(settings))
    uvicorn.run("regkit.service.server:app_from_environment", factory=True, workers=settings.workers,
                **config)


@contextmanager
def in_background(settings: Settings | None = None) -> Iterator[str]:
    """A real server on a free port of 127.0.0.1, in a thread of this process; yields its
    base URL and stops it (finishing requests in flight) on exit. For tests and benchmarks."""
    import uvicorn
    from .app import create_app
    settings = settings or Settings()
    sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    sock.bind(("127.0.0.1", 0))
    server = uvicorn.Server(uvicorn.Config(create_app(settings), log_level="warning", server_header=False))
    thread = threading.Thread(target=server.run, kwargs={"sockets": [sock]}, daemon=True)
    thread.start()
    try:
        while not server.started:
            if not thread.is_alive():
                raise RuntimeError("the service did not start")
            threading.Event().wait(0.01)
        yield f"http://127.0.0.1:{sock.getsockname()[1]}"
    finally:
        server.should_exit = True
        thread.join(timeout=30)
        sock.close()
