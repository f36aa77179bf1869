"""The kinds of finding `check` reports: one rule per kind, with its id, help text and level, and each finding's
stable identity across runs (its fingerprint).

A diagnostic's rule comes from its `rule` field when the code that made it names one (an open conflict names its
kind), else from its title ("quote not found" -> `factcheck/quote-not-found`). A title with no entry here still gets a
rule, with help that points at the message.
"""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass

from factcheck.errors import Diagnostic, Severity

RULE_PREFIX = "factcheck/"
# The title of a diagnostic whose code named no kind: a file that cannot be read as factcheck expects.
DEFAULT_TITLE = "factcheck"
# Notes about conflicts a reviewer (or time) has settled: said by `check`, but nothing left to fix.
SETTLED_TITLES = frozenset({"resolved conflict", "settled by time"})


@dataclass(frozen=True)
class Rule:
    """One kind of finding: a stable id, a name, what it means and what to do, and its usual level."""

    id: str
    name: str
    short: str
    help: str
    level: Severity = "error"


def _rule(slug: str, name: str, short: str, help: str, level: Severity = "error") -> Rule:
    return Rule(RULE_PREFIX + slug, name, short, help, level)


_RESOLVE = (
    "Read the claims and their evidence, then close the conflict in claims.yaml: add `- conflict: <id>` under "
    "`resolutions:` with `outcome` (preferred, distinct or accepted), `by`, `date` and `note` (and `preferred`, the "
    "winning claim, with outcome preferred). The conflict id is the one in the message; it depends only on the "
    "member claims, so it stays the same when the file is edited."
)
CONFLICT_KINDS: dict[str, tuple[str, str]] = {
    "within-claim": ("Evidence for and against one claim",
                     "Plain support and plain contradiction of the same claim come from different origins."),
    "declared": ("Claims declared incompatible",
                 "A claim names another in `conflicts_with`, and their times do not settle it."),
    "same-event": ("One event dated two ways",
                   "Two claims tell one one-off event of the same participants at times that do not overlap."),
    "restatement": ("A possible restatement",
                    "A weakly evidenced agreement may restate a well-evidenced one: the same instrument named or "
                    "announced again."),
    "same-office": ("One office, two holders",
                    "Two claims put different people in one office at overlapping times."),
    "exclusive-outcome": ("Outcomes that exclude each other",
                          "Two claims give one participant outcomes that cannot both hold (dead and alive, won and "
                          "lost, two values of one measure)."),
    "rival-accounts": ("One passage cited for and against",
                       "The same passage backs one claim and is cited against another, so the two claims compete."),
}


def open_conflict_rule(kind: str) -> str:
    """The rule id of an open conflict of this kind: `factcheck/open-conflict/<kind>`."""
    return f"{RULE_PREFIX}open-conflict/{kind}"


def _conflict_rules() -> list[Rule]:
    rules = []
    for kind, (short, meaning) in CONFLICT_KINDS.items():
        name = "OpenConflict" + "".join(part.title() for part in kind.split("-"))
        rules.append(Rule(open_conflict_rule(kind), name, f"Open conflict: {short.lower()}", f"{meaning} {_RESOLVE}"))
    return rules


