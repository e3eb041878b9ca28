// Journeys against the release build (dist/, and target/dist-news/ built for /news/) served by
// the reference server with its demo content. scripts/test builds both first.
import { defineConfig } from "@playwright/test";
import { fileURLToPath } from "node:url";
import { dirname, resolve } from "node:path";

const root = resolve(dirname(fileURLToPath(import.meta.url)), "../..");
const server = process.env.NEWS_SERVER_BIN ?? resolve(root, "target/debug/news-server");
const dist = process.env.NEWS_DIST ?? resolve(root, "dist");

export default defineConfig({
  testDir: ".",
  timeout: 30_000,
  expect: { timeout: 10_000 },
  fullyParallel: true,
  workers: 2,
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
  ],
});
