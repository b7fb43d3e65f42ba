"""`python -m clevertap_harness` runs the same command line as the `clevertap-harness` script."""

import sys

from .cli import main

sys.exit(main())
