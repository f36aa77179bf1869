"""action.yml and the example workflow: inputs reach scripts only through env, the cache is keyed by the ledger,
the check's exit code fails the action after SARIF and the comment, and one comment is updated, not repeated.

The steps' scripts run here as the runner runs them (bash -e -o pipefail), with stand-ins for factcheck and gh
on PATH, so no network is needed.
"""

from __future__ import annotations

import json
import os
import shutil
import stat
import subprocess
import sys
from importlib import resources
from pathlib import Path
from typing import Any

import pytest
from ruamel.yaml import YAML

ROOT = Path(__file__).resolve().parent.parent
ACTION = ROOT / "action.yml"
EXAMPLE = ROOT / ".github" / "workflows" / "factcheck.yml"
MARKER = "<!-- factcheck-comment -->"
SEP = "\x1f"  # between the arguments a stand-in logs


def load(file: Path) -> Any:
    return YAML(typ="safe").load(file.read_text(encoding="utf-8"))


def action_steps() -> list[dict]:
    return load(ACTION)["runs"]["steps"]


def step(key: str) -> dict:
    """The action's step with this id or name."""
    found = [s for s in action_steps() if key in (s.get("id"), s.get("name"))]
    assert len(found) == 1, f"no single step {key!r} in action.yml"
    return found[0]


def all_run_scripts() -> list[tuple[str, str]]:
    """Every `run:` script of the action, the example workflow and the workflow `init --github` writes."""
    template = resources.files("factcheck").joinpath("data/github_workflow.yml").read_text(encoding="utf-8")
    filled = YAML(typ="safe").load(template.replace("@INSTALL@", '"x"').replace("@PROJECT@", '"."'))
    scripts = [("action.yml", s["run"]) for s in action_steps() if "run" in s]
    for name, workflow in (("example workflow", load(EXAMPLE)), ("init template", filled)):
        scripts += [(name, s["run"]) for job in workflow["jobs"].values() for s in job["steps"] if "run" in s]
    return scripts


@pytest.fixture
def fakes(tmp_path: Path) -> dict[str, Path]:
    """Stand-ins for factcheck and gh that log their arguments; what they answer is set through FAKE_* variables."""
    bin_dir = tmp_path / "fakebin"
    bin_dir.mkdir()
    scripts = {
        "factcheck": f"""#!/bin/bash
{{ printf '%s{SEP}' factcheck "$@"; echo; }} >> "$FAKE_LOG"
if [ "$1" = report ]; then printf '{MARKER}\\n## factcheck\\n'; fi
exit "${{FAKE_EXIT:-0}}"
""",
        "gh": f"""#!/bin/bash
{{ printf '%s{SEP}' gh "$@"; echo; }} >> "$FAKE_LOG"
for arg in "$@"; do case "$arg" in body=@*) cp "${{arg#body=@}}" "$FAKE_BODY";; esac; done
case "$*" in *--jq*) printf '%s' "$FAKE_EXISTING"; exit "${{FAKE_GH_LIST_EXIT:-0}}";; esac
exit "${{FAKE_GH_EXIT:-0}}"
""",
    }
    for name, text in scripts.items():
        (bin_dir / name).write_text(text, encoding="utf-8")
        (bin_dir / name).chmod(0o755)
    return {"bin": bin_dir, "log": tmp_path / "calls.log", "output": tmp_path / "github_output",
            "temp": tmp_path / "runner_temp", "body": tmp_path / "posted.md"}


def run_step(script: str, fakes: dict[str, Path], env: dict[str, str], path_first: Path | None = None
             ) -> subprocess.CompletedProcess[str]:
    """Run a step's script as the runner does: `bash --noprofile --norc -eo pipefail`, its env: set."""
    fakes["temp"].mkdir(exist_ok=True)
    full = {
        **os.environ,
        "PATH": f"{path_first or fakes['bin']}{os.pathsep}{os.environ['PATH']}",
        "FAKE_LOG": str(fakes["log"]),
        "FAKE_BODY": str(fakes["body"]),
        "GITHUB_OUTPUT": str(fakes["output"]),
        "RUNNER_TEMP": str(fakes["temp"]),
        **env,
    }
    return subprocess.run(["bash", "--noprofile", "--norc", "-eo", "pipefail", "-c", script], capture_output=True,
                          text=True, env=full, check=False)


def calls(fakes: dict[str, Path]) -> list[list[str]]:
    if not fakes["log"].exists():
        return []
    return [line.split(SEP)[:-1] for line in fakes["log"].read_text(encoding="utf-8").splitlines()]


def outputs(fakes: dict[str, Path]) -> dict[str, str]:
    lines = fakes["output"].read_text(encoding="utf-8").splitlines() if fakes["output"].exists() else []
    return dict(line.split("=", 1) for line in lines)


