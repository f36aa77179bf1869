"""Retrieval: whole articles ranked beside passages when more match than the list shows, one passage per article,
no cap on --top, batch search."""

from __future__ import annotations

import json
from dataclasses import replace
from pathlib import Path

import pytest
from typer.testing import CliRunner

from factcheck import project as project_module
from factcheck.cli import app
from factcheck.discovery import Candidate, rank_candidates
from factcheck.intake import render_source
from factcheck.models import Claim
from factcheck.project import ProjectPaths, suggest_evidence
from factcheck.sources import hash_body
from factcheck.store import Store
from factcheck.timing import claim_time

runner = CliRunner()
CLAIM = "A meteorite crashed near the airport of Managua."
RELEVANT = 45  # more articles than the old fixed pool of 40 passages could reach


def run(*args: str, input: str | None = None):
    return runner.invoke(app, list(args), input=input)


def news_project(root: Path, relevant: int = RELEVANT) -> Path:
    """`relevant` articles about the claim (three matching sentences each) and 20 about something else."""
    (root / "sources").mkdir(parents=True)
    bodies = {}
    for n in range(relevant):
        bodies[f"meteor-{n:02d}"] = (
            f"A meteorite crashed in Managua on Saturday night, report {n} said.\n\n"
            f"Residents near the airport heard the meteorite fall, witness {n} said.\n\n"
            f"The crater near the Managua airport is deep, officials said in statement {n}."
        )
    for n in range(20):
        bodies[f"other-{n:02d}"] = f"Story {n}. The city council approved a new budget for parks and schools."
    for source_id, body in bodies.items():
        front = {"id": source_id, "publisher": "Wire", "published": None, "kind": "news", "reliability": "C",
                 "sha256": hash_body(body)}
        (root / "sources" / f"{source_id}.md").write_text(render_source(front, body), encoding="utf-8")
    (root / "claims.yaml").write_text(f"claims:\n  - id: meteor\n    text: {CLAIM}\n", encoding="utf-8")
    return root


