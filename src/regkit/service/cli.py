"""The `regkit serve` subcommand: its arguments and what it runs (kept out of regkit/cli.py)."""

from __future__ import annotations

import argparse
from importlib.util import find_spec
from typing import Any

__all__ = ["add_serve_command", "run_serve"]


def add_serve_command(commands: Any) -> None:
    """Register `serve` on the subcommand set of the main parser."""
    serve = commands.add_parser(
        "serve", help="answer over HTTP: /v1/evaluate, /v1/batch, ... (needs regkit[serve])",
        description="An HTTP service with an OpenAPI document (docs/service.md). It listens on "
                    "127.0.0.1 unless told otherwise; stop it with Ctrl-C or SIGTERM (requests in "
                    "flight are finished).")
    serve.add_argument("--host", default="127.0.0.1", help="address to listen on (default 127.0.0.1)")
    serve.add_argument("--port", type=int, default=8000, help="port (default 8000)")
    serve.add_argument("--workers", type=int, default=1, metavar="N", help="processes (default 1)")
    serve.add_argument("--token-file", metavar="FILE",
                       help="require 'Authorization: Bearer TOKEN' with the token in FILE (not /healthz)")


def run_serve(args: argparse.Namespace) -> int:
    from ..errors import InputError
    from .settings import Settings
    if not all(find_spec(name) for name in ("fastapi", "uvicorn")):
        raise InputError('regkit serve needs the serve extra: pip install "regkit[serve]"')
    if not 0 < args.port < 65536 or args.workers < 1:
        raise InputError("--port must be 1 to 65535 and --workers 1 or more")
    if args.workers > 1 and getattr(args, "rules_folders", None):
        raise InputError("--workers N with --rules is not supported yet: each worker would answer "
                         "from the bundled rules alone; run one worker per folder set")
    settings = Settings(host=args.host, port=args.port, workers=args.workers, token_file=args.token_file)
    settings.token()  # an unreadable or empty token file stops here, in one line
    from .server import serve
    serve(settings)
    return 0
