"""The built site's pages, as the tests name them (the browser tests' parameters, screenshots and
the scheduler's groups in tests/conftest.py)."""

from pathlib import Path

SITE = Path(__file__).resolve().parents[1] / "site"


def site_pages():
    """Every page of the built site as a path below the site root ("" is the home page), found
    from the files so that a new page is tested without touching the tests."""
    folders = (p.parent.relative_to(SITE).as_posix() for p in SITE.rglob("index.html"))
    return sorted("" if folder == "." else folder + "/" for folder in folders)  # 404.html is not one


def with_class(soup, name):
    """Every element of `soup` with the class `name`, in document order: soup.find_all(class_=name),
    five times faster over KaTeX's thousands of spans (bs4's class filter costs more per element
    than this one membership test)."""
    return [tag for tag in soup.find_all(True) if name in tag.get("class", ())]


def numbers_in(soup):
    """Every number a built page publishes: {{ name }} in its source, written as
    <span class="value" data-value="name">."""
    return [span for span in with_class(soup, "value") if span.name == "span" and span.has_attr("data-value")]


def published_numbers(pages):
    """(page, span) for every number the built site publishes, from the pages fixture's soups."""
    return [(path, span) for path, soup in pages.items() for span in numbers_in(soup)]


def page_id(path):
    """A page's name for test ids and screenshot files: "derivative/" -> "derivative"."""
    return path.strip("/").replace("/", "-") or "home"


def math_page():
    """A page of the math checker that knows this site's own functions (mkdocs.yml, the mathcheck
    plugin's functions), as every page of the site starts."""
    from sitebuild.config import math_vocabulary
    from sitebuild.mathcheck import reader  # SymPy loads only when asked for
    return reader.site_page(math_vocabulary())
