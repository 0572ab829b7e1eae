#!/usr/bin/env bash
# make test: make sure PostgreSQL server programs (initdb, pg_ctl) exist for the store tests.
# The tests start their own throwaway server on 127.0.0.1 (tests/store/pg_server.py); this only
# installs the distribution's package when the programs are missing and we may (root + apt-get).
# Never fails: without PostgreSQL, only the PostgreSQL tests skip, saying why.
# STORYLINE_PG_INSTALL=0 turns the install off.
set -u
have() {
  command -v initdb >/dev/null 2>&1 && command -v pg_ctl >/dev/null 2>&1 && return 0
  ls /usr/lib/postgresql/*/bin/initdb >/dev/null 2>&1
}
if have; then exit 0; fi
if [ "${STORYLINE_PG_INSTALL:-1}" = "0" ]; then
  echo "PostgreSQL not found (STORYLINE_PG_INSTALL=0): the PostgreSQL store tests will skip." >&2
  exit 0
fi
if [ "$(id -u)" = "0" ] && command -v apt-get >/dev/null 2>&1; then
  echo "installing the distribution's PostgreSQL server for the store tests (apt-get install postgresql)" >&2
  export DEBIAN_FRONTEND=noninteractive
  (apt-get update -qq && apt-get install -y -qq --no-install-recommends postgresql >/dev/null) \
    || echo "could not install PostgreSQL: the PostgreSQL store tests will skip." >&2
  exit 0
fi
echo "PostgreSQL not found: the PostgreSQL store tests will skip (install it, e.g. apt-get install postgresql," >&2
echo "or set STORYLINE_TEST_POSTGRES=postgresql://USER@HOST:PORT/DB to use a running server)." >&2
exit 0
