import { describe, expect, it } from "vitest";
import { WakeSignal } from "./wake-signal.js";

describe("WakeSignal", () => {
  it("keeps a notification that came before the wait", async () => {
    const signal = new WakeSignal();
    signal.notify();
    signal.notify();
    await expect(signal.wait(60_000)).resolves.toBe(true);
    await expect(signal.wait(0)).resolves.toBe(false);
  });

  it("wakes a waiter", async () => {
    const signal = new WakeSignal();
    const waiting = signal.wait(60_000);
    signal.notify();
    await expect(waiting).resolves.toBe(true);
  });
});

describe("WakeSignal without a pending notification", () => {
  it("a fresh signal times out: nothing was notified", async () => {
    await expect(new WakeSignal().wait(5)).resolves.toBe(false);
  });

  it("a notification during a wait wakes that wait only: the next wait times out", async () => {
    const signal = new WakeSignal();
    const waiting = signal.wait(60_000);
    setTimeout(() => signal.notify(), 20);
    await expect(waiting).resolves.toBe(true);
    await expect(signal.wait(5)).resolves.toBe(false);
  });
});
