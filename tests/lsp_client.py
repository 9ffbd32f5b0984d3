"""An editor's side of the Language Server Protocol over stdio, for the tests and the benchmark of
`consistency lsp`: JSON-RPC messages framed with Content-Length headers, written and read here."""
from __future__ import annotations

import json
import os
import queue
import subprocess
import sys
import threading
from pathlib import Path

# Seconds to wait for one message from the server (the first check loads the parser).
WAIT = int(os.environ.get("LSP_WAIT", 120))


class Client:
    """The editor's side: a server process, messages sent, and messages received in order."""

    def __init__(self, args: list[str], cwd: Path) -> None:
        self.process = subprocess.Popen([sys.executable, "-m", "consistency", "lsp", *args], cwd=cwd,
                                        stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
        self.received: queue.Queue[dict] = queue.Queue()
        self.next_id = 0
        self.stderr: list[bytes] = []  # what the server logged, for a failing test's message
        threading.Thread(target=self._read, daemon=True).start()
        threading.Thread(target=lambda: self.stderr.extend(self.process.stderr), daemon=True).start()

    def close(self) -> None:
        """End the server if it still runs, and release its pipes."""
        if self.process.poll() is None:
            self.process.kill()
        self.process.wait(timeout=WAIT)
        self.process.stdin.close()

    def _read(self) -> None:
        out = self.process.stdout
        while True:
            headers = {}
            while (line := out.readline()) not in (b"\r\n", b""):
                name, _, value = line.decode("ascii").partition(":")
                headers[name.strip().lower()] = value.strip()
            if not line:
                return
            self.received.put(json.loads(out.read(int(headers["content-length"]))))

    def send(self, message: dict) -> None:
        body = json.dumps({"jsonrpc": "2.0", **message}).encode("utf-8")
        self.process.stdin.write(b"Content-Length: %d\r\n\r\n%s" % (len(body), body))
        self.process.stdin.flush()

    def notify(self, method: str, params: dict | None) -> None:
        self.send({"method": method, "params": params})

    def request(self, method: str, params: dict | None) -> object:
        self.next_id += 1
        self.send({"id": self.next_id, "method": method, "params": params})
        answer = self.wait(lambda m: m.get("id") == self.next_id and "method" not in m)
        assert "error" not in answer, answer
        return answer["result"]

    def wait(self, wanted, skipped: list | None = None) -> dict:
        """The next message ``wanted`` accepts; the others received before it go to ``skipped``."""
        while True:
            message = self.received.get(timeout=WAIT)
            if wanted(message):
                return message
            if skipped is not None:
                skipped.append(message)

    def diagnostics(self, uri: str, skipped: list | None = None) -> dict:
        return self.wait(lambda m: m.get("method") == "textDocument/publishDiagnostics"
                         and m["params"]["uri"] == uri, skipped)["params"]
