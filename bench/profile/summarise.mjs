// Aggregates a V8 .cpuprofile by self time per function (name + file:line), top N.
// Usage: node bench/profile/summarise.mjs <file.cpuprofile> [N]
import { readFileSync } from "node:fs";

export function summariseProfile(path, top = 25) {
  const profile = JSON.parse(readFileSync(path, "utf8"));
  const byId = new Map(profile.nodes.map((node) => [node.id, node]));
  const selfUs = new Map();
  // timeDeltas[i] is the time since the previous sample, attributed to samples[i].
  for (const [index, id] of profile.samples.entries()) {
    selfUs.set(id, (selfUs.get(id) ?? 0) + (profile.timeDeltas[index] ?? 0));
  }
  const totals = new Map();
  let all = 0;
  for (const [id, us] of selfUs) {
    const { functionName, url, lineNumber } = byId.get(id).callFrame;
    const where = url
      ? `${url.replace(/^file:\/\/.*?node_modules\/\.pnpm\//, "pnpm:").replace(/^file:\/\/.*?\/work\/main\//, "")}:${lineNumber + 1}`
      : "";
    const key = `${functionName || "(anonymous)"} ${where}`.trim();
    totals.set(key, (totals.get(key) ?? 0) + us);
    all += us;
  }
  const rows = [...totals].sort((a, b) => b[1] - a[1]).slice(0, top);
  return { all, rows: rows.map(([fn, us]) => ({ fn, ms: us / 1000, pct: (100 * us) / all })) };
}

/** Self time per package (a node_modules package, node's internals, or this repo's code). */
export function summariseByPackage(path) {
  const profile = JSON.parse(readFileSync(path, "utf8"));
  const byId = new Map(profile.nodes.map((node) => [node.id, node]));
  const totals = new Map();
  let all = 0;
  for (const [index, id] of profile.samples.entries()) {
    const us = profile.timeDeltas[index] ?? 0;
    const { url, functionName } = byId.get(id).callFrame;
    const pkg = url.includes("/node_modules/")
      ? /node_modules\/((?:@[^/]+\/)?[^/]+)\/(?!.*node_modules)/.exec(url)?.[1]
      : url.startsWith("node:")
        ? "node:internal"
        : url.includes("/work/") || url.startsWith("file://")
          ? "statehub"
          : functionName.startsWith("(")
            ? functionName
            : "native";
    totals.set(pkg, (totals.get(pkg) ?? 0) + us);
    all += us;
  }
  return [...totals]
    .sort((a, b) => b[1] - a[1])
    .map(([pkg, us]) => ({ pkg, ms: us / 1000, pct: (100 * us) / all }));
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const { all, rows } = summariseProfile(process.argv[2], Number(process.argv[3] ?? 25));
  console.log(`total sampled ${(all / 1000).toFixed(0)} ms`);
  for (const row of rows)
    console.log(`${row.pct.toFixed(1).padStart(5)}%  ${row.ms.toFixed(0).padStart(6)} ms  ${row.fn}`);
}
