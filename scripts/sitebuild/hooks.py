"""MkDocs hooks, one small function per build event; the work lives in the sitebuild modules, so
the site could move to another generator.

Errors: `mkdocs build` (make site, make test, CI) stops on the first error of a page, naming
the file and line (and annotating it in GitHub Actions); the math checker (the mathcheck plugin)
reports every wrong formula first. `mkdocs serve` shows each error in a box where the faulty
item stands and keeps serving, so a wrong step never hangs the preview.
"""

import importlib
import json
import logging
import os
import re
import sys
import time
import types
from pathlib import Path

from mkdocs.exceptions import PluginError
from mkdocs.plugins import CombinedEvent, event_priority
from mkdocs.structure.files import File
from mkdocs.structure.toc import get_toc

# `mkdocs serve` loads this file anew for every rebuild, but Python keeps the modules it
# imported: when a file of the project's own modules has changed since the last load, drop them
# all, so every rebuild runs the code as it is on disk now (and when none has, keep them: a
# rebuild then does not import them again). A module imported during the last build was imported
# after that load, so a file older than the load is the one in memory. The load time is kept a
# second early: a file system's clock may lag the process's by a few milliseconds, and a file
# written just before the load is then taken as changed (one reload too many, never one too few).
_PROJECT = str(Path(__file__).resolve().parents[2])
_LOADED = "SIGMOID_SITE_HOOKS_LOADED_NS"  # survives the reload, as MODE does


def _project_modules():
    for name, module in list(sys.modules.items()):
        path = getattr(module, "__file__", None) or ""
        if path.startswith(_PROJECT) and "/.venv/" not in path and path != __file__:
            yield name, path


def _changed(path, since):
    try:
        return os.stat(path).st_mtime_ns >= since
    except OSError:
        return True


_since = int(os.environ.get(_LOADED, 0))
os.environ[_LOADED] = str(time.time_ns() - 1_000_000_000)
if any(_changed(path, _since) for _, path in _project_modules()):
    for _name, _ in list(_project_modules()):
        del sys.modules[_name]

from sitebuild import (  # noqa: E402
    ROOT,
    cache,
    errors,
    file_events,
    generate,
    notebooks,
    placeholders,
    search_text,
    snippets,
    theme_patches,
    unused_css,
)
from sitebuild.mathcheck import fonts, page_math  # noqa: E402

log = logging.getLogger("mkdocs.hooks.sitebuild")
MODE = "SIGMOID_SITE_COMMAND"  # set once by on_startup; this module is reloaded per rebuild
build = {}  # what one build shares between pages


def serving():
    return os.environ.get(MODE) == "serve"


def is_notebook(page):
    return page.file.src_uri in build["notebooks"]


def source_of(page):
    """The page's file as errors name it: relative to the project."""
    source = (Path(build["docs_dir"]) / page.file.src_uri).resolve()
    return source.relative_to(ROOT).as_posix() if source.is_relative_to(ROOT) else page.file.src_uri


def report(error, page=None, inline=False):
    """An error in build mode stops the build; under serve it becomes a box in the page."""
    if page is not None:
        error.file = source_of(page)
        if error.line is not None:
            error.line += build["offsets"].get(page.file.src_uri, 0)
    errors.annotate(error)
    if not serving():
        raise PluginError(str(error))
    log.error(str(error))
    build["errors"] += 1
    return errors.box(error, inline=inline)


def on_startup(command, dirty):
    os.environ[MODE] = command


def on_serve(server, config, builder):
    """MkDocs polls the watched folders every half second; the kernel's file events (inotify) say at
    once that a file was saved. MkDocs has watched its folders by now, `watch` in mkdocs.yml comes next."""
    watched = []
    for path in filter(None, [config.docs_dir, config.config_file_path, *config.theme.dirs]):
        try:
            server.unwatch(path)
        except KeyError:  # not watched: the theme's folders are only with --watch-theme
            continue
        watched.append(path)
    server.observer = file_events.ChangesObserver()
    for path in watched:
        server.watch(path)
    # MkDocs waits for 0.1 s without a new event before it builds, made for its polling; the events
    # of one save come within a millisecond of each other.
    server.build_delay = file_events.SAVE_SETTLES
    return server


def on_config(config):
    # mkdocs-jupyter logs two lines per notebook and rebuild; the build's own summary says enough.
    logging.getLogger("mkdocs.plugins.mkdocs_jupyter").setLevel(logging.WARNING)
    logging.getLogger("mkdocs.mkdocs-jupyter").setLevel(logging.WARNING)
    build["jupyter"] = jupyter_plugin(config)
    mathcheck(config)


# mkdocs-jupyter renders the notebooks' pages, with the options in extra.notebooks of mkdocs.yml.
# This file loads it rather than the plugins list: its module imports jupytext and its converter
# (nbconvert) at the top, most of a second of every build, and they are needed only to render a
# notebook anew (its cache holds the pages) or to read a Markdown page as a notebook (there is none).
# Loaded from here, both are imported when first used (Deferred), and the plugin's events are
# passed on from this file's own, at the place the plugins list gave them.
class Deferred(types.ModuleType):
    """A module that is imported when one of its attributes is first read. (importlib's LazyLoader
    would import it at once: an `import` statement reads the module's __spec__.)"""

    def __getattr__(self, name):
        module = self.__dict__.get("_module")
        if module is None:
            del sys.modules[self.__name__]  # the real module takes its place
            module = self.__dict__["_module"] = importlib.import_module(self.__name__)
        return getattr(module, name)


