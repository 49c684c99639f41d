// A workplan is markdown with YAML frontmatter: the file starts with a `---` line, and the YAML
// runs to the next `---` (or `...`) line. Everything after that line is the body.

type FrontmatterSplit =
  | { kind: "none" }
  | { kind: "unclosed" }
  | {
      kind: "ok";
      /** The YAML between the fences (its last line keeps its line break). */
      yaml: string;
      /** Offset of `yaml` in the text. */
      yamlOffset: number;
      /** 1-based file line of the first YAML line. */
      yamlFirstLine: number;
      /** The text after the closing fence's line. */
      body: string;
      /** 1-based file line of the body's first line. */
      bodyFirstLine: number;
      /** The file's line break, for lines written into it. */
      eol: "\n" | "\r\n";
    };

const OPENING = /^\uFEFF?---[ \t]*\r?\n/;
const CLOSING = /^(?:---|\.\.\.)[ \t]*(?:\r?\n|$)/gm;

export function splitFrontmatter(text: string): FrontmatterSplit {
  const opening = OPENING.exec(text);
  if (!opening) return { kind: "none" };
  const yamlOffset = opening[0].length;
  CLOSING.lastIndex = yamlOffset;
  const closing = CLOSING.exec(text);
  if (!closing) return { kind: "unclosed" };
  const yaml = text.slice(yamlOffset, closing.index);
  const bodyOffset = closing.index + closing[0].length;
  return {
    kind: "ok",
    yaml,
    yamlOffset,
    yamlFirstLine: 2,
    body: text.slice(bodyOffset),
    bodyFirstLine: 2 + countLines(yaml) + 1,
    eol: opening[0].endsWith("\r\n") ? "\r\n" : "\n",
  };
}

function countLines(text: string): number {
  let lines = 0;
  for (let i = text.indexOf("\n"); i !== -1; i = text.indexOf("\n", i + 1)) lines += 1;
  return lines;
}
