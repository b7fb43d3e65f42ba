"""The one exception the command line turns into a one-line message and exit status 2.

It lives apart from `cli.py` so that commands and input readers can raise it without importing the parser
module that imports them."""


class UsageError(Exception):
    """A problem with the command line or its input files: one line on stderr, exit status 2."""
