"""The report in a real browser: headless Chromium (the operating system's package) renders it;
the SVG timelines are drawn, the console stays silent and nothing is fetched.

Nothing is fetched because the page's Content-Security-Policy forbids it and Chromium reports
every blocked load on the console, so "no console message" covers both; host resolution is
also switched off. In CI (CI=true) a missing Chromium fails the test instead of skipping it.
"""

from __future__ import annotations

import os
import shutil
import struct
import subprocess
import zlib
from pathlib import Path

import pytest

from regkit.cli import main

ROOT = Path(__file__).resolve().parent.parent
CHROMIUM = next((found for name in ("chromium", "chromium-browser", "google-chrome")
                 if (found := shutil.which(name))), None)
HOLIDAY_PINK = (0xF3, 0xD0, 0xD0)  # the fill of a statutory holiday in a timeline, used nowhere else
MET_GREEN = (0x2E, 0x7D, 0x32)


@pytest.fixture
def chromium() -> str:
    if CHROMIUM is None:
        if os.environ.get("CI") == "true":
            pytest.fail("CI=true but Chromium is not installed (.ci/run installs the Debian package chromium)")
        pytest.skip("Chromium is not installed")
    return CHROMIUM


def _run(chromium: str, page: Path, tmp_path: Path, *mode: str) -> subprocess.CompletedProcess:
    profile = tmp_path / f"profile-{len(list(tmp_path.iterdir()))}"
    return subprocess.run(
        [chromium, "--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
         "--disable-component-update", "--disable-sync", "--no-first-run", f"--user-data-dir={profile}",
         "--host-resolver-rules=MAP * ~NOTFOUND", "--enable-logging=stderr", "--v=0",
         "--window-size=794,1123", *mode, page.as_uri()],
        capture_output=True, text=True, timeout=120, check=False)


def _console(stderr: str) -> list[str]:
    return [line for line in stderr.splitlines() if ":CONSOLE" in line]


def _pixels(png: bytes) -> set[tuple[int, int, int]]:
    """The distinct colours of an 8-bit RGB or RGBA PNG (all Chromium writes)."""
    assert png[:8] == b"\x89PNG\r\n\x1a\n"
    pos, idat, width = 8, b"", 0
    while pos < len(png):
        length, kind = struct.unpack(">I4s", png[pos:pos + 8])
        data = png[pos + 8:pos + 8 + length]
        if kind == b"IHDR":
            width, _height, depth, colour = struct.unpack(">IIBB", data[:10])
            assert depth == 8 and colour in (2, 6)
            channels = 4 if colour == 6 else 3
        elif kind == b"IDAT":
            idat += data
        pos += 12 + length
    raw, stride = zlib.decompress(idat), width * channels
    previous, colours, i = bytearray(stride), set(), 0
    while i < len(raw):
        kind, line = raw[i], bytearray(raw[i + 1:i + 1 + stride])
        for x in range(stride):
            a = line[x - channels] if x >= channels else 0
            b = previous[x]
            c = previous[x - channels] if x >= channels else 0
            if kind == 1:
                line[x] = (line[x] + a) & 0xFF
            elif kind == 2:
                line[x] = (line[x] + b) & 0xFF
            elif kind == 3:
                line[x] = (line[x] + (a + b) // 2) & 0xFF
            elif kind == 4:
                p = a + b - c
                pa, pb, pc = abs(p - a), abs(p - b), abs(p - c)
                line[x] = (line[x] + (a if pa <= pb and pa <= pc else b if pb <= pc else c)) & 0xFF
        colours.update(tuple(line[x:x + 3]) for x in range(0, stride, channels))
        previous, i = line, i + 1 + stride
    return colours


def _check(chromium: str, page: Path, tmp_path: Path) -> tuple[str, list[str], set]:
    dom = _run(chromium, page, tmp_path, "--dump-dom")
    assert dom.returncode == 0, dom.stderr[-2000:]
    shot = tmp_path / "shot.png"
    done = _run(chromium, page, tmp_path, f"--screenshot={shot}")
    assert done.returncode == 0 and shot.exists(), done.stderr[-2000:]
    return dom.stdout, _console(dom.stderr) + _console(done.stderr), _pixels(shot.read_bytes())


def test_the_report_renders_in_chromium(chromium, tmp_path):
    page = tmp_path / "report.html"
    assert main(["report", str(ROOT / "examples/hebei.yaml"), "--out", str(page), "--lang", "zh",
                 "--compare"]) == 0
    dom, console, colours = _check(chromium, page, tmp_path)
    assert dom.count("<svg") == 4 and "<rect" in dom
    assert console == []
    # drawn, not just present: the National Day band and the green bar of a met duty are on screen
    assert HOLIDAY_PINK in colours and MET_GREEN in colours


def test_the_check_sees_a_fetch_and_a_missing_drawing(chromium, tmp_path):
    # the same checks on a page that tries to load an image and draws no timeline must fail
    page = tmp_path / "bad.html"
    page.write_text('<!DOCTYPE html><html><head><meta charset="utf-8"><meta http-equiv='
                    '"Content-Security-Policy" content="default-src \'none\'"></head><body>'
                    '<img src="http://198.51.100.1/x.png"><p>no timeline</p></body></html>', encoding="utf-8")
    dom, console, colours = _check(chromium, page, tmp_path)
    assert "<svg" not in dom and HOLIDAY_PINK not in colours
    assert console and all("198.51.100.1" in line for line in console)  # once per run
