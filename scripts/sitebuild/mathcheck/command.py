"""The checker as a command over Markdown files, with no site generator:

    python -m sitebuild.mathcheck [--config mkdocs.yml] [--values FILE.json] [--cache FILE] PATH...

Checks every formula of every Markdown file under the PATHs, as the build does, and reports
every wrong or unreadable formula of every file in one run (FILE:LINE: what is wrong), then
exits 1 with their count; 0 when every formula holds. So a site is checked whatever builds it,
and a page with three wrong steps is fixed in one round.

The Markdown is converted as the site's `markdown_extensions` in --config say (Python-Markdown
and pymdownx.arithmatex, as MkDocs would, but without MkDocs), so the TeX checked is the TeX the
site renders. The site's own functions come from the same file: the mathcheck plugin's
`functions` (mkdocs_plugin.py; := definitions every page starts from), and so does its
`audit_record`: a record made by another version of the checker is an error here too. --values fills {{ name }}
placeholders with published numbers ({name: HTML}, as sitebuild.placeholders does in the build);
--cache reuses the results of formulas checked before (the build's .cache/math.json).
"""

import argparse
import json
import re
import sys
import tempfile
from pathlib import Path

import markdown as python_markdown
import yaml

from sitebuild import errors, placeholders
from sitebuild.mathcheck import page_math

# What pages are converted with when there is no --config: enough for math, code and blocks.
DEFAULT_EXTENSIONS = ["admonition", "attr_list", "md_in_html", "tables", "pymdownx.details", "pymdownx.superfences",
                      {"pymdownx.arithmatex": {"generic": True}}]
FRONT_MATTER = re.compile(r"\A---\s*\n.*?\n(?:---|\.\.\.)\s*\n", re.S)


class _Loader(yaml.SafeLoader):
    """mkdocs.yml may name Python objects (!!python/name:...); their values are not needed here."""


_Loader.add_multi_constructor("tag:yaml.org,2002:python/", lambda loader, suffix, node: None)
_Loader.add_multi_constructor("!", lambda loader, suffix, node: None)


def site_settings(config_path):
    """(markdown extensions as [name or {name: options}], the checker's options: the site's function
    definitions and whether inline formulas are claims, as the mathcheck plugin's entry says, and
    its audit record's path or None)."""
    if config_path is None:
        return DEFAULT_EXTENSIONS, {"vocabulary": (), "inline_claims": True}, None
    config = yaml.load(Path(config_path).read_text(), Loader=_Loader) or {}
    extensions = config.get("markdown_extensions") or DEFAULT_EXTENSIONS
    # The plugin's options (mkdocs_plugin.py).
    settings = next((p["mathcheck"] for p in config.get("plugins") or () if isinstance(p, dict) and "mathcheck" in p),
                    None) or {}
    record = settings.get("audit_record")
    return extensions, {"vocabulary": tuple(settings.get("functions") or ()),
                        "inline_claims": settings.get("inline_claims", True)}, \
        Path(config_path).parent / record if record else None


def converter(extensions):
    names, options = [], {}
    for item in extensions:
        name, settings = next(iter(item.items())) if isinstance(item, dict) else (item, None)
        names.append(name)
        if settings:
            options[name] = settings
    if not any(name == "pymdownx.arithmatex" for name in names):
        raise errors.BuildError("the Markdown extensions have no pymdownx.arithmatex: no formula would be found")
    if not (options.get("pymdownx.arithmatex") or {}).get("generic"):
        raise errors.BuildError("pymdownx.arithmatex must be in generic mode (generic: true), as the build reads it")
    return python_markdown.Markdown(extensions=names, extension_configs=options)


def markdown_files(paths):
    for path in map(Path, paths):
        if path.is_dir():
            yield from sorted(p for p in path.rglob("*.md") if p.is_file())
        elif path.is_file():
            yield path
        else:
            raise errors.BuildError(f"{path}: no such file or folder")


def check_file(path, convert, options, cache, version, values, stats):
    """The BuildErrors of one Markdown file (file and line set)."""
    text = path.read_text(encoding="utf-8")
    front = FRONT_MATTER.match(text)
    offset = text[:front.end()].count("\n") if front else 0
    markdown = text[front.end():] if front else text
    found = []
    if values is not None:
        markdown = placeholders.fill(markdown, values, found.append)
    convert.reset()
    try:
        page_html = convert.convert(markdown)
    except Exception as error:  # noqa: BLE001  (an extension's own error, e.g. a missing include)
        found.append(errors.BuildError(f"the Markdown cannot be converted: {type(error).__name__}: {error}"))
        page_html = ""
    formulas = page_math.find(page_html)
    stats["formulas"] = stats.get("formulas", 0) + len(formulas)
    wrong = page_math.check(formulas, markdown, cache, version, stats, **options)
    for error in [*found, *(wrong[i] for i in sorted(wrong))]:
        error.file = path.as_posix()
        if error.line is not None:
            error.line += offset
        yield error


def main(argv=None):
    parser = argparse.ArgumentParser(prog="python -m sitebuild.mathcheck", description=__doc__.split("\n\n")[0])
    parser.add_argument("paths", nargs="+", metavar="PATH", help="Markdown files, or folders to search for *.md")
    parser.add_argument("--config", metavar="FILE", help="the site's mkdocs.yml: Markdown extensions, functions")
    parser.add_argument("--values", metavar="FILE", help="JSON {name: HTML} for {{ name }} placeholders")
    parser.add_argument("--cache", metavar="FILE", help="reuse and extend this cache of checked formulas")
    args = parser.parse_args(argv)
    try:
        extensions, options, record = site_settings(args.config)
        convert = converter(extensions)
        values = json.loads(Path(args.values).read_text()) if args.values else None
        files = list(markdown_files(args.paths))
    except (OSError, ValueError, yaml.YAMLError, errors.BuildError) as error:
        print(f"error: {error}", file=sys.stderr)
        return 2
    with tempfile.TemporaryDirectory() as scratch:
        cache = page_math.Cache(Path(args.cache) if args.cache else Path(scratch) / "none.json")
        stats, count = {}, 0
        for path in files:
            for error in check_file(path, convert, options, cache, page_math.checker_key(), values, stats):
                print(error, file=sys.stderr)
                errors.annotate(error)
                count += 1
        if args.cache:
            cache.save()  # only successes are stored
    unchecked = f", {stats['unchecked']} marked not machine-checked" if stats.get("unchecked") else ""
    summary = f"{stats.get('formulas', 0)} formulas in {len(files)} file{'' if len(files) == 1 else 's'}{unchecked}"
    if count:
        print(f"{summary}: {count} cannot be checked or do not hold", file=sys.stderr)
    else:
        print(f"{summary}: every checked formula holds")
    stale = record and page_math.stale_audit(record)
    if stale:  # the audit record the site shows, made by another checker (the plugin's audit_record)
        print(f"error: {stale}", file=sys.stderr)
    return 1 if count or stale else 0
