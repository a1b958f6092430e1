"""Snippet includes (`--8<-- "file.py:section"`), resolved by pymdownx.snippets itself with the
site's settings from mkdocs.yml: one lookup for the build's missing-include check, the
notebooks' include cells and their cache keys, and the code blocks the tests run."""

from pathlib import Path

import markdown

from sitebuild import ROOT
from sitebuild.config import snippet_config


def preprocessor(config=None, root=ROOT):
    """pymdownx.snippets' preprocessor, with base paths made absolute from `root`."""
    config = dict(snippet_config() if config is None else config)
    base = config.get("base_path", ["."])
    config["base_path"] = [str(Path(root, b)) for b in ([base] if isinstance(base, str) else base)]
    md = markdown.Markdown(extensions=["pymdownx.snippets"], extension_configs={"pymdownx.snippets": config})
    return md.preprocessors["snippet"]


def includes(text, config=None, root=ROOT):
    """[(line, name, path or None)] for each include line of `text` (line from 1)."""
    pre = preprocessor(config, root)
    found = []
    for number, line in enumerate(text.split("\n"), 1):
        m = pre.RE_ALL_SNIPPETS.match(line)
        if m and m.group("snippet") and not m.group("escape"):
            target = pre.parse_snippet_target(m.group("snippet")[1:-1].strip())
            name = target["path"] if target else ""
            path = pre.get_snippet_path(name) if name else None
            found.append((number, m.group("snippet")[1:-1], Path(path) if path else None))
    return found


def expand(text, config=None, root=ROOT):
    """`text` with every include line replaced by what it includes. Raises
    pymdownx.snippets.SnippetMissingError for an include that points nowhere."""
    return "\n".join(preprocessor(config, root).run(text.split("\n")))