@pytest.fixture(scope="module")
def news(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """One project for the tests that only read it: building its index is most of their time."""
    return news_project(tmp_path_factory.mktemp("news") / "p")


def test_suggest_reaches_every_relevant_article_with_top_n_one_passage_each(news: Path) -> None:
    paths = ProjectPaths.at(news)
    found = suggest_evidence(paths, ["meteor"], top=RELEVANT, per_source=1)["meteor"]
    sources = [s.source for s in found]
    assert len(sources) == len(set(sources)) == RELEVANT
    assert all(s.startswith("meteor-") for s in sources)
    assert all(any(r.startswith("article rank ") for r in s.reasons) for s in found)
    # Without --per-source, passages are ranked on their own: an article may give several, and --top reaches past
    # the old pool of 40 passages.
    passages = suggest_evidence(paths, ["meteor"], top=60)["meteor"]
    assert len(passages) == 60
    assert len({s.source for s in passages}) < len(passages)
    # The list can show every one of the 45 matching articles, so passages are ranked on their own.
    assert not any(r.startswith("article rank ") for s in passages for r in s.reasons)


def test_suggest_ranks_articles_by_default_when_more_match_than_it_shows(news: Path) -> None:
    found = suggest_evidence(ProjectPaths.at(news), ["meteor"], top=8)["meteor"]
    assert len(found) == 8
    assert all(s.source.startswith("meteor-") for s in found)
    assert all(any(r.startswith("article rank ") for r in s.reasons) for s in found)


def test_an_articles_best_passage_stands_for_it_even_when_another_article_carries_the_same_words() -> None:
    text = "A meteorite crashed near the airport of Managua, officials said."
    when = claim_time(Claim(id="meteor", text=CLAIM))
    copies = [Candidate("wire", 0, len(text), text, -2.0), Candidate("paper", 0, len(text), text, -2.0)]
    # Passages ranked on their own: a syndicated copy of a listed passage adds nothing.
    assert [s.source for s in rank_candidates(CLAIM, when, copies, top=5)] == ["paper"]
    # Articles ranked: each article counts, so the copy stands for its own article.
    articles = [replace(c, article=score) for c, score in zip(copies, (1.0, 0.9), strict=True)]
    assert [s.source for s in rank_candidates(CLAIM, when, articles, top=5)] == ["wire", "paper"]
    # Without --per-source an article may give several passages; its score counts once, with its best passage, so
    # the next article's best comes first.
    other = "Residents near the Managua airport heard the meteorite fall."
    articles.append(Candidate("wire", 100, 100 + len(other), other, -1.5, article=1.0))
    assert [s.source for s in rank_candidates(CLAIM, when, articles, top=5)] == ["wire", "paper", "wire"]


def test_suggest_per_source_on_the_command_line(news: Path) -> None:
    root = news
    result = run("suggest", "meteor", "--project", str(root), "--top", "8", "--per-source", "1", "--format", "json")
    assert result.exit_code == 0, result.output
    suggestions = json.loads(result.stdout)["claims"][0]["suggestions"]
    assert len(suggestions) == len({s["source"] for s in suggestions}) == 8


def test_search_per_source_keeps_one_passage_per_article(news: Path) -> None:
    root = news
    many = json.loads(run("search", "Managua airport meteorite", "--project", str(root), "--top", "100",
                          "--format", "json").stdout)["hits"]
    assert len({h["source"] for h in many}) < len(many) == 100
    result = run("search", "Managua airport meteorite", "--project", str(root), "--top", "100", "--per-source", "1",
                 "--format", "json")
    hits = json.loads(result.stdout)["hits"]
    assert len(hits) == len({h["source"] for h in hits}) == RELEVANT


def test_batch_search_prints_one_json_line_per_query(news: Path, tmp_path: Path) -> None:
    root = news
    queries = tmp_path / "queries.txt"
    queries.write_text(
        'Managua airport\n\n{"query": "city council budget", "top": 3}\n'
        '{"query": "meteorite", "per_source": 1, "top": 50}\nnothing-matches-this\n',
        encoding="utf-8",
    )
    result = run("search", "--from", str(queries), "--project", str(root), "--top", "4")
    assert result.exit_code == 0, result.output
    lines = [json.loads(line) for line in result.stdout.splitlines()]
    assert [line["query"] for line in lines] == ["Managua airport", "city council budget", "meteorite",
                                                 "nothing-matches-this"]
    assert [len(line["hits"]) for line in lines] == [4, 3, RELEVANT, 0]
    assert all(h["source"].startswith("other-") for h in lines[1]["hits"])
    # The same from stdin, and each line alone gives what a single search gives.
    piped = run("search", "--from", "-", "--project", str(root), "--top", "4", input=queries.read_text())
    assert piped.stdout == result.stdout
    single = json.loads(run("search", "Managua airport", "--project", str(root), "--top", "4", "--format",
                            "json").stdout)
    assert single == lines[0]


def test_batch_search_refuses_a_bad_line_and_a_missing_query(news: Path, tmp_path: Path) -> None:
    root = news
    queries = tmp_path / "queries.txt"
    queries.write_text('meteorite\n{"query": 3}\n', encoding="utf-8")
    result = run("search", "--from", str(queries), "--project", str(root))
    assert result.exit_code == 2
    assert f"--from {queries}:2: 'query' is not a field or has the wrong type" in result.stderr
    queries.write_text('{"query": "x"\n', encoding="utf-8")
    assert "not a JSON object" in run("search", "--from", str(queries), "--project", str(root)).stderr
    neither = run("search", "--project", str(root))
    assert neither.exit_code == 2
    assert "give a QUERY to search for, or --from FILE" in neither.stderr
    both = run("search", "meteorite", "--from", str(queries), "--project", str(root))
    assert both.exit_code == 2 and "not both" in both.stderr


def test_the_article_index_follows_the_sources_and_an_older_cache_gains_it(tmp_path: Path) -> None:
    root = news_project(tmp_path / "p", relevant=5)
    paths = ProjectPaths.at(root)
    suggest_evidence(paths, ["meteor"], top=1)
    store = Store(paths.db)
    try:
        hits = store.search_documents(["meteorite"], limit=100)
        assert len(hits) == 5 and all(h["source_id"].startswith("meteor-") for h in hits)
        # A source that changes is indexed anew, and one removed leaves the article index.
        assert store.search_documents(["budget"], limit=100)[0]["source_id"].startswith("other-")
    finally:
        store.close()
    (root / "sources" / "meteor-00.md").unlink()
    suggest_evidence(paths, ["meteor"], top=1)
    store = Store(paths.db)
    try:
        assert len(store.search_documents(["meteorite"], limit=100)) == 4
        # A cache made before m004: the migration fills the article index from the passages already indexed.
        store.db.execute("drop table documents_fts")
        store.db.execute("delete from _sqlite_migrations where name = 'm004_documents'")
        store.db.conn.commit()
    finally:
        store.close()
    store = Store(paths.db)
    try:
        assert len(store.search_documents(["meteorite"], limit=100)) == 4
    finally:
        store.close()


# ---------------------------------------------------------------- pseudo-relevance feedback (issue 12)


def test_feedback_terms_are_the_words_the_best_articles_share_and_the_query_lacks() -> None:
    from factcheck.discovery import feedback_terms

    texts = [
        "Mohammed Islam, a Stuyvesant student, said he made $72 million trading stocks, New York magazine reported.",
        "The Stuyvesant senior Mohammed Islam now says the $72 million figure was not true.",
        "Stocks fell on Tuesday.",
    ]
    terms = feedback_terms(texts, known={"million", "stocks", "trading"}, count=3)
    assert terms == ["islam", "mohammed", "stuyvesant"]  # in two articles each; 'said', 'million' are left out
    assert feedback_terms(texts[:1], known=set(), count=5) == []  # one article agrees with nobody


def test_suggest_reaches_an_article_on_the_same_story_that_shares_few_of_the_claims_words(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The best articles name the student; an article that names him but says little of the claim comes in."""
    (tmp_path / "sources").mkdir()
    (tmp_path / "claims.yaml").write_text(
        "claims:\n  - id: kid-72m\n    text: A high school student made 72 million dollars trading stocks at lunch.\n",
        encoding="utf-8")
    story = ("A high school student made 72 million dollars trading stocks at lunch, says Mohammed Islam of "
             "Stuyvesant, who told New York magazine about his trading.")
    bodies = {
        "nymag": story,
        "wire": story.replace("told New York magazine", "spoke to reporters"),
        "blog": "Mohammed Islam of Stuyvesant, the student who claimed 72 million dollars, admitted his story was "
                "made up.",
        "target": "Mohammed Islam and his Stuyvesant friends now say the million figure was total fiction.",
    }
    for n in range(6):  # other stories on students and stocks, each closer to the claim's words than the target
        bodies[f"other{n}"] = f"A student in town {n} made a million dollars trading stocks."
    for source_id, body in bodies.items():
        (tmp_path / "sources" / f"{source_id}.md").write_text(
            f"---\nid: {source_id}\npublisher: P {source_id}\npublished: 2014-12-15\nkind: news\nreliability: C\n"
            f"---\n{body}\n", encoding="utf-8")

    def suggested() -> list[str]:
        result = runner.invoke(app, ["suggest", "--project", str(tmp_path), "--format", "json", "--top", "4"])
        assert result.exit_code == 0, result.output
        return [s["source"] for s in json.loads(result.stdout)["claims"][0]["suggestions"]]

    assert suggested() == ["wire", "nymag", "blog", "target"]
    monkeypatch.setattr(project_module, "FEEDBACK_TERMS", 0)  # without feedback, closer words win
    assert "target" not in suggested()
