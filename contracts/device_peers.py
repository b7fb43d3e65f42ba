"""Differential runs of device-mode flavours against the real integration code.

A runner is any command that reads JSON Lines `{"settings": {...}, "event": {...}}` on stdin and prints one
result line (`{"calls": [...]}` or `{"error": ...}`) per input line. The runners of this project live in
`contracts/peer_runners/device/` (Node: Segment's React Native plugin from npm; RudderStack's web integration from a
checkout the user names). `run_runner` feeds them; `agreement` compares with this project's transformer, numbers
by value (a JavaScript `1` equals Python's `1.0`), everything else exactly.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from transformer.flavors.rudderstack_device.mobile import event_name, screen_name
from transformer.js import iso_string
from transformer.registry import get_transform, safe_call

from .diff import compare
from .mobile_peers import _objc_value  # the typed encoding the Segment iOS driver reads too

DEVICE_PEER_DIR = Path(__file__).resolve().parent / "peer_runners" / "device"


def run_runner(
    command: Sequence[str],
    settings: dict[str, Any],
    events: Sequence[Any],
    *,
    cwd: Path = DEVICE_PEER_DIR,
    env: dict[str, str] | None = None,
    timeout: float = 600,
) -> list[dict[str, Any]]:
    """One result per event from a runner process (all events in one process, fresh state per event)."""
    lines = "".join(json.dumps({"settings": settings, "event": e}) + "\n" for e in events)
    proc = subprocess.run(
        list(command),
        input=lines,
        capture_output=True,
        text=True,
        cwd=cwd,
        env={**os.environ, "TZ": "UTC", **(env or {})},
        timeout=timeout,
        check=False,
    )
    if proc.returncode != 0:
        raise RuntimeError(f"runner {' '.join(command)} failed: {proc.stderr.strip()[-2000:]}")
    results = [json.loads(line, parse_int=_js_int) for line in proc.stdout.splitlines() if line.strip()]
    if len(results) != len(events):
        raise RuntimeError(f"runner gave {len(results)} results for {len(events)} events: {proc.stderr[-2000:]}")
    return results


def _js_int(text: str) -> int | float:
    """A JavaScript peer prints the double 2**64 as `18446744073709552000`: read it back as that double."""
    value = int(text)
    return value if -(2**53) <= value <= 2**53 else float(value)


@dataclass
class Agreement:
    """How many events this project's transformer and the peer turned into the same result."""

    total: int = 0
    agreed: int = 0
    disagreements: list[dict[str, Any]] = field(default_factory=list)

    def summary(self) -> str:
        return f"{self.agreed}/{self.total} agree"


def agreement(
    flavor: str,
    platform: str,
    settings: dict[str, Any],
    events: Sequence[Any],
    peer_results: Sequence[dict[str, Any]],
) -> Agreement:
    fn = get_transform(flavor, "device", platform)
    out = Agreement(total=len(events))
    for index, (event, theirs) in enumerate(zip(events, peer_results, strict=True)):
        ours = safe_call(fn, event, settings)
        comparison = compare(theirs, ours, loose_numbers=True, pair=False)
        if comparison.differences:
            out.disagreements.append(
                {
                    "index": index,
                    "event": event,
                    "peer": theirs,
                    "ours": ours,
                    "differences": [str(d) for d in comparison.differences[:5]],
                }
            )
        else:
            out.agreed += 1
    return out


# ---------------------------------------------------------------------------------------------------------------
# RudderStack Android: javac over the integration checkout the user names, with this project's stand-ins
# ---------------------------------------------------------------------------------------------------------------
ANDROID_CHECKOUT_ENV = "RUDDER_CLEVERTAP_ANDROID_DIR"
ANDROID_JARS = ("/usr/share/java/gson.jar", "/usr/share/java/com.android.json.jar")
_INTEGRATION_SOURCES = "clevertap/src/main/java"


