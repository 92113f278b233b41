"""scripts/sample_for_annotation.py: what annotators read in a later round (selection only, never labels)."""

import importlib.util
import json
from pathlib import Path

SCRIPT = Path(__file__).resolve().parent.parent / "scripts" / "sample_for_annotation.py"
spec = importlib.util.spec_from_file_location("sample_for_annotation", SCRIPT)
sampling = importlib.util.module_from_spec(spec)
spec.loader.exec_module(sampling)


def write_pool(root: Path, name: str, texts: list[str]) -> None:
    (root / name).mkdir(parents=True)
    rows = [{"id": f"{name}-{n}", "thread_id": f"t{n}", "text": text} for n, text in enumerate(texts)]
    (root / name / "comments.jsonl").write_text("".join(json.dumps(r) + "\n" for r in rows), encoding="utf-8")


def test_a_later_round_skips_labelled_comments_and_reads_the_least_confident_half(tmp_path):
    write_pool(tmp_path, "news", [f"comment {n}" for n in range(40)])
    write_pool(tmp_path, "debate", ["a", "b", "c"])
    confidence = {f"news-{n}": 0.3 + n / 100 for n in range(40)}
    chosen = sampling.select(tmp_path, seed=1, whole=("debate",), random_per_pool={"news": 10},
                             exclude={"news-0", "news-1", "debate-2"}, confidence=confidence)
    ids = [row["id"] for row in chosen]
    assert ids[:2] == ["debate-0", "debate-1"]
    news = ids[2:]
    assert len(news) == len(set(news)) == 10
    assert not {"news-0", "news-1"} & set(news)
    assert news[:5] == ["news-2", "news-3", "news-4", "news-5", "news-6"]
    assert all(chosen[0]["pool"] == "debate" and row["line"] >= 1 for row in chosen)


def test_the_first_round_is_unchanged_without_the_later_round_options(tmp_path):
    write_pool(tmp_path, "news", [f"comment {n}" for n in range(40)] + ["you troll"])
    plain = sampling.select(tmp_path, seed=1, whole=(), random_per_pool={"news": 5})
    assert [row["id"] for row in plain][:1] == ["news-40"]
    assert len(plain) == 6
    assert plain == sampling.select(tmp_path, seed=1, whole=(), random_per_pool={"news": 5}, exclude=set())


def test_a_veiled_vocabulary_adds_its_matches_to_the_plain_one(tmp_path):
    write_pool(tmp_path, "news", ["nice weather", "Who pays you to post this?", "you troll", "fine"])
    vocabularies = (sampling.VOCABULARY, sampling.VEILED_VOCABULARY)
    chosen = sampling.select(tmp_path, seed=1, whole=(), random_per_pool={"news": 0}, vocabularies=vocabularies)
    assert [row["id"] for row in chosen] == ["news-1", "news-2"]
    plain = sampling.select(tmp_path, seed=1, whole=(), random_per_pool={"news": 0})
    assert [row["id"] for row in plain] == ["news-2"]


def test_outside_test_reads_no_comment_of_a_held_out_thread(tmp_path):
    write_pool(tmp_path, "news", [f"comment {n}" for n in range(200)])
    everything = sampling.select(tmp_path, seed=1, whole=("news",), random_per_pool={})
    outside = sampling.select(tmp_path, seed=1, whole=("news",), random_per_pool={}, outside_test=42)
    held_out = {row["id"] for row in everything} - {row["id"] for row in outside}
    assert 10 < len(held_out) < 50  # about the default 15 % test share of 200 one-comment threads
    assert all(sampling.is_test_thread(row["thread_id"], 42) for row in everything if row["id"] in held_out)
    assert not any(sampling.is_test_thread(row["thread_id"], 42) for row in outside)
    assert held_out != {row["id"] for row in everything} - {
        row["id"] for row in sampling.select(tmp_path, seed=1, whole=("news",), random_per_pool={}, outside_test=7)}
