"""CleverTap -> Segment: what CleverTap's Segment export sends, simulated (docs/clevertap-to-segment.md).

Pure mapping (`mapping`, `batching`, `catalog`, `settings`) turns CleverTap download-API records into Segment
Tracking API messages and batches; `download` and `sender` are the I/O edges; `export.export_segment` joins them.
"""

from .export import ExportSummary, export_segment
from .settings import ExportSettings

__all__ = ["ExportSettings", "ExportSummary", "export_segment"]
