"""`factcheck sources list|show|verify` and `factcheck export prov`: what was taken in, and proof of it."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
from typer.testing import CliRunner

from factcheck.cli import app
from factcheck.sources import read_source

runner = CliRunner()
DAWN = "dawn-2018-04-25-bajwa-moscow"


def run(*args: str):
    return runner.invoke(app, list(args))


def test_sources_list_shows_each_source_with_its_origin_and_citations(project: Path) -> None:
    result = run("sources", "list", "--project", str(project), "--format", "json")
    assert result.exit_code == 0, result.output
    rows = {r["id"]: r for r in json.loads(result.stdout)["sources"]}
    assert set(rows) == {p.stem for p in (project / "sources").glob("*.md")}
    assert rows[DAWN] == {"id": DAWN, "publisher": "Dawn", "published": "2018-04-25", "published_inferred": None,
                          "reliability": "B", "origin": DAWN, "cited_by": 13, "pinned": True}
    assert rows["despardes-2018-05-12-defense-treaty"]["origin"] == "web-2018-04-24-russia-keen-military-ties"
    text = run("sources", "list", "--project", str(project)).stdout
    assert "web-2017-pakistan-cosying-up-to-russia" in text and "~2017-10-02" in text  # an inferred date, marked


def test_sources_show_names_pins_regions_and_citing_claims(project: Path) -> None:
    result = run("sources", "show", DAWN, "--project", str(project))
    assert result.exit_code == 0, result.output
    assert "matches its pin" in result.stdout
    assert "not article: " in result.stdout and "sidebar after the 'Published in" in result.stdout
    assert "defence-agreement-2014[0] supports" in result.stdout
    missing = run("sources", "show", "dawn-2018", "--project", str(project))
    assert missing.exit_code == 2 and "no source 'dawn-2018'" in missing.output


def edit_dawn(project: Path) -> None:
    file = project / "sources" / f"{DAWN}.md"
    text = file.read_text(encoding="utf-8")
    text = text.replace("ISLAMABAD:", "ISLAMABAD (updated):")
    text = text.replace("signed a defence cooperation agreement in November 2014",
                        "signed a defence cooperation pact in November 2014")
    text = text.replace("It was Gen Bajwa’s first visit to Russia.", "")
    file.write_text(text, encoding="utf-8")


def test_verify_is_clean_on_the_bundled_sources(project: Path) -> None:
    result = run("sources", "verify", "--project", str(project))
    assert result.exit_code == 0, result.output
    assert result.stderr == "5 sources verified: 0 unpinned or changed; quotes in them: 0 moved, 0 changed, 0 lost\n"


def keep_original(project: Path, source_id: str = DAWN) -> Path:
    """Keep a source's body as its original, as `source add` of a .txt file does."""
    original = project / "sources" / f"{source_id}.orig.txt"
    original.write_text(read_source(project / "sources" / f"{source_id}.md").body, encoding="utf-8")
    return original


def test_verify_names_every_quote_that_moved_changed_or_was_lost_after_an_edit(project: Path) -> None:
    keep_original(project)  # the text of the pinned version: where each quote stood before the edit
    edit_dawn(project)
    result = run("sources", "verify", "--project", str(project))
    assert result.exit_code == 2
    lines = result.stdout.splitlines()
    assert lines[0].startswith(f"sources/{DAWN}.md:15: error: body of source {DAWN} changed since its pin")
    assert ("claims.yaml:16:16: warning: claims[0].evidence[0].quote: changed in dawn-2018-04-25-bajwa-moscow "
            "(similarity 0.93), now at 1295–1360: -agreement +pact") in lines
    assert ("claims.yaml:35:16: note: claims[1].evidence[0].quote: moved in dawn-2018-04-25-bajwa-moscow: "
            "1401–1556 → 1365–1520, words intact") in lines
    lost = [line for line in lines if "lost (an orphan)" in line]
    assert lost == [
        "claims.yaml:111:16: error: claims[5].evidence[1].quote: lost (an orphan) in dawn-2018-04-25-bajwa-moscow: "
        "\"It was Gen Bajwa’s first visit to Russia.\" is no longer in the source; find its new words or remove the item"
    ]
    assert result.stderr == "5 sources verified: 1 unpinned or changed; quotes in them: 10 moved, 2 changed, 1 lost\n"
    data = json.loads(run("sources", "verify", "--project", str(project), "--format", "json").stdout)
    assert data["clean"] is False
    assert {q["status"] for q in data["quotes"]} == {"moved", "changed", "lost"}
    # check catches the same edit
    assert run("check", "--project", str(project)).exit_code == 2
    # pinning the reviewed change makes verify clean again (the lost quote is check's business now)
    assert run("source", "pin", DAWN, "--project", str(project)).exit_code == 0
    assert run("sources", "verify", "--project", str(project)).exit_code == 0


def verify_output(project: Path) -> tuple[int, str, str]:
    result = run("sources", "verify", "--project", str(project))
    return result.exit_code, result.stdout, result.stderr


@pytest.mark.parametrize("kept", [True, False], ids=["kept original", "no original"])
def test_verify_says_the_same_of_an_edit_with_a_cold_or_a_warm_cache(project: Path, kept: bool) -> None:
    # The cache once held where quotes stood in the pinned version only if an earlier run had seen it: the same
    # edit was "moved" with a warm cache and "unchanged" with a cold one.
    if kept:
        keep_original(project)
    assert run("sources", "verify", "--project", str(project)).exit_code == 0  # warms the cache on the pinned body
    edit_dawn(project)
    warm = verify_output(project)
    shutil.rmtree(project / ".factcheck")
    cold = verify_output(project)
    assert cold == warm
    line = "claims.yaml:35:16: note: claims[1].evidence[0].quote: "
    if kept:
        assert f"{line}moved in {DAWN}: 1401–1556 → 1365–1520, words intact" in cold[1].splitlines()
        assert cold[2] == "5 sources verified: 1 unpinned or changed; quotes in them: 10 moved, 2 changed, 1 lost\n"
    else:
        assert (f"{line}words intact in {DAWN}, now at 1365–1520 (where they stood in the pinned version is not "
                "known: no kept original gives its text)") in cold[1].splitlines()
        assert cold[2] == "5 sources verified: 1 unpinned or changed; quotes in them: 0 moved, 2 changed, 1 lost\n"


