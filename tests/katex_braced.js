// KaTeX's own reading of a formula, written back as TeX with every grouping KaTeX decided made
// explicit: each argument of \frac, \dfrac, \tfrac, \binom and \sqrt (and \sqrt's index), each
// superscript and subscript, each \operatorname, \mathrm, \text... argument in braces. The
// rest (symbols, relations, \left...\right, aligned rows and cells, spacing) is written back as
// KaTeX parsed it. tests/test_mathcheck_katex.py reads both the formula and this with the reader.
//
// stdin: one JSON string (a formula's TeX) a line; argv[2]: the project root (for its KaTeX).
// stdout: one JSON object a line: {"tex": braced TeX, "unhandled": [node types]} or {"error": msg}.
// A node this script does not know is written as \KaTeXUnhandled{type} and listed in "unhandled":
// never dropped in silence.
const katex = require(require("path").join(process.argv[2], "node_modules", "katex"));

const DELIMITER_SIZES = ["\\big", "\\Big", "\\bigg", "\\Bigg"];
const DELIMITER_CLASS = { mopen: "l", mclose: "r", mrel: "m", mord: "" };
const TEXT_SIZES = ["\\tiny", "\\sixptsize", "\\scriptsize", "\\footnotesize", "\\small", "\\normalsize",
  "\\large", "\\Large", "\\LARGE", "\\huge", "\\Huge"];
const STYLES = { display: "\\displaystyle", text: "\\textstyle", script: "\\scriptstyle",
  scriptscript: "\\scriptscriptstyle" };
// The spaces KaTeX expands \, \: \; \! (and \thinspace, \medspace...), \quad and \qquad into.
const KERNS = { "3mu": "\\,", "4mu": "\\:", "5mu": "\\;", "-3mu": "\\!", "-4mu": "\\negmedspace",
  "-5mu": "\\negthickspace", "1em": "\\quad", "2em": "\\qquad" };
// Macros KaTeX expands into an html/MathML pair, known by the MathML character they stand for.
const MATHML_SYMBOLS = { "≔": "\\coloneqq", "≕": "\\eqqcolon", "≠": "\\neq" };
const CLASSES = { mord: "\\mathord", mbin: "\\mathbin", mrel: "\\mathrel", mopen: "\\mathopen",
  mclose: "\\mathclose", mpunct: "\\mathpunct", minner: "\\mathinner" };

let unhandled;

// Concatenate pieces of TeX; a space only where a control word would run into a letter.
function join(parts) {
  let out = "";
  for (const part of parts) {
    if (/\\[a-zA-Z]+$/.test(out) && /^[a-zA-Z]/.test(part)) out += " ";
    out += part;
  }
  return out;
}

function list(nodes, mode) {
  return join((nodes || []).map((node) => tex(node, mode)));
}

// An argument: always in braces (an ordgroup's braces are the argument's own, not doubled).
function arg(node, mode) {
  if (!node) return "{}";
  return "{" + (node.type === "ordgroup" ? list(node.body, mode) : tex(node, mode)) + "}";
}

function marker(type) {
  unhandled.push(type);
  return `\\KaTeXUnhandled{${type}}`;
}

function mathml(node) {
  const chars = [];
  const walk = (n) => {
    if (Array.isArray(n)) n.forEach(walk);
    else if (n && typeof n === "object") {
      if (n.type === "textord" || n.type === "mathord") chars.push(n.text);
      if (n.body) walk(n.body);
    }
  };
  walk(node.mathml);
  return MATHML_SYMBOLS[chars.join("")];
}

function supsub(node, mode) {
  let out = node.base ? tex(node.base, mode) : "";
  let sup = node.sup;
  if (sup && sup.type === "ordgroup" && sup.body[0] && sup.body[0].text === "\\prime") {
    // x' is KaTeX's superscript of primes (x'^2: primes, then the rest of the superscript)
    let primes = 0;
    while (sup.body[primes] && sup.body[primes].type === "textord" && sup.body[primes].text === "\\prime") primes++;
    out += "'".repeat(primes);
    sup = primes < sup.body.length ? { type: "ordgroup", body: sup.body.slice(primes) } : null;
  }
  if (node.sub) out += "_" + arg(node.sub, mode);
  if (sup) out += "^" + arg(sup, mode);
  return out;
}

function genfrac(node, mode) {
  const size = { auto: "", display: "d", text: "t" }[node.size];
  let name;
  if (node.hasBarLine && !node.leftDelim && !node.rightDelim) name = node.continued ? "\\cfrac" : `\\${size}frac`;
  else if (!node.hasBarLine && node.leftDelim === "(" && node.rightDelim === ")") name = `\\${size}binom`;
  else return marker("genfrac");
  return name + arg(node.numer, mode) + arg(node.denom, mode);
}

