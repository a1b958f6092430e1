"""Tools for contributors and tests: machine setup (Chromium, Octave) and a static server."""
