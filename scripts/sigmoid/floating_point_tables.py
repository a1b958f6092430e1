"""Tables for the floating-point page, as Markdown, from the measurements in floating_point."""

import math

import numpy as np

from sigmoid import floating_point

DTYPE_NAMES = ("float32", "float64")


def _x(value):
    """A threshold exactly: the shortest decimal that reads back as the same float."""
    return repr(float(value)) if value.dtype == np.float64 else np.format_float_positional(value, unique=True)


def _ulps(value):
    if math.isinf(value):
        return "NaN or ±∞"
    if value < 1000:
        return f"{value:g}"
    mantissa, exponent = f"{value:.1e}".split("e")
    return f"{mantissa}&thinsp;×&thinsp;10<sup>{int(exponent)}</sup>"


def thresholds_table():
    rows = {}
    for r in floating_point.thresholds():
        key = (r["form"], r["what"], r["sign"], r["event"])
        rows.setdefault(key, {})[r["dtype"]] = r
    lines = ["| form | what happens | float32: from x = | float64: from x = |", "|---|---|---|---|"]
    for (form, what, sign, event), by_dtype in rows.items():
        cells = []
        for dtype in DTYPE_NAMES:
            r = by_dtype[dtype]
            cells.append(f'<span class="threshold" data-form="{form}" data-what="{what}" '
                         f'data-sign="{sign}" data-dtype="{dtype}">{_x(r["x"])}</span>')
        both_sides = " (and −x)" if form in ("symmetric", "abs", "sech", "recommended") else ""
        event = event.replace("|", "\\|")  # a bare | would end the table cell
        lines.append(f"| {form} | {event}{both_sides} | {cells[0]} | {cells[1]} |")
    return "\n".join(lines) + "\n"


def ulp_table():
    """Largest error in ULPs of each form (rows) per dtype and range (columns)."""
    rows = {}
    for r in floating_point.max_ulp_table() + floating_point.comparison_rows():
        rows.setdefault((r["target"], r["label"]), {})[r["dtype"]] = r
    near = f"\\|x\\| ≤ {floating_point.WINDOW:g}"
    lines = [f"| computes | form | float32, {near} | float32, all x | float64, {near} | float64, all x |",
             "|---|---|---|---|---|---|"]
    for (target, label), by_dtype in rows.items():
        cells = []
        for dtype in DTYPE_NAMES:
            r = by_dtype[dtype]
            cells += [_ulps(r["max_ulp_30"]), _ulps(r["max_ulp_full"])]
        name = "s′(x)" if target == "ds" else "s(x)"
        lines.append(f"| {name} | {label} | " + " | ".join(cells) + " |")
    return "\n".join(lines) + "\n"


TABLES = {"fp-thresholds": thresholds_table, "fp-ulp-errors": ulp_table}
