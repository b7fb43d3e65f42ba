"""One log line per request the mock serves (`clevertap-harness serve`), as WireMock and moto print theirs.

A WSGI middleware around the whole app: after the app answered it reads what the request was (method, path with
the region prefix taken off, region) and what the mock did (status, and for an upload how many records it
accepted and rejected, with CleverTap's codes), and writes one line to a stream. Admin (`/_mock`) and document
requests are not logged: the journal viewer polls the admin API, and its requests would drown the traffic.

Text lines read as `2026-11-28T10:15:02Z POST /1/upload region=in1 200 accepted=1 rejected=1 codes=513`;
`--log-format json` writes the same facts as one JSON object per line.
"""

from __future__ import annotations

import json
import threading
from collections import Counter
from collections.abc import Callable, Iterable
from datetime import UTC, datetime
from typing import Any, TextIO

from .app import ADMIN_PREFIX, INFO_KEY

_NOT_LOGGED = (ADMIN_PREFIX, "/openapi.json")


def record_outcome(response: Any) -> dict[str, Any]:
    """accepted / rejected counts and the rejection codes from a CleverTap batch answer (`processed`,
    `unprocessed[].code`); empty for answers without records."""
    if not isinstance(response, dict) or "processed" not in response:
        return {}
    unprocessed = response.get("unprocessed") or []
    codes = Counter(str(item.get("code")) for item in unprocessed if isinstance(item, dict))
    return {"accepted": response.get("processed"), "rejected": len(unprocessed), "codes": dict(sorted(codes.items()))}


def format_text(fields: dict[str, Any]) -> str:
    line = f"{fields['time']} {fields['method']} {fields['path']}"
    if fields.get("region"):
        line += f" region={fields['region']}"
    line += f" {fields['status']}"
    if "accepted" in fields:
        line += f" accepted={fields['accepted']} rejected={fields['rejected']}"
        if fields["codes"]:
            line += " codes=" + ",".join(code if n == 1 else f"{code}x{n}" for code, n in fields["codes"].items())
    elif fields.get("error"):
        line += f" error={json.dumps(fields['error'], ensure_ascii=False)}"
    return line


class RequestLog:
    """WSGI middleware writing one line per logged request to `stream` (`fmt` is `text` or `json`)."""

    def __init__(self, app: Callable[..., Iterable[bytes]], stream: TextIO, fmt: str = "text") -> None:
        if fmt not in ("text", "json"):
            raise ValueError(f"log format must be text or json, got {fmt!r}")
        self.app = app
        self.stream = stream
        self.fmt = fmt
        self._lock = threading.Lock()

    def __call__(self, environ: dict[str, Any], start_response: Callable[..., Any]) -> Iterable[bytes]:
        if environ.get("PATH_INFO", "").startswith(_NOT_LOGGED):
            return self.app(environ, start_response)
        seen: dict[str, Any] = {}

        def capture(status: str, headers: list[tuple[str, str]], *args: Any) -> Any:
            seen["status"] = int(status.split(" ", 1)[0])
            seen["json"] = any(k.lower() == "content-type" and "json" in v for k, v in headers)
            return start_response(status, headers, *args)

        chunks = list(self.app(environ, capture))  # Flask answers from memory: nothing is lost by joining
        try:
            self._log(environ, seen, b"".join(chunks))
        except Exception:  # noqa: BLE001 - a log line must never cost the client its answer
            pass
        return chunks

    def _log(self, environ: dict[str, Any], seen: dict[str, Any], body: bytes) -> None:
        path = environ.get("PATH_INFO", "")
        if path.startswith(_NOT_LOGGED):  # a region prefix in front of an admin path
            return
        info = environ.get(INFO_KEY) or {}
        fields: dict[str, Any] = {
            "time": datetime.now(UTC).isoformat(timespec="milliseconds").replace("+00:00", "Z"),
            "method": environ.get("REQUEST_METHOD", ""),
            "path": path,
            "region": environ.get("clevertap.region"),
            "status": seen.get("status"),
        }
        answer = None
        if seen.get("json") and body:
            try:
                answer = json.loads(body)
            except ValueError:
                answer = None
        fields.update(record_outcome(answer))
        if "accepted" not in fields and isinstance(answer, dict) and (fields["status"] or 0) >= 400:
            fields["error"] = answer.get("error")
        if info.get("account"):
            fields["account"] = info["account"]
        if info.get("journal_id") is not None:
            fields["journal_id"] = info["journal_id"]
        line = json.dumps(fields, ensure_ascii=False) if self.fmt == "json" else format_text(fields)
        with self._lock:
            self.stream.write(line + "\n")
            self.stream.flush()
