"""The GitHub Actions workflows are valid, pinned and least-privilege.

zizmor (offline) audits them for security problems, check-jsonschema validates them against
the workflow schema it ships with (no network needed), and the checks here hold every action
to a full commit SHA with its release in a comment, and every token to the permissions it
needs. The negative tests feed deliberately bad copies of the workflow to the same checks,
so a check that silently stopped working would fail here too.
"""

import json
import re
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

ROOT = Path(__file__).resolve().parent.parent
WORKFLOWS = ROOT / ".github" / "workflows"
SITE_WORKFLOW = WORKFLOWS / "site.yml"
# The tools are installed in the same virtual environment as the Python running the tests.
BIN = Path(sys.executable).parent

# `uses: owner/repo@<40 hex digits> # v1.2.3`: a commit SHA and the release it is.
PINNED_USES = re.compile(
    r"^\s*(?:-\s+)?uses:\s+(?P<ref>[\w.-]+/[\w./-]+@(?P<sha>[0-9a-f]{40}))"
    r"\s+#\s*v\d+(?:\.\d+){0,2}\s*$"
)
USES_LINE = re.compile(r"^\s*(?:-\s+)?uses:")
# Write access goes only to the job that deploys to GitHub Pages, and only these two scopes.
DEPLOY_ACTION = "actions/deploy-pages"
DEPLOY_WRITE = {"pages": "write", "id-token": "write"}
BLOCKING = {"medium", "high"}


def workflow_files():
    files = sorted([*WORKFLOWS.glob("*.yml"), *WORKFLOWS.glob("*.yaml")])
    assert files, f"no workflows in {WORKFLOWS}"
    return files


def tool(name):
    exe = BIN / name
    if not exe.exists():
        pytest.fail(f"{name} is not installed next to {sys.executable} (see requirements.txt)")
    return str(exe)


def zizmor_findings(*paths):
    """zizmor's findings (parsed from its JSON output) for the given workflow files.

    --no-exit-codes: the exit status then means only "the audit ran"; the findings are judged
    from the JSON. --strict-collection: a file zizmor cannot parse fails instead of being
    skipped with a warning."""
    run = subprocess.run(
        [tool("zizmor"), "--offline", "--no-exit-codes", "--strict-collection",
         "--format", "json", *map(str, paths)],
        check=False, cwd=ROOT, capture_output=True, text=True, timeout=120,
    )
    assert run.returncode == 0, f"zizmor failed ({run.returncode}):\n{run.stderr}"
    findings = json.loads(run.stdout)
    assert isinstance(findings, list), run.stdout
    return findings


def blocking(findings):
    """'ident (severity): feature' for every finding of medium or high severity."""
    out = []
    for f in findings:
        severity = f["determinations"]["severity"].lower()
        if severity in BLOCKING and not f.get("ignored"):
            where = "; ".join(
                f"line {loc['concrete']['location']['start_point']['row'] + 1}: "
                + loc["concrete"]["feature"].strip().splitlines()[0]
                for loc in f["locations"])
            out.append(f"{f['ident']} ({severity}) {where}")
    return out


def check_jsonschema(*paths):
    return subprocess.run(
        [tool("check-jsonschema"), "--builtin-schema", "vendor.github-workflows",
         *map(str, paths)],
        check=False, cwd=ROOT, capture_output=True, text=True, timeout=120,
    )


def all_uses(workflow):
    """Every `uses:` value in a parsed workflow: steps, and jobs calling reusable workflows."""
    for job in (workflow.get("jobs") or {}).values():
        if "uses" in job:
            yield job["uses"]
        for step in job.get("steps") or []:
            if "uses" in step:
                yield step["uses"]


def pin_problems(text):
    """Why the workflow text has an action not pinned to a commit SHA with a version comment."""
    problems, pinned = [], set()
    for number, line in enumerate(text.splitlines(), 1):
        if not USES_LINE.match(line) or re.match(r"^\s*(?:-\s+)?uses:\s+\./", line):
            continue  # not a `uses:` line, or an action in this repository
        match = PINNED_USES.match(line)
        if match:
            pinned.add(match["ref"])
        else:
            problems.append(f"line {number}: {line.strip()}")
    # Cross-check against the parsed YAML, so no `uses` escapes the line scan (flow style etc.)
    for uses in all_uses(yaml.safe_load(text)):
        if not uses.startswith("./") and uses not in pinned:
            problems.append(f"not pinned with a version comment: {uses}")
    return problems


def permission_problems(workflow):
    """Why a parsed workflow's token permissions are more than least privilege."""
    problems = []
    top = workflow.get("permissions", "<missing>")
    if top not in ({}, {"contents": "read"}):
        problems.append(f"top-level permissions must be {{}} or contents: read, not {top!r}")
    for name, job in (workflow.get("jobs") or {}).items():
        perms = job.get("permissions", "<missing>")
        if not isinstance(perms, dict):
            problems.append(f"job {name}: permissions must be an explicit mapping, not {perms!r}")
            continue
        uses = all_uses({"jobs": {name: job}})
        deploys = any(str(u).startswith(DEPLOY_ACTION + "@") for u in uses)
        writes = {scope: level for scope, level in perms.items() if level != "read"}
        if deploys:
            if writes != DEPLOY_WRITE or perms != DEPLOY_WRITE:
                problems.append(f"job {name}: a Pages deployment needs exactly {DEPLOY_WRITE}, "
                                f"not {perms}")
        elif writes:
            problems.append(f"job {name}: only the Pages deployment may write, not {writes}")
        unknown = set(perms.values()) - {"read", "write", "none"}
        if unknown:
            problems.append(f"job {name}: unknown permission levels {unknown}")
    return problems


