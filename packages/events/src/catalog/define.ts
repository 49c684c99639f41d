import type { z } from "zod";

/** Subjects follow `org.statehub.{noun}.{verb}`; the noun may have two segments (`domain.goal`). */
export type SubjectName = `org.statehub.${string}.${string}`;

// A plain group rather than `(?:…)`: the pattern is published in the envelope schema, which keeps
// to the portable regex subset (src/tooling/portable-pattern.ts).
export const SUBJECT_PATTERN = /^org\.statehub\.[a-z]+(\.[a-z]+)?\.[a-z]+$/;

export interface EventDefinition<S extends SubjectName = SubjectName, D extends z.ZodObject = z.ZodObject> {
  /** The NATS subject, also the CloudEvents `type`. */
  readonly subject: S;
  /** Major version of the data schema; bumped only for a backward-incompatible change. */
  readonly version: number;
  readonly description: string;
  /** The state change that publishes it, in words a consumer can rely on. */
  readonly firesWhen: string;
  readonly data: D;
  /** The id of the entity the event is about: becomes the envelope's `subject`. */
  readonly entityId: (data: z.output<D>) => string;
}

export function defineEvent<const S extends SubjectName, D extends z.ZodObject>(
  definition: EventDefinition<S, D>,
): EventDefinition<S, D> {
  return definition;
}
