import { describe, expect, it } from "vitest";
import { mergeTimeline } from "./timeline.js";

interface Item {
  id: string;
  at: string;
}
const times = { first: (item: Item) => item.at, second: (item: Item) => item.at };
const at = (minute: number) => `2026-03-10T12:${String(minute).padStart(2, "0")}:00.000Z`;
const item = (id: string, minute: number): Item => ({ id, at: at(minute) });
const ids = (timeline: ReturnType<typeof mergeTimeline<Item, Item>>) =>
  timeline.entries.map((entry) => (entry.item as Item).id);

describe("mergeTimeline", () => {
  it("interleaves two complete lists by time, oldest first", () => {
    const timeline = mergeTimeline(
      { items: [item("n1", 1), item("n2", 5)], complete: true },
      { items: [item("e1", 3), item("e2", 7)], complete: true },
      times,
    );
    expect(ids(timeline)).toEqual(["n1", "e1", "n2", "e2"]);
    expect(timeline.loadNext).toBeNull();
  });

  it("stops where a list with more pages ends, and asks for that list", () => {
    const timeline = mergeTimeline(
      { items: [item("n1", 1), item("n2", 4)], complete: false },
      { items: [item("e1", 2), item("e2", 6), item("e3", 9)], complete: true },
      times,
    );
    // e2 and e3 wait: notes after minute 4 are not loaded yet and may come before them.
    expect(ids(timeline)).toEqual(["n1", "e1", "n2"]);
    expect(timeline.loadNext).toBe("first");
  });

  it("with both lists incomplete, asks for the one that ends first", () => {
    const timeline = mergeTimeline(
      { items: [item("n1", 8)], complete: false },
      { items: [item("e1", 2), item("e2", 5)], complete: false },
      times,
    );
    expect(ids(timeline)).toEqual(["e1", "e2"]);
    expect(timeline.loadNext).toBe("second");
  });

  it("puts a note before an event at the same instant, and keeps each list's order", () => {
    const timeline = mergeTimeline(
      { items: [item("n1", 3), item("n2", 3)], complete: true },
      { items: [item("e1", 3)], complete: true },
      times,
    );
    expect(ids(timeline)).toEqual(["n1", "n2", "e1"]);
  });

  it("shows nothing while an incomplete list has loaded nothing", () => {
    const timeline = mergeTimeline(
      { items: [], complete: false },
      { items: [item("e1", 1)], complete: true },
      times,
    );
    expect(ids(timeline)).toEqual([]);
    expect(timeline.loadNext).toBe("first");
  });
});