# ---------------------------------------------------------------- what the files declare


def test_the_action_is_composite_with_the_inputs_and_outputs_the_readme_names() -> None:
    action = load(ACTION)
    assert action["runs"]["using"] == "composite"
    assert {name: spec.get("default") for name, spec in action["inputs"].items()} == {
        "project": ".", "python-version": "3.11", "install": "", "fail-on": "conflict", "sarif": "false",
        "comment": "false", "base": "", "github-token": "${{ github.token }}",
    }
    assert set(action["outputs"]) == {"exit-code", "open-conflicts", "errors"}
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    assert [name for name in [*action["inputs"], *action["outputs"]] if f"`{name}`" not in readme] == []


def test_no_script_splices_an_expression_in_inputs_reach_it_through_env() -> None:
    """GitHub's hardening advice: `${{ }}` in a script is text pasted into code; an env variable is only data."""
    scripts = all_run_scripts()
    assert len(scripts) == 8  # the action's 6, the template's 2: the example only uses the action
    assert [(where, script) for where, script in scripts if "${{" in script] == []
    for s in action_steps():
        if "run" in s:
            assert s["shell"] == "bash"
            assert all(isinstance(v, str) for v in s.get("env", {}).values())


def test_the_cache_is_the_projects_keyed_by_the_hash_of_claims_and_sources() -> None:
    cache = next(s for s in action_steps() if s.get("uses", "").startswith("actions/cache@"))["with"]
    assert cache["path"] == "${{ inputs.project }}/.factcheck"
    assert cache["key"] == (
        "factcheck-${{ runner.os }}-${{ hashFiles(format('{0}/claims.yaml', inputs.project), "
        "format('{0}/sources/**', inputs.project)) }}"
    )
    assert cache["restore-keys"].splitlines() == ["factcheck-${{ runner.os }}-"]
    order = [s.get("id") or s.get("uses", "").split("@")[0] for s in action_steps()]
    assert order.index("actions/cache") < order.index("check")  # restored before check reads it


def test_sarif_and_the_comment_are_only_done_when_asked() -> None:
    upload = next(s for s in action_steps() if s.get("uses", "").startswith("github/codeql-action/upload-sarif@"))
    assert upload["if"] == "inputs.sarif == 'true'"
    assert upload["with"]["sarif_file"] == "${{ runner.temp }}/factcheck.sarif"
    assert step("factcheck check --format sarif")["if"] == "inputs.sarif == 'true'"
    assert step("Comment on the pull request")["if"] == "inputs.comment == 'true' && github.event.pull_request"


def test_the_example_workflow_uses_this_action_with_the_least_permissions_each_job_needs() -> None:
    workflow = load(EXAMPLE)
    assert set(workflow["on"]) == {"push", "pull_request"} and workflow["permissions"] == {"contents": "read"}
    jobs = workflow["jobs"]
    assert {name: job["permissions"] for name, job in jobs.items()} == {
        "pull-request": {"contents": "read", "pull-requests": "write"},
        "push": {"contents": "read", "security-events": "write"},
    }
    for job in jobs.values():
        uses = [s for s in job["steps"] if s.get("uses") == "./"]
        assert len(uses) == 1 and uses[0]["with"]["project"] == "."
        assert job["steps"][0]["uses"].startswith("actions/checkout@")
    assert jobs["pull-request"]["steps"][0]["with"]["fetch-depth"] == 0  # the comment needs the base commit
    assert jobs["pull-request"]["steps"][1]["with"]["comment"] == "true"
    assert jobs["push"]["steps"][1]["with"]["sarif"] == "true"


# ---------------------------------------------------------------- the scripts, run


@pytest.mark.parametrize("code", ["0", "1", "2"])
def test_the_check_step_records_the_exit_code_and_lets_the_next_steps_run(fakes: dict[str, Path], code: str
                                                                          ) -> None:
    ran = run_step(step("check")["run"], fakes, {"FACTCHECK_PROJECT": "ledger", "FACTCHECK_FAIL_ON": "warning",
                                                 "FAKE_EXIT": code})
    assert ran.returncode == 0, ran.stderr
    assert outputs(fakes) == {"exit-code": code}
    assert calls(fakes) == [["factcheck", "check", "--format", "github", "--project", "ledger", "--fail-on",
                             "warning"]]


@pytest.mark.parametrize(("recorded", "code"), [("0", 0), ("1", 1), ("2", 2), ("", 2)])
def test_the_last_step_fails_the_action_with_checks_exit_code(fakes: dict[str, Path], recorded: str, code: int
                                                              ) -> None:
    ran = run_step(step("Fail on what check found")["run"], fakes, {"CHECK_EXIT_CODE": recorded})
    assert ran.returncode == code
    assert ("factcheck check exited" in ran.stdout) == (code != 0)


