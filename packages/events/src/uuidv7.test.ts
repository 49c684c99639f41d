import { describe, expect, it } from "vitest";
import { UUID_V7_PATTERN, uuidv7 } from "./uuidv7.js";

// The generator keeps the last millisecond and a counter in module state; each test starts at a
// millisecond far beyond the clock (and beyond the previous test's), so it begins a fresh one.
describe("uuidv7", () => {
  it("puts the 48-bit millisecond first, then version 7, then the RFC 9562 variant", () => {
    const id = uuidv7(0x8123_4567_89ab);
    expect(id).toMatch(/^81234567-89ab-7000-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    expect(id).toMatch(UUID_V7_PATTERN);
  });

  it("counts within one millisecond, in the 12 bits after the version", () => {
    const ms = 0x8200_0000_0001;
    const ids = Array.from({ length: 0x124 }, () => uuidv7(ms));
    expect(ids[0]?.slice(0, 19)).toBe("82000000-0001-7000-");
    expect(ids[1]?.slice(0, 19)).toBe("82000000-0001-7001-");
    expect(ids[0x123]?.slice(0, 19)).toBe("82000000-0001-7123-");
    expect([...ids].sort()).toEqual(ids);
  });

  it("a clock that goes back keeps counting on the last millisecond", () => {
    const ms = 0x8300_0000_0000;
    expect(uuidv7(ms).slice(0, 19)).toBe("83000000-0000-7000-");
    expect(uuidv7(5).slice(0, 19)).toBe("83000000-0000-7001-");
    expect(uuidv7(ms - 1).slice(0, 19)).toBe("83000000-0000-7002-");
    expect(uuidv7(ms + 1).slice(0, 19)).toBe("83000000-0001-7000-");
  });

  it("borrows the next millisecond when the counter is exhausted", () => {
    const ms = 0x8400_0000_0000;
    const ids = Array.from({ length: 0x1001 }, () => uuidv7(ms));
    expect(ids[0xfff]?.slice(0, 19)).toBe("84000000-0000-7fff-");
    expect(ids[0x1000]?.slice(0, 19)).toBe("84000000-0001-7000-");
    expect(uuidv7(ms + 1).slice(0, 19)).toBe("84000000-0001-7001-");
  });

  it("random bits differ between ids", () => {
    const ms = 0x8500_0000_0000;
    const ids = Array.from({ length: 50 }, () => uuidv7(ms));
    expect(new Set(ids.map((id) => id.slice(20))).size).toBe(50);
    for (const id of ids) expect(id).toMatch(UUID_V7_PATTERN);
  });

  it("the two bits after the variant are random: 8, 9, a and b all occur", () => {
    const ms = 0x8600_0000_0000;
    const variants = new Set(Array.from({ length: 200 }, () => uuidv7(ms).charAt(19)));
    expect([...variants].sort()).toEqual(["8", "9", "a", "b"]);
  });

  it("the pattern accepts only lowercase version-7 RFC 9562 ids", () => {
    expect("0190a6b4-8f5e-7c3a-9b1d-2f4e6a8c0d12").toMatch(UUID_V7_PATTERN);
    for (const other of [
      "0190A6B4-8F5E-7C3A-9B1D-2F4E6A8C0D12",
      "0190a6b4-8f5e-4c3a-9b1d-2f4e6a8c0d12",
      "0190a6b4-8f5e-7c3a-7b1d-2f4e6a8c0d12",
      "0190a6b4-8f5e-7c3a-9b1d-2f4e6a8c0d1",
      "x0190a6b4-8f5e-7c3a-9b1d-2f4e6a8c0d12",
      "0190a6b4-8f5e-7c3a-9b1d-2f4e6a8c0d12x",
    ]) {
      expect(other).not.toMatch(UUID_V7_PATTERN);
    }
  });
});
