"""Build errors with their place (file and line), shown three ways: a plain message in the
terminal, a GitHub Actions annotation on the changed line, and, under `mkdocs serve`, a box in
the page where the faulty item stands (so the preview keeps working while the author fixes it)."""

import html
import os


class BuildError(Exception):
    """What is wrong, and where: `file` relative to the project, `line` from 1 (or None)."""

    def __init__(self, message, file=None, line=None):
        super().__init__(message)
        self.message, self.file, self.line = message, file, line

    def __str__(self):
        place = f"{self.file}:{self.line}" if self.file and self.line else self.file
        return f"{place}: {self.message}" if place else self.message


def annotate(error):
    """Print the error as a workflow annotation when running in GitHub Actions."""
    if os.environ.get("GITHUB_ACTIONS") != "true":
        return
    message = error.message.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")
    place = f" file={error.file}" + (f",line={error.line}" if error.line else "") if error.file else ""
    print(f"::error{place}::{message}", flush=True)


def box(error, inline=False):
    """The error as the preview shows it in place: a styled, announced box."""
    tag = "span" if inline else "div"
    return (f'<{tag} class="build-error" role="alert"><strong>Build error</strong> '
            f'<code>{html.escape(str(error).splitlines()[0])}</code>'
            + ("" if inline else f'<pre>{html.escape(chr(10).join(str(error).splitlines()[1:]))}</pre>')
            + f"</{tag}>")
