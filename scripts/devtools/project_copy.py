"""A copy of the project as a clean clone would have it, to build or serve without touching the
working tree (tests that plant errors, the build benchmark)."""

import os
import shutil
import subprocess

from sitebuild import ROOT


def copy_project(target):
    """Tracked and new (not ignored) files into `target`; node_modules is shared as a link."""
    listed = subprocess.run(["git", "ls-files", "--cached", "--others", "--exclude-standard"], cwd=ROOT,
                            capture_output=True, text=True, check=True).stdout.split()
    for name in listed:
        if (ROOT / name).is_file():
            (target / name).parent.mkdir(parents=True, exist_ok=True)
            shutil.copy(ROOT / name, target / name)
    (target / "node_modules").symlink_to(ROOT / "node_modules")
    return target


def env_for(project, **extra):
    """The environment that runs the copy's own code (its folders first on the import path)."""
    paths = [str(project / "scripts"), str(project / "docs" / "code")]
    return {**os.environ, "NO_MKDOCS_2_WARNING": "1", "PYTHONPATH": os.pathsep.join(paths), **extra}
