// The workplan's title is its first level-1 ATX heading (`# …`), outside fenced code blocks.

interface Heading {
  text: string;
  /** 0-based line within the body. */
  lineIndex: number;
  /** 1-based column of the heading text. */
  column: number;
}

const FENCE = /^ {0,3}(`{3,}|~{3,})/;
const H1 = /^ {0,3}#(?:[ \t]+(.*?))?[ \t]*$/;

export function firstHeading(body: string): Heading | undefined {
  const lines = body.split(/\r?\n/);
  let fence: string | undefined;
  for (const [lineIndex, line] of lines.entries()) {
    const fenceMatch = FENCE.exec(line);
    if (fenceMatch?.[1]) {
      const marker = fenceMatch[1];
      if (fence === undefined) fence = marker;
      else if (marker[0] === fence[0] && marker.length >= fence.length) fence = undefined;
      continue;
    }
    if (fence !== undefined) continue;
    const heading = H1.exec(line);
    if (!heading) continue;
    // An optional closing sequence of #s is not part of the text.
    const raw = heading[1] ?? "";
    const text = raw.replace(/(?:^|[ \t]+)#+$/, "").trim();
    return { text, lineIndex, column: raw === "" ? line.length + 1 : line.indexOf(raw) + 1 };
  }
  return undefined;
}

/** The heading without a leading `KEY:` (the workplan's id), as in `# CUST-WP-0040: Title`. */
export function titleFromHeading(heading: string, key: string): string {
  const prefix = `${key}:`;
  return heading.startsWith(prefix) ? heading.slice(prefix.length).trim() : heading;
}
