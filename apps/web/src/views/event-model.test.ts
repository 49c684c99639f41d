import type { AnyEnvelope } from "@statehub/events";
import { describe, expect, it } from "vitest";
import type { EventEntry } from "../api/types.js";
import { deliveryOf, entityLinkOf } from "./event-model.js";

const envelope = (
  type: string,
  data: Record<string, unknown>,
  subject = "01936f6e-0000-7000-8000-000000000001",
) =>
  ({
    specversion: "1.0",
    id: "01936f6e-0000-7000-8000-0000000000aa",
    source: "/statehub",
    type,
    subject,
    time: "2026-03-10T12:00:00.000Z",
    datacontenttype: "application/json",
    dataschema: "https://example.invalid/schema/v1",
    data,
  }) as unknown as AnyEnvelope;

describe("entityLinkOf", () => {
  it("links each subject's entity to the view that shows it", () => {
    const ws = "01936f6e-0000-7000-8000-0000000000ws";
    expect(
      entityLinkOf(
        envelope("org.statehub.workstream.completed", { workstreamId: ws, key: "PAY-1", domain: "payments" }),
      ),
    ).toEqual({ label: "workstream PAY-1", href: `/workstreams/${ws}` });
    expect(entityLinkOf(envelope("org.statehub.task.stale", { key: "T1", workstreamId: ws }))).toEqual({
      label: "task T1",
      href: `/workstreams/${ws}`,
    });
    expect(
      entityLinkOf(envelope("org.statehub.decision.resolved", { decisionId: "d-1", title: "Use Postgres" })),
    ).toEqual({ label: "decision Use Postgres", href: "/decisions/d-1" });
    expect(entityLinkOf(envelope("org.statehub.repo.registered", { name: "acme/x", domain: "ops" }))).toEqual(
      {
        label: "repo acme/x",
        href: "/domains/ops",
      },
    );
    expect(
      entityLinkOf(envelope("org.statehub.domain.goal.activated", { title: "Fast CI", domain: "ops" })),
    ).toEqual({
      label: "goal Fast CI",
      href: "/domains/ops",
    });
  });

  it("falls back to the entity's events for a subject this build does not know", () => {
    const id = "01936f6e-0000-7000-8000-0000000000ff";
    expect(entityLinkOf(envelope("org.statehub.thing.happened", {}, id))).toEqual({
      label: id,
      href: `/events?entity=${id}`,
    });
  });
});

describe("deliveryOf", () => {
  const entry = (publishedAt: string | null, streamSequence: number | null) =>
    ({
      cursor: "c",
      envelope: envelope("org.statehub.task.stale", {}),
      publishedAt,
      streamSequence,
    }) as EventEntry;

  it("is pending until JetStream acknowledged the event, then published with its sequence", () => {
    expect(deliveryOf(entry(null, null))).toEqual({ state: "pending" });
    expect(deliveryOf(entry("2026-03-10T12:00:01.000Z", 42))).toEqual({
      state: "published",
      publishedAt: "2026-03-10T12:00:01.000Z",
      streamSequence: 42,
    });
  });
});
