"""Choose which real pool comments the annotators read, and write them as reading batches.

Selection only: a keyword match decides that a comment is *read*, never its label. Every comment
that uses accusation vocabulary is chosen (so that accusations and hard negatives are covered),
plus a seeded random sample of the rest of each pool for the natural mix.

    python scripts/sample_for_annotation.py ../shared/data OUT_DIR --batches 16 --second-pass 480

A later round skips what was already read (``--exclude``), sets its own pools (``--whole``,
``--random POOL=N``) and may spend half of each random share on the comments a model is least sure
about (``--uncertain SCORES``, the output of ``stance score``): the model chooses what is read next,
never its label. ``--outside-test SEED`` reads no comment of a thread that ``stance train --split-seed
SEED`` holds out for testing, so that a round adds training data and leaves the held-out threads as they were.

Writes ``selected.jsonl`` (the chosen pool rows), ``aNN.ids`` (the comments session NN reads first)
and ``sNN.txt``/``sNN.ids`` (what session NN reads: its first-pass batch, plus, from session
``--second-from`` on, second-pass comments first read by another session, mixed in unannounced).
"""

from __future__ import annotations

import argparse
import json
import random
import re
from collections.abc import Collection, Sequence
from pathlib import Path

from classifier.io import read_all, read_rows
from classifier.labels import parse_mapping
from training.args import TrainingArgs
from training.data import thread_split

# Which comments to read in full: accusation vocabulary and its usual look-alikes.
VOCABULARY = re.compile(
    r"\b(troll\w*|shill\w*|bots?|sock ?puppet\w*|sockpuppet\w*|astroturf\w*|paid (poster|commenter|agent|troll)s?"
    r"|propagandist\w*|plants?|stooges?|hasbara|comrade|kremlin|st\.? ?petersburg|olgino|50 ?cent\w*|rubles?)\b",
    re.I,
)
# Words of veiled accusations (payment, handlers, foreign agents, extra accounts) and their look-alikes
# in the news: read in a later round, since the plain vocabulary finds few veiled accusations.
VEILED_VOCABULARY = re.compile(
    r"\b(paid (to|by)|who pays you|get(ting)? paid|on the payroll|payroll|your (handlers?|masters?|bosses|employers?)"
    r"|talking points|propaganda|agents?|operatives?|russians?|russia|putin'?s|soros|ctr|correct the record|shareblue"
    r"|sock|alt(ernate)? accounts?|multiple accounts|fake accounts?|fake (profile|name|user)|(new|second|another) account"
    r"|useful idiot|cheerleaders?|mouthpiece|apologists?|spam\w*|ivan|boris|vlad|comrades?|hack|flunk(e|y)\w*|lackeys?"
    r"|minions?|bait\w*|same person|reply(ing)? to yourself|under the bridge)\b",
    re.I,
)
VOCABULARIES = {"accusation": VOCABULARY, "veiled": VEILED_VOCABULARY}

# Random comments added per pool on top of every vocabulary match (the small vocabulary-rich
# pools are read whole).
RANDOM_PER_POOL = {
    "civil_comments_unlabelled": 300,
    "reddit_cmv_ukp_adhominem": 300,
    "ukp_web_discourse_comments": 280,
    "createdebate_argmin2016": 120,
}
READ_WHOLE = ("reddit_goemotions", "reddit_hate_subs_counterspeech",
              "wikipedia_talk_context_toxicity", "wikipedia_talk_wikidetox")


