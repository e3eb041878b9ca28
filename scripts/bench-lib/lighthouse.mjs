// Lighthouse 12 (mobile, default config: simulated throttling) on one URL, through npx so that
// `npm ci` stays light: the first run downloads it into npm's cache.
import { spawn } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { CHROMIUM_FLAGS, CHROMIUM_PATH } from "./chromium.mjs";

const LIGHTHOUSE = "lighthouse@12.2.3";
const TIMEOUT = 5 * 60_000;
export const CATEGORIES = ["performance", "accessibility", "best-practices", "seo"];

/** Runs Lighthouse on `url`: { scores (0-100), lcp, tbt (ms), cls }, or throws with the reason. */
export async function lighthouse(url) {
  const work = mkdtempSync(join(tmpdir(), "news-bench-lh-"));
  const report = join(work, "report.json");
  try {
    const args = [
      "-y", LIGHTHOUSE, url,
      `--chrome-path=${CHROMIUM_PATH}`,
      `--chrome-flags=${CHROMIUM_FLAGS.join(" ")}`,
      "--output=json", `--output-path=${report}`, "--quiet",
    ];
    const { code, output } = await run("npx", args);
    if (code !== 0) throw new Error(`lighthouse exited with ${code}: ${output.trim().split("\n").slice(-5).join(" | ")}`);
    const lhr = JSON.parse(readFileSync(report, "utf8"));
    if (lhr.runtimeError) throw new Error(`lighthouse: ${lhr.runtimeError.code}: ${lhr.runtimeError.message}`);
    const scores = Object.fromEntries(
      CATEGORIES.map((c) => [c, lhr.categories[c]?.score == null ? NaN : Math.round(lhr.categories[c].score * 100)]),
    );
    const audit = (id) => lhr.audits[id]?.numericValue ?? NaN;
    // Failed audits with weight, so a score under budget says why without opening the report.
    const failing = CATEGORIES.flatMap((c) =>
      (lhr.categories[c]?.auditRefs ?? [])
        .filter((ref) => ref.weight > 0 && lhr.audits[ref.id]?.score !== null && lhr.audits[ref.id]?.score < 0.9)
        .map((ref) => `${c}: ${ref.id}`),
    );
    return {
      version: lhr.lighthouseVersion,
      scores,
      lcp: audit("largest-contentful-paint"),
      tbt: audit("total-blocking-time"),
      cls: audit("cumulative-layout-shift"),
      failing,
      warnings: lhr.runWarnings ?? [],
    };
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
}

function run(command, args) {
  return new Promise((resolve, reject) => {
    // Its own process group: on a timeout, npx, Lighthouse and the Chromium it started all stop.
    const child = spawn(command, args, { stdio: ["ignore", "pipe", "pipe"], detached: true });
    let output = "";
    child.stdout.on("data", (d) => (output += d));
    child.stderr.on("data", (d) => (output += d));
    const timer = setTimeout(() => {
      process.kill(-child.pid, "SIGTERM");
      reject(new Error(`lighthouse took over ${TIMEOUT / 60_000} minutes`));
    }, TIMEOUT);
    child.on("error", (e) => {
      clearTimeout(timer);
      reject(e);
    });
    child.on("exit", (code) => {
      clearTimeout(timer);
      resolve({ code, output });
    });
  });
}
