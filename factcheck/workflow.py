"""The GitHub Actions workflow `init --github` writes: what pip installs factcheck from, and the filled-in template."""

from __future__ import annotations

import json
import posixpath
import re
from dataclasses import dataclass
from urllib.parse import unquote, urlsplit, urlunsplit

from factcheck.errors import InvalidArgumentError

WORKFLOW_FILE = ".github/workflows/factcheck.yml"
# A project path goes into `hashFiles` patterns and `${{ }}` expressions: no glob or expression characters.
SAFE_PATH = re.compile(r"[\w.\- /]+")


@dataclass(frozen=True)
class InstallSpec:
    """What the workflow's `pip install` takes, or None with the reason CI cannot install what is running here."""

    requirement: str | None
    reason: str = ""


def install_spec(direct_url: dict | None, version: str, repository: str | None) -> InstallSpec:
    """How CI installs the factcheck that runs now, from its PEP 610 direct_url.json (None: from a package index).

    Args:
        direct_url: the parsed direct_url.json of the installed distribution, or None.
        version: the installed version.
        repository: the absolute POSIX path of the repository the workflow goes into, to refer to a checkout
            inside it by a relative path.
    """
    if direct_url is None:
        return InstallSpec(f"factcheck=={version}")
    url = str(direct_url.get("url", ""))
    parts = urlsplit(url)
    if parts.scheme == "file":
        local = posixpath.normpath(unquote(parts.path))
        top = posixpath.normpath(repository) if repository else None
        if top is not None and local == top:
            return InstallSpec(".")
        if top is not None and local.startswith(top.rstrip("/") + "/"):
            return InstallSpec(f"./{local[len(top.rstrip('/')) + 1:]}")
        return InstallSpec(None, f"factcheck was installed from {local}, which CI cannot reach")
    if "${{" in url or parts.scheme not in {"https", "http", "ssh", "git"}:
        return InstallSpec(None, f"factcheck was installed from {url or 'an unknown place'}")
    if parts.username and parts.username != "git":  # never write a token into a committed file
        parts = parts._replace(netloc=(parts.hostname or "") + (f":{parts.port}" if parts.port else ""))
    url = urlunsplit(parts)
    vcs = direct_url.get("vcs_info")
    if isinstance(vcs, dict) and vcs.get("vcs") and vcs.get("commit_id"):
        return InstallSpec(f"factcheck @ {vcs['vcs']}+{url}@{vcs['commit_id']}")
    return InstallSpec(f"factcheck @ {url}")


def workflow_project(project: str) -> str:
    """The project folder (POSIX, from the repository's top) as the workflow names it; raises on what it cannot hold."""
    shown = posixpath.normpath(project)
    if not SAFE_PATH.fullmatch(shown) or ".." in shown.split("/") or shown.startswith("/"):
        raise InvalidArgumentError(
            f"{shown}: the project folder's path has characters a workflow cannot hold safely (only letters, digits, "
            "'.', '-', '_', ' ' and '/'): rename the folder, or write the workflow by hand"
        )
    return shown


def render_workflow(template: str, install: InstallSpec, project: str) -> str:
    """The template with its install requirement and project folder, each a double-quoted YAML string."""
    requirement = install.requirement or ""
    return template.replace("@INSTALL@", json.dumps(requirement, ensure_ascii=False)).replace(
        "@PROJECT@", json.dumps(project, ensure_ascii=False)
    )
