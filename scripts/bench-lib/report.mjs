// Statistics and plain-text tables shared by the benchmarks.

export const median = (xs) => {
  const sorted = xs.filter(Number.isFinite).sort((a, b) => a - b);
  if (sorted.length === 0) return NaN;
  const mid = sorted.length >> 1;
  return sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
};

/** Median, min and max of the runs' values (non-numbers, e.g. a failed run, are left out). */
export function summarize(xs) {
  const finite = xs.filter(Number.isFinite);
  return { median: median(finite), min: Math.min(...finite), max: Math.max(...finite), runs: finite.length };
}

export const ms = (x, digits = 0) => (Number.isFinite(x) ? `${x.toFixed(digits)} ms` : "—");
export const kb = (bytes) => (Number.isFinite(bytes) ? `${(bytes / 1024).toFixed(1)} KB` : "—");
export const mb = (bytes) => (Number.isFinite(bytes) ? `${(bytes / 1024 / 1024).toFixed(2)} MB` : "—");
export const ratio = (x) => (Number.isFinite(x) ? `${x.toFixed(2)}×` : "—");

/** Rows of cells as aligned columns: the first column left-aligned, the others right-aligned. */
export function table(headers, rows) {
  const all = [headers, ...rows].map((row) => row.map((cell) => String(cell ?? "")));
  const widths = headers.map((_, i) => Math.max(...all.map((row) => [...(row[i] ?? "")].length)));
  const line = (row) =>
    row.map((cell, i) => (i === 0 ? cell.padEnd(widths[i]) : cell.padStart(widths[i]))).join("  ").trimEnd();
  return [line(all[0]), widths.map((w) => "-".repeat(w)).join("  "), ...all.slice(1).map(line)].join("\n");
}

/**
 * Two pages measured side by side, run after run: the median of each run's ratio `a / b`, and a
 * 95% interval of that median (bootstrap: 2,000 resamples of the runs, from a fixed seed, so the
 * same runs always give the same interval). On a machine whose loads spread ±20% from one run to
 * the next, the ratio of two medians can move by more than the difference it is meant to show;
 * the interval says how far the figure can be trusted. `pairs`: [a, b] per run (a run where
 * either failed is left out).
 */
export function pairedRatio(pairs) {
  const ratios = pairs.filter(([a, b]) => Number.isFinite(a) && Number.isFinite(b) && b > 0).map(([a, b]) => a / b);
  if (ratios.length === 0) return { median: NaN, low: NaN, high: NaN, runs: 0 };
  let seed = 0x2f6b3a1d;
  const random = () => {
    // mulberry32
    seed = (seed + 0x6d2b79f5) | 0;
    let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  const medians = Array.from({ length: 2000 }, () =>
    median(ratios.map(() => ratios[Math.floor(random() * ratios.length)])),
  ).sort((x, y) => x - y);
  return { median: median(ratios), low: medians[50], high: medians[1949], runs: ratios.length };
}

/** `1.02× (0.96–1.14)`: a paired ratio and its 95% interval. */
export const pairedText = (p) =>
  Number.isFinite(p?.median) ? `${p.median.toFixed(2)}× (${p.low.toFixed(2)}–${p.high.toFixed(2)})` : "—";

/** The order in which run `run` (from 1) loads the pages of `steps`: each run starts one later,
 * so no page is always the first (or last) of its run. */
export const rotated = (steps, run) => steps.map((_, i) => steps[(i + run - 1) % steps.length]);
