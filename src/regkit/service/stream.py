"""`POST /v1/batch`: JSON Lines in, records out, while the input still arrives.

Each piece of body that arrives is cut into its complete lines, which go through
the line logic of `regkit batch` (`batchfile._run_chunk`: the same records, the same
bytes, the same limits) in the thread pool; the records are sent at once. A line
longer than the batch line limit is not held in memory: it becomes the error record
`regkit batch` writes for it, naming its line. Framework streaming responses listen for a disconnect by
reading the request, which would swallow the body still to come; this one only
writes.
"""

from __future__ import annotations

from typing import Any, AsyncIterator

from starlette.concurrency import run_in_threadpool
from starlette.responses import Response

from ..batch import Options
from ..batchfile import MAX_LINE_BYTES, _run_chunk

__all__ = ["StreamingLines", "batch_lines"]


async def batch_lines(body: AsyncIterator[bytes], options: Options) -> AsyncIterator[bytes]:
    """The output records of a body of JSON Lines, as soon as each line is complete.

    A line longer than `MAX_LINE_BYTES` is counted, not kept, and goes to the chunk
    function as its length, which makes the error record `regkit batch` writes for it."""
    pending = bytearray()
    number = 1  # of the line `pending` begins
    skipped = 0  # bytes of an over-long line seen so far (0: not inside one)
    async for piece in body:
        view = memoryview(piece)
        if skipped:
            end = piece.find(b"\n")
            if end < 0:
                skipped += len(piece)
                continue
            yield await _run([skipped + end + 1], number, options)
            number, skipped, view = number + 1, 0, view[end + 1:]
        pending += view
        cut = pending.rfind(b"\n")
        if cut >= 0:
            lines: list[bytes | int] = [bytes(line) + b"\n" for line in pending[:cut].split(b"\n")]
            del pending[:cut + 1]
            lines = [len(line) if len(line) > MAX_LINE_BYTES else line for line in lines]
            yield await _run(lines, number, options)
            number += len(lines)
        if len(pending) > MAX_LINE_BYTES:
            skipped = len(pending)
            pending.clear()
    if skipped or pending:
        yield await _run([skipped or bytes(pending)], number, options)


async def _run(lines: list, first: int, options: Options) -> bytes:
    """The records of `lines` numbered from `first`, made in the thread pool."""
    return (await run_in_threadpool(_run_chunk, (first, lines), options))[0]


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
