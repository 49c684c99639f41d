import {
  JetStreamApiCodes,
  JetStreamApiError,
  type JetStreamManager,
  jetstreamManager,
  StorageType,
} from "@nats-io/jetstream";
import { type NatsConnection, nanos } from "@nats-io/transport-node";
import { SUBJECT_WILDCARD } from "@statehub/events";
import { errorMessage } from "../error-message.js";

/**
 * JetStream forgets a Nats-Msg-Id after this window. A message the relay published but could
 * not mark (crash, lost ack, database blip) is re-sent after at most one backoff cap (2 min) in
 * normal operation; 10 min leaves a wide margin for that and for a slow restart.
 */
export const DUPLICATE_WINDOW_MS = 10 * 60_000;

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
