import { describe, expect, it } from "vitest";
import { href, matchRoute, parseDecisionFilters, parseDomainFilters, parseEventFilters } from "./routes.js";

const ID = "01936f6e-7c2a-7000-8000-0123456789ab";

describe("matchRoute", () => {
  it("maps each view's URL to its view", () => {
    expect(matchRoute("/")).toEqual({ view: "overview" });
    expect(matchRoute("/domains/payments")).toEqual({ view: "domain", slug: "payments" });
    expect(matchRoute(`/workstreams/${ID}`)).toEqual({ view: "workstream", ref: { id: ID } });
    expect(matchRoute(`/workstreams/${ID.toUpperCase()}`)).toEqual({ view: "workstream", ref: { id: ID } });
    expect(matchRoute("/workstreams/CUST-WP-0040")).toEqual({
      view: "workstream",
      ref: { key: "CUST-WP-0040" },
    });
    expect(matchRoute("/decisions")).toEqual({ view: "decisions" });
    expect(matchRoute("/decisions/")).toEqual({ view: "decisions" });
    expect(matchRoute(`/decisions/${ID}`)).toEqual({ view: "decision", id: ID });
    expect(matchRoute("/events")).toEqual({ view: "events" });
  });

  it("says not found for anything else, including values the API would refuse", () => {
    for (const path of [
      "/nothing",
      "/domains",
      "/domains/Pay ments",
      "/domains/payments/extra",
      "/workstreams/-leading-dash",
      "/decisions/not-a-uuid",
      "/events/x",
      "/domains/%E0%A4%A",
    ]) {
      expect(matchRoute(path)).toEqual({ view: "not-found", path });
    }
  });

  it("reads back every URL that href builds", () => {
    expect(matchRoute(href.domain("payments"))).toEqual({ view: "domain", slug: "payments" });
    expect(matchRoute(href.workstream(ID))).toEqual({ view: "workstream", ref: { id: ID } });
    expect(matchRoute(href.decision(ID))).toEqual({ view: "decision", id: ID });
  });
});

describe("filters in the query string", () => {
  it("are written in a fixed order, without empty values, and read back", () => {
    expect(href.decisions({ domain: "payments", status: "open" })).toBe(
      "/decisions?status=open&domain=payments",
    );
    expect(href.decisions({ status: undefined, domain: "" })).toBe("/decisions");
    const url = new URL(href.events({ entity: ID, subject: "org.statehub.task.stale" }), "http://hub");
    expect(url.search).toBe(`?subject=org.statehub.task.stale&entity=${ID}`);
    expect(parseEventFilters(url.searchParams)).toEqual({ subject: "org.statehub.task.stale", entity: ID });
    expect(href.domain("payments", { status: "blocked" })).toBe("/domains/payments?status=blocked");
  });

  it("drop what the view does not know instead of failing (an old or hand-edited link)", () => {
    const params = new URLSearchParams(
      "status=archived&domain=Not A Slug&subject=org.statehub.nope&entity=42",
    );
    expect(parseDecisionFilters(params)).toEqual({ status: undefined, domain: undefined });
    expect(parseEventFilters(params)).toEqual({ subject: undefined, entity: undefined });
    expect(parseDomainFilters(params)).toEqual({ status: undefined });
    expect(parseDecisionFilters(new URLSearchParams("status=resolved&domain=payments"))).toEqual({
      status: "resolved",
      domain: "payments",
    });
  });
});
