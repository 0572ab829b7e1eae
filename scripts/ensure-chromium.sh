#!/usr/bin/env bash
# make test: make sure a chromium binary exists for the web app's browser tests (tests/web).
# Playwright for Python drives the distribution's chromium (executable_path); we never run
# `playwright install`, which downloads a browser build of its own. Installs Debian's package
# only when it is missing and we may (root + apt-get). Never fails: without chromium, only the
# browser tests skip, saying why. STORYLINE_CHROMIUM_INSTALL=0 turns the install off.
set -u
have() {
  [ -n "${STORYLINE_CHROMIUM:-}" ] && [ -x "${STORYLINE_CHROMIUM}" ] && return 0
  command -v chromium >/dev/null 2>&1 || command -v chromium-browser >/dev/null 2>&1
}
if have; then exit 0; fi
if [ "${STORYLINE_CHROMIUM_INSTALL:-1}" = "0" ]; then
  echo "chromium not found (STORYLINE_CHROMIUM_INSTALL=0): the browser tests will skip." >&2
  exit 0
fi
if [ "$(id -u)" = "0" ] && command -v apt-get >/dev/null 2>&1; then
  echo "installing the distribution's chromium for the browser tests (apt-get install chromium)" >&2
  export DEBIAN_FRONTEND=noninteractive
  (apt-get update -qq && apt-get install -y -qq --no-install-recommends chromium >/dev/null) \
    || echo "could not install chromium: the browser tests will skip." >&2
  exit 0
fi
echo "chromium not found: the browser tests will skip (install it, e.g. apt-get install chromium," >&2
echo "or set STORYLINE_CHROMIUM=/path/to/chromium)." >&2
exit 0
