"""Measure every dev-set story and write devset_floors.json: each figure less MARGIN, rounded down,
never below the floor pinned before (floors only rise).   python tests/eval/pin_floors.py [--dry-run]"""
from __future__ import annotations

import argparse
import json
import math
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))
from devset_story import require_shared, score_story, stories  # noqa: E402
from test_devset_gate import CROSS_DOCUMENT, FLOORS, PER_DOCUMENT  # noqa: E402

MARGIN = 0.02


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("--dry-run", action="store_true", help="print the table, write nothing")
    args = ap.parse_args()
    require_shared()
    pinned = {}
    with tempfile.TemporaryDirectory() as tmp:
        for story in stories():
            got = score_story(story, Path(tmp) / story)
            old = FLOORS.get(story, {})
            pinned[story] = {m: max(old.get(m, 0.0), max(0.0, math.floor((got[m] - MARGIN) * 100) / 100))
                             for m in PER_DOCUMENT + CROSS_DOCUMENT}
            print(story, " ".join(f"{m}={got[m]:.3f}" for m in PER_DOCUMENT + CROSS_DOCUMENT))
    if not args.dry_run:
        Path(__file__).with_name("devset_floors.json").write_text(json.dumps(pinned, indent=1, sort_keys=True) + "\n")


if __name__ == "__main__":
    main()
