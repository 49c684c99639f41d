import { randomUUID } from "node:crypto";

// RFC 9562 UUIDv7: 48-bit Unix milliseconds, then random bits. Within one millisecond the
// 12-bit rand_a field is used as a counter so ids minted by one process sort in creation order.
let lastMs = -1;
let counter = 0;

export function uuidv7(now: number = Date.now()): string {
  let ms = now;
  if (ms <= lastMs) {
    counter += 1;
    if (counter > 0xfff) {
      // Counter exhausted in this millisecond: borrow the next one rather than lose ordering.
      lastMs += 1;
      counter = 0;
    }
    ms = lastMs;
  } else {
    lastMs = ms;
    counter = 0;
  }
  // The random bits, and the variant, come from a v4 UUID: Node draws those from a pool it
  // fills 128 ids at a time, where a 16-byte randomBytes() per id went to the system's generator
  // on every call (2 % of the hub's CPU under bench:api repos.register, which mints two ids).
  // From its fourth group on a v4 id is the variant's two bits and 62 random ones, as v7 wants.
  const time = ms.toString(16).padStart(12, "0");
  const count = counter.toString(16).padStart(3, "0");
  return `${time.slice(0, 8)}-${time.slice(8)}-7${count}-${randomUUID().slice(19)}`;
}

export const UUID_V7_PATTERN = /^[0-9a-f]{8}-[0-9a-f]{4}-7[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;
