"""A copy of the project as a clean clone would have it, to build or serve without touching the
working tree (tests that plant errors, the build benchmark)."""

import os
import shutil
import subprocess

from sitebuild import CACHE, OUT, ROOT

# Not the build's cache: the setup logs, and the test run's lock on building site/.
NOT_BUILD_CACHE = {"setup", "site-build.lock"}


def build_cache():
    """What the build's one cache rule reuses (sitebuild/cache.py): generated/ and .cache/ but the
    setup's files, read from the folders so that a new kind of cached output is copied too."""
    cached = sorted(p for p in CACHE.iterdir() if p.name not in NOT_BUILD_CACHE) if CACHE.is_dir() else []
    return [OUT, *cached]


def copy_project(target, warm=False):
    """Tracked and new (not ignored) files into `target`; node_modules is shared as a link.
    warm=True also copies the build's cache (generated/ and .cache/), as a contributor's checkout
    has it after a build: the copy then remakes only what its own edits change, by the same rule
    that decides it in a real checkout. Tests about a cold build take the default."""
    listed = subprocess.run(["git", "ls-files", "--cached", "--others", "--exclude-standard"], cwd=ROOT,
                            capture_output=True, text=True, check=True).stdout.split()
    for name in listed:
        if (ROOT / name).is_file():
            (target / name).parent.mkdir(parents=True, exist_ok=True)
            shutil.copy(ROOT / name, target / name)
    (target / "node_modules").symlink_to(ROOT / "node_modules")
    for source in build_cache() if warm else ():
        copy = target / source.relative_to(ROOT)
        if source.is_dir():
            shutil.copytree(source, copy, symlinks=True)
        elif source.is_file():
            copy.parent.mkdir(parents=True, exist_ok=True)
            shutil.copy(source, copy)
    return target


def env_for(project, **extra):
    """The environment that runs the copy's own code (its folders first on the import path)."""
    paths = [str(project / "scripts"), str(project / "docs" / "code")]
    return {**os.environ, "NO_MKDOCS_2_WARNING": "1", "PYTHONPATH": os.pathsep.join(paths), **extra}
