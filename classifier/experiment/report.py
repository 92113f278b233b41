"""The experiment report: one self-contained HTML page plus PNG figures and CSV/JSON tables."""

from __future__ import annotations

import base64
import json
from dataclasses import dataclass, field
from pathlib import Path

import jinja2
import pandas as pd

from classifier.experiment import figures
from classifier.experiment.policy import Rule, simulate
from classifier.experiment.sweep import threshold_for_precision, threshold_sweep
from classifier.labels import LabelScheme
from classifier.experiment.threads import accusation_chains, by_thread, reply_depths, thread_table
from classifier.records import Comment

TEMPLATE = Path(__file__).with_name("report.html.j2")


@dataclass
class Experiment:
    """Everything an experiment computes from scored comments (and optional gold labels).

    ``gold`` measures the model; ``training_gold`` (labels from the threads of ``model_dir``'s
    training split) is only shown. Without ``model_dir`` which threads trained the model is unknown.
    """

    comments: list[Comment]
    labels: list[str]
    gold: dict[str, str] = field(default_factory=dict)
    rules: list[Rule] = field(default_factory=list)
    target_precision: float = 0.9
    training_gold: dict[str, str] = field(default_factory=dict)
    model_dir: Path | None = None
    scheme: LabelScheme | None = None  # default: the default scheme's choices for these labels

    def __post_init__(self):
        self.sweep = threshold_sweep(self.comments, self.labels, self.gold or None)
        scheme = self.scheme or LabelScheme(labels=tuple(self.labels))
        self.threads = thread_table(self.comments, scheme)
        self.chains = accusation_chains(self.comments, scheme)
        self.policy = simulate(self.comments, self.rules, self.gold or None) if self.rules else pd.DataFrame()
        self.thresholds = {label: threshold_for_precision(self.sweep, label, self.target_precision)
                           for label in self.labels}

    @property
    def gold_split(self) -> str:
        if self.model_dir is None:
            return "unknown"
        return f"threads {self.model_dir} was not trained on (its test split and unseen threads)"

    @property
    def gold_note(self) -> str:
        """Which gold labels measure the model, in a sentence."""
        if self.model_dir is None:
            return (f"{len(self.gold)} gold labels measure the model, but the model directory is unknown, so "
                    "the model's training threads may be among them (name it with --model).")
        return (f"{len(self.gold)} gold labels from {self.gold_split} measure it; "
                f"{len(self.training_gold)} gold labels in its training threads are shown but not counted.")


def write_report(experiment: Experiment, out_dir: str | Path, top_threads: int = 8) -> Path:
    """Write report.html, figures/*.png and tables (CSV/JSON) into ``out_dir``."""
    out = Path(out_dir)
    (out / "figures").mkdir(parents=True, exist_ok=True)
    e = experiment
    pngs = {"volume": figures.volume_png(e.sweep, out / "figures" / "volume_vs_threshold.png")}
    gold_known = [c for c in e.comments if c.id in e.gold]
    pngs["distribution"] = figures.distribution_png(
        [c.label for c in e.comments], [e.gold[c.id] for c in gold_known] or None, e.labels,
        out / "figures" / "class_distribution.png")
    if gold_known:
        pngs["precision_recall"] = figures.precision_recall_png(e.sweep, out / "figures" / "precision_recall.png")
        pngs["confusion"] = figures.confusion_png([e.gold[c.id] for c in gold_known], [c.label for c in gold_known],
                                                  e.labels, "Predicted against gold", out / "figures" / "confusion.png")
    e.sweep.to_csv(out / "threshold_sweep.csv", index=False)
    e.threads.to_csv(out / "threads.csv", index=False)
    if not e.policy.empty:
        e.policy.to_csv(out / "policy.csv", index=False)
    (out / "accusation_chains.json").write_text(json.dumps(
        [[{"id": c.id, "author": c.author, "text": c.text} for c in chain] for chain in e.chains],
        indent=1, ensure_ascii=False), encoding="utf-8")
    summary = _summary(e)
    (out / "summary.json").write_text(json.dumps(summary, indent=2, default=str), encoding="utf-8")
    page = _render(e, summary, pngs, top_threads)
    path = out / "report.html"
    path.write_text(page, encoding="utf-8")
    return path


def _summary(e: Experiment) -> dict:
    counts = pd.Series([c.label for c in e.comments]).value_counts().to_dict() if e.comments else {}
    return {"comments": len(e.comments), "threads": int(len(e.threads)), "gold_labels": len(e.gold),
            "gold_split": e.gold_split, "gold_in_training": len(e.training_gold), "predicted": counts,
            "target_precision": e.target_precision,
            "threshold_for_target_precision": e.thresholds, "accusation_chains": len(e.chains),
            "models": sorted({c.model for c in e.comments if c.model})}


def _render(e: Experiment, summary: dict, pngs: dict, top_threads: int) -> str:
    environment = jinja2.Environment(loader=jinja2.FileSystemLoader(TEMPLATE.parent),
                                     autoescape=True, undefined=jinja2.StrictUndefined)
    grouped = by_thread(e.comments)
    hottest = []
    for row in e.threads.head(top_threads).itertuples():
        thread = grouped[row.thread_id]
        depths = reply_depths(thread)
        hottest.append({"id": row.thread_id, "title": row.title, "heat": row.heat, "comments": [
            {"author": c.author or "anonymous", "text": c.text, "label": c.label, "depth": min(depths[c.id], 6),
             "probability": (c.scores or {}).get(c.label, c.confidence or 0.0),
             "gold": e.gold.get(c.id) or e.training_gold.get(c.id), "trained": c.id in e.training_gold,
             "position": c.position} for c in thread]})
    images = {name: base64.b64encode(path.read_bytes()).decode("ascii") for name, path in pngs.items()}
    sweep = e.sweep[e.sweep.threshold.isin([0.5, 0.7, 0.8, 0.9, 0.95])]
    return environment.get_template(TEMPLATE.name).render(
        summary=summary, images=images, colours=figures.colours(e.labels), labels=e.labels,
        sweep=_records(sweep), policy=_records(e.policy), threads=_records(e.threads.head(25)),
        hottest=hottest, chains=e.chains[:20], gold=bool(e.gold),
        gold_note=e.gold_note if e.gold or e.training_gold else None)


def _records(table: pd.DataFrame) -> list[dict]:
    return [{k: _fmt(v) for k, v in row.items()} for row in table.to_dict(orient="records")]


def _fmt(value):
    if value is None or value is pd.NA:
        return "–"
    if isinstance(value, float):
        return "–" if value != value else f"{value:.3f}"
    return value
