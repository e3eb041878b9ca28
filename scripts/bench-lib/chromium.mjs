// Headless Chromium for the benchmarks: the system browser (never a downloaded one), the device
// profiles, and the CDP calls several measurements share.
import { chromium } from "@playwright/test";

export const CHROMIUM_PATH = "/usr/bin/chromium";
// Also handed to Lighthouse, so both measure the same browser set up the same way.
export const CHROMIUM_FLAGS = [
  "--headless", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--disable-background-networking",
  "--disable-component-update", "--disable-sync", "--no-first-run",
];

export const launchChromium = () => chromium.launch({ executablePath: CHROMIUM_PATH, args: CHROMIUM_FLAGS });

export const PROFILES = {
  desktop: {
    label: "unthrottled (desktop 1280×900)",
    context: { viewport: { width: 1280, height: 900 } },
  },
  // Lighthouse's mobile viewport with a 4× slower CPU and 4G: roughly a mid-range phone.
  phone: {
    label: "mid-range phone (4× CPU, 4G)",
    context: { viewport: { width: 412, height: 823 }, deviceScaleFactor: 1.75, isMobile: true, hasTouch: true },
    cpuSlowdown: 4,
    network: { offline: false, latency: 60, downloadThroughput: (9e6 / 8) | 0, uploadThroughput: (1.5e6 / 8) | 0 },
  },
};

/** A CDP session on `page` with the profile's throttling applied (before any navigation). */
export async function attachCdp(context, page, profile) {
  const cdp = await context.newCDPSession(page);
  await cdp.send("Performance.enable");
  if (profile.cpuSlowdown) await cdp.send("Emulation.setCPUThrottlingRate", { rate: profile.cpuSlowdown });
  if (profile.network) {
    await cdp.send("Network.enable");
    await cdp.send("Network.emulateNetworkConditions", profile.network);
  }
  return cdp;
}

/** CDP Performance.getMetrics as { name: value }. */
export async function metrics(cdp) {
  const { metrics: list } = await cdp.send("Performance.getMetrics");
  return Object.fromEntries(list.map((m) => [m.name, m.value]));
}

/**
 * Main-thread time between two metrics snapshots, in ms: all tasks, and of that the scripts and
 * the style recalculation + layout.
 */
export function mainThreadWork(before, after) {
  const delta = (name) => ((after[name] ?? 0) - (before[name] ?? 0)) * 1000;
  return {
    task: delta("TaskDuration"),
    script: delta("ScriptDuration"),
    layout: delta("RecalcStyleDuration") + delta("LayoutDuration"),
  };
}

/** Rejects when `promise` has not settled within `ms` (page-side waits have no timeout of their own). */
export function within(promise, ms, what) {
  let timer;
  const timeout = new Promise((_, reject) => {
    timer = setTimeout(() => reject(new Error(`timed out after ${ms / 1000} s: ${what}`)), ms);
  });
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}
