"""Differential runners for Segment's Android and iOS device mode: the real CleverTap integrations, built from
checkouts the user points at, fed seeded events through the Segment SDK's public API.

Neither integration is published where this project's CI can fetch it, so nothing here downloads code. The user
names checkouts with environment variables (or the CLI options of `python -m fuzz.mobile_differential`):

* Android: `CLEVERTAP_SEGMENT_ANDROID_SRC` (CleverTap/clevertap-segment-android) and `ANALYTICS_ANDROID_SRC`
  (segmentio/analytics-android). Built with `javac` against our stand-ins in `contracts/peer_runners/android/`
  (a recording `CleverTapAPI`, minimal `android.*`/`androidx.*` classes, the driver) plus Debian's
  `libandroid-json-java` (Android's org.json) and `libgoogle-gson-java` (behind our `android.util.JsonReader`).
* iOS: `CLEVERTAP_SEGMENT_IOS_SRC` (CleverTap/clevertap-segment-ios). Built with clang and GNUstep Base against
  our stand-ins in `contracts/peer_runners/ios/` (a recording `CleverTap`, the Segment payload classes, and a
  driver that reproduces analytics-ios 4.1.8's processing of each call).

Each event runs on a fresh SDK state. The runners print one JSON line per event: `{"calls": [...]}` with the
arguments type-tagged (`{"$double": "5.0"}`, `{"$long": "5"}`, `{"$bool": true}` ...), or `{"error": text}` when
the SDK's public API refuses the call. `decode` turns that into this project's result shape, where a Double is a
Python float and an integer an int, so the comparison sees number types.
"""

from __future__ import annotations

import json
import math
import os
import re
import shutil
import subprocess
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

from transformer import java
from transformer.flavors.segment_device.common import anonymous_id
from transformer.registry import get_transform, safe_call
from transformer.segment_common import js_date, setting
from transformer.tables.segment import SETTING_ACCOUNT_ID, SETTING_ACCOUNT_TOKEN

from .golden import GOLDEN_ROOT, check_golden, dump_like, load_golden, with_origin

RUNNERS = Path(__file__).parent / "peer_runners"
ANDROID_ENV = ("CLEVERTAP_SEGMENT_ANDROID_SRC", "ANALYTICS_ANDROID_SRC")
IOS_ENV = ("CLEVERTAP_SEGMENT_IOS_SRC",)
JARS = ("/usr/share/java/com.android.json.jar", "/usr/share/java/gson.jar")
PLATFORMS = ("android", "ios")


class RunnerUnavailable(RuntimeError):
    """A checkout, compiler or library the runner needs is missing; the message says which."""


def _checkout(env: str, override: str | None, marker: str) -> Path:
    value = override or os.environ.get(env)
    if not value:
        raise RunnerUnavailable(f"{env} is not set (point it at a checkout to run this peer)")
    path = Path(value)
    if not (path / marker).exists():
        raise RunnerUnavailable(f"{env}={value} does not look like the checkout ({marker} is missing)")
    return path


def unavailable_reason(platform: str) -> str | None:
    """Why the runner for `platform` cannot be built here, or None when it can."""
    try:
        if platform == "android":
            _android_sources()
            for tool in ("javac", "java"):
                if shutil.which(tool) is None:
                    raise RunnerUnavailable(f"{tool} is not installed")
            for jar in JARS:
                if not Path(jar).exists():
                    raise RunnerUnavailable(
                        f"{jar} is missing (apt-get install libandroid-json-java libgoogle-gson-java)"
                    )
        else:
            _ios_sources()
            if shutil.which("clang") is None or shutil.which("gnustep-config") is None:
                raise RunnerUnavailable("clang and GNUstep (gnustep-make, libgnustep-base-dev) are needed")
    except RunnerUnavailable as exc:
        return str(exc)
    return None


# ---------------------------------------------------------------------------------------------------------------
# android
# ---------------------------------------------------------------------------------------------------------------
def _android_sources(integration: str | None = None, analytics: str | None = None) -> tuple[Path, Path]:
    ct = _checkout(ANDROID_ENV[0], integration, "src/main/java")
    an = _checkout(ANDROID_ENV[1], analytics, "analytics/src/main/java")
    return ct / "src/main/java", an / "analytics/src/main/java"


