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
