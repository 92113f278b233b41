#!/usr/bin/env bash
# Create .venv (if needed) and install stance with the given extras, CPU torch first.
set -euo pipefail
cd "$(dirname "$0")/.."
extras="${1:-}"
python3 -m venv .venv 2>/dev/null || python3 -m venv --without-pip .venv
# shellcheck disable=SC1091
. .venv/bin/activate
python -m pip install -q --upgrade pip
python -m pip install -q "torch==2.13.0"   # the CPU wheel; a plain 'torch' may pull a CUDA build
python -m pip install -q -e ".${extras:+[$extras]}"
