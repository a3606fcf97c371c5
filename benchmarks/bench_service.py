"""Load on a real `regkit serve` on localhost: latency and throughput, against the library's cost.

Run as `python benchmarks/bench_service.py [REQUESTS] [CLIENTS]` (not collected by
pytest; needs `pip install ".[serve]"` and httpx). It starts `regkit serve` as a
process on a free port of 127.0.0.1, and in this process measures:

* the baseline: the library's own cost per evaluation of the typical history of
  bench_evaluate.py (Hebei over Decree 809, 8 events), `regkit.evaluate` plus
  `regkit.to_json`, since the service answers JSON text; the p50 of single calls;
* `GET /healthz`: the floor, what a request costs with nothing to do (client, loopback,
  HTTP parsing and the service's middleware);
* `POST /v1/evaluate`: REQUESTS requests (default 2,000) from one client, then from
  CLIENTS concurrent clients (default 8), each on its own keep-alive connection:
  p50/p99 latency and requests per second;
* `POST /v1/batch`: CLIENTS clients each sending batches of 100 histories
  (REQUESTS / 10 histories each): p50/p99 per batch and histories per second.

The clients are the standard library's `http.client` (keep-alive, chunked answers),
the leanest at hand: on a loaded machine httpx's own cost per call was several
milliseconds and would have been measured instead of the service. Every answer is compared with the library's bytes; the run counts errors and
mismatches (the target is zero). Counts are fixed and each phase stops after 120 s
whatever it has done, so the run is bounded. The target: at p50, the service adds no
more than twice the library's own cost (service p50 / library p50 <= 3).
"""

from __future__ import annotations

import json
import os
import signal
import socket
import statistics
import subprocess
import sys
import threading
import time

import http.client

import httpx

import regkit

sys.path.insert(0, os.path.dirname(__file__))
from bench_evaluate import AS_OF, HISTORY  # noqa: E402

BODY = {"jurisdiction": "hebei", "as_of": AS_OF, "events": HISTORY}
PHASE_SECONDS = 120


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _start() -> tuple[subprocess.Popen, str]:
    port = _free_port()
    process = subprocess.Popen([sys.executable, "-m", "regkit", "serve", "--port", str(port)],
                               stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    url = f"http://127.0.0.1:{port}"
    for _ in range(600):
        try:
            httpx.get(url + "/healthz", timeout=1)
            return process, url
        except httpx.TransportError:
            time.sleep(0.1)
    process.kill()
    raise SystemExit("regkit serve did not start")


def _percentile(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(q * len(ordered)))]


def _library(calls: int) -> tuple[float, float, float, bytes]:
    """p50 in microseconds of evaluate + to_json, of evaluate alone; the mean CPU time of
    evaluate + to_json; the expected bytes."""
    with_json, alone = [], []
    cpu = time.process_time()
    for _ in range(calls):
        t0 = time.perf_counter()
        result = regkit.evaluate(HISTORY, jurisdiction="hebei", as_of=AS_OF)
        t1 = time.perf_counter()
        text = regkit.to_json(result)
        t2 = time.perf_counter()
        alone.append(t1 - t0)
        with_json.append(t2 - t0)
    cpu = (time.process_time() - cpu) / calls * 1e6
    return statistics.median(with_json) * 1e6, statistics.median(alone) * 1e6, cpu, text.encode("utf-8")


def _cpu_seconds(pid: int) -> float:
    """User + system CPU time a process has used so far (Linux /proc)."""
    with open(f"/proc/{pid}/stat") as handle:
        fields = handle.read().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def _load(url: str, clients: int, per_client: int, send) -> tuple[list[float], int, float]:
    """(latencies in s, failures, wall seconds) of `clients` threads each making `per_client` calls."""
    latencies: list[float] = []
    failures = [0]
    lock = threading.Lock()
    stop_at = time.monotonic() + PHASE_SECONDS

    host, port = url.removeprefix("http://").rsplit(":", 1)

    def client() -> None:
        mine, bad = [], 0
        conn = http.client.HTTPConnection(host, int(port), timeout=60)
        try:
            for _ in range(per_client):
                if time.monotonic() > stop_at:
                    break
                t0 = time.perf_counter()
                ok = send(conn)
                mine.append(time.perf_counter() - t0)
                bad += not ok
        finally:
            conn.close()
        with lock:
            latencies.extend(mine)
            failures[0] += bad

    threads = [threading.Thread(target=client) for _ in range(clients)]
    start = time.perf_counter()
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return latencies, failures[0], time.perf_counter() - start


