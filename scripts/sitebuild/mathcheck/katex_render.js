// Render a batch of formulas with KaTeX at build time, so pages ship HTML, not TeX, and
// measure how wide each one is (narrow.py lays out the phone variant with these widths).
// stdin: JSON [{"tex": "...", "display": true}, ...]
// stdout: JSON [{"html": "...", "width": ems} | {"error": "..."}]
// With --lines: one such batch per line, answered line by line, until stdin closes.
const katex = require("katex");

// htmlAndMathml: the hidden MathML copy is what screen readers read.
const OPTIONS = { throwOnError: true, output: "htmlAndMathml", strict: "error" };
const SIZES = [0.5, 0.6, 0.7, 0.8, 0.9, 1, 1.2, 1.44, 1.728, 2.074, 2.488]; // KaTeX's size1..size11
const ems = (value) => (typeof value === "string" && value.endsWith("em") ? parseFloat(value) : 0);

// KaTeX lays out heights itself and leaves widths to the browser: add up the widths its font
// metrics give each character, the spaces and kerns it sets, and the widest of the rows it
// stacks (fractions, scripts, table cells). Within a few per cent of Chromium's widths.
function width(node) {
  const classes = node.classes || [];
  const style = node.style || {};
  const own = ems(style.marginLeft) + ems(style.marginRight) + ems(style.paddingLeft) +
    ems(style.paddingRight) + (classes.includes("nulldelimiter") ? 0.12 : 0);
  if (node.text !== undefined) return own + symbolWidth(node);
  const parts = (node.children || []).map(width);
  let inner = classes.includes("vlist") ? Math.max(0, ...parts) : parts.reduce((a, b) => a + b, 0);
  inner = Math.max(inner, ems(style.width), ems(style.minWidth));
  const reset = classes.find((c) => c.startsWith("reset-size"));
  const size = classes.find((c) => /^size\d+$/.test(c));
  if (reset && size) inner *= SIZES[Number(size.slice(4)) - 1] / SIZES[Number(reset.slice(10)) - 1];
  return own + inner;
}

// KaTeX joins neighbouring characters of one font into one node that keeps only the last
// character's width: measure each character alone, in the same font.
const single = new Map();
function charWidth(char, italic) {
  const key = (italic ? "i" : "r") + char;
  if (!single.has(key)) {
    let found = 0.5;
    if (!/[\\{}$&#^_%~]/.test(char)) {
      const first = (n) => (n.text !== undefined ? n : (n.children || []).map(first).find(Boolean));
      const node = first(katex.__renderToHTMLTree(italic ? char : `\\text{${char}}`, { strict: "ignore" }));
      if (node && node.text === char) found = node.width;
    }
    single.set(key, found);
  }
  return single.get(key);
}
function symbolWidth(node) {
  const chars = [...node.text];
  if (chars.length < 2) return node.width || 0;
  const italic = (node.classes || []).includes("mathnormal");
  return chars.reduce((sum, c) => sum + charWidth(c, italic), 0);
}

function render(batch) {
  return batch.map(({ tex, display }) => {
    try {
      const options = { ...OPTIONS, displayMode: display };
      return { html: katex.renderToString(tex, options), width: width(katex.__renderToHTMLTree(tex, options)) };
    } catch (err) {
      return { error: err.message };
    }
  });
}

if (process.argv.includes("--lines")) {
  // A worker for a long build process (page_math.katex): one batch per line in, one per line out,
  // until stdin closes, so Node and KaTeX start once, not twice per page with a new formula.
  const lines = require("readline").createInterface({ input: process.stdin });
  lines.on("line", (line) => process.stdout.write(JSON.stringify(render(JSON.parse(line))) + "\n"));
} else {
  let input = "";
  process.stdin.setEncoding("utf8");
  process.stdin.on("data", (chunk) => { input += chunk; });
  process.stdin.on("end", () => process.stdout.write(JSON.stringify(render(JSON.parse(input)))));
}