def jupyter_plugin(config):
    options = (config.extra.get("notebooks") or {})
    if not options:
        return None
    for name in ("jupytext", "mkdocs_jupyter.convert"):
        if name not in sys.modules:
            sys.modules[name] = Deferred(name)
            package, _, module = name.rpartition(".")
            if package:
                setattr(importlib.import_module(package), module, sys.modules[name])
    from mkdocs_jupyter.plugin import Plugin

    plugin = Plugin()
    failed, _ = plugin.load_config(dict(options), config.config_file_path)
    if failed:
        raise PluginError(f"extra.notebooks (mkdocs-jupyter's options): {failed}")
    return plugin


def jupyter(event, *args):
    plugin = build.get("jupyter")
    return getattr(plugin, f"on_{event}")(*args) if plugin else None


def on_pre_build(config):
    jupyter("pre_build", config)
    try:
        katex = page_math.katex_version()
    except errors.BuildError as error:
        raise PluginError(str(error)) from None
    build.update(page_code=page_code_key(katex), offsets={}, errors=0, remade=[], site_error=None, notebooks={},
                 docs_dir=config.docs_dir, fonts=set(), characters=set(), light={}, swapped={}, searched={},
                 search=search_index(config))
    try:
        build["remade"] = generate.generate_all()
    except generate.GenerationError as error:
        if not (generate.MANIFEST.exists() and serving()):
            errors.annotate(error)
            raise PluginError(str(error)) from None
        build["site_error"] = report(error)  # serve on with the last good outputs, error on top


def page_code_key(katex):
    """The code that makes a checked page's search view and font list (this file and what it calls),
    with KaTeX's version (its stylesheet says what fonts a formula uses)."""
    here = Path(__file__)
    return cache.code_key(here, here.with_name("search_text.py"), here.parent / "mathcheck" / "fonts.py", extra=katex)


@event_priority(-100)  # after mkdocs-jupyter's on_files (called first here), which made the notebooks pages
def on_files(files, config):
    """Publish the generated figures, the notebooks' files and KaTeX's stylesheet and fonts; hand
    mkdocs-jupyter each notebook executed by the generate stage, as its page's source file."""
    files = jupyter("files", files, config) or files

    def add(src_dir, path, dest):
        files.append(File(path, src_dir=str(src_dir), dest_dir=config.site_dir,
                          use_directory_urls=config.use_directory_urls, dest_uri=dest))
    for path in generate.published_files():  # a notebook's files go beside its page
        add(generate.OUT, path, path.replace("notebook-files/", "notebooks/", 1))
    for source in notebooks.sources():
        page_file = files.get_file_from_path(f"notebooks/{source.name}")
        executed = notebooks.SHOWN / f"{source.stem}.ipynb"
        if page_file and executed.exists():
            # What File.generated does; mkdocs-jupyter's page file wraps a File, so set both.
            page_file.abs_src_path = str(executed)
            getattr(page_file, "file", page_file).abs_src_path = str(executed)
            build["notebooks"][page_file.src_uri] = source
    files.append(File.generated(config, search_text.WORKER_TABLE, content=search_text.worker_table()))
    return files


def on_env(env, config, files):
    env.bytecode_cache = cache.template_cache()  # the theme's templates compiled once, not on every build
    return env


def on_pre_page(page, config, files):
    return jupyter("pre_page", page, config, files) or page


def on_page_markdown(markdown, page, config, files):
    if is_notebook(page):
        return markdown  # the executed notebook; its page is made in on_page_content
    # Front matter is cut off before this event: count its lines so errors name source lines.
    build["offsets"][page.file.src_uri] = page_math.front_matter_lines(page.file.content_string, markdown)
    found = snippets.includes(markdown, config.mdx_configs.get("pymdownx.snippets", {}))
    lines = markdown.split("\n")
    for line, name, path in found:
        if path is None:
            error = errors.BuildError(f"the include {name!r} does not exist (looked in "
                                      f"{', '.join(config.mdx_configs['pymdownx.snippets']['base_path'])})",
                                      line=line)
            lines[line - 1] = report(error, page)
    markdown = "\n".join(lines)
    return placeholders.fill(markdown, generate.published_values(),
                             lambda error: report(error, page, inline=True))