// The cells of aligned, gathered and cases: KaTeX wraps each in a style and a group the author
// did not write, and in aligned starts every second cell with {} (as amsmath does, so that
// &= spaces = as a relation); the cells are joined with & and the rows with \\ as written.
function cells(array, mode) {
  if ((array.hLinesBeforeRow || []).some((lines) => lines.length) || (array.rowGaps || []).some(Boolean)) {
    return marker("array with rules or row gaps");
  }
  const cell = (c, column) => {
    if (c.type === "styling" && c.body.length === 1) c = c.body[0];
    if (c.type !== "ordgroup") return tex(c, mode);
    const first = c.body[0];
    const added = array.colSeparationType === "align" && column % 2 === 1 && first && first.type === "ordgroup" &&
      first.body.length === 0;
    return list(added ? c.body.slice(1) : c.body, mode);
  };
  return array.body.map((row) => row.map(cell).join("&")).join("\\\\\n");
}

function array(node, mode) {
  const env = { align: "aligned", gather: "gathered" }[node.colSeparationType];
  if (!env) return marker("array");
  return `\\begin{${env}}\n${cells(node, mode)}\n\\end{${env}}`;
}

function leftright(node, mode) {
  const only = node.body.length === 1 ? node.body[0] : null;
  if (node.left === "\\{" && node.right === "." && only && only.type === "array" && !only.colSeparationType &&
      only.arraystretch === 1.2 && only.cols.length === 2 && only.cols.every((c) => c.align === "l")) {
    return `\\begin{cases}\n${cells(only, mode)}\n\\end{cases}`;
  }
  return join(["\\left" + node.left, list(node.body, mode), "\\right" + node.right]);
}

function tex(node, mode) {
  switch (node.type) {
    case "mathord":
    case "textord":
    case "atom":
      return node.text;
    case "spacing":
      return node.text;
    case "ordgroup":
      return "{" + list(node.body, mode) + "}";
    case "supsub":
      return supsub(node, mode);
    case "genfrac":
      return genfrac(node, mode);
    case "sqrt":
      return "\\sqrt" + (node.index ? "[" + arg(node.index, mode) + "]" : "") + arg(node.body, mode);
    case "op": {
      const limits = node.alwaysHandleSupSub ? (node.limits ? "\\limits" : "\\nolimits") : "";
      if (node.name) return join([node.name, limits]);
      return join(["\\mathop" + arg({ type: "ordgroup", body: node.body }, mode), limits]);
    }
    case "operatorname":
      return (node.alwaysHandleSupSub ? "\\operatorname*" : "\\operatorname") +
        arg({ type: "ordgroup", body: node.body }, mode);
    case "font":
      return "\\" + node.font + arg(node.body, mode);
    case "text":
      return node.font + "{" + list(node.body, "text") + "}";
    case "styling":
      if (node.mode === "text") return "$" + list(node.body, "math") + "$"; // math inside \text{...}
      return join([STYLES[node.style], list(node.body, mode)]);
    case "sizing":
      return join([TEXT_SIZES[node.size - 1], list(node.body, mode)]);
    case "kern": {
      const { number, unit } = node.dimension;
      return KERNS[number + unit] || `\\kern${number}${unit}`;
    }
    case "leftright":
      return leftright(node, mode);
    case "middle":
      return "\\middle" + node.delim;
    case "delimsizing":
      return DELIMITER_SIZES[node.size - 1] + DELIMITER_CLASS[node.mclass] + node.delim;
    case "array":
      return array(node, mode);
    case "accent":
    case "horizBrace":
      return node.label + arg(node.base, mode);
    case "color":
      return `\\textcolor{${node.color}}` + arg({ type: "ordgroup", body: node.body }, mode);
    case "mclass":
      if (node.body.length === 1 && node.body[0].type === "font" && node.body[0].font === "boldsymbol") {
        return tex(node.body[0], mode); // \boldsymbol{x} is a bold x of x's own class
      }
      return CLASSES[node.mclass] + arg({ type: "ordgroup", body: node.body }, mode);
    case "htmlmathml":
      return mathml(node) || marker("htmlmathml");
    default:
      return marker(node.type);
  }
}

const lines = require("fs").readFileSync(0, "utf8").split("\n").filter(Boolean);
for (const line of lines) {
  unhandled = [];
  let result;
  try {
    result = { tex: list(katex.__parse(JSON.parse(line), {}), "math"), unhandled };
  } catch (err) {
    result = { error: err.message };
  }
  process.stdout.write(JSON.stringify(result) + "\n");
}
