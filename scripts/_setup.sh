# Shared set-up for scripts/serve and scripts/test (sourced, not run).
# Creates .venv with the machine's python3 (3.11+) and installs the project into it.
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
VENV="$ROOT/.venv"
PYTHON="$VENV/bin/python"

as_root() {
  if [ "$(id -u)" -eq 0 ]; then "$@"; else sudo "$@"; fi
}

apt_install() {
  as_root apt-get update -qq
  DEBIAN_FRONTEND=noninteractive as_root apt-get install -y -qq "$@" >/dev/null
}

ensure_venv() {
  if [ ! -x "$PYTHON" ]; then
    python3 -c 'import sys; assert sys.version_info >= (3, 11), "Python 3.11+ is needed"'
    if ! python3 -m venv "$VENV" 2>/dev/null; then
      rm -rf "$VENV"
      echo "python3 -m venv is missing; installing Debian's python3-venv" >&2
      apt_install python3-venv
      python3 -m venv "$VENV"
    fi
  fi
  "$PYTHON" -m pip install --quiet --upgrade pip
}

install_project() {  # $1: extras, e.g. "[test]" or ""
  "$PYTHON" -m pip install --quiet --editable "$ROOT$1"
}
