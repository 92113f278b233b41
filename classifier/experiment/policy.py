"""Moderation policies: ordered rules 'ACTION LABEL at p >= T', simulated on scored comments."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

import pandas as pd
import yaml

from classifier.errors import InputError, kind_of
from classifier.records import Comment


@dataclass(frozen=True)
class Rule:
    """Take ``action`` on comments whose probability of ``label`` is at least ``min_probability``."""

    action: str
    label: str
    min_probability: float


def load_policy(path: str | Path, labels: Sequence[str]) -> list[Rule]:
    """Rules from YAML: ``rules: [{action: flag, label: troll_accusation, min_probability: 0.85}, ...]``.

    Earlier rules win when several match one comment.
    """
    try:
        config = yaml.safe_load(Path(path).read_text(encoding="utf-8"))
    except OSError as error:
        raise InputError(path, f"cannot read policy: {error.strerror}") from None
    except UnicodeDecodeError:
        raise InputError(path, "not a text file (not valid UTF-8): a policy is YAML") from None
    except yaml.YAMLError as error:
        mark = getattr(error, "problem_mark", None)
        raise InputError(path, f"not valid YAML ({getattr(error, 'problem', None) or error})",
                         mark.line + 1 if mark else None) from None
    if not isinstance(config, dict):
        raise InputError(path, f"a policy is a mapping with 'rules:', found {kind_of(config)}")
    entries = config.get("rules") or []
    if not isinstance(entries, list):
        raise InputError(path, f"'rules:' must be a list of rules, found {kind_of(entries)}")
    rules = []
    for index, entry in enumerate(entries, start=1):
        try:
            rule = Rule(str(entry["action"]), str(entry["label"]), float(entry["min_probability"]))
        except (KeyError, TypeError, ValueError):
            raise InputError(path, f"rule {index} needs action, label and min_probability") from None
        if rule.label not in labels:
            raise InputError(path, f"rule {index}: unknown label {rule.label!r} (model labels: {', '.join(labels)})")
        if not 0 <= rule.min_probability <= 1:
            raise InputError(path, f"rule {index}: min_probability must be between 0 and 1")
        rules.append(rule)
    if not rules:
        raise InputError(path, "a policy needs at least one rule under 'rules:'")
    return rules


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
