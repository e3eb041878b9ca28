// Journeys against the release build (dist/, and target/dist-news/ built for /news/) served by
// the reference server with its demo content. scripts/test builds both first.
// NEWS_DIST / NEWS_DIST_SUBPATH point at other builds (e.g. target/e2e-dist), NEWS_SERVER_BIN at
// another server binary. Every server starts on a fresh comment database (target/e2e-<port>.db,
// removed first), so each run sees only the seeded demo comments.
import { defineConfig } from "@playwright/test";
import { fileURLToPath } from "node:url";
import { dirname, resolve } from "node:path";
import { SSO_SECRET } from "./reader-tokens.mjs";

const root = resolve(dirname(fileURLToPath(import.meta.url)), "../..");
const server = process.env.NEWS_SERVER_BIN ?? resolve(root, "target/debug/news-server");
const dist = process.env.NEWS_DIST ?? resolve(root, "dist");
const distSubpath = process.env.NEWS_DIST_SUBPATH ?? resolve(root, "target/dist-news");
/** `rm` then `exec`, so Playwright's stop signal reaches the server itself; `before` runs between. */
const fresh = (port, flags, before = "") => {
  const db = resolve(root, `target/e2e-${port}.db`);
  const setup = before ? `${before(db)} && ` : "";
  return `rm -f ${db} ${db}-wal ${db}-shm && ${setup}exec ${server} --port ${port} --db ${db} ${flags}`;
};
/**
 * The console's editor and admin (admin.spec.mjs logs in with them); the passwords come on stdin,
 * never argv.
 */
const accounts = (db) =>
  `printf '%s\\n' editor-pass-4177 | ${server} user add editor1 --role editor --db ${db} >/dev/null && ` +
  `printf '%s\\n' admin-pass-4177 | ${server} user add admin1 --role admin --db ${db} >/dev/null`;
/**
 * An editor with an admin API token (live-comments.spec.mjs approves a comment with it), written
 * to target/e2e-4185.token: the CLI prints a token once, on its last line.
 */
const LIVE_TOKEN_FILE = resolve(root, "target/e2e-4185.token");
const apiToken = (db) =>
  `printf '%s\\n' editor-pass-4185 | ${server} user add editor2 --role editor --db ${db} >/dev/null && ` +
  `${server} token add editor2 --db ${db} | tail -n 1 > ${LIVE_TOKEN_FILE}`;

/**
 * A shell command that copies the build to `target` with `fields` set in its config.json (a
 * server's `before`, run ahead of it).
 */
const configuredCopy = (target, fields) => () =>
  `rm -rf ${target} && cp -r ${dist} ${target} && node -e '` +
  `const fs = require("fs"), file = process.argv[1], config = JSON.parse(fs.readFileSync(file, "utf8"));` +
  `fs.writeFileSync(file, JSON.stringify({ ...config, ...JSON.parse(process.argv[2]) }))' ` +
  `${target}/config.json '${JSON.stringify(fields)}'`;
/** The build, copied with `localhost` as a player host (config.json's embed_hosts). */
const playerDist = resolve(root, "target/e2e-dist-players");
const withPlayers = configuredCopy(playerDist, { embed_hosts: ["localhost"] });
/**
 * The build, copied with a hostile backend as its API (xss-server.spec.mjs runs that backend on
 * 4186): the server fills article pages from there.
 */
const hostileDist = resolve(root, "target/e2e-dist-hostile");
const withHostileBackend = configuredCopy(hostileDist, { api_base: "http://127.0.0.1:4186/api" });
/**
 * `news-server prerender`'s output (from the demo content, into a copy of the build) on a plain
 * static host, its /api passed to 4173 (prerendered.spec.mjs).
 */
const prerendered = resolve(root, "target/e2e-prerendered");
const prerenderAndHost =
  `rm -rf ${prerendered} && cp -r ${dist} ${prerendered} && ` +
  `${server} prerender --dist ${dist} --out ${prerendered} --public-origin http://127.0.0.1:4188 >/dev/null && ` +
  `exec node ${resolve(root, "tests/e2e/static-host.mjs")} ${prerendered} 4188 4173`;
