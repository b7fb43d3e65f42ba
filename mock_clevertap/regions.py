"""Which CleverTap region a request was addressed to (README.md (Admin API)).

Clients reach the mock either through a host alias (`in1.api.clevertap.com` resolving to the mock) or through a
base URL with a `/<region>` path prefix (`http://127.0.0.1:8080/in1/1/upload`); the prefix exists because some
clients (Segment's actions-core) validate the host and can only be redirected by rewriting the URL.
"""

from __future__ import annotations

import re

# The published table, eu1 (newer docs, node client) and sk1 (used by clients, unlisted):
# docs/clevertap-api.md#hosts-and-regions.
KNOWN_REGIONS = ("eu1", "in1", "sg1", "us1", "aps3", "mec1", "sk1")
_PREFIX = re.compile(r"^/(" + "|".join(KNOWN_REGIONS) + r")(/.*)$")
_HOST_SUFFIX = ".api.clevertap.com"


def region_from_host(host: str | None) -> str | None:
    """`in1.api.clevertap.com[:port]` → `in1`; `api.clevertap.com` (EU default) and other hosts → None."""
    if not host:
        return None
    name = host.rsplit(":", 1)[0].lower() if not host.startswith("[") else host.lower()
    if name.endswith(_HOST_SUFFIX):
        prefix = name[: -len(_HOST_SUFFIX)]
        if prefix and "." not in prefix:
            return prefix
    return None


def split_region_prefix(path: str) -> tuple[str | None, str]:
    """`/in1/1/upload` → (`in1`, `/1/upload`); paths without a known region prefix are returned unchanged."""
    match = _PREFIX.match(path)
    if match:
        return match.group(1), match.group(2)
    return None, path


class RegionMiddleware:
    """WSGI middleware: strips a `/<region>` prefix and stores the region in `environ['clevertap.region']`."""

    def __init__(self, app):
        self.app = app

    def __call__(self, environ, start_response):
        region, path = split_region_prefix(environ.get("PATH_INFO", ""))
        if region is None:
            region = region_from_host(environ.get("HTTP_HOST"))
        else:
            environ["PATH_INFO"] = path
        environ["clevertap.region"] = region
        return self.app(environ, start_response)
