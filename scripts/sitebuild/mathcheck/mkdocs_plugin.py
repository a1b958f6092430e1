"""The checker as a MkDocs plugin: a thin adapter over page_math, for any MkDocs site.

    markdown_extensions:
      - pymdownx.arithmatex:
          generic: true
    plugins:
      - search
      - mathcheck:
          functions:                      # the site's own functions, as := definitions
            - \\varphi(x) := \\frac{1}{\\sqrt{2\\pi}}\\,e^{-x^{2}/2}
          explained_by: how-it-checks.md  # the page each check mark links to (optional)
          search_copies: true             # formulas indexed as plain text (optional)
          audit_record: audit.json        # a mutation audit's record the site shows (optional)

Each page's formulas are checked and rendered with KaTeX (its stylesheet and fonts are
published under assets/katex/). A wrong or unreadable formula is reported with its file and
line; `mkdocs build` reports every one of every page, then fails with their count. Under
`mkdocs serve` each shows as a box in its page and the preview keeps running. The same checks
run without MkDocs as a command (python -m sitebuild.mathcheck, command.py), so a site stays
checked whatever generator builds it. This site's own build uses the plugin too (mkdocs.yml);
its hooks prepare the notebooks' pages before it and index the checked pages after it.
"""

from pathlib import Path

from mkdocs.config import config_options as c
from mkdocs.config.base import Config
from mkdocs.exceptions import PluginError
from mkdocs.plugins import BasePlugin, get_plugin_logger
from mkdocs.structure.files import File

log = get_plugin_logger("mathcheck")


class MathCheckConfig(Config):
    enabled = c.Type(bool, default=True)
    """Check and render the formulas; false leaves the pages' TeX as it is (and says so)."""
    functions = c.ListOfItems(c.Type(str), default=[])
    """The site's own functions as := definitions (`s(x) := \\frac{1}{1+e^{-x}}`): every page may
    use them; any other name a formula uses must be defined on its page first."""
    inline_claims = c.Type(bool, default=True)
    """What is a claim: every display formula is one, and (true) so is an inline formula that states
    a relation (`$s(0) = 1/2$`); false leaves inline formulas to the author, read only when they
    define or declare something (`$t(x) := 2x$`, `$p \\in (0, 1)$`)."""
    explained_by = c.Optional(c.Type(str))
    """A page (its path under docs/) that says how the site checks itself: each check mark links there."""
    cache = c.Type(str, default=".cache/math.json")
    """Where checked formulas and KaTeX's output are kept between builds (relative to mkdocs.yml)."""
    search_copies = c.Type(bool, default=False)
    """Put a plain-text copy of each formula beside it for the search index (e⁻ˣ/(1 + e⁻ˣ)², as a
    reader types it) and leave KaTeX's markup out of the index (Material's search plugin)."""
    audit_record = c.Optional(c.Type(str))
    """The record of a mutation audit of the site's formulas (JSON, relative to mkdocs.yml), made
    with the checker's audit_key() as its "checker" (and the command that makes it as "command"):
    a site that shows how many planted wrong edits its checker caught names the record here, and
    the build fails while the record was made by another version of the checker (under serve,
    a warning)."""


def modules():
    """(page_math, errors) as they are now: `mkdocs serve` keeps this plugin for every rebuild, and a
    site's hooks may drop edited modules so that the next build imports them from disk."""
    from sitebuild import errors
    from sitebuild.mathcheck import page_math

    return page_math, errors


