import { z } from "zod";

const UNIT_MS = { s: 1_000, m: 60_000, h: 3_600_000, d: 86_400_000, w: 604_800_000 } as const;
const DURATION = /^(?:\d+[smhdw])+$/;
const PART = /(\d+)([smhdw])/g;

/** Durations are written like `14d`, `36h` or `1d12h`: readable in YAML, no ambiguity about units. */
export const durationText = z
  .string()
  .regex(DURATION, "must be a duration like 30m, 36h, 14d or 2w")
  .refine((text) => parseDuration(text) > 0, "must be longer than zero");

export function parseDuration(text: string): number {
  let total = 0;
  for (const [, amount, unit] of text.matchAll(PART)) {
    total += Number(amount) * UNIT_MS[unit as keyof typeof UNIT_MS];
  }
  return total;
}
