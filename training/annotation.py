"""Label Studio round trip: tasks with pre-annotations out, annotations back in as gold labels."""

from __future__ import annotations

import json
from collections.abc import Sequence
from pathlib import Path

from classifier.errors import InputError
from classifier.labels import LabelScheme
from classifier.records import Comment

FROM_NAME, TO_NAME = "stance", "text"


def labeling_config(scheme: LabelScheme) -> str:
    """The Label Studio labelling interface for the scheme: comment, its context, one choice."""
    choices = "\n".join(f'    <Choice value="{label}"/>' for label in scheme.labels)
    return (
        "<View>\n"
        '  <Header value="Replying to (parent comment or article title)"/>\n'
        '  <Text name="context" value="$context"/>\n'
        '  <Header value="Comment"/>\n'
        f'  <Text name="{TO_NAME}" value="$text"/>\n'
        f'  <Choices name="{FROM_NAME}" toName="{TO_NAME}" choice="single" showInline="true">\n'
        f"{choices}\n  </Choices>\n</View>\n"
    )


def to_tasks(comments: Sequence[Comment], model_version: str = "rules", limit: int | None = None) -> list[dict]:
    """Label Studio tasks, most uncertain first; each record's label becomes a pre-annotation."""
    ordered = sorted(comments, key=lambda c: -1.0 if c.confidence is None else c.confidence)
    tasks = []
    for comment in ordered[:limit]:
        task = {"data": {"comment_id": comment.id, "thread_id": comment.thread_id, "text": comment.text,
                         "context": comment.context or "", "author": comment.author or ""}}
        if comment.label:
            task["predictions"] = [{
                "model_version": comment.label_source or model_version,
                "score": comment.confidence if comment.confidence is not None else 0.0,
                "result": [{"from_name": FROM_NAME, "to_name": TO_NAME, "type": "choices",
                            "value": {"choices": [comment.label]}}],
            }]
        tasks.append(task)
    return tasks


def read_annotations(path: str | Path, scheme: LabelScheme | None = None) -> tuple[dict[str, str], list[str]]:
    """``{comment id: label}`` from a Label Studio export (JSON, or JSON-MIN), and the ids of the
    tasks that have no annotation (skipped, not guessed).

    The newest non-cancelled annotation of a task wins. A task of another shape, or with more
    than one choice, is an error naming the task.
    """
    scheme = scheme or LabelScheme()
    try:
        tasks = json.loads(Path(path).read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError) as error:
        raise InputError(path, f"cannot read: {error}") from None
    except json.JSONDecodeError as error:
        raise InputError(path, f"invalid JSON: {error.msg} column {error.colno}", error.lineno) from None
    if not isinstance(tasks, list):
        raise InputError(path, "a Label Studio export is a JSON list of tasks")
    labels, unannotated = {}, []
    for index, task in enumerate(tasks):
        where = f"task {index}"
        data = task.get("data", task) if isinstance(task, dict) else None
        if not isinstance(data, dict):
            raise InputError(path, f"{where}: not a JSON object with a 'data' object")
        comment_id = data.get("comment_id")
        if comment_id is None:
            raise InputError(path, f"{where}: no comment_id in its data")
        try:
            label = _choice(task)
            if label is None:
                unannotated.append(str(comment_id))
            else:
                labels[str(comment_id)] = scheme.check(label)
        except ValueError as error:
            raise InputError(path, f"{where} ({comment_id}): {error}") from None
    return labels, unannotated


def _choice(task: dict) -> str | None:
    """The task's newest choice, None when it has no (uncancelled) annotation; ValueError when the
    task is not shaped as Label Studio writes it."""
    if FROM_NAME in task and not isinstance(task.get("annotations"), list):  # JSON-MIN export
        return _single(task[FROM_NAME])
    annotations = task.get("annotations") or []
    if not isinstance(annotations, list) or not all(isinstance(a, dict) for a in annotations):
        raise ValueError("'annotations' is not a list of objects")
    for annotation in reversed([a for a in annotations if not a.get("was_cancelled")]):
        results = annotation.get("result") or []
        if not isinstance(results, list) or not all(isinstance(r, dict) for r in results):
            raise ValueError("an annotation's 'result' is not a list of objects")
        for result in results:
            value = result.get("value") or {}
            if result.get("from_name") == FROM_NAME and isinstance(value, dict) and value.get("choices"):
                return _single(value["choices"])
    return None


def _single(choices) -> str:
    """One label from a choice as exported: a string, a list of one, or ``{"choices": [...]}``."""
    if isinstance(choices, dict):
        choices = choices.get("choices")
    if isinstance(choices, str):
        return choices
    if isinstance(choices, list) and len(choices) == 1 and isinstance(choices[0], str):
        return choices[0]
    raise ValueError(f"expected one choice, found {json.dumps(choices)[:80]}")


def agreement(judgements: Sequence[dict], labels: Sequence[str], first: str = "1", second: str = "2") -> dict:
    """Cohen's kappa between two independent annotation passes, overall and per label.

    ``judgements`` are rows with ``id``, ``pass`` and ``label`` (as in ``data/real/annotations.jsonl``);
    only comments labelled in both passes count. Per label, kappa is computed one-vs-rest.
    Returns ``{"comments", "observed", "kappa", "per_label": {label: kappa},
    "disagreements": {"a -> b": count}}``.
    """
    from collections import Counter

    from sklearn.metrics import cohen_kappa_score

    by_pass: dict[str, dict[str, str]] = {first: {}, second: {}}
    for row in judgements:
        if str(row.get("pass")) in by_pass:
            by_pass[str(row["pass"])][str(row["id"])] = row["label"]
    ids = sorted(set(by_pass[first]) & set(by_pass[second]))
    a = [by_pass[first][i] for i in ids]
    b = [by_pass[second][i] for i in ids]
    if not ids:
        return {"comments": 0, "observed": None, "kappa": None, "per_label": {}, "disagreements": {}}
    per_label = {}
    for label in labels:
        x, y = [v == label for v in a], [v == label for v in b]
        per_label[label] = float(cohen_kappa_score(x, y)) if (any(x) or any(y)) else None
    return {
        "comments": len(ids),
        "observed": sum(x == y for x, y in zip(a, b)) / len(ids),
        "kappa": float(cohen_kappa_score(a, b, labels=list(labels))),
        "per_label": per_label,
        "disagreements": dict(Counter(f"{x} -> {y}" for x, y in zip(a, b) if x != y).most_common()),
    }