def main(requests: int = 2000, clients: int = 8) -> None:
    library_p50, evaluate_p50, library_cpu, expected = _library(max(requests, 500))
    batch_lines = 100
    batch_body = ("\n".join(json.dumps(BODY) for _ in range(batch_lines)) + "\n").encode("utf-8")
    expected_record = ('{"line":%d,"result":' + json.dumps(json.loads(expected), ensure_ascii=False,
                                                           sort_keys=True, separators=(",", ":")) + "}\n")
    expected_batch = "".join(expected_record % n for n in range(1, batch_lines + 1)).encode("utf-8")

    evaluate_body = json.dumps(BODY).encode("utf-8")

    def call(conn: http.client.HTTPConnection, method: str, path: str, body: bytes | None,
             want: bytes | None) -> bool:
        conn.request(method, path, body=body, headers={"Content-Type": "application/json"})
        answer = conn.getresponse()
        content = answer.read()
        return answer.status == 200 and (want is None or content == want)

    def healthz(conn: http.client.HTTPConnection) -> bool:
        return call(conn, "GET", "/healthz", None, b'{"status":"ok"}\n')

    def evaluate(conn: http.client.HTTPConnection) -> bool:
        return call(conn, "POST", "/v1/evaluate", evaluate_body, expected)

    def batch(conn: http.client.HTTPConnection) -> bool:
        return call(conn, "POST", "/v1/batch", batch_body, expected_batch)

    process, url = _start()
    try:
        _load(url, 1, 50, evaluate)  # warm: packs, plans, the thread pool
        print(f"library: regkit.evaluate + to_json p50 {library_p50:7.0f} us, CPU {library_cpu:.0f} us/call "
              f"(evaluate alone p50 {evaluate_p50:.0f} us)  [baseline]")
        rows = []
        for label, n_clients, per_client, send, unit in (
                ("/healthz, 1 client (the floor)", 1, requests, healthz, 1),
                ("/v1/evaluate, 1 client", 1, requests, evaluate, 1),
                (f"/v1/evaluate, {clients} clients", clients, requests // clients, evaluate, 1),
                (f"/v1/batch x{batch_lines}, {clients} clients", clients, max(1, requests // 10 // batch_lines),
                 batch, batch_lines)):
            cpu = _cpu_seconds(process.pid)
            latencies, failures, wall = _load(url, n_clients, per_client, send)
            cpu = (_cpu_seconds(process.pid) - cpu) / max(1, len(latencies) * unit) * 1e6
            p50, p99 = _percentile(latencies, 0.5) * 1e6, _percentile(latencies, 0.99) * 1e6
            rate = len(latencies) * unit / wall
            rows.append((label, len(latencies), p50, p99, rate, failures, cpu))
            print(f"{label:34} {len(latencies):6} requests  p50 {p50:8.0f} us  p99 {p99:8.0f} us  "
                  f"{rate:8.0f} {'requests' if send is healthz else 'histories'}/s  "
                  f"server CPU {cpu:6.0f} us each  errors or mismatches: {failures}")
        single_p50, single_cpu = rows[1][2], rows[1][6]
        print(f"service p50 / library p50 (evaluate + to_json): {single_p50 / library_p50:.2f} "
              f"(the service adds {single_p50 / library_p50 - 1:.2f}x the library's cost; target <= 2)")
        print(f"server CPU per evaluation / library CPU: {single_cpu / library_cpu:.2f} "
              f"(adds {single_cpu / library_cpu - 1:.2f}x; the wall-clock ratio includes waiting for a core)")
    finally:
        process.send_signal(signal.SIGTERM)
        process.wait(timeout=60)


if __name__ == "__main__":
    main(*(int(arg) for arg in sys.argv[1:3]))
