"""The label scheme: which stances exist and which one wins a tie."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import yaml

from classifier.errors import InputError

DEFAULT_LABELS = ("supportive", "sceptical", "troll_accusation", "other")


@dataclass(frozen=True)
class LabelScheme:
    """An ordered label set. ``precedence`` breaks ties: earlier entries win."""

    labels: tuple[str, ...] = DEFAULT_LABELS
    precedence: tuple[str, ...] = ("troll_accusation", "sceptical", "supportive", "other")
    fallback: str = "other"

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
        """Read a scheme from YAML (``labels:``, optional ``precedence:`` and ``fallback:``)."""
        if path is None:
            return cls()
        try:
            config = yaml.safe_load(Path(path).read_text(encoding="utf-8")) or {}
        except (OSError, yaml.YAMLError) as error:
            raise InputError(path, f"cannot read label scheme: {error}") from None
        labels = tuple(config.get("labels") or ())
        if len(labels) < 2:
            raise InputError(path, "a label scheme needs at least two labels under 'labels:'")
        precedence = tuple(config.get("precedence") or labels)
        fallback = config.get("fallback", labels[-1])
        unknown = [x for x in (*precedence, fallback) if x not in labels]
        if unknown:
            raise InputError(path, f"precedence/fallback name labels not in 'labels': {unknown}")
        return cls(labels=labels, precedence=precedence, fallback=fallback)


def parse_mapping(spec: str) -> dict[str, str]:
    """Parse ``support=supportive,deny=sceptical`` into a dict."""
    mapping = {}
    for part in filter(None, (p.strip() for p in spec.split(","))):
        source, sep, target = part.partition("=")
        if not sep or not source.strip() or not target.strip():
            raise ValueError(f"bad mapping entry {part!r}: expected SOURCE=TARGET")
        mapping[source.strip()] = target.strip()
    return mapping
