// A plain static host for the journeys of prerender's output (prerendered.spec.mjs): files from
// a folder as most static hosts and CDNs serve them (`/x/` and `/x` from `x/index.html`, anything
// else missing answers 404 with `404.html`), and `/api/` passed to the reference server, as a
// proxy in front of both would. No filling in, no rewriting: what prerender wrote is what goes.
// usage: node tests/e2e/static-host.mjs DIR PORT API_PORT
import http from "node:http";
import { readFile, stat } from "node:fs/promises";
import { extname, join, normalize } from "node:path";

const [dir, port, apiPort] = process.argv.slice(2);
const TYPES = {
  ".html": "text/html; charset=utf-8",
  ".js": "text/javascript; charset=utf-8",
  ".mjs": "text/javascript; charset=utf-8",
  ".wasm": "application/wasm",
  ".css": "text/css; charset=utf-8",
  ".json": "application/json; charset=utf-8",
  ".svg": "image/svg+xml",
  ".xml": "application/xml; charset=utf-8",
  ".txt": "text/plain; charset=utf-8",
};

const isFile = (path) => stat(path).then((s) => s.isFile(), () => false);

async function file(pathname) {
  // Decoded and normalized under DIR: `..` cannot leave it.
  let path;
  try {
    path = normalize(join(dir, decodeURIComponent(pathname)));
  } catch {
    return null;
  }
  if (!path.startsWith(normalize(dir))) return null;
  for (const candidate of pathname.endsWith("/") ? [join(path, "index.html")] : [path, join(path, "index.html")]) {
    if (await isFile(candidate)) return candidate;
  }
  return null;
}

http
  .createServer(async (request, response) => {
    const url = new URL(request.url, "http://host");
    if (url.pathname.startsWith("/api/")) {
      const upstream = http.request(
        { host: "127.0.0.1", port: apiPort, path: request.url, method: request.method, headers: request.headers },
        (answer) => {
          response.writeHead(answer.statusCode ?? 502, answer.headers);
          answer.pipe(response);
        },
      );
      upstream.on("error", () => response.writeHead(502).end());
      request.pipe(upstream);
      return;
    }
    const found = await file(url.pathname);
    const path = found ?? join(dir, "404.html");
    response.writeHead(found ? 200 : 404, { "Content-Type": TYPES[extname(path)] ?? "application/octet-stream" });
    response.end(await readFile(path));
  })
  .listen(Number(port), "127.0.0.1");
