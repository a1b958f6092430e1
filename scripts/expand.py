"""Expand snippet includes (`--8<-- "file.py:section"`) outside a Markdown build, with
pymdownx.snippets itself and the site's settings from mkdocs.yml, so that the code blocks the
tests run and the notebooks' include cells get exactly the text a page would show."""

from pathlib import Path

import markdown
import yaml

ROOT = Path(__file__).resolve().parent.parent


class _Loader(yaml.SafeLoader):
    """mkdocs.yml may hold tags such as !!python/name: for other extensions; ignore them."""


_Loader.add_multi_constructor("", lambda loader, suffix, node: None)


def snippet_config(config_file=ROOT / "mkdocs.yml"):
    """The pymdownx.snippets options of mkdocs.yml ({} when the extension is not used)."""
    config = yaml.load(Path(config_file).read_text(), Loader=_Loader)
    for extension in config.get("markdown_extensions") or []:
        if isinstance(extension, dict) and "pymdownx.snippets" in extension:
            return dict(extension["pymdownx.snippets"] or {})
    return {}


def expand(text, config=None, root=ROOT):
    """`text` with every include line replaced by what it includes. Raises
    pymdownx.snippets.SnippetMissingError for an include that points nowhere."""
    config = dict(snippet_config() if config is None else config)
    base = config.get("base_path", ["."])
    config["base_path"] = [str(Path(root, b)) for b in ([base] if isinstance(base, str) else base)]
    md = markdown.Markdown(extensions=["pymdownx.snippets"], extension_configs={"pymdownx.snippets": config})
    return "\n".join(md.preprocessors["snippet"].run(text.split("\n")))
