"""rejected.yaml: the suggestions reviewers turned down, so that `suggest` does not propose them again."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

from factcheck.errors import Diagnostic, FactcheckError
from factcheck.yamlfile import YamlSyntaxError, load_yaml, position, write_atomically

REJECTED_FILE = "rejected.yaml"
_HEADER = (
    "# Suggestions a reviewer rejected: `factcheck suggest` does not propose them again.\n"
    "# Written by `factcheck suggest --review`; delete an entry to see its suggestion again.\n"
)


class InvalidRejectionsFileError(FactcheckError):
    """rejected.yaml cannot be read."""


def rejection_key(claim_id: str, source_id: str, text: str) -> tuple[str, str, str]:
    """What identifies a rejected suggestion: the claim, the source and the passage's words, spacing folded."""
    return claim_id, source_id, " ".join(text.split())


def load_rejections(file: Path, shown: str = REJECTED_FILE) -> set[tuple[str, str, str]]:
    """The rejected (claim, source, passage) triples; an absent file means none."""
    if not file.exists():
        return set()
    try:
        tree = load_yaml(file.read_text(encoding="utf-8"), shown)
    except YamlSyntaxError as exc:
        raise InvalidRejectionsFileError(diagnostics=[exc.diagnostic]) from None
    except UnicodeDecodeError:
        raise InvalidRejectionsFileError(f"{shown}: not UTF-8 text: re-save the file as UTF-8") from None
    if tree is None:
        return set()
    if not isinstance(tree, list):
        raise InvalidRejectionsFileError(
            diagnostics=[Diagnostic(shown, 1, 1, "error", "the file must be a list of `- claim: … source: … "
                                    "quote: …` entries")]
        )
    out = set()
    for index, item in enumerate(tree):
        if not isinstance(item, dict) or not all(isinstance(item.get(k), str) for k in ("claim", "source", "quote")):
            line, col = position(tree, (index,))
            raise InvalidRejectionsFileError(
                diagnostics=[Diagnostic(shown, line, col, "error",
                                        f"[{index}]: an entry needs `claim:`, `source:` and `quote:` as text")]
            )
        out.add(rejection_key(item["claim"], item["source"], item["quote"]))
    return out


def add_rejection(file: Path, claim_id: str, source_id: str, text: str, today: dt.date) -> None:
    """Append one rejection, keeping the file's comments and entries; written atomically."""
    existing = file.read_text(encoding="utf-8") if file.exists() else _HEADER
    if existing and not existing.endswith("\n"):
        existing += "\n"
    entry = (
        f"- claim: {json.dumps(claim_id)}\n  source: {json.dumps(source_id)}\n"
        f"  quote: {json.dumps(' '.join(text.split()), ensure_ascii=False)}\n  date: {today.isoformat()}\n"
    )
    write_atomically(file, existing + entry)
