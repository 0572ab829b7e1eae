"""`storyline serve`: loopback by default, a token for any other address, edits only when asked."""
from __future__ import annotations

import pytest
from typer.testing import CliRunner

pytest.importorskip("uvicorn", reason="storyline serve needs uvicorn (a storyline dependency: pip install -e .)")
from storyline.cli import app


@pytest.fixture
def started(monkeypatch) -> list[dict]:
    """Capture what would be served instead of serving it."""
    import uvicorn

    calls: list[dict] = []
    monkeypatch.setattr(uvicorn, "run", lambda application, **kw: calls.append({"app": application, **kw}))
    return calls


def test_serve_binds_loopback_read_only_by_default(sample_db, started):
    result = CliRunner().invoke(app, ["serve", "--db", sample_db, "--port", "9123"])
    assert result.exit_code == 0, result.output
    (call,) = started
    assert call["host"] == "127.0.0.1" and call["port"] == 9123
    assert not call["app"].state.allow_edits
    assert "http://127.0.0.1:9123/" in result.output and "token" not in result.output


def test_serve_on_another_address_generates_and_prints_a_token(sample_db, started):
    result = CliRunner().invoke(app, ["serve", "--db", sample_db, "--host", "0.0.0.0", "--allow-edits"])
    assert result.exit_code == 0, result.output
    assert "?token=" in result.output
    token = result.output.split("?token=")[1].split()[0]
    assert len(token) >= 20 and started[0]["app"].state.allow_edits
    from fastapi.testclient import TestClient

    client = TestClient(started[0]["app"])
    assert client.get("/api/overview").status_code == 401
    assert client.get("/api/overview", headers={"Authorization": f"Bearer {token}"}).status_code == 200


def test_serve_names_a_missing_store(tmp_path, started):
    result = CliRunner().invoke(app, ["serve", "--db", str(tmp_path / "none.db")])
    assert result.exit_code != 0 and not started
