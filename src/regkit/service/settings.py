"""What a service is started with: where it listens, its limits, its token."""

from __future__ import annotations

from dataclasses import dataclass

from .._yaml import MAX_BYTES
from ..errors import InputError

__all__ = ["Settings"]


@dataclass(frozen=True)
class Settings:
    """The service's options; the defaults are the safe ones.

    `max_body_bytes` is the size a history file may have on the command line (32 MiB);
    the other limits are the library's own (events per history, batch line length), so
    the service refuses exactly what the command line refuses. `token_file`: a file holding the bearer token every
    route but /healthz requires (None: no token); it is read by each process, so the
    token itself is never passed in the environment or on a command line.
    """

    host: str = "127.0.0.1"
    port: int = 8000
    workers: int = 1
    max_body_bytes: int = MAX_BYTES
    token_file: str | None = None

    def token(self) -> str | None:
        """The token in `token_file` (surrounding white space removed); refused if empty."""
        if self.token_file is None:
            return None
        try:
            with open(self.token_file, encoding="utf-8") as handle:
                token = handle.read().strip()
        except (OSError, UnicodeDecodeError, ValueError) as exc:
            raise InputError(f"cannot read the token: {getattr(exc, 'strerror', None) or exc}",
                             file=self.token_file) from None
        if not token or any(c.isspace() or not c.isprintable() for c in token):
            raise InputError("the token file must hold one token: printable, without spaces",
                             file=self.token_file)
        return token
