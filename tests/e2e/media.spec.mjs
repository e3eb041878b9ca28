// What a story has besides its text: the lead picture with its caption (its box kept while it
// loads), 标签, 更新于, a video the reader starts, and a video site's player that loads, sandboxed,
// only when asked. Against the server on 4179, whose copy of the build lists `localhost` in
// config.json's embed_hosts (playwright.config.mjs), so the page at 127.0.0.1 may frame it.
import { test, expect, article, articleShown, displayDateTime, holdBack, settled } from "./fixtures.mjs";

const ORIGIN = "http://127.0.0.1:4179";
const PLAYER = "http://localhost:4179/player/lanterns";

test.describe("media", () => {
  test.use({ baseURL: ORIGIN });

  test("the cover above the body keeps its box while it loads, with its caption; 标签 and 更新于", async ({ page }) => {
    const a = article("1001");
    const release = await holdBack(page, `**${a.cover.url}`);
    // The held picture holds the page's load event back: go on once the document is parsed.
    await page.goto("/articles/1001", { waitUntil: "domcontentloaded" });
    await articleShown(page, a.title);
    const figure = page.locator("figure.article-cover");
    await expect(figure.locator("figcaption")).toHaveText(a.cover.caption);
    const img = figure.locator("img");
    await expect(img).toHaveAttribute("alt", a.cover.alt);
    // The file has not arrived, yet its box has the picture's shape, the column's width.
    expect(await img.evaluate((el) => el.complete && el.naturalWidth > 0)).toBe(false);
    const column = await page.locator(".article-body").boundingBox();
    const before = await img.boundingBox();
    expect(Math.round(before.width)).toBe(Math.round(column.width));
    expect(before.height).toBeCloseTo((before.width * a.cover.height) / a.cover.width, 0);
    const firstParagraph = async () => (await page.locator(".article-body p").first().boundingBox()).y;
    const textAt = await firstParagraph();
    // Between the header and the body.
    const order = await page.locator("article.article > *").evaluateAll((els) => els.map((el) => el.className || el.localName));
    expect(order.indexOf("article-cover")).toBe(order.indexOf("article-header") + 1);
    expect(order.indexOf("article-body")).toBe(order.indexOf("article-cover") + 1);

    release();
    await expect.poll(() => img.evaluate((el) => el.complete && el.naturalWidth > 0)).toBe(true);
    await settled(page);
    expect(await img.boundingBox()).toEqual(before);
    expect(await firstParagraph(), "the text did not move when the picture arrived").toBe(textAt);

    await expect(page.locator(".article-tags")).toHaveText(`标签：${a.tags.join("")}`);
    await expect(page.locator(".article-tags .tag")).toHaveText(a.tags);
    const updated = page.locator(".article-meta .meta-updated");
    await expect(updated).toHaveText(`更新于 ${displayDateTime(a.updated_at)}`);
    await expect(updated.locator("time")).toHaveAttribute("datetime", a.updated_at);
  });

  test("a story without an edit after publication has no 更新于", async ({ page }) => {
    const a = article("1002");
    expect(a.updated_at, "the demo story was never edited").toBeUndefined();
    await page.goto("/articles/1002");
    await articleShown(page, a.title);
    await expect(page.locator(".article-meta time")).toHaveCount(1);
    await expect(page.locator(".meta-updated")).toHaveCount(0);
  });

  test("a video in the body plays only when the reader starts it, with the browser's controls", async ({ page }) => {
    const a = article("1008");
    await page.goto("/articles/1008");
    await articleShown(page, a.title);
    const video = page.locator(".article-body figure video");
    await expect(video).toHaveAttribute("controls", "");
    await expect(video).toHaveAttribute("poster", "/api/media/lantern-street-night.svg");
    await expect(video).not.toHaveAttribute("autoplay", /.*/);
    await video.scrollIntoViewIfNeeded();
    // Its metadata arrives (preload="metadata"): the file is served and the browser can read it.
    await expect.poll(() => video.evaluate((el) => el.videoWidth)).toBe(640);
    expect(await video.evaluate((el) => el.paused), "nothing plays by itself").toBe(true);
    const box = await video.boundingBox();
    expect(box.height).toBeCloseTo((box.width * 360) / 640, 0);
    await expect(page.locator(".article-body figure figcaption").last()).toContainText("视频");
    // The reader starts it: a click on the picture, as on any page.
    await video.click();
    await expect.poll(() => video.evaluate((el) => !el.paused && el.currentTime > 0)).toBe(true);
  });

  test("a listed site's player is a placeholder naming the site, and loads sandboxed only on a click", async ({ page }) => {
    const playerRequests = [];
    await page.route(`${PLAYER}*`, (route) => {
      playerRequests.push(route.request().url());
      return route.fulfill({
        contentType: "text/html; charset=utf-8",
        body: "<!doctype html><title>player</title><p id=playing>灯笼视频播放器</p>",
      });
    });
    const story = {
      id: "players",
      title: "花灯巡游视频",
      published_at: "2026-11-22T20:00:00+08:00",
      body_html:
        `<p>巡游现场。</p><iframe src="${PLAYER}?part=1" width="640" height="360" sandbox="allow-top-navigation allow-scripts" allowfullscreen></iframe>` +
        `<iframe src="http://127.0.0.1:4179/player/other"></iframe><iframe src="https://evil.example/player"></iframe><p>巡游结束。</p>`,
      related: [],
    };
    await page.route("**/api/articles/players", (route) =>
      route.fulfill({ contentType: "application/json; charset=utf-8", body: JSON.stringify(story) }),
    );
    await page.goto("/articles/players");
    await articleShown(page, story.title);
    const placeholder = page.locator(".article-body div.embed");
    await expect(placeholder, "only the listed host's player").toHaveCount(1);
    await expect(placeholder.locator(".embed-host")).toHaveText("视频来自 localhost");
    await expect(page.locator("iframe")).toHaveCount(0);
    await settled(page);
    expect(playerRequests, "the other site sees nothing before the click").toEqual([]);
    const box = await placeholder.boundingBox();
    expect(box.height).toBeCloseTo((box.width * 9) / 16, 0);
    const after = async () => (await page.locator(".article-body p").last().boundingBox()).y;
    const textAt = await after();

    await placeholder.getByRole("button", { name: "点击加载播放器" }).click();
    const frame = placeholder.locator("iframe");
    await expect(frame).toHaveAttribute("sandbox", "allow-scripts allow-same-origin allow-presentation");
    await expect(frame).toHaveAttribute("allow", "fullscreen");
    await expect(frame).toHaveAttribute("referrerpolicy", "strict-origin-when-cross-origin");
    await expect(frame).toHaveAttribute("loading", "lazy");
    await expect(frame).toHaveAttribute("title", "视频来自 localhost");
    await expect(frame).toBeFocused();
    await expect(page.frameLocator(".article-body iframe").locator("#playing")).toHaveText("灯笼视频播放器");
    expect(playerRequests).toEqual([`${PLAYER}?part=1`]);
    expect(await placeholder.boundingBox(), "the player takes the placeholder's box").toEqual(box);
    expect(await after(), "nothing below moved").toBe(textAt);

    // The sandbox holds: the player cannot take the reader's page elsewhere.
    const player = page.frames().find((f) => f.url().startsWith(PLAYER));
    await player.evaluate(() => {
      try {
        top.location.href = "https://evil.example/";
      } catch {
        // Refused by the sandbox: what the journey checks below.
      }
    });
    await settled(page);
    await expect(page).toHaveURL(`${ORIGIN}/articles/players`);
    expect(await player.evaluate(() => window.open("about:blank")), "no pop-ups").toBeNull();
  });
});
