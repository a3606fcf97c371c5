"""`POST /v1/batch`: JSON Lines in, records out, while the input still arrives.

Each piece of body that arrives is cut into its complete lines, which go through
the line logic of `regkit batch` (`batchfile._run_chunk`: the same records, the same
bytes) in the thread pool; the records are sent at once. A line longer than the
limit is not held in memory: it becomes an error record naming its line, and the
rest of it is skipped. Framework streaming responses listen for a disconnect by
reading the request, which would swallow the body still to come; this one only
writes.
"""

from __future__ import annotations

from typing import Any, AsyncIterator

from starlette.concurrency import run_in_threadpool
from starlette.responses import Response

from ..batch import Options, record_json
from ..batchfile import _run_chunk

__all__ = ["StreamingLines", "batch_lines"]


def _too_long(number: int, limit: int) -> bytes:
    record = {"line": number, "error": f"line too long (more than {limit} bytes; the limit is {limit})",
              "error_type": "HistoryError"}
    return record_json(record).encode("utf-8")


async def batch_lines(body: AsyncIterator[bytes], options: Options, limit: int) -> AsyncIterator[bytes]:
    """The output records of a body of JSON Lines, as soon as each line is complete."""
    pending = bytearray()
    number = 1  # of the first line in `pending`
    skipping = False  # inside a line already reported too long
    async for piece in body:
        pending += piece
        if skipping:
            end = pending.find(b"\n")
            if end < 0:
                pending.clear()
                continue
            del pending[:end + 1]
            skipping = False
            number += 1
        cut = pending.rfind(b"\n")
        if cut >= 0:
            lines = [bytes(line) + b"\n" for line in pending[:cut].split(b"\n")]
            del pending[:cut + 1]
            async for output in _evaluate(lines, number, options, limit):
                yield output
            number += len(lines)
        if len(pending) > limit:
            yield _too_long(number, limit)
            pending.clear()
            skipping = True
    if pending and not skipping:
        async for output in _evaluate([bytes(pending)], number, options, limit):
            yield output


async def _evaluate(lines: list[bytes], first: int, options: Options, limit: int) -> AsyncIterator[bytes]:
    """The records of complete lines numbered from `first`: runs of lines within the limit go
    to the thread pool together; a line past it is an error record in its place."""
    start = 0
    for offset, line in enumerate([*lines, None]):
        if line is not None and len(line.rstrip(b"\r\n")) <= limit:
            continue
        if start < offset:
            output = (await run_in_threadpool(_run_chunk, (first + start, lines[start:offset]), options))[0]
            if output:
                yield output
        if line is not None:
            yield _too_long(first + offset, limit)
        start = offset + 1


class StreamingLines(Response):
    """A response that sends each piece of `chunks` as it comes, and only sends."""

    def __init__(self, chunks: AsyncIterator[bytes], media_type: str) -> None:  # noqa: D107
        self.chunks = chunks
        self.media_type = media_type
        self.status_code = 200
        self.background = None

    async def __call__(self, scope: dict, receive: Any, send: Any) -> None:
        await send({"type": "http.response.start", "status": 200,
                    "headers": [(b"content-type", self.media_type.encode("ascii"))]})
        async for chunk in self.chunks:
            await send({"type": "http.response.body", "body": chunk, "more_body": True})
        await send({"type": "http.response.body", "body": b"", "more_body": False})
