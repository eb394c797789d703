#!/usr/bin/env bash
# One command to set up a fresh machine and build the book:
#   a Java runtime for EPUBCheck (Debian package, when missing), a virtual environment in .venv with bookpress and
#   its test tools, then `python build.py` (dist/*.pdf and dist/*.epub).
set -euo pipefail
cd "$(dirname "$0")"

if ! command -v java >/dev/null 2>&1; then
  echo "setup: installing a Java runtime for EPUBCheck (default-jre-headless)"
  if [ "$(id -u)" -eq 0 ]; then
    apt-get update -q && DEBIAN_FRONTEND=noninteractive apt-get install -y -q default-jre-headless
  else
    sudo apt-get update -q && sudo DEBIAN_FRONTEND=noninteractive apt-get install -y -q default-jre-headless
  fi
fi

PYTHON=${PYTHON:-python3}
if [ ! -x .venv/bin/python ]; then
  "$PYTHON" -m venv .venv
fi
.venv/bin/python -m pip install -q --upgrade pip
.venv/bin/python -m pip install -q -e '.[test]'
.venv/bin/python build.py