RULES: tuple[Rule, ...] = (
    *_conflict_rules(),
    _rule("quote-not-found", "QuoteNotFound", "Quote not found in its source",
          "The quote of an evidence item does not stand in the article text of the source it cites, even after "
          "normalising quotes, dashes and spaces; the message gives the closest passage. Copy the source's words "
          "into the quote, or cite the source that has them."),
    _rule("quote-drift", "QuoteDrift", "Quote differs from its source's words",
          "The quote was found only by fuzzy matching: its words differ from the source's. Copy the source's words "
          "(given in the message) into the quote. A warning; `--fail-on warning` makes it fail the check.",
          "warning"),
    _rule("quote-in-non-article-text", "QuoteInNonArticleText", "Quote lies in text that is not the article",
          "The quote stands in a part of the source marked as not article (a comment, a sidebar, a caption), "
          "which is never evidence. Quote the article itself."),
    _rule("unpinned-source", "UnpinnedSource", "Source not pinned",
          "The source has no `sha256` pin, so a later change to its body would go unnoticed. Review its body, then "
          "run `factcheck source pin <id>`."),
    _rule("source-changed", "SourceChanged", "Source body differs from its pin",
          "The body of the source no longer matches its `sha256` pin; its quotes were anchored again in the new "
          "text. Review the change (`factcheck sources verify` lists the quotes it moved, changed or lost), then "
          "run `factcheck source pin <id>`."),
    _rule("original-changed", "OriginalChanged", "Kept original differs from its pin",
          "The kept original of a source (the bytes it was taken from) is missing or no longer matches its "
          "`original_sha256`, so the record of what was taken in is lost. Restore it from version control."),
    _rule("invalid-yaml", "InvalidYaml", "Not valid YAML",
          "The file cannot be read as YAML (or uses a YAML feature factcheck refuses: aliases, merge keys, deep "
          "nesting). Fix the syntax at the line and column given."),
    _rule("invalid-field", "InvalidField", "Field does not follow the schema",
          "A field is missing, unknown or has a value the schema does not allow; the message names the field and "
          "what it accepts. `factcheck schema` prints the JSON Schema for editors."),
    _rule("invalid-character", "InvalidCharacter", "Character that is not text",
          "The file holds a control character, a noncharacter or a line separator YAML readers disagree on. "
          "Delete it, or write it as an escape in a double-quoted string."),
    _rule("line-too-long", "LineTooLong", "Line too long",
          "A line is longer than factcheck reads (100,000 characters); no line of YAML needs this many. Check that "
          "this is the right file, then break the line up or shorten it."),
    _rule("duplicate-id", "DuplicateId", "Id used twice",
          "Two claims share an id. Give each claim its own id."),
    _rule("duplicate-alias", "DuplicateAlias", "Alias used twice",
          "Two sources share an alias, or an alias is another source's id, so evidence naming it is ambiguous. "
          "Give each alias to one source."),
    _rule("unknown-claim", "UnknownClaim", "Reference to a claim that does not exist",
          "`conflicts_with` names a claim id that is not in claims.yaml. Fix the id (the message suggests one)."),
    _rule("unknown-source", "UnknownSource", "Evidence cites a source that does not exist",
          "An evidence item names a source id or alias with no file under sources/. Fix the id, or add the source "
          "with `factcheck source add`."),
    _rule("unknown-conflict", "UnknownConflict", "Resolution of a conflict that is not found",
          "A resolution names a conflict id that the check did not find, or a side the conflict does not have. "
          "Remove the resolution, or fix its id; when evidence is missing for now, it is only a warning."),
    _rule("outside-the-project", "OutsideTheProject", "File outside the project",
          "A file of the project is a symlink to a place outside it, which factcheck refuses to read (its text "
          "could end up in CI logs). Copy the file into the project instead."),
    _rule("front-matter-too-long", "FrontMatterTooLong", "Front matter too long",
          "A source's front matter exceeds the size factcheck reads. Keep the front matter to its fields and move "
          "text into the body."),
    _rule("unknown-vocabulary-file", "UnknownVocabularyFile", "Unknown file under rules/",
          "A file under rules/ is not one of the vocabulary files factcheck reads. Rename it, or move it out."),
    _rule("unreadable", "Unreadable", "File cannot be read",
          "A file under rules/ cannot be read (its permissions) or is not UTF-8 text. Fix or re-save the file."),
    _rule("invalid-rule", "InvalidRule", "Vocabulary entry does not follow its schema",
          "An entry in a rules/ vocabulary file is not valid; the message names the entry and what it needs."),
    _rule("orphan-original", "OrphanOriginal", "Kept original with no source beside it",
          "A kept original has no source file beside it, perhaps from an interrupted `source add`. Delete it.",
          "warning"),
    _rule("invalid-input", "InvalidInput", "File cannot be read as factcheck expects",
          "A file of the project cannot be used as it is: the message says what is wrong and how to fix it."),
)
RULES_BY_ID: dict[str, Rule] = {rule.id: rule for rule in RULES}


def _slug(title: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", title.lower()).strip("-") or "invalid-input"


def rule_id(d: Diagnostic) -> str:
    """The rule id of a diagnostic: the one its code named, else one read from its title."""
    if d.rule:
        return d.rule if d.rule.startswith(RULE_PREFIX) else RULE_PREFIX + d.rule
    return RULE_PREFIX + ("invalid-input" if d.title == DEFAULT_TITLE else _slug(d.title))


def rule_of(d: Diagnostic) -> Rule:
    """The rule a diagnostic breaks; a kind with no entry gets one from its title, pointing at the message."""
    found = RULES_BY_ID.get(rule_id(d))
    if found is not None:
        return found
    rid = rule_id(d)
    slug = rid.removeprefix(RULE_PREFIX)
    name = "".join(part.title() for part in re.split(r"[^A-Za-z0-9]+", slug) if part) or "Finding"
    title = d.title if d.title != DEFAULT_TITLE else slug.replace("-", " ")
    return Rule(rid, name, title[:1].upper() + title[1:],
                f"{title[:1].upper() + title[1:]}: the message says what is wrong and how to fix it.", d.severity)


# Numbers that move when a line is inserted: list indexes (claims[3]) and line or column positions.
_POSITIONS = re.compile(r"\[\d+\]|\b(?:line|column|col)\s+\d+|:\d+(?::\d+)?\b")
_MORE = "more like this"


def fingerprint_key(d: Diagnostic) -> str:
    """What identifies a finding beside its rule and file, free of line numbers and list indexes."""
    if d.fingerprint:
        return d.fingerprint
    if d.more:  # a count line: its count changes as findings are fixed, its kind does not
        return _MORE
    return _POSITIONS.sub(lambda m: "[]" if m.group().startswith("[") else "#", d.message)


def fingerprints(diagnostics: list[Diagnostic]) -> list[str]:
    """A stable fingerprint per diagnostic: a hash of rule, path and key, and which of equal ones it is (`:1`, `:2`).

    Paths should be relative (to the repository root), so that the fingerprint does not depend on the checkout.
    """
    seen: dict[str, int] = {}
    out = []
    for d in diagnostics:
        digest = hashlib.sha256("\0".join((rule_id(d), d.path, fingerprint_key(d))).encode("utf-8")).hexdigest()[:32]
        seen[digest] = seen.get(digest, 0) + 1
        out.append(f"{digest}:{seen[digest]}")
    return out
