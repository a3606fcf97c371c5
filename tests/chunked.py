"""A chunked upload on a bare socket: what lets a test see records arrive while it still sends."""

from __future__ import annotations

import socket

__all__ = ["open_batch", "read_until", "send_chunk", "send_last"]


def open_batch(url: str) -> socket.socket:
    """A connection to `url` with the head of a chunked POST /v1/batch sent."""
    host, port = url.removeprefix("http://").rsplit(":", 1)
    sock = socket.create_connection((host, int(port)), timeout=30)
    sock.sendall(b"POST /v1/batch HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n"
                 b"Content-Type: application/x-ndjson\r\n\r\n")
    return sock


def send_chunk(sock: socket.socket, data: bytes) -> None:
    sock.sendall(b"%x\r\n%s\r\n" % (len(data), data))


def send_last(sock: socket.socket, data: bytes) -> None:
    send_chunk(sock, data)
    sock.sendall(b"0\r\n\r\n")


def read_until(sock: socket.socket, received: bytes, marker: bytes, *, at_end: bool = False) -> bytes:
    """`received` plus what arrives until it holds `marker` (at its end: `at_end`), or the peer closes."""
    while not (received.endswith(marker) if at_end else marker in received):
        piece = sock.recv(65536)
        if not piece:
            break
        received += piece
    return received
