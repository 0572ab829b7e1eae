"""Command line, the web app: ``storyline serve``.

Registered on the main typer app by ``register(app)`` (``cli.py``). Binds 127.0.0.1 unless told
otherwise; any other address needs a token (``--token``, or one is generated and printed), and
curation endpoints exist only with ``--allow-edits``."""
from __future__ import annotations

import typer
from rich.console import Console

from storyline.errors import StorylineError
from storyline.settings import DEFAULT_DB

console = Console(stderr=True)
KEEP_ALIVE_S = 20  # seconds an idle connection stays open (see serve)


def serve(
    db: str = typer.Option(DEFAULT_DB, "--db", help="Knowledge base: a SQLite file path or a postgresql:// URL."),
    host: str = typer.Option("127.0.0.1", "--host", help="Address to listen on. Anything but loopback needs a "
                                                         "token (given with --token, or generated and printed)."),
    port: int = typer.Option(8765, "--port", help="Port to listen on."),
    allow_edits: bool = typer.Option(False, "--allow-edits", help="Enable curation (merge, split, rename, "
                                                                  "retype, reject) from the entity and fact pages."),
    token: str | None = typer.Option(None, "--token", envvar="STORYLINE_TOKEN",
                                        help="Secret every request must present (or env STORYLINE_TOKEN)."),
) -> None:
    """Open the knowledge base in a local web app: overview, search, actors, network, timeline,
    facts, compare, documents; JSON API with OpenAPI docs at /openapi.json.

    Example: storyline serve --db story.db
    Example: storyline serve --db story.db --port 9000 --allow-edits
    Example: storyline serve --db story.db --host 0.0.0.0 --token "$(openssl rand -hex 16)"
    """
    try:
        import uvicorn

        from storyline.web import create_app
        from storyline.web.security import LOOPBACK_NAMES, is_loopback, new_token
    except ImportError as exc:  # the web extra is not installed
        raise StorylineError(f"storyline serve needs {exc.name}, a storyline dependency: reinstall storyline "
                             "(pip install -e .)") from exc

    from storyline.store.db import Store

    Store(db, create=False).close()  # a clear "no knowledge base at ..." before the server starts
    loopback = is_loopback(host)
    if not loopback and not token:
        token = new_token()
        console.print(f"[yellow]{host} is not a loopback address:[/yellow] every request needs this token.")
    # A loopback server answers only to its own names (a page elsewhere cannot rebind its name to us).
    allowed = tuple(LOOPBACK_NAMES) if loopback else None
    app = create_app(db, allow_edits=allow_edits, token=token, allowed_hosts=allowed)
    shown = "127.0.0.1" if host in ("0.0.0.0", "::") else host
    address = f"http://{'[' + shown + ']' if ':' in shown else shown}:{port}/"
    console.print(f"storyline: serving {db} at [bold]{address}{'?token=' + token if token else ''}[/bold] "
                  f"({'edits allowed' if allow_edits else 'read-only'}; Ctrl-C stops)")
    # keep idle connections open longer than clients do (httpx and browsers keep them 5 s or more):
    # a server closing first races a client reusing the connection, and the client sees a dropped read
    uvicorn.run(app, host=host, port=port, log_level="warning", timeout_keep_alive=KEEP_ALIVE_S)


def register(app: typer.Typer) -> None:
    app.command()(serve)
