// Journeys against the release build (dist/, and target/dist-news/ built for /news/) served by
// the reference server with its demo content. scripts/test builds both first.
// NEWS_DIST / NEWS_DIST_SUBPATH point at other builds (e.g. target/e2e-dist), NEWS_SERVER_BIN at
// another server binary.
import { defineConfig } from "@playwright/test";
import { fileURLToPath } from "node:url";
import { dirname, resolve } from "node:path";

const root = resolve(dirname(fileURLToPath(import.meta.url)), "../..");
const server = process.env.NEWS_SERVER_BIN ?? resolve(root, "target/debug/news-server");
const dist = process.env.NEWS_DIST ?? resolve(root, "dist");
const distSubpath = process.env.NEWS_DIST_SUBPATH ?? resolve(root, "target/dist-news");

export default defineConfig({
  testDir: ".",
  timeout: 30_000,
  expect: { timeout: 10_000 },
  fullyParallel: true,
  workers: 2,
  forbidOnly: !!process.env.CI,
  reporter: [["list"]],
  use: {
    baseURL: "http://127.0.0.1:4173",
    launchOptions: {
      executablePath: "/usr/bin/chromium",
      args: [
        "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--disable-background-networking",
        "--disable-component-update", "--disable-sync", "--no-first-run",
      ],
    },
  },
  webServer: [
    {
      command: `${server} --port 4173 --dist ${dist}`,
      url: "http://127.0.0.1:4173/api/site",
      reuseExistingServer: false,
      stdout: "ignore",
    },
    {
      // The same app built with `--public-url /news/`, served under /news; the API stays at /api.
      // subpath.spec.mjs uses it.
      command: `${server} --port 4174 --dist ${distSubpath} --base /news`,
      url: "http://127.0.0.1:4174/news/",
      reuseExistingServer: false,
      stdout: "ignore",
    },
  ],
});
