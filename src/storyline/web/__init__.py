"""Web stage: ``storyline serve``, a local web app over a knowledge base (``create_app``).

Imported lazily so that the offline report can read the shared drawing script (static/) without
the web dependencies installed."""
from __future__ import annotations

from typing import Any

__all__ = ["create_app"]


def __getattr__(name: str) -> Any:
    if name == "create_app":
        from storyline.web.app import create_app

        return create_app
    raise AttributeError(f"module 'storyline.web' has no attribute {name!r}")
