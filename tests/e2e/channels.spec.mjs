// Channel tabs on the home page: 全部 plus one per channel the backend lists, each its own URL
// (?channel=ID) that back and forward return to.
import { test, expect, site, allArticles } from "./fixtures.mjs";

const channels = site().channels;
const titlesOf = (id) => allArticles().filter((a) => a.channel?.id === id).map((a) => a.title);

test("the site lists channels, so the home page shows them as tabs", async () => {
  expect(channels.length, "the demo content has channels").toBeGreaterThan(1);
});

test("a tab shows only its channel's stories; back returns to 全部", async ({ page }) => {
  await page.goto("/");
  const tabs = page.getByRole("navigation", { name: "栏目" });
  await expect(tabs.getByRole("link")).toHaveText(["全部", ...channels.map((c) => c.name)]);
  await expect(tabs.getByRole("link", { name: "全部" })).toHaveAttribute("aria-current", "page");

  const chosen = channels[1];
  await tabs.getByRole("link", { name: chosen.name }).click();
  await expect(page).toHaveURL(new RegExp(`\\?channel=${chosen.id}$`));
  await expect(tabs.getByRole("link", { name: chosen.name })).toHaveAttribute("aria-current", "page");
  await expect(tabs.getByRole("link", { name: "全部" })).not.toHaveAttribute("aria-current", "page");
  await expect(page.locator("main .summary-title")).toHaveText(titlesOf(chosen.id));

  await page.goBack();
  await expect(tabs.getByRole("link", { name: "全部" })).toHaveAttribute("aria-current", "page");
  await expect(page.locator("main .summary-title")).toHaveCount(8);
  await page.goForward();
  await expect(page.locator("main .summary-title")).toHaveText(titlesOf(chosen.id));
});

test("a channel's own URL opens on its tab", async ({ page }) => {
  const last = channels[channels.length - 1];
  await page.goto(`/?channel=${last.id}`);
  await expect(page.getByRole("link", { name: last.name })).toHaveAttribute("aria-current", "page");
  await expect(page.locator("main .summary-title")).toHaveText(titlesOf(last.id));
});

test("an unknown channel shows an empty list, not an error", async ({ page }) => {
  await page.goto("/?channel=no-such-channel");
  await expect(page.getByText("暂无文章")).toBeVisible();
  await expect(page.getByRole("navigation", { name: "栏目" }).getByRole("link", { name: "全部" })).not.toHaveAttribute(
    "aria-current",
    "page",
  );
});

test("paging within a channel keeps the channel", async ({ page }) => {
  const chosen = channels[0];
  await page.route("**/api/articles?channel=*", async (route) => {
    const response = await route.fetch();
    const json = await response.json();
    json.total = 40; // pretend the channel has five pages
    await route.fulfill({ response, json });
  });
  await page.goto(`/?channel=${chosen.id}`);
  await page.getByRole("link", { name: "下一页" }).click();
  await expect(page).toHaveURL(new RegExp(`\\?channel=${chosen.id}&page=2$`));
  await expect(page.getByRole("link", { name: chosen.name })).toHaveAttribute("aria-current", "page");
  await expect(page.getByText("第 2 / 5 页")).toBeVisible();
  await page.unrouteAll({ behavior: "ignoreErrors" });
});