def test_verify_finds_the_pinned_version_in_a_kept_html_original(project: Path, tmp_path: Path) -> None:
    pytest.importorskip("trafilatura")
    from tests.test_intake import NEWS_BODY, NEWS_HTML, NEWS_ID

    page = tmp_path / "page.html"
    page.write_text(NEWS_HTML, encoding="utf-8")
    assert run("source", "add", str(page), "--project", str(project)).exit_code == 0
    assert run("claim", "add-evidence", "defence-agreement-2014", "--project", str(project), "--source", NEWS_ID,
               "--quote", "Officials said the two armies would hold a third joint exercise", "--stance",
               "mentions").exit_code == 0
    file = project / "sources" / f"{NEWS_ID}.md"
    file.write_text(file.read_text(encoding="utf-8").replace("ISLAMABAD: ", ""), encoding="utf-8")
    result = run("sources", "verify", "--project", str(project), "--format", "json")
    (drift,) = [q for q in json.loads(result.stdout)["quotes"] if q["source_id"] == NEWS_ID]
    start = NEWS_BODY.index("Officials said")
    assert (drift["status"], drift["before"], drift["after"]) == (
        "moved", [start, start + 63], [start - 11, start - 11 + 63]
    )


def test_verify_warns_of_an_orphan_original_and_how_to_take_it_in(project: Path) -> None:
    orphan = project / "sources" / "lost-source.orig.txt"
    orphan.write_text("A statement whose source file was never written.\n", encoding="utf-8")
    result = run("sources", "verify", "--project", str(project))
    assert result.exit_code == 0  # nothing pinned changed; the orphan is litter or a lost intake, not a changed pin
    assert result.stdout == (
        "sources/lost-source.orig.txt: warning: kept original with no lost-source.md beside it (an interrupted "
        "`source add`?): take it in again with `factcheck source add sources/lost-source.orig.txt --id lost-source`, "
        "or delete it\n"
    )


def test_prov_export_loads_in_rdflib_and_holds_every_source_quote_and_claim(project: Path) -> None:
    import pytest

    rdflib = pytest.importorskip("rdflib")
    result = run("export", "prov", "--project", str(project))
    assert result.exit_code == 0, result.output
    graph = rdflib.Graph()
    graph.parse(data=result.stdout, format="json-ld")
    prov = rdflib.Namespace("http://www.w3.org/ns/prov#")
    entity = rdflib.RDF.type
    sources = {str(s) for s in graph.subjects(prov.wasGeneratedBy, None)}
    assert sources == {f"urn:factcheck:source/{p.stem}" for p in (project / "sources").glob("*.md")}
    quotes = set(graph.subjects(prov.wasQuotedFrom, None))
    assert len(quotes) == 43
    claims = {s for s in graph.subjects(prov.wasDerivedFrom, None) if str(s).startswith("urn:factcheck:claim/")}
    assert len(claims) == 19
    assert (rdflib.URIRef("urn:factcheck:source/despardes-2018-05-12-defense-treaty"), prov.wasDerivedFrom,
            rdflib.URIRef("urn:factcheck:source/web-2018-04-24-russia-keen-military-ties")) in graph
    dawn = rdflib.URIRef(f"urn:factcheck:source/{DAWN}")
    publisher = graph.value(dawn, prov.wasAttributedTo)
    assert str(graph.value(publisher, rdflib.RDFS.label)) == "Dawn"
    assert (dawn, entity, prov.Entity) in graph
    out = project / "prov.jsonld"
    assert run("export", "prov", "--project", str(project), "--output", str(out)).exit_code == 0
    assert json.loads(out.read_text(encoding="utf-8"))["@context"]["prov"] == "http://www.w3.org/ns/prov#"


def test_an_undated_source_naming_only_past_events_is_listed_with_no_later_bound(project: Path) -> None:
    # "the original iPad in 2010" bounds the writing from below; nothing dated ahead gives no upper bound.
    from factcheck.sources import hash_body

    body = "\nApple showed the watch last year, five years after the original iPad in 2010.\n"
    (project / "sources" / "watch.md").write_text(
        f"---\nid: watch\npublished: null\nsha256: {hash_body(body)}\n---\n{body}", encoding="utf-8"
    )
    claims = (project / "claims.yaml").read_text(encoding="utf-8").replace(
        "claims:\n",
        "claims:\n  - id: watch-shown\n    text: Apple showed a watch.\n    evidence:\n      - source: watch\n"
        "        quote: Apple showed the watch last year\n        stance: supports\n",
        1,
    )  # cited, so its date is inferred
    (project / "claims.yaml").write_text(claims, encoding="utf-8")
    listed = run("sources", "list", "--project", str(project))
    assert listed.exit_code == 0, listed.stderr
    row = next(line for line in listed.stdout.splitlines() if line.startswith("watch "))
    assert "~>2010-01-01" in row
    report = json.loads(run("report", "--project", str(project), "--format", "json").stdout)
    inferred = next(s for s in report["sources"] if s["id"] == "watch")["published_inferred"]
    assert (inferred["earliest"], inferred["latest"]) == ("2010-01-01", None)
    assert inferred["label"].startswith("after 2010-01-01 (low: ")
