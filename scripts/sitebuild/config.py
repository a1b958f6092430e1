"""What the tools outside MkDocs (tests, benchmarks, the dev server) read from mkdocs.yml, so
that each setting has one source: the URL prefix, the pages in nav, the snippet options."""

import functools
from pathlib import Path
from urllib.parse import urlsplit

import yaml

from sitebuild import ROOT


class _Loader(yaml.SafeLoader):
    """mkdocs.yml may hold tags such as !!python/name: for other extensions; ignore them."""


_Loader.add_multi_constructor("", lambda loader, suffix, node: None)


@functools.cache
def mkdocs_config(config_file=ROOT / "mkdocs.yml"):
    return yaml.load(Path(config_file).read_text(), Loader=_Loader)


def site_prefix():
    """The path the site is published under, from site_url: "/sigmoid/"."""
    path = urlsplit(mkdocs_config().get("site_url") or "/").path
    return path if path.endswith("/") else path + "/"


def nav_files(section=None):
    """The source files in nav (docs-relative), in order; only those under `section` if given."""
    def walk(items, inside):
        for item in items:
            for title, value in (item.items() if isinstance(item, dict) else [(None, item)]):
                if isinstance(value, list):
                    yield from walk(value, inside or title == section)
                elif inside or section is None:
                    yield value
    return list(walk(mkdocs_config()["nav"], section is None))


def math_vocabulary():
    """The site's own functions, as the := definitions the math checker starts every page from."""
    for plugin in mkdocs_config().get("plugins") or ():  # the mathcheck plugin's options
        if isinstance(plugin, dict) and "mathcheck" in plugin:
            return tuple((plugin["mathcheck"] or {}).get("functions") or ())
    return ()


def snippet_config():
    """The pymdownx.snippets options of mkdocs.yml ({} when the extension is not used)."""
    for extension in mkdocs_config().get("markdown_extensions") or []:
        if isinstance(extension, dict) and "pymdownx.snippets" in extension:
            return dict(extension["pymdownx.snippets"] or {})
    return {}