# --- the workflows in the repository ---------------------------------------------------

def test_zizmor_finds_nothing_of_medium_or_high_severity():
    findings = zizmor_findings(*workflow_files())
    assert not blocking(findings), "zizmor:\n" + "\n".join(blocking(findings))


def test_workflows_match_the_github_workflow_schema():
    run = check_jsonschema(*(p.relative_to(ROOT) for p in workflow_files()))
    assert run.returncode == 0, run.stdout + run.stderr


@pytest.mark.parametrize("path", workflow_files(), ids=lambda p: p.name)
def test_every_action_is_pinned_to_a_commit_sha_with_its_version(path):
    text = path.read_text()
    assert any(USES_LINE.match(line) for line in text.splitlines()), "no actions used?"
    assert not pin_problems(text), "\n".join(pin_problems(text))


@pytest.mark.parametrize("path", workflow_files(), ids=lambda p: p.name)
def test_token_permissions_are_least_privilege(path):
    problems = permission_problems(yaml.safe_load(path.read_text()))
    assert not problems, "\n".join(problems)


def test_site_workflow_tests_on_every_change_and_deploys_only_from_main():
    wf = yaml.safe_load(SITE_WORKFLOW.read_text())
    triggers = wf.get("on", wf.get(True))  # PyYAML reads the key `on` as True
    assert triggers["push"]["branches"] == ["main"]
    assert "pull_request" in triggers and "workflow_dispatch" in triggers

    build, deploy = wf["jobs"]["build"], wf["jobs"]["deploy"]
    steps = build["steps"]
    checkout = next(s for s in steps if s.get("uses", "").startswith("actions/checkout@"))
    assert checkout["with"]["persist-credentials"] is False
    assert any(s.get("run", "").strip() == "make test" for s in steps)

    on_main = "github.event_name == 'push' && github.ref == 'refs/heads/main'"
    publish = [s for s in steps if s.get("uses", "").startswith(
        ("actions/configure-pages@", "actions/upload-pages-artifact@"))]
    assert len(publish) == 2 and all(s.get("if") == on_main for s in publish)
    upload = publish[-1]
    assert upload["uses"].startswith("actions/upload-pages-artifact@")
    assert upload["with"]["path"].rstrip("/") == "site"
    # Publishing comes after the tests, so a failing test never reaches the site.
    tests_run = next(i for i, s in enumerate(steps) if s.get("run", "").strip() == "make test")
    assert steps.index(publish[0]) > tests_run

    assert deploy["needs"] == "build" and deploy["if"] == on_main
    assert deploy["environment"]["name"] == "github-pages"
    assert deploy["environment"]["url"] == "${{ steps.deployment.outputs.page_url }}"
    assert deploy["concurrency"] == {"group": "pages", "cancel-in-progress": False}
    (step,) = deploy["steps"]
    assert step["id"] == "deployment" and step["uses"].startswith(DEPLOY_ACTION + "@")


# --- the checks catch a bad workflow ----------------------------------------------------

SHA_PIN = re.compile(r"(actions/checkout)@[0-9a-f]{40} # v[\d.]+")
JOB_PERMISSIONS = re.compile(r"^    permissions:\n(?:      .*\n)+", re.MULTILINE)


def bad_copy(tmp_path, text):
    path = tmp_path / ".github" / "workflows" / "site.yml"
    path.parent.mkdir(parents=True)
    path.write_text(text)
    return path


def test_zizmor_flags_an_unpinned_action_and_write_all(tmp_path):
    good = SITE_WORKFLOW.read_text()
    text, pins = SHA_PIN.subn(r"\1@main", good)
    # The first job-level permissions block (the build job's) becomes write-all.
    text, blocks = JOB_PERMISSIONS.subn("    permissions: write-all\n", text, count=1)
    assert pins and blocks, "the workflow no longer looks as this test expects"
    path = bad_copy(tmp_path, text)

    idents = {line.split(" ")[0] for line in blocking(zizmor_findings(path))}
    assert {"unpinned-uses", "excessive-permissions"} <= idents
    assert pin_problems(text) and permission_problems(yaml.safe_load(text))


def test_permission_check_rejects_broad_permissions():
    wf = yaml.safe_load(SITE_WORKFLOW.read_text())
    assert not permission_problems(wf)
    for top in ("write-all", "read-all", {"contents": "write"}):
        assert permission_problems({**wf, "permissions": top})
    jobs = wf["jobs"]
    build_writes = {**jobs, "build": {**jobs["build"], "permissions": {"pages": "write"}}}
    assert permission_problems({**wf, "jobs": build_writes})
    deploy_extra = {**jobs, "deploy": {**jobs["deploy"],
                                       "permissions": {**DEPLOY_WRITE, "contents": "write"}}}
    assert permission_problems({**wf, "jobs": deploy_extra})


def test_pin_check_rejects_tags_short_shas_and_missing_comments():
    good = "      - uses: actions/checkout@" + "a" * 40 + " # v7.0.1\n"
    wrap = "jobs:\n  j:\n    runs-on: x\n    steps:\n{}"
    assert not pin_problems(wrap.format(good))
    for bad in ("      - uses: actions/checkout@v7\n",
                "      - uses: actions/checkout@" + "a" * 39 + " # v7.0.1\n",
                "      - uses: actions/checkout@" + "a" * 40 + "\n",
                "      - {uses: actions/checkout@v7}\n"):
        assert pin_problems(wrap.format(bad)), bad


def test_schema_check_rejects_an_invalid_workflow(tmp_path):
    text = SITE_WORKFLOW.read_text().replace("runs-on:", "runs_on:")
    run = check_jsonschema(bad_copy(tmp_path, text))
    assert run.returncode != 0, run.stdout
