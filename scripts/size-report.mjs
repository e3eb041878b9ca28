// Prints the first-load bytes of a built dist/: raw, gzip and brotli for the wasm, JS and CSS.
// Usage: node scripts/size-report.mjs [dist]
import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { compressedSizes } from "./bench-lib/first-load.mjs";

const dist = process.argv[2] ?? "dist";
const kinds = { wasm: /\.wasm$/, js: /\.js$/, css: /\.css$/ };
// The first load is what index.html links (app module, wasm, stylesheets), not every file in
// dist/ (embed.js, the demo host page's CSS, frame-host.js are for other pages).
let linked = null;
try {
  const html = readFileSync(join(dist, "index.html"), "utf8");
  linked = new Set([...html.matchAll(/href="([^"]+)"/g)].map((m) => m[1].split("/").pop()));
} catch {}
const files = readdirSync(dist).filter(
  (f) => Object.values(kinds).some((re) => re.test(f)) && (linked === null || linked.has(f)),
);
const totals = { raw: 0, gzip: 0, brotli: 0 };
const kb = (n) => (n / 1024).toFixed(1).padStart(7) + " KB";
console.log(`${"file".padEnd(44)} ${"raw".padStart(10)} ${"gzip".padStart(10)} ${"brotli".padStart(10)}`);
for (const [kind, re] of Object.entries(kinds)) {
  for (const file of files.filter((f) => re.test(f)).sort()) {
    const bytes = readFileSync(join(dist, file));
    const sizes = compressedSizes(bytes);
    for (const k of Object.keys(totals)) totals[k] += sizes[k];
    console.log(`${`${kind}: ${file}`.padEnd(44)} ${kb(sizes.raw)} ${kb(sizes.gzip)} ${kb(sizes.brotli)}`);
  }
}
console.log(`${"first load (wasm + js + css)".padEnd(44)} ${kb(totals.raw)} ${kb(totals.gzip)} ${kb(totals.brotli)}`);
