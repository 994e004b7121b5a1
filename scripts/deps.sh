# scripts/deps.sh: sourced by scripts/test.sh and scripts/demo.sh. install_deps
# installs the Debian packages that building and testing csp need, only those
# that are missing (so a rerun does not touch apt), as root or through sudo.
# On a system without dpkg it checks the tools and libraries and says what is
# missing instead.

CSP_PACKAGES="gcc libc6-dev meson ninja-build pkg-config python3 libgc-dev libreadline-dev libgmp-dev"

install_deps() { # [EXTRA-PACKAGE...]
    local missing=() p
    if ! command -v dpkg-query > /dev/null 2>&1; then
        for p in cc meson ninja pkg-config python3; do
            command -v "$p" > /dev/null 2>&1 || missing+=("$p")
        done
        for p in bdw-gc readline gmp; do
            pkg-config --exists "$p" 2> /dev/null || missing+=("$p (pkg-config)")
        done
        if [ ${#missing[@]} != 0 ]; then
            echo "error: not a Debian system, and these are missing: ${missing[*]}" >&2
            return 1
        fi
        return 0
    fi
    for p in $CSP_PACKAGES "$@"; do
        dpkg-query -W -f='${Status}' "$p" 2> /dev/null | grep -q ' installed$' || missing+=("$p")
    done
    [ ${#missing[@]} = 0 ] && return 0
    local sudo=()
    if [ "$(id -u)" != 0 ]; then
        if ! command -v sudo > /dev/null 2>&1; then
            echo "error: missing packages ${missing[*]}; run as root (or install sudo) to apt-get install them" >&2
            return 1
        fi
        sudo=(sudo)
    fi
    echo "== installing: ${missing[*]}"
    "${sudo[@]}" env DEBIAN_FRONTEND=noninteractive apt-get update -q &&
        "${sudo[@]}" env DEBIAN_FRONTEND=noninteractive apt-get install -y -q --no-install-recommends "${missing[@]}" || {
            echo "error: apt-get install ${missing[*]} failed" >&2
            return 1
        }
}
