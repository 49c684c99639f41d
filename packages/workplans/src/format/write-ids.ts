import { isDeepStrictEqual } from "node:util";
import { isMap, isScalar, isSeq, type Node, type Pair, parseDocument, Scalar, type YAMLMap } from "yaml";
import { splitFrontmatter } from "./frontmatter.js";
import { KEYS } from "./workplan.js";

/** The hub's ids of a workplan's workstream and of its tasks (by task key). */
export interface HubIds {
  workstreamId: string;
  taskIds: ReadonlyMap<string, string>;
}

/** A change that cannot be made without rewriting more of the file than the ids. */
export class WriteIdsError extends Error {}

interface Edit {
  at: number;
  remove: number;
  insert: string;
}

// Where a missing id goes: after the first of these keys the mapping has (else after its last key).
const WORKSTREAM_ID_AFTER = [KEYS.status, KEYS.repo, KEYS.domain, KEYS.type, KEYS.id];
const TASK_ID_AFTER = [KEYS.taskTitle, KEYS.id];

/**
 * Writes `state_hub_workstream_id` and each task's `state_hub_task_id` into a workplan's
 * frontmatter, changing nothing else in the text: each value is replaced in place (keeping its
 * quoting), or inserted as one new line (or `, key: value` in a flow mapping) next to a
 * sibling key. Comments, key order, quoting, line breaks and the body stay byte for byte.
 * The result is parsed again and must hold the same data plus the ids, or nothing is returned.
 */
export function writeIds(text: string, ids: HubIds): { text: string; changed: boolean } {
  const split = splitFrontmatter(text);
  if (split.kind !== "ok") throw new WriteIdsError("the file has no frontmatter to write ids into");
  const doc = parseDocument(split.yaml, { uniqueKeys: true });
  const root = doc.contents;
  if (doc.errors.length > 0 || !isMap(root))
    throw new WriteIdsError("the frontmatter is not a valid mapping");

  const yaml = split.yaml;
  const edits: Edit[] = [];
  const set = (map: YAMLMap, key: string, value: string, after: readonly string[]) => {
    const edit = setScalar(yaml, split.eol, map, key, value, after);
    if (edit) edits.push(edit);
  };
  set(root, KEYS.workstreamId, ids.workstreamId, WORKSTREAM_ID_AFTER);
  forEachTaskWithId(root, ids, (item, taskId) => set(item, KEYS.taskId, taskId, TASK_ID_AFTER));
  if (edits.length === 0) return { text, changed: false };

  let newYaml = yaml;
  for (const edit of edits.sort((a, b) => b.at - a.at)) {
    newYaml = newYaml.slice(0, edit.at) + edit.insert + newYaml.slice(edit.at + edit.remove);
  }
  const newText = text.slice(0, split.yamlOffset) + newYaml + text.slice(split.yamlOffset + yaml.length);
  verify(split.yaml, newYaml, ids);
  return { text: newText, changed: true };
}

function setScalar(
  yaml: string,
  eol: string,
  map: YAMLMap,
  key: string,
  value: string,
  after: readonly string[],
): Edit | undefined {
  const pair = map.items.find((item) => scalarText(item.key) === key);
  if (pair) {
    const node = pair.value;
    if (!isScalar(node) || !node.range) {
      throw new WriteIdsError(`\`${key}\` holds a list or mapping, not an id: fix it by hand`);
    }
    if (scalarText(node)?.toLowerCase() === value.toLowerCase()) return undefined;
    const [start, end] = node.range;
    if (start === end) {
      // `key:` with no value: the id goes after the colon, before any comment.
      const before = yaml[start - 1] === ":" ? " " : "";
      const afterText = yaml[start] === "#" ? " " : "";
      return { at: start, remove: 0, insert: `${before}${value}${afterText}` };
    }
    return { at: start, remove: end - start, insert: quoted(node, value) };
  }

  const anchor = after.map((name) => findPair(map, name)).find((p) => p !== undefined) ?? map.items.at(-1);
  if (!anchor) throw new WriteIdsError(`cannot place \`${key}\` in an empty mapping`);
  const anchorEnd = endOf(anchor);
  if (map.flow) {
    const last = map.items.at(-1);
    const lastEnd = last ? endOf(last) : anchorEnd;
    return { at: lastEnd, remove: 0, insert: `, ${key}: ${value}` };
  }
  const keyStart = (anchor.key as Node).range?.[0];
  if (keyStart === undefined)
    throw new WriteIdsError(`cannot place \`${key}\`: no position for its neighbour`);
  const lineStart = yaml.lastIndexOf("\n", keyStart - 1) + 1;
  const indent = " ".repeat(keyStart - lineStart);
  const lineEnd = yaml.indexOf("\n", Math.max(anchorEnd - 1, keyStart));
  if (lineEnd === -1) return { at: yaml.length, remove: 0, insert: `${eol}${indent}${key}: ${value}` };
  return { at: lineEnd + 1, remove: 0, insert: `${indent}${key}: ${value}${eol}` };
}

function findPair(map: YAMLMap, name: string): Pair | undefined {
  return map.items.find((item) => scalarText(item.key) === name);
}

/** Where a pair's text ends (its value's, or its key's when it has no value). */
function endOf(pair: Pair): number {
  const value = pair.value as Node | null;
  const range = value?.range ?? (pair.key as Node).range;
  if (!range) throw new WriteIdsError("cannot find the position of a key");
  return range[1];
}

function quoted(node: Scalar, value: string): string {
  if (node.type === Scalar.QUOTE_DOUBLE) return `"${value}"`;
  if (node.type === Scalar.QUOTE_SINGLE) return `'${value}'`;
  return value;
}

function scalarText(node: unknown): string | undefined {
  if (!isScalar(node) || node.value === null) return undefined;
  if (typeof node.value === "string") return node.value;
  return typeof node.source === "string" ? node.source : String(node.value);
}

/** The edited frontmatter must parse to the same data as before with the ids set, and to nothing else. */
function verify(before: string, after: string, ids: HubIds): void {
  const expected = parseDocument(before);
  const root = expected.contents;
  if (!isMap(root)) throw new WriteIdsError("the frontmatter is not a mapping");
  const setId = (map: YAMLMap, key: string, value: string) => {
    const current = scalarText(map.get(key, true));
    if (current?.toLowerCase() !== value.toLowerCase()) map.set(key, value);
  };
  setId(root, KEYS.workstreamId, ids.workstreamId);
  forEachTaskWithId(root, ids, (item, taskId) => setId(item, KEYS.taskId, taskId));
  if (!isDeepStrictEqual(expected.toJS(), parseDocument(after).toJS())) {
    throw new WriteIdsError("writing the ids would change more than the ids (the file is left as it was)");
  }
}

/** Calls `visit` for each task in the frontmatter that the hub has an id for. */
function forEachTaskWithId(root: YAMLMap, ids: HubIds, visit: (item: YAMLMap, taskId: string) => void): void {
  const tasks = root.get(KEYS.tasks, true);
  if (!isSeq(tasks)) return;
  for (const item of tasks.items) {
    if (!isMap(item)) continue;
    const key = scalarText(item.get(KEYS.id, true));
    const taskId = key === undefined ? undefined : ids.taskIds.get(key);
    if (taskId !== undefined) visit(item, taskId);
  }
}
