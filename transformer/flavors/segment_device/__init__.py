"""Segment classic "CleverTap" destination, device mode: the CleverTap SDK calls each bundled integration makes.

One module per platform (`web`, `android`, `ios`); `common` holds what they share.
"""
