"""Test support: a throwaway PostgreSQL server for the store tests.

``initdb`` makes a cluster in a temporary folder, ``pg_ctl`` starts it on 127.0.0.1 on a free
port, and it is stopped and deleted after the session. ``STORYLINE_TEST_POSTGRES`` may name an
existing server instead (an admin URL; each test store gets its own database there). When no
server can be had, ``start()`` returns the reason and only the PostgreSQL tests skip."""
from __future__ import annotations

import glob
import os
import pwd
import shutil
import socket
import subprocess
import tempfile
import uuid
from dataclasses import dataclass, field
from pathlib import Path

ENV_URL = "STORYLINE_TEST_POSTGRES"
# where distributions put the server programs when they are not on PATH (Debian, Fedora)
BIN_GLOBS = ("/usr/lib/postgresql/*/bin", "/usr/pgsql-*/bin", "/usr/local/pgsql/bin")
INSTALL_HINT = ("install the distribution's PostgreSQL server (Debian/Ubuntu: apt-get install postgresql; "
                "`make test` does it when run as root) or set STORYLINE_TEST_POSTGRES=postgresql://USER@HOST:PORT/DB")
# a test server: durability is not the point, speed is
SERVER_OPTIONS = "-c fsync=off -c synchronous_commit=off -c full_page_writes=off -c max_connections=50"


@dataclass
class Server:
    admin_url: str  # postgresql://user@host:port/postgres
    stop_args: list[str] = field(default_factory=list)
    folder: str | None = None
    run_as: dict = field(default_factory=dict)

    def new_database(self, prefix: str = "kb") -> str:
        """A fresh empty database; returns its postgresql:// URL."""
        import psycopg

        name = f"{prefix}_{uuid.uuid4().hex[:10]}"
        with psycopg.connect(self.admin_url, autocommit=True) as conn:
            conn.execute(f'CREATE DATABASE "{name}" TEMPLATE template0 ENCODING \'UTF8\'')
        return self.admin_url.rsplit("/", 1)[0] + "/" + name

    def stop(self) -> None:
        if self.stop_args:
            subprocess.run(self.stop_args, capture_output=True, timeout=60, **self.run_as)
        if self.folder:
            shutil.rmtree(self.folder, ignore_errors=True)


def find_binaries() -> tuple[str, str] | None:
    initdb, pg_ctl = shutil.which("initdb"), shutil.which("pg_ctl")
    if initdb and pg_ctl:
        return initdb, pg_ctl
    for folder in sorted((f for g in BIN_GLOBS for f in glob.glob(g)), reverse=True):
        if Path(folder, "initdb").exists() and Path(folder, "pg_ctl").exists():
            return str(Path(folder, "initdb")), str(Path(folder, "pg_ctl"))
    return None


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _unprivileged() -> dict:
    """PostgreSQL refuses to run as root: drop to the ``postgres`` user (or ``nobody``)."""
    if os.geteuid() != 0:
        return {}
    for name in ("postgres", "nobody"):
        try:
            user = pwd.getpwnam(name)
        except KeyError:
            continue
        return {"user": user.pw_uid, "group": user.pw_gid, "extra_groups": []}
    raise RuntimeError("running as root and no 'postgres' or 'nobody' user to run PostgreSQL as")


def start() -> Server | str:
    """A running server, or the reason there is none."""
    if os.environ.get(ENV_URL):
        return Server(os.environ[ENV_URL])
    try:
        import psycopg  # noqa: F401
    except ImportError:
        return "psycopg is not installed (pip install -e '.[test]')"
    found = find_binaries()
    if not found:
        return f"no initdb/pg_ctl found; {INSTALL_HINT}"
    initdb, pg_ctl = found
    folder = tempfile.mkdtemp(prefix="storyline-pg-")
    try:
        run_as = _unprivileged()
        if run_as:
            os.chown(folder, run_as["user"], run_as["group"])
        data, log = os.path.join(folder, "data"), os.path.join(folder, "server.log")
        env = {**os.environ, "LC_ALL": "C"}
        done = subprocess.run([initdb, "-D", data, "-U", "storyline", "--auth=trust", "-E", "UTF8", "--no-locale"],
                              capture_output=True, text=True, timeout=120, env=env, **run_as)
        if done.returncode:
            raise RuntimeError(f"initdb failed: {done.stderr.strip()[-400:]}")
        port = _free_port()
        options = f"-h 127.0.0.1 -p {port} -k {folder} {SERVER_OPTIONS}"
        done = subprocess.run([pg_ctl, "-D", data, "-l", log, "-w", "-t", "60", "-o", options, "start"],
                              capture_output=True, text=True, timeout=90, env=env, **run_as)
        if done.returncode:
            tail = Path(log).read_text(errors="replace")[-400:] if Path(log).exists() else done.stderr
            raise RuntimeError(f"pg_ctl start failed: {tail.strip()}")
    except (RuntimeError, OSError, subprocess.SubprocessError) as exc:
        shutil.rmtree(folder, ignore_errors=True)
        return f"could not start PostgreSQL ({exc}); {INSTALL_HINT}"
    return Server(f"postgresql://storyline@127.0.0.1:{port}/postgres",
                  [pg_ctl, "-D", data, "-m", "immediate", "stop"], folder, run_as)
