#!/usr/bin/env bash
# scripts/demo.sh: the README's first command. Installs what is missing
# (apt-get, as root or through sudo), builds csp into build/, and runs
# scripts/demo.csp.
set -uo pipefail
cd "$(dirname "$0")/.." || exit 1
. scripts/deps.sh

install_deps || { echo "FAILED: could not install the build dependencies" >&2; exit 1; }
if [ -f build/meson-private/coredata.dat ]; then
    meson setup --reconfigure build > build.setup.log 2>&1
else
    meson setup build > build.setup.log 2>&1
fi || { cat build.setup.log; echo "FAILED: meson setup build" >&2; exit 1; }
meson compile -C build || { echo "FAILED: the build failed (see above)" >&2; exit 1; }
if [ ! -x build/csp ]; then
    echo "FAILED: build/csp was not built (src/main.c does not exist yet)" >&2
    exit 1
fi
echo "== build/csp scripts/demo.csp"
exec build/csp scripts/demo.csp
