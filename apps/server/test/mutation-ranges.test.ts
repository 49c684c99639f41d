import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";

// relay.ts is split between two mutation runs by line ranges (stryker.config.json: the drain
// loop; stryker.lifecycle.config.json: the rest). An edit above or inside the drain loop moves
// its lines; this fails until the ranges are moved with them.
const root = new URL("../", import.meta.url);
const relaySource = readFileSync(new URL("src/relay/relay.ts", root), "utf8").trimEnd().split("\n");

function relayRanges(config: string): Array<[number, number]> {
  const { mutate } = JSON.parse(readFileSync(new URL(config, root), "utf8")) as { mutate: string[] };
  return mutate
    .filter((entry) => entry.startsWith("src/relay/relay.ts:"))
    .map((entry) => {
      const [from, to] = (entry.split(":")[1] ?? "").split("-").map(Number);
      return [from ?? Number.NaN, to ?? Number.NaN];
    });
}

const lineOf = (text: string) => relaySource.findIndex((line) => line.includes(text)) + 1;

describe("the mutation runs' ranges of relay.ts", () => {
  const drain = relayRanges("stryker.config.json");
  const lifecycle = relayRanges("stryker.lifecycle.config.json");

  it("the drain-loop run takes subscribe() through the publish up to its marks", () => {
    expect(drain).toEqual([
      [lineOf("private async subscribe()"), lineOf("await markPublished(tx, outcome.acked") - 1],
    ]);
  });

  it("the lifecycle run takes every other line, once", () => {
    const lines = relaySource.length;
    const [[drainFrom, drainTo]] = drain as [[number, number]];
    expect(lifecycle).toEqual([
      [1, drainFrom - 1],
      [drainTo + 1, lines],
    ]);
  });
});
