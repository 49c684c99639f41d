import type { RouterOutputs } from "@statehub/client";

// The hub's shapes as the typed client sees them: nothing here is declared by hand, so a change
// in the API is a type error in the view that reads it.

export type Domain = RouterOutputs["domains"]["list"]["items"][number];
export type DomainGoal = RouterOutputs["domainGoals"]["get"];
export type Repo = RouterOutputs["repos"]["get"];
export type Workstream = RouterOutputs["workstreams"]["get"];
export type Task = RouterOutputs["tasks"]["get"];
export type Decision = RouterOutputs["decisions"]["get"];
export type ProgressNote = RouterOutputs["progress"]["list"]["items"][number];
export type EventEntry = RouterOutputs["events"]["list"]["items"][number];