def test_a_hostile_input_is_one_argument_not_code(fakes: dict[str, Path], tmp_path: Path) -> None:
    hostile = 'x"; touch pwned; echo "$(touch pwned2)'
    ran = run_step(step("check")["run"], fakes, {"FACTCHECK_PROJECT": hostile, "FACTCHECK_FAIL_ON": "conflict"})
    assert ran.returncode == 0, ran.stderr
    assert calls(fakes)[0][4:6] == ["--project", hostile]
    assert not list(tmp_path.glob("pwned*")) and not list(Path.cwd().glob("pwned*"))


def test_the_install_step_installs_the_actions_own_checkout_unless_told(fakes: dict[str, Path]) -> None:
    python = fakes["bin"] / "python"
    python.write_text(f"#!/bin/bash\n{{ printf '%s{SEP}' python \"$@\"; echo; }} >> \"$FAKE_LOG\"\n",
                      encoding="utf-8")
    python.chmod(python.stat().st_mode | stat.S_IXUSR)
    script = step("Install factcheck")["run"]
    run_step(script, fakes, {"FACTCHECK_INSTALL": "", "ACTION_PATH": "/runner/_actions/acme/factcheck/v1"})
    run_step(script, fakes, {"FACTCHECK_INSTALL": "factcheck==0.1.0", "ACTION_PATH": "/ignored"})
    assert [c[-1] for c in calls(fakes)] == ["/runner/_actions/acme/factcheck/v1", "factcheck==0.1.0"]


def test_the_counts_step_reads_checks_json_summary(fakes: dict[str, Path]) -> None:
    factcheck = fakes["bin"] / "factcheck"
    factcheck.write_text('#!/bin/bash\necho \'{"exit_code": 1, "summary": {"open_conflicts": 2, "errors": 0}}\'\n'
                         "exit 1\n", encoding="utf-8")
    ran = run_step(step("counts")["run"], fakes, {"FACTCHECK_PROJECT": "."})
    assert ran.returncode == 0, ran.stderr
    assert outputs(fakes) == {"open-conflicts": "2", "errors": "0"}


def test_the_sarif_step_accepts_findings_and_stops_when_no_sarif_was_written(fakes: dict[str, Path]) -> None:
    script = step("factcheck check --format sarif")["run"]
    factcheck = fakes["bin"] / "factcheck"
    factcheck.write_text('#!/bin/bash\necho \'{"version": "2.1.0", "runs": []}\'\nexit 1\n', encoding="utf-8")
    assert run_step(script, fakes, {"FACTCHECK_PROJECT": "."}).returncode == 0
    assert json.loads((fakes["temp"] / "factcheck.sarif").read_text(encoding="utf-8"))["version"] == "2.1.0"
    factcheck.write_text("#!/bin/bash\necho 'Traceback' >&2\nexit 120\n", encoding="utf-8")
    failed = run_step(script, fakes, {"FACTCHECK_PROJECT": "."})
    assert failed.returncode == 1
    assert failed.stdout == "::error title=factcheck::check --format sarif failed (exit 120) and wrote no SARIF\n"


COMMENT_ENV = {"GH_TOKEN": "t", "FACTCHECK_PROJECT": "ledger", "FACTCHECK_BASE": "abc123", "PR_NUMBER": "7",
               "REPOSITORY": "acme/news", "MARKER": MARKER, "GITHUB_SERVER_URL": "https://github.com",
               "GITHUB_REPOSITORY": "acme/news", "GITHUB_RUN_ID": "99"}


@pytest.mark.parametrize(
    ("existing", "request_"),
    [("", ["--method", "POST", "repos/acme/news/issues/7/comments"]),
     ("4242", ["--method", "PATCH", "repos/acme/news/issues/comments/4242"])],
    ids=["first run: posted", "later runs: the same comment updated"],
)
def test_the_comment_is_posted_once_then_updated(fakes: dict[str, Path], existing: str, request_: list[str]) -> None:
    ran = run_step(step("Comment on the pull request")["run"], fakes, {**COMMENT_ENV, "FAKE_EXISTING": existing})
    assert ran.returncode == 0, ran.stderr
    made = calls(fakes)
    assert made[0] == ["factcheck", "report", "--format", "markdown", "--comment", "--base", "abc123", "--link",
                       "https://github.com/acme/news/actions/runs/99", "--project", "ledger"]
    assert made[1][:4] == ["gh", "api", "--paginate", "repos/acme/news/issues/7/comments"]
    assert made[2] == ["gh", "api", *request_, "-F", f"body=@{fakes['temp']}/factcheck-comment.md"]
    assert len(made) == 3
    assert fakes["body"].read_text(encoding="utf-8") == f"{MARKER}\n## factcheck\n"