def android_unavailable() -> str | None:
    """Why the RudderStack Android runner cannot be built here, or None."""
    checkout = os.environ.get(ANDROID_CHECKOUT_ENV)
    if not checkout:
        return f"{ANDROID_CHECKOUT_ENV} is not set (a checkout of rudderlabs/rudder-integration-clevertap-android)"
    if not (Path(checkout) / _INTEGRATION_SOURCES).is_dir():
        return f"{ANDROID_CHECKOUT_ENV}={checkout} has no {_INTEGRATION_SOURCES}"
    for tool in ("javac", "java"):
        if shutil.which(tool) is None:
            return f"{tool} is not installed"
    for jar in ANDROID_JARS:
        if not Path(jar).exists():
            return f"{jar} is missing (apt-get install libgoogle-gson-java libandroid-json-java)"
    return None


def build_android_runner(out: Path) -> list[str]:
    """Compile the integration, the stand-ins and the driver into `out`; returns the command that runs them."""
    checkout = Path(os.environ[ANDROID_CHECKOUT_ENV]) / _INTEGRATION_SOURCES
    base = DEVICE_PEER_DIR / "android"
    shared = DEVICE_PEER_DIR.parent / "android"  # the Android stand-ins and recording CleverTapAPI
    classpath = ":".join(ANDROID_JARS)
    sourcepath = ":".join(str(p) for p in (shared / "stubs", shared / "clevertap", base / "sdk", checkout))
    proc = subprocess.run(
        [
            "javac",
            "-nowarn",
            "-encoding",
            "UTF-8",
            "-d",
            str(out),
            "-cp",
            classpath,
            "-sourcepath",
            sourcepath,
            str(base / "driver" / "RudderAndroidDriver.java"),
        ],
        capture_output=True,
        text=True,
        check=False,
    )
    if proc.returncode != 0:
        raise RuntimeError(f"javac failed: {proc.stderr.strip()[-2000:]}")
    return ["java", "-Duser.timezone=UTC", "-cp", f"{out}:{classpath}", "RudderAndroidDriver"]


# ---------------------------------------------------------------------------------------------------------------
# RudderStack iOS: clang + GNUstep over the integration checkout the user names, with this project's stand-ins
# ---------------------------------------------------------------------------------------------------------------
IOS_CHECKOUT_ENV = "RUDDER_CLEVERTAP_IOS_DIR"
_IOS_CLASSES = "Rudder-CleverTap/Classes"


def ios_unavailable() -> str | None:
    """Why the RudderStack iOS runner cannot be built here, or None."""
    checkout = os.environ.get(IOS_CHECKOUT_ENV)
    if not checkout:
        return f"{IOS_CHECKOUT_ENV} is not set (a checkout of rudderlabs/rudder-integration-clevertap-ios)"
    if not (Path(checkout) / _IOS_CLASSES / "RudderCleverTapIntegration.m").is_file():
        return f"{IOS_CHECKOUT_ENV}={checkout} has no {_IOS_CLASSES}/RudderCleverTapIntegration.m"
    for tool in ("clang", "gcc", "gnustep-config"):
        if shutil.which(tool) is None:
            return f"{tool} is not installed (clang, GNUstep Base and libblocksruntime-dev are needed)"
    if not Path("/usr/include/Block.h").exists():
        return "Block.h is missing (apt-get install libblocksruntime-dev)"
    return None


def _tool_words(*args: str) -> list[str]:
    out = subprocess.run(list(args), capture_output=True, text=True, check=False).stdout
    return [w for w in out.split() if w not in ("-MMD", "-MP")]


