"""The command line as a user runs it: exit codes, failures listed, files written."""
from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

from contract_check import violations

ARTICLE = """Harbour workers end strike after pay deal

Dockers at the port of Velmora returned to work on Monday after a five-day strike, the union said.
"We have won what we came for," said union leader Marta Ilić, adding that 1,200 workers would get a 6% raise.
The port authority said around 300 ships had been delayed.
"""


def run(*args: str, cwd: Path) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "storyline.cli", *args], cwd=cwd, capture_output=True,
                          text=True, timeout=300)


def test_build_with_bad_inputs_exits_3_and_names_each_failure(tmp_path):
    folder = tmp_path / "in"
    folder.mkdir()
    (folder / "good.txt").write_text(ARTICLE, encoding="utf-8")
    (folder / "empty.txt").write_text("", encoding="utf-8")
    (folder / "binary.txt").write_bytes(b"\x00\x01\x02\xff" * 50)
    (folder / "broken.jsonl").write_text('{"text": "ok"\n', encoding="utf-8")
    db = tmp_path / "kb.db"
    result = run("build", str(folder), "--db", str(db), cwd=tmp_path)
    assert result.returncode == 3, result.stderr
    assert "4  = 1 documents + 3 failures" in result.stderr
    for name in ("empty.txt", "binary.txt", "broken.jsonl"):
        assert name in result.stderr
    out = tmp_path / "e.json"
    assert run("export", "--db", str(db), "--format", "json", "-o", str(out), cwd=tmp_path).returncode == 0
    export = json.loads(out.read_text(encoding="utf-8"))
    assert violations(export) == []
    assert len(export["documents"]) == 1 and len(export["failures"]) == 3
    assert all(f["reason"] for f in export["failures"])


def test_usage_errors_exit_2_with_a_message_that_names_the_fix(tmp_path):
    result = run("export", "--db", str(tmp_path / "missing.db"), "-o", str(tmp_path / "x.json"), cwd=tmp_path)
    assert result.returncode == 2
    assert "storyline build" in result.stderr
    result = run("build", str(tmp_path), "--db", str(tmp_path / "k.db"), "--model", "no_such_model", cwd=tmp_path)
    assert result.returncode == 2 and "--model" in result.stderr


def test_help_documents_every_command_with_an_example(tmp_path):
    for command in ("build", "export", "report"):
        result = run(command, "--help", cwd=tmp_path)
        assert result.returncode == 0
        assert "Example:" in result.stdout
