"""`regkit serve` as a platform engineer starts it: a process, stopped with SIGTERM.

A request in flight when the signal comes is answered in full before the process
exits 0; a bad token file stops the command in one line with exit code 2.
"""

from __future__ import annotations

import json
import os
import signal
import socket
import subprocess
import sys
import time

import httpx
import pytest

from chunked import open_batch, read_until, send_chunk, send_last

pytestmark = pytest.mark.skipif(sys.platform == "win32", reason="SIGTERM")


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _start(*args: str) -> tuple[subprocess.Popen, str]:
    port = _free_port()
    process = subprocess.Popen([sys.executable, "-m", "regkit", "serve", "--port", str(port), *args],
                               stdout=subprocess.PIPE, stderr=subprocess.STDOUT)
    url = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 90
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise AssertionError(process.stdout.read().decode())
        try:
            if httpx.get(url + "/healthz", timeout=1).status_code == 200:
                return process, url
        except httpx.TransportError:
            time.sleep(0.2)
    process.kill()
    raise AssertionError("regkit serve did not answer within 90 s")


def test_sigterm_finishes_the_request_in_flight():
    process, url = _start()
    try:
        line = json.dumps({"jurisdiction": "cn", "as_of": "2026-11-22", "events": []}).encode() + b"\n"
        with open_batch(url) as sock:
            send_chunk(sock, line)
            received = read_until(sock, b"", b'"line":1')
            process.send_signal(signal.SIGTERM)  # mid-request: the second line is still to come
            time.sleep(0.5)
            send_last(sock, line)
            received = read_until(sock, received, b"0\r\n\r\n", at_end=True)
        assert b'"line":2' in received and received.endswith(b"0\r\n\r\n")
        assert process.wait(timeout=30) == 0
    finally:
        if process.poll() is None:
            process.kill()
            process.wait()


def test_two_workers_and_the_token(tmp_path):
    token = tmp_path / "token"
    token.write_text("abc123")
    process, url = _start("--workers", "2", "--token-file", str(token))
    try:
        assert httpx.get(url + "/v1/jurisdictions").status_code == 401
        answer = httpx.get(url + "/v1/jurisdictions", headers={"Authorization": "Bearer abc123"})
        assert answer.status_code == 200 and {"cn", "hebei"} <= {row["id"] for row in answer.json()}
    finally:
        process.send_signal(signal.SIGTERM)
        assert process.wait(timeout=60) == 0


@pytest.mark.parametrize("content", [None, "", "two words"])
def test_a_bad_token_file_is_one_line_and_exit_2(tmp_path, content):
    token = tmp_path / "token"
    if content is not None:
        token.write_text(content)
    done = subprocess.run([sys.executable, "-m", "regkit", "serve", "--token-file", str(token)],
                          capture_output=True, text=True, timeout=60, env={**os.environ})
    assert done.returncode == 2
    assert len(done.stderr.strip().splitlines()) == 1 and str(token) in done.stderr
