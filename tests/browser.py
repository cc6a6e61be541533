"""A page driven in headless Chromium over the DevTools protocol (``--remote-debugging-pipe``), no extra package.

Chromium reads protocol messages on file descriptor 3 and writes its answers on 4, each a JSON text ended by
a NUL byte. The page is opened in a new target, and scripts run in it with ``Runtime.evaluate``, so a test
clicks buttons as a user would and reads what the page then shows.
"""

from __future__ import annotations

import functools
import json
import os
import shutil
import struct
import subprocess
import tempfile
import time
import zlib
from pathlib import Path
from types import TracebackType
from typing import Any

CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"


#: The flags every headless run takes here: no sandbox (tests run as root), no GPU, and no network of its own.
FLAGS = (
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
)


def headless(page: Path, *args: str) -> subprocess.CompletedProcess[str]:
    """Run headless Chromium once on ``page`` with ``args`` (e.g. ``--dump-dom``, ``--screenshot=PATH``), in a
    fresh profile; its output as text. Raises when Chromium fails or takes more than two minutes."""
    with tempfile.TemporaryDirectory() as profile:
        return subprocess.run(
            [CHROMIUM, *FLAGS, f"--user-data-dir={profile}", *args, page.resolve().as_uri()],
            check=True,
            capture_output=True,
            text=True,
            errors="replace",
            timeout=120,
        )


def png_rows(png: bytes, limit: int) -> tuple[int, int, list[bytes]]:
    """Width, height and the first ``limit`` RGB rows of an 8-bit truecolour PNG (what Chromium writes)."""
    assert png[:8] == b"\x89PNG\r\n\x1a\n"
    pos, idat, width, height, channels = 8, b"", 0, 0, 3
    while pos < len(png):
        length, kind = struct.unpack(">I4s", png[pos : pos + 8])
        body = png[pos + 8 : pos + 8 + length]
        if kind == b"IHDR":
            width, height, depth, colour = struct.unpack(">IIBB", body[:10])
            assert depth == 8
            assert colour in (2, 6)
            channels = 3 if colour == 2 else 4
        elif kind == b"IDAT":
            idat += body
        pos += 12 + length
    raw, stride, rows, prev = zlib.decompress(idat), width * channels, [], bytearray(width * channels)
    for y in range(min(height, limit)):
        kind, line = raw[y * (stride + 1)], bytearray(raw[y * (stride + 1) + 1 : (y + 1) * (stride + 1)])
        for i in range(stride):
            a = line[i - channels] if i >= channels else 0
            b, c = prev[i], prev[i - channels] if i >= channels else 0
            p = a + b - c
            pred = (
                0,
                a,
                b,
                (a + b) // 2,
                a if abs(p - a) <= min(abs(p - b), abs(p - c)) else b if abs(p - b) <= abs(p - c) else c,
            )[kind]
            line[i] = (line[i] + pred) & 0xFF
        rows.append(bytes(line if channels == 3 else b"".join(line[i : i + 3] for i in range(0, stride, 4))))
        prev = line
    return width, height, rows


def _onto_3_and_4(to_browser: int, from_browser: int) -> None:
    """In the child: the pipes where Chromium's ``--remote-debugging-pipe`` looks for them."""
    os.dup2(to_browser, 3)
    os.dup2(from_browser, 4)


class Page:
    """One page in a headless Chromium; use as a context manager."""

    def __init__(self, path: Path, profile: Path, width: int = 800, height: int = 600) -> None:
        to_browser, self._write = os.pipe()
        self._read, from_browser = os.pipe()
        self._proc = subprocess.Popen(
            [
                CHROMIUM,
                "--headless",
                "--no-sandbox",
                "--disable-gpu",
                "--remote-debugging-pipe",
                f"--window-size={width},{height}",
                f"--user-data-dir={profile}",
                "about:blank",
            ],
            # 3 and 4 are kept too: the child closes every other descriptor after the dup2 below.
            pass_fds=tuple({3, 4, to_browser, from_browser}),
            stdin=subprocess.DEVNULL,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
            preexec_fn=functools.partial(_onto_3_and_4, to_browser, from_browser),
        )
        os.close(to_browser)
        os.close(from_browser)
        self._buffer = b""
        self._next = 0
        target = self._call("Target.createTarget", {"url": path.resolve().as_uri()})["targetId"]
        self._session = self._call("Target.attachToTarget", {"targetId": target, "flatten": True})["sessionId"]
        deadline = time.monotonic() + 30
        url = path.resolve().as_uri()
        while self.run("location.href + ' ' + document.readyState") != f"{url} complete":
            if time.monotonic() > deadline:
                raise TimeoutError("the page did not load")
            time.sleep(0.05)

    def _call(self, method: str, params: dict[str, Any], session: str | None = None) -> dict[str, Any]:
        self._next += 1
        message: dict[str, Any] = {"id": self._next, "method": method, "params": params}
        if session is not None:
            message["sessionId"] = session
        os.write(self._write, json.dumps(message).encode() + b"\0")
        while True:
            while b"\0" not in self._buffer:
                chunk = os.read(self._read, 1 << 16)
                if not chunk:
                    raise RuntimeError("chromium closed the pipe")
                self._buffer += chunk
            raw, _, self._buffer = self._buffer.partition(b"\0")
            answer = json.loads(raw)
            if answer.get("id") == self._next:
                if "error" in answer:
                    raise RuntimeError(answer["error"])
                result: dict[str, Any] = answer["result"]
                return result

    def run(self, script: str) -> Any:
        """The value of ``script`` evaluated in the page."""
        found = self._call("Runtime.evaluate", {"expression": script, "returnByValue": True}, self._session)
        if "exceptionDetails" in found:
            raise RuntimeError(found["exceptionDetails"])
        return found["result"].get("value")

    def allow_downloads(self, folder: Path) -> None:
        """Save what the page downloads into ``folder``, as a user's browser would save it."""
        self._call("Browser.setDownloadBehavior", {"behavior": "allow", "downloadPath": str(folder.resolve())})

    def __enter__(self) -> Page:
        return self

    def __exit__(self, kind: type[BaseException] | None, error: BaseException | None, tb: TracebackType | None) -> None:
        self._proc.kill()
        self._proc.wait()
        os.close(self._write)
        os.close(self._read)
