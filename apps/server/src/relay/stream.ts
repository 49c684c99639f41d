import {
  JetStreamApiCodes,
  JetStreamApiError,
  type JetStreamManager,
  jetstreamManager,
  StorageType,
} from "@nats-io/jetstream";
import { type NatsConnection, nanos } from "@nats-io/transport-node";
import { DUPLICATE_WINDOW_MS, SUBJECT_WILDCARD } from "@statehub/events";
import { errorMessage } from "../error-message.js";

export type EnsureStreamResult =
  | { ok: true; action: "created" | "updated" | "unchanged" }
  | { ok: false; reason: string };

/**
 * Creates the stream, or widens it to carry the hub's subjects with a long enough duplicate
 * window. Without permission to inspect or change streams it reports why and the relay publishes
 * anyway (an operator may manage the stream; publishing tells whether it exists).
 */
export async function ensureStream(
  nc: NatsConnection,
  name: string,
  options: { timeoutMs?: number } = {},
): Promise<EnsureStreamResult> {
  let jsm: JetStreamManager;
  try {
    jsm = await jetstreamManager(nc, {
      checkAPI: false,
      ...(options.timeoutMs ? { timeout: options.timeoutMs } : {}),
    });
  } catch (error) {
    return { ok: false, reason: errorMessage(error) };
  }
  const wantedWindow = nanos(DUPLICATE_WINDOW_MS);
  try {
    const info = await jsm.streams.info(name);
    const subjects = info.config.subjects ?? [];
    const hasSubjects = subjects.includes(SUBJECT_WILDCARD);
    const windowLongEnough = (info.config.duplicate_window ?? 0) >= wantedWindow;
    if (hasSubjects && windowLongEnough) return { ok: true, action: "unchanged" };
    // Narrower event subjects (e.g. org.statehub.repo.>) would overlap the wildcard: it replaces them.
    const covered = SUBJECT_WILDCARD.slice(0, -1);
    await jsm.streams.update(name, {
      subjects: hasSubjects
        ? subjects
        : [...subjects.filter((s) => !s.startsWith(covered)), SUBJECT_WILDCARD],
      duplicate_window: Math.max(info.config.duplicate_window ?? 0, wantedWindow),
    });
    return { ok: true, action: "updated" };
  } catch (error) {
    if (!isStreamNotFound(error)) return { ok: false, reason: errorMessage(error) };
  }
  try {
    await jsm.streams.add({
      name,
      subjects: [SUBJECT_WILDCARD],
      storage: StorageType.File,
      duplicate_window: wantedWindow,
    });
    return { ok: true, action: "created" };
  } catch (error) {
    return { ok: false, reason: errorMessage(error) };
  }
}

function isStreamNotFound(error: unknown): boolean {
  return error instanceof JetStreamApiError && error.code === JetStreamApiCodes.StreamNotFound;
}
