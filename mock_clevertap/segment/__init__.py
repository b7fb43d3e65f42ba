"""Segment's HTTP Tracking API, served by the same mock (the CleverTap -> Segment direction).

`validate` holds the receiver's rules as pure functions, `messages` the SQLite table of received messages, and
`views` the Flask views registered in the mock's route table. Behaviour and sources: docs/clevertap-to-segment.md.
"""
