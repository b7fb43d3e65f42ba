"""The `clevertap-harness` command line: parse the arguments, call the mock, transformer, contracts or fuzz
packages, print. No behaviour lives here that a Python caller could not reach through those packages."""
