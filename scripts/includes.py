"""Find snippet includes (pymdownx.snippets `--8<-- "name"`) that point nowhere, before the
Markdown is converted, so the error names the page and line instead of a traceback."""

import re
from pathlib import Path

INCLUDE = re.compile(r'^\s*-{1,}8<-{1,}\s+"([^"]+)"\s*$', re.M)


class MissingInclude(Exception):
    pass


def check(markdown, page, base_paths, root):
    for m in INCLUDE.finditer(markdown):
        name = m.group(1).split(":")[0]  # "file.py:section" names a section of file.py
        if not any((Path(root) / base / name).is_file() for base in base_paths):
            line = markdown.count("\n", 0, m.start()) + 1
            raise MissingInclude(f"{page}:{line}: the include {name!r} does not exist "
                                 f"(looked in {', '.join(base_paths)})")
