import { type JetStreamClient, jetstream } from "@nats-io/jetstream";
import type { NatsConnection } from "@nats-io/transport-node";
import type { OutboxRow } from "@statehub/api/outbox";
import type { Logger } from "pino";
import type { NatsLink, NatsState } from "./nats-connection.js";
import { type PublishOutcome, publishBatch } from "./publisher.js";
import { ensureStream } from "./stream.js";

/** Publishes on one connection; stale once that connection is no longer the usable one. */
export interface StreamPublisher {
  readonly nc: NatsConnection;
  publish(rows: OutboxRow[]): Promise<PublishOutcome>;
}

export interface JetStreamTargetOptions {
  stream: string;
  publishTimeoutMs: number;
  logger: Pick<Logger, "info" | "warn">;
}

/**
 * The relay's side of NATS: the connection (lazily made, then kept up by the client), a
 * JetStream client on it, and the stream, ensured once per connection and again whenever the
 * relay asks (after NATS reconnects, or a publish suggests the stream is what is missing).
 */
export class JetStreamTarget {
  private current: { nc: NatsConnection; client: JetStreamClient; publisher: StreamPublisher } | undefined;
  // Stryker disable next-line BooleanLiteral: the first ready() resets it for its new connection
  private streamChecked = false;
  private streamWarned = false;

  constructor(
    private readonly link: NatsLink,
    private readonly options: JetStreamTargetOptions,
  ) {}

  get natsState(): NatsState {
    return this.link.state;
  }

  /** True when NATS is up but this process has not connected yet (the next `ready` connects). */
  // Stryker disable next-line BlockStatement: a label the loop replaces with the next state at once
  get needsConnecting(): boolean {
    // Stryker disable next-line ConditionalExpression,LogicalOperator: as above
    return this.link.state !== "reconnecting" && this.link.usable === undefined;
  }

  /**
   * A publisher while NATS is usable: connects the first time (throws when that attempt fails,
   * so the caller backs off), undefined while the client reconnects by itself.
   */
  async ready(): Promise<StreamPublisher | undefined> {
    if (this.link.state === "reconnecting") return undefined;
    let nc = this.link.usable;
    if (!nc) {
      nc = await this.link.ensureConnected();
      this.options.logger.info("relay connected to NATS");
    }
    if (this.current?.nc !== nc) {
      // Stryker disable next-line ObjectLiteral: each publish passes its own timeout (publishBatch)
      const client = jetstream(nc, { timeout: this.options.publishTimeoutMs });
      const publishOptions = { stream: this.options.stream, timeoutMs: this.options.publishTimeoutMs };
      this.current = {
        nc,
        client,
        publisher: { nc, publish: (rows) => publishBatch(client, rows, publishOptions) },
      };
      this.streamChecked = false;
    }
    if (!this.streamChecked) await this.checkStream(nc);
    return this.current.publisher;
  }

  /** Whether `publisher` still rides the usable connection (not one that dropped meanwhile). */
  isUsable(publisher: StreamPublisher): boolean {
    return this.link.usable === publisher.nc;
  }

  /** Ensure the stream again before the next publish: it may be what is missing or wrong. */
  recheckStream(): void {
    this.streamChecked = false;
  }

  close(): Promise<void> {
    return this.link.close();
  }

  private async checkStream(nc: NatsConnection): Promise<void> {
    this.streamChecked = true;
    // Stryker disable next-line ObjectLiteral: the check's timeout matters only against a hung server
    const result = await ensureStream(nc, this.options.stream, { timeoutMs: this.options.publishTimeoutMs });
    if (result.ok) {
      if (result.action !== "unchanged") {
        this.options.logger.info(
          { stream: this.options.stream, action: result.action },
          "relay: stream ensured",
        );
      }
    } else if (!this.streamWarned) {
      this.streamWarned = true;
      this.options.logger.warn(
        { stream: this.options.stream, reason: result.reason },
        "relay: cannot create or inspect the stream (not permitted?); publishing anyway",
      );
    }
  }
}
