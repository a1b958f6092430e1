"""One cache rule for everything the build makes (figures, tables, numbers, math, notebooks):
an output is reused only while the digest of its inputs is unchanged. The inputs of code are
read from the code itself: a module's file and every project file it imports, transitively
(found from its import statements, so nothing is imported to find out), plus the versions of
the tools that run it."""

import ast
import functools
import hashlib
import json
import os
import time
from importlib.metadata import version
from pathlib import Path

from sitebuild import CACHE as CACHE_DIR
from sitebuild import CODE, ROOT, SCRIPTS

IMPORT_ROOTS = (SCRIPTS, CODE)
# gmpy2 is there for speed: mpmath and SymPy do their integer arithmetic with it when it is installed.
TOOLS = ("numpy", "scipy", "sympy", "mpmath", "gmpy2", "matplotlib", "mkdocs", "mkdocs-material",
         "mkdocs-jupyter", "nbconvert", "jupytext", "pymdown-extensions")


def _module_files(dotted, tops):
    """The project files a dotted module name can mean: the module, and its packages' __init__.
    `tops` is the names at the top of the import roots: any other name (the standard library, an
    installed package) means no project file, and costs no look-up."""
    parts, found = dotted.split("."), []
    if parts[0] not in tops:
        return found
    for root in IMPORT_ROOTS:
        for depth in range(1, len(parts) + 1):
            folder, name = root.joinpath(*parts[:depth - 1]), parts[depth - 1]
            found += [folder / f"{name}.py"] if f"{name}.py" in _listing(folder) else []
            found += [folder / name / "__init__.py"] if "__init__.py" in _listing(folder / name) else []
    return found


# What is read of a file or folder is kept per state of it (its mtime and size): a build computes
# several keys over mostly the same files, and a long `mkdocs serve` many builds. A file system
# keeps mtimes only to its clock's tick (milliseconds), so a change within the tick of a read would
# go unseen: as git does with "racily clean" files, nothing touched in the last two seconds is kept.
SETTLED_NS = 2_000_000_000


def _kept(read, path, *args):
    """read(path, *args), kept per state of `path` once that state has settled."""
    stat = os.stat(path)
    if time.time_ns() - stat.st_mtime_ns <= SETTLED_NS:
        return read(path, *args)
    return _kept_at(read, str(path), stat.st_mtime_ns, stat.st_size, *args)


@functools.lru_cache(maxsize=8192)
def _kept_at(read, path, mtime_ns, size, *args):
    return read(path, *args)


def _bytes(path):
    return Path(path).read_bytes()


def _read(path):
    """A file's bytes."""
    return _kept(_bytes, path)


def _files_in(folder):
    return frozenset(entry.name for entry in os.scandir(folder) if entry.is_file())


def _listing(folder):
    """The names of the files in `folder` (a file added, removed or renamed changes its mtime)."""
    try:
        return _kept(_files_in, folder)
    except (FileNotFoundError, NotADirectoryError):
        return frozenset()


def _imported_names(path, package):
    """The module names a file's import statements name: kept by the one cache rule too, so a build
    where no code changed parses none."""
    return _kept(_names_imported_by, path, package)


def _names_imported_by(path, package):
    source = _read(path)  # the bytes the key digests too: read once per state for both
    key = hashlib.sha256(json.dumps(package).encode() + b"\0" + source).hexdigest()
    return json.loads(reuse("imports", key, lambda: json.dumps(_parse_imports(source, package))))


def _parse_imports(source, package):
    names = []
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.Import):
            names += [a.name for a in node.names]
        elif isinstance(node, ast.ImportFrom):
            base = ".".join(package[:len(package) - node.level + 1]) if node.level else ""
            module = ".".join(filter(None, [base, node.module]))
            names += [module] + [f"{module}.{a.name}" for a in node.names]
    return names


def source_closure(*paths):
    """The given files and every project file they import, transitively, sorted."""
    tops = {p.name.removesuffix(".py") for root in IMPORT_ROOTS if root.is_dir() for p in root.iterdir()}
    seen, todo = set(), [Path(p).resolve() for p in paths]
    while todo:
        current = todo.pop()
        if current in seen or not current.is_file():
            continue
        seen.add(current)
        if current.suffix != ".py":
            continue
        package = current.parent.relative_to(SCRIPTS).parts if current.is_relative_to(SCRIPTS) else ()
        for name in _imported_names(current, package):
            todo += _module_files(name, tops)
    return sorted(seen)


def digest(paths, *extra):
    h = hashlib.sha256()
    for path in paths:
        h.update(Path(path).resolve().relative_to(ROOT).as_posix().encode())
        h.update(_read(path))
    for item in extra:
        h.update(str(item).encode())
    return h.hexdigest()


@functools.lru_cache(maxsize=None)  # installed versions do not change while a build runs
def _tool_versions():
    return tuple(f"{name}=={version(name)}" for name in TOOLS)


def tool_versions():
    return list(_tool_versions())


def code_key(*paths, extra=()):
    """The cache key of what the given code files make: their import closure, the tools, extra."""
    return digest(source_closure(*paths), *tool_versions(), *extra)


def write_if_changed(path, data):
    """Atomic write, skipped when the bytes are already there (keeps `mkdocs serve` calm)."""
    path = Path(path)
    data = data.encode() if isinstance(data, str) else data
    if path.exists() and path.read_bytes() == data:
        return False
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_suffix(path.suffix + ".tmp")
    tmp.write_bytes(data)
    os.replace(tmp, path)
    return True


class Uncached(Exception):
    """Raised by a reuse() make() with a text that must not be kept (it shows an error)."""

    def __init__(self, text):
        super().__init__("not kept")
        self.text = text


def reuse(kind, key, make):
    """make()'s text, kept in .cache/KIND/KEY: made once per key (a key is the digest of all the
    inputs of what make() makes), and read back while the inputs stay the same. A make() that
    raises Uncached(text) returns that text and keeps nothing."""
    text = kept(kind, key)
    if text is not None:
        return text
    try:
        text = make()
    except Uncached as made:
        return made.text
    write_if_changed(CACHE_DIR / kind / key, text)
    return text


def kept(kind, key):
    """The text kept for KEY, or None."""
    path = CACHE_DIR / kind / key
    return path.read_text(encoding="utf-8") if path.exists() else None


def template_cache():
    """A Jinja bytecode cache for the theme's templates, kept in .cache/templates by the same rule:
    a compiled template is read back while its source (Jinja's checksum of it), its name and the
    versions of Jinja and Python are the same; Jinja checks the checksum again as it loads it."""
    import sys

    import jinja2

    class Templates(jinja2.BytecodeCache):
        def path(self, bucket):
            return CACHE_DIR / "templates" / digest([], bucket.key, bucket.checksum, jinja2.__version__, sys.version)

        def load_bytecode(self, bucket):
            path = self.path(bucket)
            if path.exists():
                with path.open("rb") as f:
                    bucket.load_bytecode(f)

        def dump_bytecode(self, bucket):
            write_if_changed(self.path(bucket), bucket.bytecode_to_string())

    return Templates()
