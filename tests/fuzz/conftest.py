"""Property-based fuzzing (hypothesis): a fixed seed and a small budget in `make test`, more in `make fuzz`.

Profiles: "ci" (the default: derandomized, so every run tries the same examples; each property's
budget as written) and "fuzz" (`make fuzz`: HYPOTHESIS_PROFILE=fuzz, a seed from the command line,
STORYLINE_FUZZ_SCALE times the budget). The session ends with the number of examples each
property ran, written as JSON when STORYLINE_FUZZ_REPORT names a file.
"""
from __future__ import annotations

import json
import os
import sys
from collections import Counter
from collections.abc import Iterator
from pathlib import Path

import pytest
from hypothesis import HealthCheck, settings

from fuzz_strategies import COUNTS, SCALE

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "ingest"))  # the loopback test server
from local_http import LocalServer, serving  # noqa: E402

_SLOW_OK = [HealthCheck.too_slow, HealthCheck.data_too_large, HealthCheck.filter_too_much,
            HealthCheck.large_base_example]
settings.register_profile("ci", derandomize=True, deadline=None, database=None, print_blob=True,
                          suppress_health_check=_SLOW_OK)
settings.register_profile("fuzz", derandomize=False, deadline=None, database=None, print_blob=True,
                          suppress_health_check=_SLOW_OK)
settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "ci"))


@pytest.fixture()
def server() -> Iterator[LocalServer]:
    with serving() as srv:
        yield srv


def pytest_configure(config: pytest.Config) -> None:
    config.addinivalue_line("markers", "fuzz: property-based fuzzing and hostile inputs (tests/fuzz)")


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    for item in items:
        if "tests/fuzz/" in item.path.as_posix():
            item.add_marker(pytest.mark.fuzz)


def pytest_terminal_summary(terminalreporter, exitstatus: int, config: pytest.Config) -> None:
    if not COUNTS:
        return
    counts: Counter[str] = COUNTS
    terminalreporter.write_line(f"fuzz: {sum(counts.values()):,} examples over {len(counts)} properties "
                                f"(profile {os.environ.get('HYPOTHESIS_PROFILE', 'ci')}, scale {SCALE})")
    for name, n in sorted(counts.items()):
        terminalreporter.write_line(f"  {n:>7,}  {name}")
    report = os.environ.get("STORYLINE_FUZZ_REPORT")
    if report:
        with open(report, "w", encoding="utf-8") as fh:
            json.dump(dict(sorted(counts.items())), fh, indent=1)
