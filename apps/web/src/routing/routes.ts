import type { DecisionStatus, Subject, WorkstreamStatus } from "@statehub/events";
import { DECISION_STATUSES, SUBJECTS, WORKSTREAM_STATUSES } from "../labels.js";
import { readChoice, readText, toSearch } from "./query-string.js";

// Every view has a stable URL; its filters are in the query string. This file is the one place
// that knows the URL shapes: views link with `href.*` and read their filters with `parse*`.

export type Route =
  | { view: "overview" }
  | { view: "domain"; slug: string }
  | { view: "workstream"; ref: WorkstreamRef }
  | { view: "decisions" }
  | { view: "decision"; id: string }
  | { view: "events" }
  | { view: "not-found"; path: string };

/** A workstream is linked by id (stable across renames); a key typed by hand works too. */
export type WorkstreamRef = { id: string } | { key: string };

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const SLUG = /^[a-z0-9][a-z0-9-]{0,63}$/;
const KEY = /^[A-Za-z0-9][A-Za-z0-9._-]{0,99}$/;

function segment(value: string): string | undefined {
  try {
    return decodeURIComponent(value);
  } catch {
    return undefined; // a malformed %-escape
  }
}

export function matchRoute(pathname: string): Route {
  const parts = pathname.split("/").filter((part) => part !== "");
  const [first, second, ...rest] = parts;
  if (first === undefined) return { view: "overview" };
  if (rest.length === 0) {
    if (first === "decisions" && second === undefined) return { view: "decisions" };
    if (first === "events" && second === undefined) return { view: "events" };
    const value = second === undefined ? undefined : segment(second);
    if (first === "domains" && value !== undefined && SLUG.test(value))
      return { view: "domain", slug: value };
    if (first === "decisions" && value !== undefined && UUID.test(value)) {
      return { view: "decision", id: value.toLowerCase() };
    }
    if (first === "workstreams" && value !== undefined) {
      if (UUID.test(value)) return { view: "workstream", ref: { id: value.toLowerCase() } };
      if (KEY.test(value)) return { view: "workstream", ref: { key: value } };
    }
  }
  return { view: "not-found", path: pathname };
}

interface DomainFilters {
  /** Only the domain's workstreams with this status. */
  status?: WorkstreamStatus | undefined;
}

export interface DecisionFilters {
  status?: DecisionStatus | undefined;
  domain?: string | undefined;
}

export interface EventFilters {
  subject?: Subject | undefined;
  /** The id of the entity the events are about (the envelope's `subject`). */
  entity?: string | undefined;
}

export function parseDomainFilters(params: URLSearchParams): DomainFilters {
  return { status: readChoice(params, "status", WORKSTREAM_STATUSES) };
}

export function parseDecisionFilters(params: URLSearchParams): DecisionFilters {
  return {
    status: readChoice(params, "status", DECISION_STATUSES),
    domain: readText(params, "domain", { pattern: SLUG }),
  };
}

export function parseEventFilters(params: URLSearchParams): EventFilters {
  return {
    subject: readChoice(params, "subject", SUBJECTS),
    entity: readText(params, "entity", { pattern: UUID }),
  };
}

export const href = {
  overview: () => "/",
  domain: (slug: string, filters: DomainFilters = {}) =>
    `/domains/${encodeURIComponent(slug)}${toSearch({ status: filters.status })}`,
  workstream: (id: string) => `/workstreams/${encodeURIComponent(id)}`,
  decisions: (filters: DecisionFilters = {}) =>
    `/decisions${toSearch({ status: filters.status, domain: filters.domain })}`,
  decision: (id: string) => `/decisions/${encodeURIComponent(id)}`,
  events: (filters: EventFilters = {}) =>
    `/events${toSearch({ subject: filters.subject, entity: filters.entity })}`,
};
