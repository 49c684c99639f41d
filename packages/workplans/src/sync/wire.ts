// The shapes of `workplans.sync` on the wire, from the API's router (types only).
import type { RouterInputs, RouterOutputs } from "@statehub/client";

export type SyncInput = RouterInputs["workplans"]["sync"];
export type SyncFileInput = SyncInput["files"][number];
export type SyncReport = RouterOutputs["workplans"]["sync"];
export type FileReport = SyncReport["files"][number];
export type OrphanReport = SyncReport["orphans"][number];
export type FileOutcome = FileReport["outcome"];
export type TaskCounts = FileReport["tasks"];
export type KnownFile = RouterOutputs["workplans"]["check"]["known"][number];
