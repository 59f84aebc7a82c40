"""Drive headless Chromium over the DevTools protocol, for tests that interact with a page.

Chromium's ``--remote-debugging-pipe`` reads NUL-terminated JSON commands on file descriptor 3
and writes replies and events on 4, so no WebSocket library is needed. The tests use it to
move the real mouse, type, evaluate script and take screenshots, in real (not virtual) time.
"""

from __future__ import annotations

import base64
import contextlib
import json
import os
import subprocess
import time
from pathlib import Path
from typing import Any

from tests import browser


class PageError(Exception):
    """Script in the page threw, or the browser reported an error."""


class Browser:
    """One headless Chromium with one page open; use as a context manager."""

    def __init__(
        self, profile: Path, width: int = 1200, height: int = 900, extra: tuple[str, ...] = ()
    ) -> None:
        commands_in, commands_out = os.pipe()  # we write commands, Chromium reads them
        replies_in, replies_out = os.pipe()  # Chromium writes replies, we read them

        def wire() -> None:
            # In the child: copy both ends out of the way first, as either may already be 3 or 4.
            high_in, high_out = os.dup(commands_in), os.dup(replies_out)
            os.dup2(high_in, 3)
            os.dup2(high_out, 4)

        flags = [
            f for f in browser.FLAGS if not f.startswith(("--window-size", "--enable-logging"))
        ]
        self.process = subprocess.Popen(
            [
                browser.chromium(),
                *flags,
                f"--window-size={width},{height}",
                *extra,
                "--remote-debugging-pipe",
                f"--user-data-dir={profile}",
                "about:blank",
            ],
            pass_fds=(3, 4),
            preexec_fn=wire,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        os.close(commands_in)
        os.close(replies_out)
        self._send = os.fdopen(commands_out, "wb", buffering=0)
        self._receive = os.fdopen(replies_in, "rb", buffering=0)
        self._buffer = b""
        self._next_id = 0
        self.console: list[str] = []
        target = self.call("Target.createTarget", {"url": "about:blank"}, session=False)
        attached = self.call(
            "Target.attachToTarget",
            {"targetId": target["targetId"], "flatten": True},
            session=False,
        )
        self.session: str = attached["sessionId"]
        self.call("Runtime.enable")
        self.call("Page.enable")

    def __enter__(self) -> Browser:
        return self

    def __exit__(self, *_: object) -> None:
        with contextlib.suppress(OSError, PageError):
            self.call("Browser.close", session=False)
        try:
            self.process.wait(timeout=20)
        except subprocess.TimeoutExpired:
            self.process.kill()
        self._send.close()
        self._receive.close()

    def call(
        self, method: str, params: dict[str, Any] | None = None, session: bool = True
    ) -> dict[str, Any]:
        """Send one command and wait for its reply (collecting console errors on the way)."""
        self._next_id += 1
        message: dict[str, Any] = {"id": self._next_id, "method": method, "params": params or {}}
        if session:
            message["sessionId"] = self.session
        self._send.write(json.dumps(message).encode() + b"\0")
        while True:
            reply = self._read()
            if reply.get("id") == self._next_id:
                if "error" in reply:
                    raise PageError(f"{method}: {reply['error']}")
                result: dict[str, Any] = reply.get("result", {})
                return result
            self._note_event(reply)

    def _read(self) -> dict[str, Any]:
        while b"\0" not in self._buffer:
            chunk = self._receive.read(1 << 16)
            if not chunk:
                raise PageError("the browser closed the connection")
            self._buffer += chunk
        raw, self._buffer = self._buffer.split(b"\0", 1)
        message: dict[str, Any] = json.loads(raw)
        return message

    def _note_event(self, event: dict[str, Any]) -> None:
        params = event.get("params", {})
        if event.get("method") == "Runtime.consoleAPICalled" and params.get("type") in (
            "error",
            "warning",
            "assert",
        ):
            texts = [str(a.get("value", a.get("description", ""))) for a in params["args"]]
            self.console.append(" ".join(texts))
        elif event.get("method") == "Runtime.exceptionThrown":
            details = params.get("exceptionDetails", {})
            self.console.append(str(details.get("exception", {}).get("description", details)))

    def open(self, page: Path) -> None:
        """Navigate to ``page`` and wait for its load event."""
        self.call("Page.navigate", {"url": page.as_uri()})
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            if self.evaluate("document.readyState") == "complete":
                return
            time.sleep(0.05)
        raise PageError(f"{page} did not load within 60 s")

    def evaluate(self, expression: str) -> Any:
        """The value of ``expression`` (awaited when it is a promise)."""
        result = self.call(
            "Runtime.evaluate",
            {"expression": expression, "returnByValue": True, "awaitPromise": True},
        )
        if "exceptionDetails" in result:
            raise PageError(str(result["exceptionDetails"].get("exception", result)))
        return result["result"].get("value")

    def wait_for(self, expression: str, timeout: float = 30.0) -> Any:
        """Poll ``expression`` until it is truthy; return its value."""
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            value = self.evaluate(expression)
            if value:
                return value
            time.sleep(0.05)
        raise PageError(f"timed out waiting for {expression}")

    def mouse(self, kind: str, x: float, y: float, buttons: int = 0) -> None:
        """A real mouse event: ``kind`` is mouseMoved, mousePressed or mouseReleased."""
        params: dict[str, Any] = {"type": kind, "x": x, "y": y, "buttons": buttons}
        if kind != "mouseMoved" or buttons:
            params["button"] = "left"
            params["clickCount"] = 1
        self.call("Input.dispatchMouseEvent", params)

    def click(self, x: float, y: float) -> None:
        self.mouse("mouseMoved", x, y)
        self.mouse("mousePressed", x, y, buttons=1)
        self.mouse("mouseReleased", x, y)

    def type_text(self, text: str) -> None:
        """Type into the focused element, as a keyboard would."""
        self.call("Input.insertText", {"text": text})

    def screenshot(self, target: Path) -> int:
        """Save a PNG of the page; return its size in bytes."""
        png = base64.b64decode(self.call("Page.captureScreenshot", {"format": "png"})["data"])
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(png)
        return len(png)
