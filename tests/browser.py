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
import subprocess
import time
from pathlib import Path
from types import TracebackType
from typing import Any

CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"


def _onto_3_and_4(to_browser: int, from_browser: int) -> None:
    """In the child: the pipes where Chromium's ``--remote-debugging-pipe`` looks for them."""
    os.dup2(to_browser, 3)
    os.dup2(from_browser, 4)


class Page:
    """One page in a headless Chromium; use as a context manager."""

    def __init__(self, path: Path, profile: Path) -> None:
        to_browser, self._write = os.pipe()
        self._read, from_browser = os.pipe()
        self._proc = subprocess.Popen(
            [
                CHROMIUM,
                "--headless",
                "--no-sandbox",
                "--disable-gpu",
                "--remote-debugging-pipe",
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

    def __enter__(self) -> Page:
        return self

    def __exit__(self, kind: type[BaseException] | None, error: BaseException | None, tb: TracebackType | None) -> None:
        self._proc.kill()
        self._proc.wait()
        os.close(self._write)
        os.close(self._read)
