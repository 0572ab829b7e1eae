"""Web app tests: the sample corpus and a hostile article built once per session, a live server
on 127.0.0.1 for the browser tests, and Debian's chromium driven by Playwright.

Browser tests skip, saying why, when Playwright or a chromium binary is missing; ``make test``
installs chromium where it can (scripts/ensure-chromium.sh). ``STORYLINE_CHROMIUM`` names
another binary; ``STORYLINE_SCREENSHOTS=DIR`` keeps a screenshot of every view there.
"""
from __future__ import annotations

import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest
from web_helpers import chromium_path, live_server

EXAMPLES = Path(__file__).resolve().parents[2] / "examples" / "articles"

# A hostile article: markup, event handlers, a javascript: link and template syntax in the text,
# the title and the outlet. All of it must show as text, and none of it may run.
EVIL_TITLE = 'Dam <script>alert("title")</script> report {{ 7*7 }}'
EVIL_TEXT = """{title}

Vostra Dam fails after days of rain

BELLCASTLE, 6 May 2024 - The Vostra Dam failed on Monday, officials in Bellcastle said. <script>alert(1)</script> Rescue teams worked through the night.

Mayor Anna Petrova said at least 12 people <img src=x onerror=alert(2)> were killed, while the Interior Ministry put the toll at 15. Read more at <a href="javascript:alert(3)">this link</a>.

The engineer {{{{ 7*7 }}}} and {{% raw %}} wrote that 3,000 people were evacuated on 4 May 2024.
"""


def _build(paths: list[str], db: str) -> str:
    from storyline.pipeline import build

    build(paths, db, workers=1)
    return db


@pytest.fixture(scope="session")
def sample_db(tmp_path_factory) -> str:
    return _build([str(EXAMPLES)], str(tmp_path_factory.mktemp("web") / "sample.db"))


@pytest.fixture(scope="session")
def evil_db(tmp_path_factory) -> str:
    folder = tmp_path_factory.mktemp("evil")
    (folder / "evil.txt").write_text(EVIL_TEXT.format(title=EVIL_TITLE), encoding="utf-8")
    return _build([str(folder / "evil.txt")], str(folder / "evil.db"))


@pytest.fixture
def sample_copy(sample_db, tmp_path) -> str:
    """A private copy of the sample store, for tests that curate."""
    db = tmp_path / "copy.db"
    shutil.copy(sample_db, db)
    return str(db)


@pytest.fixture(scope="session")
def browser():
    sync_api = pytest.importorskip("playwright.sync_api",
                                   reason="browser tests need Playwright for Python: pip install -e '.[test]'")
    path = chromium_path()
    if path is None:
        pytest.skip("browser tests need chromium (apt-get install chromium, or STORYLINE_CHROMIUM=/path); "
                    "`make test` installs it when run as root")
    with sync_api.sync_playwright() as p:
        # Debian's chromium, never a browser downloaded by `playwright install`
        b = p.chromium.launch(executable_path=path, args=["--no-sandbox", "--disable-dev-shm-usage"])
        yield b
        b.close()


@pytest.fixture(scope="session")
def sample_server(sample_db) -> Iterator[str]:
    from storyline.web import create_app

    with live_server(create_app(sample_db)) as url:
        yield url


@pytest.fixture
def page(browser):
    """A fresh 1400 px wide page that fails the test on any dialog or script error."""
    context = browser.new_context(viewport={"width": 1400, "height": 900})
    pg = context.new_page()
    pg.dialogs, pg.errors = [], []
    pg.on("dialog", lambda d: (pg.dialogs.append(d.message), d.dismiss()))
    pg.on("pageerror", lambda e: pg.errors.append(str(e)))
    pg.on("console", lambda m: pg.errors.append(m.text) if m.type == "error" else None)
    yield pg
    context.close()
