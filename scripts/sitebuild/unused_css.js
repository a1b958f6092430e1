// Cut Material's stylesheet down to the rules the built site can use. PurgeCSS keeps a rule when
// the names in its selector occur in the site's HTML or JavaScript: Material's bundle builds the
// search results, tooltips and code buttons at run time, so the names in its code count too.
// The pages are read as HTML (parse5), so that attribute values count whole (the figures'
// `img[src$="#only-dark"]` rules stay, which a split into words loses), and as words too, as
// scripts are, for the names that the pages' inline scripts use.
// A name the bundle puts together at run time (`tabbed-control--${e}`) occurs nowhere whole, so
// every class that starts with such a prefix is kept.
// Custom properties that no kept rule reads are cut too, but never one that the site names outside
// this stylesheet: the other stylesheets read them, and the bundle reads some in code.
// argv: SITE_DIR SOURCE_CSS TARGET_CSS (written)
const fs = require("node:fs");
const path = require("node:path");
const { PurgeCSS } = require("purgecss");
const fromHtml = require("purgecss-from-html");

const [site, source, target] = process.argv.slice(2);
const files = fs.readdirSync(site, { recursive: true }).map((name) => path.join(site, name));
const content = (ending) => files.filter((file) => file.endsWith(ending));
const words = (text) => text.match(/[\w-]+/g) || []; // PurgeCSS's default extractor
const escape = (text) => text.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
const unique = (items) => [...new Set(items)].sort();

// Every text the stylesheet could be named in, read once (PurgeCSS reads the pages itself).
const texts = new Map([".html", ".js", ".css", ".svg"].flatMap(content)
  .filter((file) => path.basename(file) !== path.basename(source))
  .map((file) => [file, fs.readFileSync(file, "utf8")]));
const scripts = [...texts].filter(([file]) => file.endsWith(".js"));
const prefixes = unique(scripts.flatMap(([, code]) => [...code.matchAll(/([A-Za-z][\w-]*)\$\{/g)].map((m) => m[1])));
const properties = unique([...texts.values()].flatMap((text) => text.match(/--[A-Za-z][\w-]*/g) || []));

new PurgeCSS()
  .purge({
    content: [...content(".html"), ...scripts.map(([, raw]) => ({ raw, extension: "js" }))],
    css: [source],
    extractors: [{ extractor: (html) => ({ ...fromHtml(html), undetermined: words(html) }), extensions: ["html"] }],
    safelist: { standard: prefixes.map((prefix) => new RegExp("^" + escape(prefix))), variables: properties },
    keyframes: true, // and the @keyframes that no kept rule names
    variables: true,
  })
  .then(([result]) => fs.writeFileSync(target, result.css))
  .catch((error) => {
    // The reason and where (PostCSS: "file:line:column: Unclosed block"), not node's stack.
    process.stderr.write(error instanceof Error ? error.message : String(error));
    process.exit(1);
  });
