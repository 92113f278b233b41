#!/usr/bin/env bash
# Create .venv (if needed) and install stance with the given extras, CPU torch first.
set -euo pipefail
cd "$(dirname "$0")/.."
extras="${1:-}"
python3 -m venv .venv 2>/dev/null || python3 -m venv --without-pip .venv
# shellcheck disable=SC1091
. .venv/bin/activate
quiet_pip() {  # pip's own notes about unreachable local package folders are not ours to show
  PYTHONWARNINGS=ignore python -m pip install -q --disable-pip-version-check "$@" 2>&1 \
    | { grep -v "is ignored: it is neither a file nor a directory" || true; }
}
quiet_pip --upgrade pip
quiet_pip "torch==2.13.0"   # the CPU wheel; a plain 'torch' may pull a CUDA build
quiet_pip -e ".${extras:+[$extras]}"
