"""Moderation policies: ordered rules 'ACTION LABEL at p >= T', simulated on scored comments."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

import pandas as pd

from classifier.errors import InputError, kind_of
from classifier.io import read_yaml
from classifier.records import Comment


@dataclass(frozen=True)
class Rule:
    """Take ``action`` on comments whose probability of ``label`` is at least ``min_probability``."""

    action: str
    label: str
    min_probability: float


RULE_KEYS = ("action", "label", "min_probability")


def load_policy(path: str | Path, labels: Sequence[str]) -> list[Rule]:
    """Rules from YAML: ``rules: [{action: flag, label: troll_accusation, min_probability: 0.85}, ...]``.

    Earlier rules win when several match one comment. A bad rule is an error naming its line.
    """
    config, tree = read_yaml(path, "policy")
    if not isinstance(config, dict):
        raise InputError(path, f"a policy is a mapping with 'rules:', found {kind_of(config)}")
    entries = config.get("rules") or []
    if not isinstance(entries, list):
        raise InputError(path, f"'rules:' must be a list of rules, found {kind_of(entries)}")
    lines = _rule_lines(tree)
    rules = []
    for index, entry in enumerate(entries):
        where = f"rule {index + 1}"
        try:
            rules.append(_rule(entry, labels))
        except ValueError as error:
            raise InputError(path, f"{where}: {error}", lines[index] if index < len(lines) else None) from None
    if not rules:
        raise InputError(path, "a policy needs at least one rule under 'rules:'")
    return rules


def _rule(entry, labels: Sequence[str]) -> Rule:
    """One rule from its YAML mapping; ValueError says what is wrong with it."""
    if not isinstance(entry, dict) or set(entry) != set(RULE_KEYS):
        found = ", ".join(map(str, entry)) if isinstance(entry, dict) else kind_of(entry)
        raise ValueError(f"needs action, label and min_probability and nothing else (found {found})")
    action, label, probability = (entry[key] for key in RULE_KEYS)
    if not isinstance(action, str) or not isinstance(label, str):
        raise ValueError(f"action and label must be names, found {kind_of(action)} and {kind_of(label)}")
    if label not in labels:
        raise ValueError(f"unknown label {label!r} (model labels: {', '.join(labels)})")
    if isinstance(probability, bool) or not isinstance(probability, (int, float)) or not 0 <= probability <= 1:
        raise ValueError(f"min_probability must be a number between 0 and 1, found {probability!r}")
    return Rule(action, label, float(probability))


def _rule_lines(tree) -> list[int]:
    """The line of each item under ``rules:`` in the YAML node tree."""
    for key, value in getattr(tree, "value", []) if tree is not None and tree.id == "mapping" else []:
        if key.value == "rules" and value.id == "sequence":
            return [item.start_mark.line + 1 for item in value.value]
    return []


def decide(comment: Comment, rules: Sequence[Rule]) -> Rule | None:
    """The first rule that matches a comment, or None (no action)."""
    scores = comment.scores or {}
    return next((r for r in rules if scores.get(r.label, 0.0) >= r.min_probability), None)


def simulate(comments: Sequence[Comment], rules: Sequence[Rule], gold: dict[str, str] | None = None) -> pd.DataFrame:
    """Per rule: comments it acts on, their share and, with gold labels, how many are wrong."""
    hits: dict[Rule, list[Comment]] = {rule: [] for rule in rules}
    for comment in comments:
        rule = decide(comment, rules)
        if rule is not None:
            hits[rule].append(comment)
    rows = []
    for rule, matched in hits.items():
        row = {"action": rule.action, "label": rule.label, "min_probability": rule.min_probability,
               "comments": len(matched), "share": len(matched) / len(comments) if comments else 0.0,
               "threads": len({c.thread_id for c in matched})}
        if gold:
            known = [c for c in matched if c.id in gold]
            wrong = sum(gold[c.id] != rule.label for c in known)
            row.update(correct=len(known) - wrong, wrong=wrong,
                       precision=(len(known) - wrong) / len(known) if known else float("nan"),
                       missed=sum(1 for c in comments if gold.get(c.id) == rule.label and decide(c, rules) is None))
        rows.append(row)
    return pd.DataFrame(rows)
