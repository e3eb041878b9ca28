// The reference server for a benchmark: on loopback, a free port, a fresh comment database in a
// temporary directory (seeded with the demo comments) and no rate limit, serving a built app;
// ready once it has also written its compressed copies of the build.
import { spawn } from "node:child_process";
import { existsSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";

/** Starts `bin --dist dist` (and `flags`); resolves to { origin, stop } once it is listening. */
export async function startServer({ bin, dist, flags = [] }) {
  for (const [what, path] of [["app build", join(dist, "index.html")], ["server", bin]]) {
    if (!existsSync(path)) throw new Error(`no ${what} at ${path}`);
  }
  const work = mkdtempSync(join(tmpdir(), "news-bench-"));
  // Port 0: the server picks a free port and prints it, so a stray server never gets measured.
  const server = spawn(
    bin,
    ["--host", "127.0.0.1", "--port", "0", "--dist", dist, "--db", join(work, "comments.db"), "--rate-limit", "0", ...flags],
    { stdio: ["ignore", "pipe", "pipe"] },
  );
  let log = "";
  server.stdout.on("data", (d) => (log += d));
  server.stderr.on("data", (d) => (log += d));
  const stop = () => {
    if (server.exitCode === null && server.signalCode === null) server.kill("SIGTERM");
    rmSync(work, { recursive: true, force: true });
  };
  process.on("exit", stop);
  // The server's pipes would keep Node alive after the report.
  server.stdout.unref?.();
  server.stderr.unref?.();
  server.unref();
  const origin = await new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`server did not start:\n${log}`)), 15_000);
    server.stdout.on("data", () => {
      const match = log.match(/listening on (http:\/\/\S+)/);
      if (match) {
        clearTimeout(timer);
        resolve(match[1]);
      }
    });
    server.on("exit", (code) => {
      clearTimeout(timer);
      reject(new Error(`server exited (${code}):\n${log}`));
    });
  });
  // The server writes .br/.gz copies of the build in the background after it starts: wait for
  // them, so that work does not run beside the measurements (the copy of dist/ is fresh).
  const until = Date.now() + 120_000;
  while (!/precompressed \d+ files|not precompressed/.test(log)) {
    if (Date.now() > until) throw new Error(`server did not finish precompressing:\n${log}`);
    await new Promise((r) => setTimeout(r, 200));
  }
  return { origin, stop };
}
