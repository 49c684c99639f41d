// A project outside the monorepo using the packed client: compiled by the packed-consumer test.
import {
  createStateHubClient,
  type RouterInputs,
  type RouterOutputs,
  TRPCClientError,
} from "@statehub/client";

const hub = createStateHubClient({ url: "http://127.0.0.1:4000", token: "a-read-token-0000" });

type Repo = RouterOutputs["repos"]["get"];
type Register = RouterInputs["repos"]["register"];

export async function registerCheckout(): Promise<Repo> {
  const input: Register = { name: "acme/checkout", domain: "platform" };
  return hub.repos.register.mutate(input);
}

export async function openDecisions(): Promise<string[]> {
  const page = await hub.decisions.list.query({ status: "open", limit: 10 });
  return page.items.map((decision) => decision.title);
}

export const createdAt = (repo: Repo): string => repo.createdAt;
export const isApiError = (error: unknown): boolean => error instanceof TRPCClientError;

// The types are real (not `any`): these must be errors.
// @ts-expect-error the domain is required
void hub.repos.register.mutate({ name: "acme/checkout" });
// @ts-expect-error no such procedure
void hub.repos.remove;
// @ts-expect-error dates are ISO strings on the wire, not Date
export const wrong = (repo: Repo): Date => repo.createdAt;