def test_a_comment_that_cannot_be_posted_is_a_warning_and_a_body_that_cannot_be_built_an_error(
    fakes: dict[str, Path]
) -> None:
    script = step("Comment on the pull request")["run"]
    refused = run_step(script, fakes, {**COMMENT_ENV, "FAKE_EXISTING": "", "FAKE_GH_EXIT": "1"})
    assert refused.returncode == 0
    assert refused.stdout.startswith("::warning title=factcheck::could not comment on the pull request")
    unread = run_step(script, fakes, {**COMMENT_ENV, "FAKE_EXISTING": "", "FAKE_GH_LIST_EXIT": "1"})
    assert unread.returncode == 0
    assert unread.stdout == "::warning title=factcheck::could not read the pull request's comments, so none was posted\n"
    unbuilt = run_step(script, fakes, {**COMMENT_ENV, "FAKE_EXIT": "2"})
    assert unbuilt.returncode == 2
    assert "fetch-depth: 0" in unbuilt.stdout and [c[0] for c in calls(fakes)][-1] == "factcheck"


@pytest.mark.skipif(shutil.which("jq") is None, reason="jq is not installed (gh runs the same filter with gojq)")
def test_the_comment_filter_finds_only_a_comment_that_starts_with_the_marker() -> None:
    script = step("Comment on the pull request")["run"]
    jq_filter = script.split('--jq "', 1)[1].split('" |', 1)[0].replace('\\"$MARKER\\"', json.dumps(MARKER))
    page = [{"id": 1, "body": "LGTM"}, {"id": 2, "body": f"quoting: {MARKER}"},
            {"id": 3, "body": f"{MARKER}\n## factcheck"}, {"id": 4, "body": f"{MARKER}\nanother"}]
    found = subprocess.run(["jq", "-r", jq_filter], input=json.dumps(page), capture_output=True, text=True, check=True)
    assert found.stdout == "3\n"
    none = subprocess.run(["jq", "-r", jq_filter], input=json.dumps(page[:2]), capture_output=True, text=True,
                          check=True)
    assert none.stdout == ""


# ---------------------------------------------------------------- linters, when the machine has them


@pytest.mark.slow
@pytest.mark.skipif(shutil.which("shellcheck") is None, reason="shellcheck is not installed (apt-get install shellcheck)")
def test_every_script_passes_shellcheck(tmp_path: Path) -> None:
    problems = []
    for index, (where, script) in enumerate(all_run_scripts()):
        file = tmp_path / f"step{index}.sh"
        file.write_text("#!/bin/bash\n" + script, encoding="utf-8")
        ran = subprocess.run(["shellcheck", "--shell=bash", str(file)], capture_output=True, text=True, check=False)
        if ran.returncode:
            problems.append(f"{where}: {ran.stdout}")
    assert problems == []


@pytest.mark.skipif(shutil.which("actionlint") is None, reason="actionlint is not installed (it is a Go program)")
def test_the_workflows_pass_actionlint(tmp_path: Path) -> None:
    template = resources.files("factcheck").joinpath("data/github_workflow.yml").read_text(encoding="utf-8")
    filled = tmp_path / ".github" / "workflows" / "factcheck.yml"
    filled.parent.mkdir(parents=True)
    filled.write_text(template.replace("@INSTALL@", '"factcheck==0.1.0"').replace("@PROJECT@", '"ledger"'),
                      encoding="utf-8")
    ran = subprocess.run(["actionlint", str(EXAMPLE), str(filled)], capture_output=True, text=True, check=False,
                         cwd=ROOT)
    assert ran.returncode == 0, ran.stdout + ran.stderr


@pytest.mark.slow
def test_the_check_step_with_the_real_factcheck_annotates_summarises_and_records_1(
    fakes: dict[str, Path], project: Path, tmp_path: Path
) -> None:
    """The bundled ledger keeps two conflicts open: annotations, a step summary, and exit-code=1 for the last step."""
    summary = tmp_path / "summary.md"
    ran = run_step(step("check")["run"], fakes, {"FACTCHECK_PROJECT": str(project), "FACTCHECK_FAIL_ON": "conflict",
                                                 "GITHUB_STEP_SUMMARY": str(summary)},
                   path_first=Path(sys.executable).parent)
    assert ran.returncode == 0, ran.stderr
    assert outputs(fakes) == {"exit-code": "1"}
    assert sum(line.startswith("::error file=") for line in ran.stdout.splitlines()) == 2
    assert "open conflict" in summary.read_text(encoding="utf-8")
    last = run_step(step("Fail on what check found")["run"], fakes, {"CHECK_EXIT_CODE": outputs(fakes)["exit-code"]})
    assert last.returncode == 1