def build_android(out: Path, integration: str | None = None, analytics: str | None = None) -> str:
    """Compile the integration, analytics-android and our stand-ins into `out`; returns the java classpath."""
    ct, an = _android_sources(integration, analytics)
    base = RUNNERS / "android"
    cp = ":".join(JARS)
    source_path = ":".join(str(p) for p in (base / "stubs", base / "clevertap", base / "driver", an, ct))
    cmd = ["javac", "-nowarn", "-encoding", "UTF-8", "-d", str(out), "-cp", cp, "-sourcepath", source_path]
    cmd.append(str(base / "driver/com/segment/analytics/PeerDriver.java"))
    proc = subprocess.run(cmd, capture_output=True, text=True)
    if proc.returncode != 0:
        raise RunnerUnavailable(f"javac failed: {proc.stderr.strip()[-2000:]}")
    return f"{out}:{cp}"


def _android_settings(settings: dict[str, Any]) -> dict[str, Any]:
    """The CleverTap settings Segment's CDN would serve the Android SDK, from this project's settings names."""
    out = {"clevertap_account_id": setting(settings, SETTING_ACCOUNT_ID), "clevertap_account_token": None}
    out["clevertap_account_token"] = setting(settings, SETTING_ACCOUNT_TOKEN)
    if settings.get("region") is not None:
        out["region"] = settings["region"]
    return {k: v for k, v in out.items() if v is not None}


# ---------------------------------------------------------------------------------------------------------------
# ios
# ---------------------------------------------------------------------------------------------------------------
def _ios_sources(integration: str | None = None) -> Path:
    return _checkout(IOS_ENV[0], integration, "Pod/Classes/SEGCleverTapIntegration.m") / "Pod/Classes"


def _gcc_objc_include() -> str:
    """GCC's Objective-C runtime headers (objc/objc.h), which Debian's GNUstep Base is built against."""
    proc = subprocess.run(["gcc", "-print-file-name=include"], capture_output=True, text=True)
    return proc.stdout.strip()


def build_ios(out: Path, integration: str | None = None) -> str:
    """Compile the integration with our stand-ins and driver against GNUstep Base; returns the executable.

    Clang supports object subscripting (`dict[@"key"]`, used by the integration) only for GNUstep-runtime
    targets, while Debian's GNUstep Base runs on GCC's libobjc; `gcc_runtime_shim.c` bridges the two ABIs.
    """
    classes = _ios_sources(integration)
    base = RUNNERS / "ios"
    flags = subprocess.run(["gnustep-config", "--objc-flags"], capture_output=True, text=True).stdout.split()
    flags = [f for f in flags if f not in ("-MMD", "-MP")]
    libs = subprocess.run(["gnustep-config", "--base-libs"], capture_output=True, text=True).stdout.split()
    exe = out / "ios_peer"
    sources = [str(classes / "SEGCleverTapIntegration.m"), *sorted(str(p) for p in base.glob("*.m"))]
    cmd = ["clang", *flags, "-fobjc-runtime=gnustep-1.5", "-Wno-everything", "-isystem", _gcc_objc_include()]
    cmd += ["-I", str(base), "-I", str(classes), *sources, "-x", "c", str(base / "gcc_runtime_shim.c")]
    cmd += ["-Wl,--wrap=__objc_exec_class", "-o", str(exe), *libs]
    proc = subprocess.run(cmd, capture_output=True, text=True)
    if proc.returncode != 0:
        raise RunnerUnavailable(f"clang failed: {proc.stderr.strip()[-2000:]}")
    return str(exe)


def _objc_value(value: Any) -> dict[str, Any]:
    """A JSON value for the iOS driver, NSNumber kinds explicit and scalars as text (GNUstep's JSON parser would
    make every number a double)."""
    if isinstance(value, bool):
        return {"t": "b", "v": "true" if value else "false"}
    if isinstance(value, int):
        return {"t": "i", "v": str(value)} if -(2**63) <= value < 2**63 else {"t": "d", "v": repr(float(value))}
    if isinstance(value, float):
        return {"t": "d", "v": repr(value)}
    if isinstance(value, str):
        return {"t": "s", "v": value}
    if value is None:
        return {"t": "n"}
    if isinstance(value, list):
        return {"t": "a", "v": [_objc_value(v) for v in value]}
    return {"t": "o", "v": [[k, _objc_value(v)] for k, v in value.items()]}


_IOS_ARGS = {
    "identify": (("userId", "userId"), ("traits", "traits")),
    "track": (("event", "event"), ("properties", "properties")),
    "screen": (("name", "name"), ("category", "category"), ("properties", "properties")),
    "alias": (("newId", "userId"),),
    "group": (("groupId", "groupId"), ("traits", "traits")),
    "page": (),
}
_IOS_DICTIONARY_ARGS = ("traits", "properties")


