"""Assemble data/real from the annotators' label files.

    python scripts/build_real_data.py SELECTED.jsonl LABELS_DIR data/real --first-pass IDS_DIR --pools ../shared/data \
        [--adjudicated ADJ.jsonl] [--extend data/real]

``SELECTED.jsonl`` is what ``sample_for_annotation.py`` chose (pool rows with ``pool`` and ``line``).
``LABELS_DIR`` holds one ``BATCH.ANNOTATOR.jsonl`` file per annotator session, rows
``{"id", "label", "annotator", "note"}``; a judgement is pass 1 when the comment is in that
session's first-pass list (``--first-pass DIR/aNN.ids``), else pass 2 (an independent second reading). Disagreements are settled by the adjudication file. Writes
``comments.jsonl`` (one Comment record per labelled comment, with its final label) and
``annotations.jsonl`` (every judgement: id, pass, annotator, label, note).

No pool is published whole: where every comment of a pool (``--pools DIR/POOL/comments.jsonl``) was
labelled, a hashed share of its threads (``HELD_BACK``) is left out of both files.

``--extend DIR`` adds one round to a data/real built before (whose label files need not be at hand):
its comments and judgements are kept as they are, and a comment it already holds is refused.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

from classifier.io import read_all, write_records
from classifier.labels import LabelScheme
from classifier.records import Comment
from training.data import thread_split

SCHEME = LabelScheme()
# Share of threads left out of a pool that was labelled whole, and the seed of their hash.
HELD_BACK = 0.25
HELD_BACK_SEED = 101


def read_judgements(labels_dir: Path, first_pass: dict[str, set[str]]) -> list[dict]:
    """Every judgement: pass 1 where the comment is in the session's first-pass set, else pass 2."""
    judgements, seen = [], set()
    for path in sorted(labels_dir.glob("*.jsonl")):
        own = first_pass["".join(ch for ch in path.name.split(".")[0] if ch.isdigit())]
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
            if not line.strip():
                continue
            row = json.loads(line)
            SCHEME.check(row["label"], f"label in {path}:{number}")
            number_of_pass = "1" if row["id"] in own else "2"
            if (row["id"], number_of_pass) in seen:
                continue  # a repeated line: the first one stands
            seen.add((row["id"], number_of_pass))
            judgements.append({"id": row["id"], "pass": number_of_pass, "annotator": row["annotator"],
                               "label": row["label"], "note": row.get("note", "")})
    return judgements


def held_back(comments: list[Comment], pools: Path) -> set[str]:
    """Ids left out so that no pool is published whole: a hashed share of the threads of every pool
    whose comments were all labelled."""
    labelled: dict[str, list[Comment]] = {}
    for comment in comments:
        labelled.setdefault(comment.dataset, []).append(comment)
    left_out = set()
    for pool, members in labelled.items():
        with (pools / pool / "comments.jsonl").open(encoding="utf-8") as handle:
            if sum(1 for line in handle if line.strip()) > len(members):
                continue
        left_out |= {c.id for c in members if thread_split(c.thread_id, 0.0, HELD_BACK, HELD_BACK_SEED) == "test"}
    return left_out


def to_comment(row: dict, final: dict) -> Comment:
    return Comment(
        id=row["id"], thread_id=row.get("thread_id") or row["id"], text=row["text"],
        position=row.get("position") or 0, parent_id=row.get("parent_id"), parent_text=row.get("parent_text"),
        author=row.get("author"), timestamp=row.get("timestamp"), article_title=row.get("article_title"),
        article_text=row.get("article_text"), source=f"{row['pool']}/comments.jsonl:{row['line']}",
        dataset=row["pool"], label=final["label"], label_source="gold", confidence=1.0,
        annotator=final["annotator"], note=final["note"],
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("selected", type=Path)
    parser.add_argument("labels_dir", type=Path)
    parser.add_argument("out", type=Path)
    parser.add_argument("--adjudicated", type=Path)
    parser.add_argument("--first-pass", type=Path, required=True,
                        help="folder of aNN.ids files: the comments each session NN labels in pass 1")
    parser.add_argument("--pools", type=Path, required=True,
                        help="the pools' folder: a pool labelled whole is published without a share of its threads")
    parser.add_argument("--extend", type=Path, help="a data/real folder whose comments and judgements are kept")
    args = parser.parse_args()
    rows = {r["id"]: r for r in map(json.loads, args.selected.read_text(encoding="utf-8").splitlines())}
    first_pass = {p.stem[1:]: set(p.read_text(encoding="utf-8").split()) for p in args.first_pass.glob("a*.ids")}
    judgements = read_judgements(args.labels_dir, first_pass)
    adjudicated = {}
    if args.adjudicated:
        for line in args.adjudicated.read_text(encoding="utf-8").splitlines():
            row = json.loads(line)
            SCHEME.check(row["label"], "adjudicated label")
            adjudicated[row["id"]] = row
            judgements.append({"id": row["id"], "pass": "adjudicated", "annotator": row["annotator"],
                               "label": row["label"], "note": row.get("note", "")})
    by_id: dict[str, dict[str, dict]] = {}
    for j in judgements:
        by_id.setdefault(j["id"], {})[j["pass"]] = j
    unsettled = [i for i, p in by_id.items() if "2" in p and p["1"]["label"] != p["2"]["label"]
                 and "adjudicated" not in p]
    if unsettled:
        sys.exit(f"{len(unsettled)} disagreements are not adjudicated, e.g. {unsettled[:3]}")
    missing = sorted(set(rows) - set(by_id))
    comments = [to_comment(rows[i], p.get("adjudicated") or p["1"]) for i, p in by_id.items() if i in rows]
    if args.extend:
        kept = read_all([args.extend / "comments.jsonl"])
        again = sorted({c.id for c in kept} & {c.id for c in comments})
        if again:
            sys.exit(f"{len(again)} comments are already in {args.extend}, e.g. {again[:3]}")
        comments += kept
        judgements += map(json.loads, (args.extend / "annotations.jsonl").read_text(encoding="utf-8").splitlines())
    left_out = held_back(comments, args.pools)
    comments = [c for c in comments if c.id not in left_out]
    judgements = [j for j in judgements if j["id"] not in left_out]
    comments.sort(key=lambda c: (c.dataset, c.thread_id, c.position, c.id))
    args.out.mkdir(parents=True, exist_ok=True)
    write_records(args.out / "comments.jsonl", comments)
    with (args.out / "annotations.jsonl").open("w", encoding="utf-8") as handle:
        for j in sorted(judgements, key=lambda j: (j["id"], j["pass"])):
            handle.write(json.dumps(j, ensure_ascii=False) + "\n")
    print(f"{len(comments)} labelled comments, {len(judgements)} judgements; {len(missing)} selected but unlabelled; "
          f"{len(left_out)} held back so that no pool is published whole")


if __name__ == "__main__":
    main()
