import { describe, expectTypeOf, it } from "vitest";
import { createStateHubClient, type RouterInputs, type RouterOutputs } from "../src/index.js";

// Type-level checks: the `typecheck` task (tsc over src and test) is what fails on them.
describe("client types", () => {
  it("infers inputs and outputs from the server's router", () => {
    expectTypeOf<RouterInputs["repos"]["register"]>().toEqualTypeOf<{
      name: string;
      domain: string;
      url?: string | undefined;
      defaultBranch?: string | undefined;
    }>();
    expectTypeOf<RouterOutputs["workstreams"]["get"]["status"]>().toEqualTypeOf<
      "planned" | "active" | "blocked" | "completed" | "cancelled"
    >();
    // No transformer: dates are ISO strings on the wire and in the types.
    expectTypeOf<RouterOutputs["repos"]["get"]["createdAt"]>().toEqualTypeOf<string>();
    expectTypeOf<RouterInputs["repos"]["get"]>().toEqualTypeOf<{ id: string } | { name: string }>();
  });

  it("builds a client without contacting the server", () => {
    const client = createStateHubClient({ url: "http://127.0.0.1:1/", token: "t" });
    expectTypeOf(client.repos.list.query).toBeFunction();
  });
});
