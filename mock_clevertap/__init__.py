"""A faithful local mock of CleverTap's server API that records every request."""
from .app import create_app
from .config import MockConfig
from .store import Store

__all__ = ["MockConfig", "Store", "create_app"]