@event_priority(50)  # before the math checker (the mathcheck plugin, mkdocs.yml) reads the page
def _notebook_page(html, page, config, files):
    """A notebook's page made from mkdocs-jupyter's HTML (slimmed, its table of contents and title),
    with its source's lines as the page's Markdown, so that the checker names a line of the .py file."""
    source = build["notebooks"].get(page.file.src_uri)
    if source is None:
        return html
    try:
        html, toc, title = notebooks.page_html(html, page.file.src_uri)
    except notebooks.NotebookError as error:
        return report(errors.BuildError(str(error).split(": ", 1)[-1]), page)
    page.markdown = notebooks.markdown_lines(source.read_text())
    page.toc = get_toc(toc)
    page.title = title or page.title
    page.meta.setdefault("search", {}).setdefault("boost", search_text.NOTEBOOK_BOOST)
    return html


@event_priority(-50)  # after the math checker has put in the formulas
def _checked_page(html, page, config, files):
    """The search index's view of the checked page (search_text.light) and the KaTeX fonts and
    characters it uses, kept in .cache/pages by the one cache rule: its HTML and this code."""
    key = cache.digest([], json.dumps([build["page_code"], html]))
    made = json.loads(cache.reuse("pages", key, lambda: json.dumps(
        {"light": search_text.light(html), "fonts": fonts.used(html),
         "characters": "".join(sorted(fonts.characters(html)))}, ensure_ascii=False)))
    page.meta["katex_fonts"] = made["fonts"]  # preloaded by overrides/main.html
    build["fonts"].update(made["fonts"])
    build["characters"].update(made["characters"])
    prefix = build["site_error"] or ""
    build["light"][page.file.src_uri] = (prefix + html, prefix + made["light"])
    return prefix + html


on_page_content = CombinedEvent(_notebook_page, _checked_page)


def _before_search(context, page, config, nav):
    """Material's search plugin reads the page's HTML next: hand it the light view, or, when its
    entries for this very view are kept (the one cache rule), nothing to read (see _after_search)."""
    full, light = build["light"].pop(page.file.src_uri, (None, None))
    if full is not None and page.content == full:
        page.content = light
        build["swapped"][page.file.src_uri] = full
    index = build["search"]
    if index is None:
        return
    # What Material's SearchIndex reads of a page: its HTML, address, title, sections and meta.
    key = cache.digest([], json.dumps([cache.tool_versions(), page.content, page.url, page.title, page.meta,
                                       [item.url for item in _toc_items(page.toc)]], default=str))
    kept = cache.kept("search", key)
    entries = None if kept is None else json.loads(kept)
    build["searched"][page.file.src_uri] = (key, len(index.entries), entries, page.meta.get("search"))
    if entries is not None:
        page.meta["search"] = {"exclude": True}  # the plugin skips the page; its kept entries go in after


def _after_search(context, page, config, nav):
    """The full page back for the theme (no other plugin handles this event), without what the
    search plugin took out of the light view: its data-search-* attributes that carry a value."""
    full = build["swapped"].pop(page.file.src_uri, None)
    if full is not None:
        page.content = SEARCH_ATTRIBUTES.sub("", full)
    searched = build["searched"].pop(page.file.src_uri, None)
    if searched is None:
        return
    key, before, entries, meta = searched
    index = build["search"]
    if entries is None:
        cache.reuse("search", key, lambda: json.dumps(index.entries[before:], ensure_ascii=False))
        return
    page.meta.pop("search")
    if meta is not None:
        page.meta["search"] = meta
    index.entries += entries


def search_index(config):
    """The search plugin's index of this build's pages (None without the plugin)."""
    plugin = next((p for name, p in config.plugins.items() if name.split("/")[-1] == "search"), None)
    return getattr(plugin, "search_index", None)


def _toc_items(toc):
    for item in toc:
        yield item
        yield from _toc_items(item.children)


SEARCH_ATTRIBUTES = re.compile(r"\s?data-search-\w+=\"[^\"]+\"")  # as Material's search plugin removes them
on_page_context = CombinedEvent(event_priority(100)(_before_search), event_priority(-100)(_after_search))


def on_post_page(output, page, config):
    jupyter("post_page", output, page, config)
    return output


def on_post_build(config):
    jupyter("post_build", config)
    try:
        for font in sorted(build["fonts"]):  # only the characters the pages hold
            fonts.subset(Path(config.site_dir) / "assets" / "katex" / "fonts" / font, build["characters"])
        theme_patches.patch_theme(config.theme.dirs, config.site_dir)
        # Last: it reads the pages and scripts as built. Not under serve: the preview looks the same
        # with the whole stylesheet, and a new cut (PurgeCSS) costs two seconds of an edit's rebuild.
        if not serving():
            unused_css.trim(config.theme.dirs, config.site_dir)
    except errors.BuildError as error:
        errors.annotate(error)
        raise PluginError(str(error)) from None
    remade = ", ".join(build["remade"]) or "nothing"
    problems = f"; {build['errors']} error(s) shown in the pages" if build["errors"] else ""
    log.info(f"regenerated: {remade}{problems}")  # the checker's line comes from its plugin


def mathcheck(config):
    """The math checker's plugin, which checks and renders the formulas: without it (or disabled) the
    build fails, so that this site never goes out unchecked."""
    plugin = config.plugins.get("mathcheck")
    if plugin is None or not plugin.config.enabled:
        raise PluginError("mkdocs.yml must list the mathcheck plugin, enabled: every formula of this site is checked")
