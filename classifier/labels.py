"""The label scheme: which stances exist and which one wins a tie."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from classifier.errors import InputError, kind_of
from classifier.io import read_yaml

DEFAULT_LABELS = ("supportive", "sceptical", "troll_accusation", "other")
SUPPORTIVE, SCEPTICAL, TROLL, OTHER = DEFAULT_LABELS
DEFAULT_PRECEDENCE = (TROLL, SCEPTICAL, SUPPORTIVE, OTHER)
DEFAULT_OVERRIDES = (TROLL,)
UNCERTAIN = "uncertain"  # the label scoring gives below its --threshold


@dataclass(frozen=True)
class LabelScheme:
    """An ordered label set and how one label is chosen from several votes.

    ``overrides``: a vote for one of these wins over any number of votes for other labels (a troll
    accusation is one whatever else the comment does). ``precedence``: among equally likely labels,
    the earlier wins. ``fallback``: the label given when one is needed and nothing points anywhere.
    Left out, each follows from ``labels``: the default scheme's choices for the labels it shares,
    the other labels after them in order, and the last label as fallback.
    """

    labels: tuple[str, ...] = DEFAULT_LABELS
    precedence: tuple[str, ...] | None = None
    overrides: tuple[str, ...] | None = None
    fallback: str | None = None

    def __post_init__(self) -> None:
        labels = tuple(self.labels)
        if len(labels) < 2 or len(set(labels)) < len(labels) or not all(isinstance(x, str) and x for x in labels):
            raise ValueError(f"a label scheme needs at least two distinct label names, got {list(labels)}")
        shared = [label for label in DEFAULT_PRECEDENCE if label in labels]
        precedence = tuple(self.precedence or (*shared, *(x for x in labels if x not in shared)))
        shared_overrides = tuple(x for x in DEFAULT_OVERRIDES if x in labels)
        overrides = shared_overrides if self.overrides is None else tuple(self.overrides)
        fallback = self.fallback or labels[-1]
        unknown = [x for x in (*precedence, *overrides, fallback) if x not in labels]
        if unknown:
            raise ValueError(f"precedence, overrides and fallback name labels not in the scheme: {unknown}")
        if sorted(precedence) != sorted(labels):
            raise ValueError(f"precedence must name every label once, got {list(precedence)}")
        for name, value in (("labels", labels), ("precedence", precedence), ("overrides", overrides),
                            ("fallback", fallback)):
            object.__setattr__(self, name, value)  # frozen: resolved once, here

    @property
    def label2id(self) -> dict[str, int]:
        return {label: i for i, label in enumerate(self.labels)}

    @property
    def id2label(self) -> dict[int, str]:
        return dict(enumerate(self.labels))

    def check(self, label: str, where: str = "label") -> str:
        """Return ``label`` if it belongs to the scheme, else raise a ValueError naming it."""
        if label not in self.labels:
            raise ValueError(f"unknown {where} {label!r} (expected one of {', '.join(self.labels)})")
        return label

    @classmethod
    def load(cls, path: str | Path | None) -> "LabelScheme":
        """Read a scheme from YAML (``labels:``, optional ``precedence:``, ``overrides:`` and ``fallback:``)."""
        if path is None:
            return cls()
        config = read_yaml(path, "label scheme")[0] or {}
        if not isinstance(config, dict):
            raise InputError(path, "a label scheme is a mapping with 'labels:'")
        labels = config.get("labels")
        if not isinstance(labels, list) or not all(isinstance(label, str) for label in labels):
            raise InputError(path, f"'labels:' must be a list of label names, found {kind_of(labels)}")
        try:
            return cls(labels=tuple(labels), precedence=config.get("precedence"),
                       overrides=config.get("overrides"), fallback=config.get("fallback"))
        except (TypeError, ValueError) as error:
            raise InputError(path, f"bad label scheme: {error}") from None


def parse_mapping(spec: str) -> dict[str, str]:
    """Parse ``support=supportive,deny=sceptical`` into a dict."""
    mapping = {}
    for part in filter(None, (p.strip() for p in spec.split(","))):
        source, sep, target = part.partition("=")
        if not sep or not source.strip() or not target.strip():
            raise ValueError(f"bad mapping entry {part!r}: expected SOURCE=TARGET")
        mapping[source.strip()] = target.strip()
    return mapping


def parse_weights(entries: Sequence[str]) -> dict[str, float]:
    """Parse repeated ``DATASET=W`` options (``--weight``) into ``{dataset: weight}``."""
    return {name: float(weight) for name, weight in parse_mapping(",".join(entries)).items()}