def build_ios_runner(out: Path) -> list[str]:
    """Compile the integration (its header's `@import CleverTapSDK;` read as `#import <CleverTapSDK/CleverTap.h>`,
    since GNUstep has no modules), the shared CleverTap recorder and GCC-runtime shim, our rudder-sdk-ios stand-ins
    and driver; returns the command."""
    classes = Path(os.environ[IOS_CHECKOUT_ENV]) / _IOS_CLASSES
    shared = DEVICE_PEER_DIR.parent / "ios"
    ours = DEVICE_PEER_DIR / "ios"
    (out / "objc").mkdir(parents=True, exist_ok=True)
    (out / "objc" / "blocks_runtime.h").write_text("#include <Block.h>\n")
    header = (classes / "RudderCleverTapIntegration.h").read_text()
    (out / "RudderCleverTapIntegration.h").write_text(
        header.replace("@import CleverTapSDK;", "#import <CleverTapSDK/CleverTap.h>")
    )
    shutil.copy(classes / "RudderCleverTapIntegration.m", out / "RudderCleverTapIntegration.m")
    exe = out / "rudder_ios_peer"
    gcc_include = subprocess.run(["gcc", "-print-file-name=include"], capture_output=True, text=True).stdout.strip()
    cmd = ["clang", *_tool_words("gnustep-config", "--objc-flags"), "-fobjc-runtime=gnustep-1.5", "-fblocks"]
    cmd += ["-Wno-everything", "-isystem", gcc_include, "-I", str(out), "-I", str(ours), "-I", str(shared)]
    cmd += [str(out / "RudderCleverTapIntegration.m"), str(ours / "RudderStubs.m"), str(ours / "rudder_driver.m")]
    cmd += [str(shared / "CleverTap.m"), "-x", "c", str(shared / "gcc_runtime_shim.c")]
    cmd += ["-Wl,--wrap=__objc_exec_class", "-o", str(exe), *_tool_words("gnustep-config", "--base-libs")]
    cmd += ["-lBlocksRuntime"]
    proc = subprocess.run(cmd, capture_output=True, text=True, check=False)
    if proc.returncode != 0:
        raise RuntimeError(f"clang failed: {proc.stderr.strip()[-2000:]}")
    return [str(exe)]


def _ios_message(event: dict[str, Any]) -> dict[str, Any]:
    """The driver's message: the fields the integration reads, typed so NSNumber kinds stay exact."""

    kind = event.get("type")
    out: dict[str, Any] = {"type": kind if isinstance(kind, str) else ""}
    name = screen_name(event) if kind == "screen" else event_name(event)
    if name is not None:
        out["event"] = _objc_value(name)
    if event.get("userId") is not None:
        out["userId"] = _objc_value(event["userId"])
    if isinstance(event.get("properties"), dict):
        out["properties"] = _objc_value(event["properties"])
    context = event.get("context")
    if isinstance(context, dict) and isinstance(context.get("traits"), dict):
        out["traits"] = _objc_value(context["traits"])
    return out


def _ios_decode(value: Any) -> Any:

    if isinstance(value, dict):
        if len(value) == 1:
            ((tag, text),) = value.items()
            if tag == "$double":
                return float(text)
            if tag == "$long":
                return int(text)
            if tag == "$bool":
                return text == "true"
            if tag == "$epoch_ms":
                return {"$date": iso_string(round(float(text)))}
        return {k: _ios_decode(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_ios_decode(v) for v in value]
    return value


def run_ios_runner(command: Sequence[str], settings: dict[str, Any], events: Sequence[Any]) -> list[dict[str, Any]]:
    """Results of the iOS runner in this project's shape (`swallowed`: the SDK catches it, so no call)."""

    lines = "".join(json.dumps({"settings": _objc_value(settings), "message": _ios_message(e)}) + "\n" for e in events)
    proc = subprocess.run(
        list(command), input=lines, capture_output=True, text=True, env={**os.environ, "TZ": "UTC"}, check=False
    )
    raw = [json.loads(line) for line in proc.stdout.splitlines() if line.strip()]
    if proc.returncode != 0 or len(raw) != len(events):
        raise RuntimeError(f"iOS runner gave {len(raw)} results for {len(events)} events: {proc.stderr[-2000:]}")
    results: list[dict[str, Any]] = []
    for r in raw:
        if "swallowed" in r:
            results.append({"calls": []})
        else:
            results.append(
                {"calls": [{"sdk": "ios", "method": c["method"], "args": _ios_decode(c["args"])} for c in r["calls"]]}
            )
    return results
