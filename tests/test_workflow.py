"""The workflow `init --github` writes: what CI installs factcheck from, the project's path, the filled-in template."""

from __future__ import annotations

from importlib import resources

import pytest
from ruamel.yaml import YAML

from factcheck.errors import InvalidArgumentError
from factcheck.workflow import InstallSpec, install_spec, render_workflow, workflow_project

REPO = "/home/me/ledger-repo"
COMMIT = "0123456789abcdef0123456789abcdef01234567"


@pytest.mark.parametrize(
    ("direct_url", "expected"),
    [
        # From a package index: the same version again.
        (None, InstallSpec("factcheck==0.1.0")),
        # From git: the very commit that runs here.
        ({"url": "https://github.com/acme/factcheck", "vcs_info": {"vcs": "git", "commit_id": COMMIT}},
         InstallSpec(f"factcheck @ git+https://github.com/acme/factcheck@{COMMIT}")),
        # A token in the URL never goes into a committed file.
        ({"url": "https://x-access-token:ghp_secret@github.com/acme/factcheck.git",
          "vcs_info": {"vcs": "git", "commit_id": COMMIT}},
         InstallSpec(f"factcheck @ git+https://github.com/acme/factcheck.git@{COMMIT}")),
        ({"url": "ssh://git@github.com/acme/factcheck.git", "vcs_info": {"vcs": "git", "commit_id": COMMIT}},
         InstallSpec(f"factcheck @ git+ssh://git@github.com/acme/factcheck.git@{COMMIT}")),
        # A wheel or an archive on the web.
        ({"url": "https://example.org/dist/factcheck-0.1.0-py3-none-any.whl", "archive_info": {}},
         InstallSpec("factcheck @ https://example.org/dist/factcheck-0.1.0-py3-none-any.whl")),
        # A checkout inside the repository the workflow goes into: a path CI has too.
        ({"url": "file:///home/me/ledger-repo/tools/factcheck", "dir_info": {"editable": True}},
         InstallSpec("./tools/factcheck")),
        ({"url": "file:///home/me/ledger-repo", "dir_info": {}}, InstallSpec(".")),
        # A folder of this machine only: nothing CI could install, and why.
        ({"url": "file:///home/me/src/factcheck", "dir_info": {"editable": True}},
         InstallSpec(None, "factcheck was installed from /home/me/src/factcheck, which CI cannot reach")),
        ({}, InstallSpec(None, "factcheck was installed from an unknown place")),  # an unreadable direct_url.json
        ({"url": "https://example.org/${{ secrets.TOKEN }}.whl", "archive_info": {}},
         InstallSpec(None, "factcheck was installed from https://example.org/${{ secrets.TOKEN }}.whl")),
    ],
)
def test_install_spec_names_what_ci_can_install(direct_url: dict | None, expected: InstallSpec) -> None:
    assert install_spec(direct_url, "0.1.0", REPO) == expected


@pytest.mark.parametrize("path", ["a/${{ secrets.X }}", "led*", "it's", "a\nb", "../up", "!ledger", "/abs"])
def test_a_project_path_a_workflow_cannot_hold_is_refused(path: str) -> None:
    with pytest.raises(InvalidArgumentError, match="rename the folder, or write the workflow by hand"):
        workflow_project(path)


def test_the_template_filled_in_is_a_workflow_with_quoted_values() -> None:
    template = resources.files("factcheck").joinpath("data/github_workflow.yml").read_text(encoding="utf-8")
    text = render_workflow(template, InstallSpec(f"factcheck @ git+https://h/o/factcheck@{COMMIT}"),
                           workflow_project("ledgers/pakistan russia"))
    workflow = YAML(typ="safe").load(text)
    job = workflow["jobs"]["check"]
    assert job["env"] == {"FACTCHECK_INSTALL": f"factcheck @ git+https://h/o/factcheck@{COMMIT}",
                          "FACTCHECK_PROJECT": "ledgers/pakistan russia"}
    assert workflow["permissions"] == {"contents": "read"}
    assert set(workflow["on"]) == {"push", "pull_request"}  # YAML 1.2, as ruamel reads it: `on` is a string
    runs = [step["run"] for step in job["steps"] if "run" in step]
    assert runs[-1] == 'factcheck check --format github --project "$FACTCHECK_PROJECT"'
    assert not [run for run in runs if "${{" in run]  # values reach the scripts through env only
