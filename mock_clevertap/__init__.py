"""A faithful local mock of CleverTap's server API that records every request.

Names are imported on first use, so that `import mock_clevertap.config` (the CLI does it for every command)
does not pay for importing Flask.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:  # the names as type checkers see them; at run time they are imported on first use
    from .app import create_app
    from .client import MockClient
    from .config import MockConfig
    from .server import MockServer
    from .store import Store

__all__ = ["MockClient", "MockConfig", "MockServer", "Store", "create_app"]
_HOMES = {
    "create_app": ".app",
    "MockClient": ".client",
    "MockConfig": ".config",
    "MockServer": ".server",
    "Store": ".store",
}


def __getattr__(name: str) -> Any:
    if name in _HOMES:
        return getattr(importlib.import_module(_HOMES[name], __name__), name)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
