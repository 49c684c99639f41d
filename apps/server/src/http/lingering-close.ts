import type { IncomingMessage, ServerResponse } from "node:http";
import { writeJsonHead } from "./json.js";

/**
 * How long a refused upload is listened to after its answer. A client still writing its body
 * when the hub closes gets a connection reset, and the reset destroys the answer it has not
 * read yet (Node's fetch and node:http report EPIPE instead of the 413). So the hub reads and
 * discards the rest of the body first — but never for long: a client that sends forever, or
 * stalls, must not hold a socket.
 */
export interface LingerLimits {
  /** Bytes discarded at most; a client sending more loses the answer to a reset. */
  maxBytes: number;
  /** Time spent at most, however slowly the client keeps sending. */
  maxMs: number;
  /** Time without a byte from the client after which the hub stops waiting. */
  idleMs: number;
}

export const LINGER_LIMITS: LingerLimits = { maxBytes: 16 * 1024 * 1024, maxMs: 10_000, idleMs: 2_000 };

/**
 * Answers a request whose body the hub will not read, then closes the connection without
 * losing that answer ("lingering close", RFC 9112 §9.6): the answer is written at once, the
 * connection is marked to close, the rest of the body is read and thrown away until it ends,
 * the client stops sending (idle), or a limit is reached, and only then is the response ended,
 * which closes the connection.
 */
export function answerThenLinger(
  req: IncomingMessage,
  res: ServerResponse,
  status: number,
  body: unknown,
  limits: LingerLimits = LINGER_LIMITS,
): void {
  res.write(writeJsonHead(res, status, body, { connection: "close" }));
  if (req.complete || req.destroyed) {
    res.end();
    return;
  }

  let discarded = 0;
  const close = () => {
    clearTimeout(total);
    clearTimeout(idle);
    req.off("data", onData);
    req.off("end", close);
    req.off("close", close);
    // Unread bytes may follow (when a limit was reached): the reset they cause is the bound's price.
    res.end();
  };
  const onData = (chunk: Buffer) => {
    discarded += chunk.length;
    if (discarded > limits.maxBytes) close();
    else idle.refresh();
  };
  const total = setTimeout(close, limits.maxMs);
  const idle = setTimeout(close, limits.idleMs);
  req.on("data", onData);
  req.once("end", close);
  req.once("close", close);
}