class MathCheckPlugin(BasePlugin[MathCheckConfig]):
    serving = False  # a build called without on_startup (mkdocs.commands.build.build) fails on an error

    def on_startup(self, command, dirty):
        self.serving = command == "serve"

    def on_config(self, config):
        if not self.config.enabled:
            log.warning("mathcheck is disabled: this site's formulas are not checked")
            return config
        arithmatex = config.mdx_configs.get("pymdownx.arithmatex") or {}
        if "pymdownx.arithmatex" not in config.markdown_extensions or not arithmatex.get("generic"):
            raise PluginError("mathcheck reads formulas as pymdownx.arithmatex leaves them: add it to "
                              "markdown_extensions with generic: true")
        if "assets/katex/katex.min.css" not in config.extra_css:
            config.extra_css.insert(0, "assets/katex/katex.min.css")
        return config

    def on_pre_build(self, config):
        if not self.config.enabled:
            return
        math, errors = modules()
        try:
            self.keys = (math.checker_key(), math.renderer_key(math.katex_version()))
        except errors.BuildError as error:
            raise PluginError(str(error)) from None
        self.cache_file, self.cache = Path(config.config_file_path).parent / self.config.cache, None
        self.found, self.unchecked, self.offsets, self.stats = [], [], {}, {}
        if self.config.audit_record:
            problem = math.stale_audit(Path(config.config_file_path).parent / self.config.audit_record,
                                       self.config.audit_record)
            if problem and self.serving:
                log.warning(problem)
            elif problem:
                raise PluginError(problem)
        self.place = math.place
        if self.config.search_copies:
            self.place = self.search_copies()

    def search_copies(self):
        """place() with the formula's plain-text copy for the search index, kept in the cache with
        the formulas (a copy is read out of KaTeX's MathML by an HTML parser: most of a no-change build)."""
        from sitebuild import cache, search_text

        version = cache.code_key(search_text.__file__)

        def place(math_html, display):
            text = self.cache.get("search copy", version, math_html)
            if text is None:
                text = search_text.plain(math_html)
                self.cache.put(text, "search copy", version, math_html)
            return search_text.place(math_html, display, text)

        return place

    def on_files(self, files, config):
        if self.config.enabled:
            for folder, name, dest in modules()[0].katex_assets():
                files.append(File(name, src_dir=str(folder), dest_dir=config.site_dir,
                                  use_directory_urls=config.use_directory_urls, dest_uri=dest))
        return files

    def on_page_markdown(self, markdown, page, config, files):
        # Front matter is cut off before this event: count its lines so errors name source lines.
        self.offsets[page.file.src_uri] = modules()[0].front_matter_lines(page.file.content_string, markdown)
        return markdown

    def on_page_content(self, html, page, config, files):
        if not self.config.enabled:
            return html
        explained = files.get_file_from_path(self.config.explained_by) if self.config.explained_by else None
        source = f"{Path(config.docs_dir).name}/{page.file.src_uri}"
        math, errors = modules()

        def line(at):
            return at + self.offsets.get(page.file.src_uri, 0) if at is not None else None

        def on_error(error):
            error.file, error.line = source, line(error.line)
            errors.annotate(error)
            log.error(str(error))
            self.found.append(error)
            return errors.box(error)  # serve shows it in place; a build fails at the end

        def on_unchecked(at, reason):
            self.unchecked.append(f"{source}:{line(at)}" if at is not None else source)

        try:
            if self.cache is None:  # read when the first page comes: what the build made before it is in
                self.cache = math.Cache(self.cache_file)
            return math.process(html, page.markdown, self.keys, self.cache, on_error, self.stats, self.place,
                                explained.url_relative_to(page.file) if explained else None, on_unchecked,
                                tuple(self.config.functions), self.config.inline_claims)
        except errors.BuildError as error:  # KaTeX could not render a formula of the page
            return on_error(error) + html

    def on_build_error(self, error):
        if getattr(self, "cache", None) is not None:
            self.cache.save()  # what was checked before the error is not checked again

    def on_post_build(self, config):
        if not self.config.enabled:
            return
        if self.cache is not None:
            self.cache.save()  # once a build: each save writes every formula the site has
        if self.found and not self.serving:
            raise PluginError(f"{len(self.found)} formula(s) cannot be checked or do not hold (listed above)")
        unchecked = f"{len(self.unchecked)} formulas not machine-checked" + (
            f" ({', '.join(self.unchecked)})" if self.unchecked else "")
        log.info(f"formulas checked anew: {self.stats.get('checked', 0)}; {unchecked}; {len(self.found)} error(s)")