/** The portal's secret for reader tokens, written to a file of the server's own before it starts. */
const ssoSecret = (port) => {
  const file = resolve(root, `target/e2e-sso-${port}.secret`);
  return { flag: `--sso-secret-file ${file}`, write: () => `printf '%s\\n' ${SSO_SECRET} > ${file}` };
};
const sso = ssoSecret(4182);
const ssoRequired = ssoSecret(4183);

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
    // The offline copy (public/sw.js) would answer reloads itself, where page.route cannot see
    // them: journeys run without it, except those about it (offline.spec.mjs).
    serviceWorkers: "block",
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
      // No rate limit: every journey posts from 127.0.0.1, several within a minute. The plain
      // shell for every app route (as a static host serves the app): these journeys are about
      // how the app loads a page's data itself (the boot script's early requests, errors,
      // races, the offline copy), which a filled-in page carries (first-view.spec.mjs).
      command: fresh(4173, `--dist ${dist} --rate-limit 0 --fill-pages=false`),
      url: "http://127.0.0.1:4173/api/site",
      reuseExistingServer: false,
      stdout: "ignore",
    },
    {
      // The same app built with `--public-url /news/`, served under /news; the API stays at /api.
      // subpath.spec.mjs uses it.
      command: fresh(4174, `--dist ${distSubpath} --base /news`),
      url: "http://127.0.0.1:4174/news/",
      reuseExistingServer: false,
      stdout: "ignore",
    },
    {
      // Held for review: new comments are pending, not listed or counted. comments.spec.mjs uses it.
      command: fresh(4176, `--dist ${dist} --rate-limit 0 --moderate`),
      url: "http://127.0.0.1:4176/api/site",
      reuseExistingServer: false,
      stdout: "ignore",
    },
    {
      // The moderation console: every comment held, and an editor and an admin account made
      // before start. 127.0.0.1 is a trusted proxy, so the ban journey's reader can post from an
      // address of its own (X-Forwarded-For) and its ban holds no other journey's comments.
      // admin.spec.mjs uses it.
      command: fresh(4177, `--dist ${dist} --rate-limit 0 --moderate --trusted-proxy 127.0.0.1`, accounts),
      url: "http://127.0.0.1:4177/api/site",
      reuseExistingServer: false,
      stdout: "ignore",
    },
    {
      // Readers' reports (举报): three from different addresses hide a comment. 127.0.0.1 is a
      // trusted proxy, so each reader's X-Forwarded-For is its address. reports.spec.mjs uses it.
      command: fresh(4178, `--dist ${dist} --rate-limit 0 --trusted-proxy 127.0.0.1 --report-threshold 3`),
      url: "http://127.0.0.1:4178/api/site",
      reuseExistingServer: false,
      stdout: "ignore",
    },
    {
      // Pages filled in on the server (head tags, the readable page, the article's data), which
      // the app takes over; said explicitly, though it is the default (as on 4174 and 4176-4178).
      // Its copy of the build lists `localhost` in config.json's embed_hosts: the players the
      // journeys load come from there (no other site is reachable). first-view.spec.mjs and
      // media.spec.mjs use it.
      command: fresh(4179, `--dist ${playerDist} --rate-limit 0 --fill-pages`, withPlayers),
      url: "http://127.0.0.1:4179/api/site",
      reuseExistingServer: false,
      stdout: "ignore",
    },
    {
      // Readers a portal vouches for: tokens signed with the journeys' secret are taken.
      // reader-token.spec.mjs uses it.
      command: fresh(4182, `--dist ${dist} --rate-limit 0 ${sso.flag}`, sso.write),
      url: "http://127.0.0.1:4182/api/site",
      reuseExistingServer: false,
      stdout: "ignore",
    },
    {
      // The same, and writes need a token (--require-login). reader-token.spec.mjs uses it.
      command: fresh(4183, `--dist ${dist} --rate-limit 0 ${ssoRequired.flag} --require-login`, ssoRequired.write),
      url: "http://127.0.0.1:4183/api/site",
      reuseExistingServer: false,
      stdout: "ignore",
    },
    {
      // Live comments (server-sent events): a server of their own, so that the "N 条新评论" the
      // journeys count is theirs alone. live-comments.spec.mjs uses it.
      command: fresh(4184, `--dist ${dist} --rate-limit 0`),
      url: "http://127.0.0.1:4184/api/site",
      reuseExistingServer: false,
      stdout: "ignore",
    },
    {
      // Live comments held for review: an approval through the admin API reaches readers live.
      // live-comments.spec.mjs uses it.
      command: fresh(4185, `--dist ${dist} --rate-limit 0 --moderate`, apiToken),
      url: "http://127.0.0.1:4185/api/site",
      reuseExistingServer: false,
      stdout: "ignore",
    },
    {
      // Pages filled in from a hostile backend (4186, started by xss-server.spec.mjs, which
      // uses this server).
      command: fresh(4187, `--dist ${hostileDist} --rate-limit 0`, withHostileBackend),
      url: "http://127.0.0.1:4187/api/site",
      reuseExistingServer: false,
      stdout: "ignore",
    },
    {
      // prerender's files on a plain static host. prerendered.spec.mjs uses it.
      command: prerenderAndHost,
      url: "http://127.0.0.1:4188/robots.txt",
      reuseExistingServer: false,
      stdout: "ignore",
    },
  ],
});
