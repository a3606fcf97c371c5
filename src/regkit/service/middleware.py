"""The bearer token and the receipt headers, as one ASGI layer in front of every route.

A token is compared in constant time; /healthz needs none, so a load balancer can
probe a protected service. Every answer carries the receipt as headers (the regkit
version, each pack's id@version:sha256, the calendar data), so a caller can log
which law answered without asking /v1/version.
"""

from __future__ import annotations

import hmac
from typing import Any

from .errors import error_body, error_bytes

__all__ = ["Guard"]

OPEN_PATHS = frozenset({"/healthz"})


def receipt_headers(receipt: dict[str, Any]) -> list[tuple[bytes, bytes]]:
    packs = ",".join(f"{p['id']}@{p['version']}:{p['sha256']}" for p in receipt["packs"])
    calendar = receipt["calendar"]
    schedules = ",".join(str(s["year"]) for s in calendar["schedules"]) or "none"
    return [(b"x-regkit-version", receipt["regkit_version"].encode("ascii")),
            (b"x-regkit-packs", packs.encode("ascii")),
            (b"x-regkit-calendar", f"holidays={calendar['holidays_version']}; official-through="
                                   f"{calendar['official_through']}; schedules={schedules}".encode("ascii"))]


class Guard:
    """Refuse a request without the token (401); add the receipt headers to every answer."""

    def __init__(self, app: Any, *, token: str | None, receipt: dict[str, Any]) -> None:
        self.app = app
        self.expected = f"Bearer {token}".encode("utf-8") if token else None
        self.headers = receipt_headers(receipt)

    async def __call__(self, scope: dict, receive: Any, send: Any) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        extra = self.headers

        async def send_with_receipt(message: dict) -> None:
            if message["type"] == "http.response.start":
                message["headers"] = [*message.get("headers", ()), *extra]
            await send(message)

        if self.expected is not None and scope["path"] not in OPEN_PATHS:
            given = dict(scope["headers"]).get(b"authorization", b"")
            if not hmac.compare_digest(given, self.expected):
                body = error_bytes(error_body("a bearer token is required (Authorization: Bearer TOKEN)"
                                              if not given else "wrong bearer token", "Unauthorized"))
                await send_with_receipt({"type": "http.response.start", "status": 401, "headers": [
                    (b"content-type", b"application/json"), (b"content-length", str(len(body)).encode()),
                    (b"www-authenticate", b'Bearer realm="regkit"')]})
                await send({"type": "http.response.body", "body": body})
                return
        await self.app(scope, receive, send_with_receipt)
