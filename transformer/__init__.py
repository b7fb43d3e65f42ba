"""Pure transformers from Segment / RudderStack spec events to CleverTap API requests.

No I/O, no clock, no Flask: events and settings in, README.md#transforming-events result entries out.
"""

from .registry import FLAVORS, MODES, PLATFORMS, UnknownFlavor, get_transform, transform, transform_batch
from .result import TransformError

__all__ = [
    "FLAVORS",
    "MODES",
    "PLATFORMS",
    "TransformError",
    "UnknownFlavor",
    "get_transform",
    "transform",
    "transform_batch",
]