def ios_line(event: dict[str, Any], settings: dict[str, Any], anon: str) -> dict[str, Any]:
    """The driver's input for one event: the call and the arguments the app passes (nil when missing or null;
    a non-dictionary traits/properties argument is passed as nil)."""
    call = event.get("type")
    line: dict[str, Any] = {"call": call, "anonymousId": anon, "settings": _objc_value(_android_settings(settings))}
    for name, key in _IOS_ARGS.get(call, ()):  # type: ignore[arg-type]
        value = event.get(key)
        if value is None or (name in _IOS_DICTIONARY_ARGS and not isinstance(value, dict)):
            continue
        line[name] = _objc_value(value)
    return line


# ---------------------------------------------------------------------------------------------------------------
# running and decoding
# ---------------------------------------------------------------------------------------------------------------
def _decode_value(value: Any) -> Any:
    if isinstance(value, dict) and len(value) == 1:
        if "$bool" in value:
            return value["$bool"] == "true"
        if "$epoch_ms" in value:
            moment = datetime(1970, 1, 1, tzinfo=UTC) + timedelta(milliseconds=float(value["$epoch_ms"]))
            return js_date(moment)
    if isinstance(value, dict):
        if len(value) == 1 and "$double" in value:
            x = float(value["$double"])
            return x if math.isfinite(x) else {"$double": java.double_to_string(x)}
        if len(value) == 1 and "$long" in value:
            return int(value["$long"])
        return {k: _decode_value(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_decode_value(v) for v in value]
    return value


def decode(platform: str, line: dict[str, Any]) -> dict[str, Any]:
    """A runner line in this project's result shape."""
    if "error" in line:
        return {"error": {"status": 400, "message": line["error"]}}
    if "crash" in line:
        return {"error": {"status": 400, "message": _crash_text(line["crash"])}}
    calls = []
    for call in line["calls"]:
        calls.append({"sdk": platform, "method": call["method"], "args": _decode_value(call["args"])})
    return {"calls": calls}


# GNUstep words it "-[NSIntNumber length]" (no type information) or "NSIntNumber(instance) does not recognize x:".
_GNUSTEP_SELECTOR = re.compile(r"-\[(\w+) ([\w:]+)\]|(\w+)\(instance\) does not recognize ([\w:]+)")
_FAMILIES = (("Number", "NSNumber"), ("Array", "NSArray"), ("Dictionary", "NSDictionary"), ("Null", "NSNull"))


def _crash_text(reason: str) -> str:
    """GNUstep's text for a message a value does not implement, in the form this project reports it."""
    m = _GNUSTEP_SELECTOR.search(reason)
    if m is None:
        return f"crash: {reason}"
    name, selector = (m.group(1), m.group(2)) if m.group(1) else (m.group(3), m.group(4))
    cls = next((family for part, family in _FAMILIES if part in name), name)
    return f"-[{cls} {selector}]: unrecognized selector sent to instance"


@dataclass
class Peer:
    """A built runner: `run(events, settings_list)` gives one project-shaped result per event."""

    platform: str
    command: list[str]

    def run(self, events: list[Any], settings: list[dict[str, Any]]) -> list[dict[str, Any]]:
        lines = []
        for event, conf in zip(events, settings, strict=True):
            anon = anonymous_id(event, conf)
            if self.platform == "ios":
                lines.append(json.dumps(ios_line(event, conf, anon)))
            else:
                lines.append(json.dumps({"event": event, "settings": _android_settings(conf), "anonymousId": anon}))
        proc = subprocess.run(self.command, input="\n".join(lines) + "\n", capture_output=True, text=True, timeout=600)
        out = [json.loads(x) for x in proc.stdout.splitlines() if x.strip()]
        if len(out) != len(events):
            raise RuntimeError(f"{self.platform} runner answered {len(out)} of {len(events)}: {proc.stderr[-2000:]}")
        return [decode(self.platform, x) for x in out]


def build(platform: str, workdir: Path, **sources: str | None) -> Peer:
    if platform == "android":
        cp = build_android(workdir, sources.get("integration"), sources.get("analytics"))
        return Peer("android", ["java", "-Xss8m", "-cp", cp, "com.segment.analytics.PeerDriver"])
    return Peer("ios", [build_ios(workdir, sources.get("integration"))])


def _typed(value: Any) -> Any:
    """A JSON value with its number types made explicit, so 5 and 5.0 (and true and 1) compare unequal."""
    if isinstance(value, bool):
        return ("bool", value)
    if isinstance(value, float):
        return ("double", value if value == value else "NaN")
    if isinstance(value, int):
        return ("int", value)
    if isinstance(value, dict):
        return {k: _typed(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_typed(v) for v in value]
    return value


def same(project: dict[str, Any], peer: dict[str, Any]) -> bool:
    """Agreement by JSON value with number types: calls equal, or both an error with the same message."""
    if "error" in peer or "error" in project:
        return project.get("error", {}).get("message") == peer.get("error", {}).get("message")
    return _typed(project) == _typed(peer)


@dataclass
class Report:
    platform: str
    total: int
    agree: int
    disagreements: list[dict[str, Any]]


def compare(
    peer: Peer, events: list[Any], settings: list[dict[str, Any]], labels: Iterable[str] | None = None
) -> Report:
    fn = get_transform("segment", "device", peer.platform)
    ours = [safe_call(fn, e, s) for e, s in zip(events, settings, strict=True)]
    theirs = peer.run(events, settings)
    names = list(labels) if labels is not None else [str(i) for i in range(len(events))]
    bad = []
    for name, event, conf, a, b in zip(names, events, settings, ours, theirs, strict=True):
        if not same(a, b):
            bad.append({"case": name, "event": event, "settings": conf, "project": a, "peer": b})
    return Report(peer.platform, len(events), len(events) - len(bad), bad)


# What the goldens' `peer_checked` records for a run of each runner (the upstream commits this project ran).
PEER_NAMES = {
    "android": "clevertap-segment-android on analytics-android (javac runner, contracts/peer_runners/android)",
    "ios": "clevertap-segment-ios with analytics-ios 4.1.8 processing (GNUstep runner, contracts/peer_runners/ios)",
}
DEFAULT_VERSIONS = {
    "android": "clevertap-segment-android 1.7.0 @ 94a4d198f7eed9994094b9af728e35ec7b9d8581; "
    "analytics-android @ 58d74728ad6a3f47ced995932e31a13a356a76f4",
    "ios": "clevertap-segment-ios 1.4.0 @ 120d48418f47a898b8f2445210d81bcf652df6da; analytics-ios 4.1.8",
}
GOLDEN_SOURCE = "docs/segment-device-mobile.md; peer run: python -m fuzz.mobile_differential {platform} --check-goldens"


def golden_paths(platform: str) -> list[Path]:

    return sorted((GOLDEN_ROOT / "segment" / "device" / platform).glob("*.json"))


def peer_results(peer: Peer, golden: Any) -> list[Any]:
    """The peer's answers for a golden's events (the loader keeps `input` as a list)."""
    events = golden.input if isinstance(golden.input, list) else [golden.input]
    return peer.run(events, [golden.settings] * len(events))


def check_goldens(peer: Peer) -> list[str]:
    """Every golden of the peer's platform run through the real integration: the reports of those that differ."""

    reports = []
    for path in golden_paths(peer.platform):
        golden = load_golden(path)
        got = peer_results(peer, golden)
        report = check_golden(golden, got if isinstance(golden.expected, list) else got[0])
        if report:
            reports.append(report)
    return reports


def write_goldens(peer: Peer, version: str, date: str) -> list[str]:
    """Rewrite each golden's `expected` from the peer where this project agrees with it, and mark it
    `origin: peer`; returns the ids where the project disagrees (left unchanged)."""

    fn = get_transform("segment", "device", peer.platform)
    refused = []
    for path in golden_paths(peer.platform):
        golden = load_golden(path)
        theirs = peer_results(peer, golden)
        events = golden.input if isinstance(golden.input, list) else [golden.input]
        ours = [safe_call(fn, e, golden.settings) for e in events]
        if not all(same(a, b) for a, b in zip(ours, theirs, strict=True)):
            refused.append(golden.id)
            continue
        text = path.read_text(encoding="utf-8")
        data = json.loads(text)
        source = GOLDEN_SOURCE.format(platform=peer.platform)
        if "fuzz.mobile_differential" not in data["source"]:
            source = f"{data['source']}; {source}"  # keep where the case came from
        data["source"] = source
        data["expected"] = theirs if isinstance(data["input"], list) else theirs[0]
        how = "each event through the SDK's public API on a fresh state; recorded CleverTap calls compared as JSON"
        mark = {"peer": PEER_NAMES[peer.platform], "version": version, "date": date, "how": how}
        path.write_text(dump_like(text, with_origin(data, "peer", mark)), encoding="utf-8")
    return refused
