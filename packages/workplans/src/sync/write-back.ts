import { chmod, readFile, rename, rm, stat, writeFile } from "node:fs/promises";
import { WriteIdsError, writeIds } from "../format/write-ids.js";
import type { FileReport } from "./wire.js";

type WriteBackResult = { kind: "written" } | { kind: "unchanged" } | { kind: "error"; message: string };

/**
 * Writes the hub's ids into a synced file (--write-ids). The file must still hold the bytes
 * that were synced; it is replaced atomically (a temporary file renamed over it).
 */
export async function writeBackIds(
  absPath: string,
  synced: Buffer,
  report: FileReport,
): Promise<WriteBackResult> {
  if (report.workstreamId === null) return { kind: "unchanged" };
  let result: { text: string; changed: boolean };
  try {
    result = writeIds(synced.toString("utf8"), {
      workstreamId: report.workstreamId,
      taskIds: new Map(report.taskIds.map((task) => [task.key, task.id])),
    });
  } catch (error) {
    if (error instanceof WriteIdsError)
      return { kind: "error", message: `ids not written: ${error.message}` };
    throw error;
  }
  if (!result.changed) return { kind: "unchanged" };
  const now = await readFile(absPath).catch(() => undefined);
  if (!now?.equals(synced))
    return { kind: "error", message: "ids not written: the file changed during the sync" };
  const temporary = `${absPath}.statehub-${process.pid}.tmp`;
  await writeFile(temporary, result.text, { flag: "wx" });
  try {
    await chmod(temporary, (await stat(absPath)).mode);
    await rename(temporary, absPath);
  } catch (error) {
    await rm(temporary, { force: true });
    throw error;
  }
  return { kind: "written" };
}