def select(pools: Path, seed: int, whole: Sequence[str] = READ_WHOLE,
           random_per_pool: dict[str, int] = RANDOM_PER_POOL, exclude: Collection[str] = (),
           confidence: dict[str, float] | None = None, vocabularies: Sequence[re.Pattern] = (VOCABULARY,),
           outside_test: int | None = None) -> list[dict]:
    """Every row to be read, with ``pool`` and ``line`` added: vocabulary matches and random comments.

    With ``confidence`` (comment id -> a model's top probability), half of each pool's random
    share is its least confident comments instead. With ``outside_test`` (a thread-split seed), no
    comment of a thread that the split holds out for testing is read.
    """
    rng = random.Random(seed)
    chosen = []
    for pool in (*whole, *random_per_pool):
        path = pools / pool / "comments.jsonl"
        rows = [dict(json.loads(line), pool=pool, line=n)
                for n, line in enumerate(path.open(encoding="utf-8"), start=1)]
        rows = [r for r in rows if r["id"] not in exclude]
        if outside_test is not None:
            rows = [r for r in rows if not is_test_thread(r.get("thread_id") or r["id"], outside_test)]
        if pool in whole:
            chosen += rows
            continue
        matched = [any(v.search(r["text"] or "") for v in vocabularies) for r in rows]
        matches = [r for r, hit in zip(rows, matched) if hit]
        rest = [r for r, hit in zip(rows, matched) if not hit]
        wanted = min(random_per_pool[pool], len(rest))
        if confidence:
            scored = sorted((r for r in rest if r["id"] in confidence), key=lambda r: confidence[r["id"]])
            unsure = scored[:wanted // 2]
            taken = {r["id"] for r in unsure}
            rest = [r for r in rest if r["id"] not in taken]
            chosen += unsure
            wanted -= len(unsure)
        chosen += matches + rng.sample(rest, wanted)
    return chosen


def is_test_thread(thread_id: str, split_seed: int) -> bool:
    """Whether ``stance train --split-seed`` (at its default test share) holds this thread out for testing."""
    return thread_split(thread_id, 0.0, TrainingArgs.test_size, split_seed) == "test"


def top_probabilities(scores: Path) -> dict[str, float]:
    """Comment id -> its highest label probability, from a ``stance score`` output."""
    return {c.id: max(c.scores.values()) for c in read_all([scores]) if c.scores}


def render(row: dict, number: int) -> str:
    """One comment as the annotator reads it."""
    def clip(text: str | None, limit: int) -> str | None:
        if not text:
            return None
        return text if len(text) <= limit else text[:limit] + " [...]"
    parts = [f"### {number}  id={row['id']}  (pool: {row['pool']})"]
    for name, value, limit in (("TITLE", row.get("article_title"), 300),
                               ("POST", row.get("article_text"), 600),
                               ("PARENT", row.get("parent_text"), 900),
                               ("COMMENT", row.get("text"), 2500)):
        text = clip(value, limit)
        if text:
            parts.append(f"{name}: {text}")
    if not (row.get("article_title") or row.get("parent_text")):
        parts.append("(no context available)")
    return "\n".join(parts)


def first_pass_batches(rows: list[dict], count: int) -> list[list[dict]]:
    """Rows split into ``count`` equal first-pass batches."""
    size = -(-len(rows) // count)
    return [rows[b * size:(b + 1) * size] for b in range(count)]


def second_pass(rows: list[dict], share: float, rng: random.Random) -> list[dict]:
    """A stratified share of every pool (at least 20 comments each) for an independent second reading."""
    chosen = []
    for pool in sorted({r["pool"] for r in rows}):
        members = [r for r in rows if r["pool"] == pool]
        chosen += rng.sample(members, max(20, round(share * len(members))))
    rng.shuffle(chosen)
    return chosen


def deal(second: list[dict], batches: list[list[dict]], sessions: list[int]) -> dict[int, list[dict]]:
    """Deal second-pass rows round-robin to ``sessions``, never to the session that reads them first."""
    owner = {r["id"]: b for b, batch in enumerate(batches) for r in batch}
    dealt: dict[int, list[dict]] = {s: [] for s in sessions}
    turn = 0
    for row in second:
        while sessions[turn % len(sessions)] == owner[row["id"]]:
            turn += 1
        dealt[sessions[turn % len(sessions)]].append(row)
        turn += 1
    return dealt


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("pools", type=Path)
    parser.add_argument("out", type=Path)
    parser.add_argument("--batches", type=int, default=16)
    parser.add_argument("--second-pass", type=int, default=480)
    parser.add_argument("--second-from", type=int, default=9,
                        help="sessions from this number on also read second-pass comments (mixed in)")
    parser.add_argument("--seed", type=int, default=13)
    parser.add_argument("--first-session", type=int, default=1, help="number of the first session")
    parser.add_argument("--exclude", type=Path, action="append", default=[],
                        help="records or selections already read: their comments are not read again")
    parser.add_argument("--whole", action="extend", nargs="*",
                        help="pools read whole (default: the vocabulary-rich four; none when given no pool)")
    parser.add_argument("--random", action="append", metavar="POOL=N",
                        help="random comments from POOL on top of its vocabulary matches (default: round 1's)")
    parser.add_argument("--vocabulary", action="append", choices=sorted(VOCABULARIES),
                        help="read every comment matching these vocabularies (default: accusation)")
    parser.add_argument("--uncertain", type=Path, help="a stance score output: half of each random share "
                        "becomes the comments its model is least sure about")
    parser.add_argument("--outside-test", type=int, metavar="SPLIT_SEED",
                        help="read no comment of a thread that stance train --split-seed SPLIT_SEED holds out for testing")
    args = parser.parse_args()
    try:
        random_per_pool = {pool: int(n) for pool, n in parse_mapping(",".join(args.random)).items()} \
            if args.random else RANDOM_PER_POOL
    except ValueError as error:
        parser.error(f"--random: {error}")
    rows = select(args.pools, args.seed, tuple(READ_WHOLE if args.whole is None else args.whole), random_per_pool,
                  {row["id"] for path in args.exclude for _, row in read_rows(path)},
                  top_probabilities(args.uncertain) if args.uncertain else None,
                  [VOCABULARIES[name] for name in args.vocabulary or ["accusation"]], args.outside_test)
    rng = random.Random(args.seed)
    rng.shuffle(rows)
    args.out.mkdir(parents=True, exist_ok=True)
    with (args.out / "selected.jsonl").open("w", encoding="utf-8") as f:
        for row in rows:
            f.write(json.dumps(row, ensure_ascii=False) + "\n")
    batches = first_pass_batches(rows, args.batches)
    later = list(range(args.second_from - args.first_session, args.batches))
    dealt = deal(second_pass(rows, args.second_pass / len(rows), rng), batches, later)
    for number, batch in enumerate(batches):
        session = number + args.first_session
        (args.out / f"a{session:02d}.ids").write_text("".join(r["id"] + "\n" for r in batch), encoding="utf-8")
        reading = batch + dealt.get(number, [])
        random.Random(f"s{session:02d}").shuffle(reading)
        name = f"s{session:02d}"
        (args.out / f"{name}.txt").write_text(
            "\n\n".join(render(r, i) for i, r in enumerate(reading, start=1)) + "\n", encoding="utf-8")
        (args.out / f"{name}.ids").write_text("".join(r["id"] + "\n" for r in reading), encoding="utf-8")
    print(f"{len(rows)} comments in {args.batches} sessions; {sum(map(len, dealt.values()))} read twice")


if __name__ == "__main__":
    main()
