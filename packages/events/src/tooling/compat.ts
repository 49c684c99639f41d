import { currentSubjects } from "./artefacts.js";
import { checkContract, formatReport } from "./compat/check.js";
import { readPublishedFiles, readWorkingTree, schemaHistory } from "./compat/published.js";
import { envelopeJsonSchema } from "./json-schema.js";

// CLI: `compat [--base <git ref>]`. HEAD and every earlier commit that changed a schema are
// checked (each published a contract); `--base origin/main` or CONTRACT_BASE_REF adds a branch
// the history does not contain.
const refs = [...new Set(["HEAD", ...schemaHistory(), ...baseRefs()])];
const { files, notes, origins } = readPublishedFiles(refs);
for (const note of notes) console.log(`note: ${note}`);

const reports = checkContract({
  current: currentSubjects(),
  currentEnvelope: envelopeJsonSchema(),
  published: files,
  onDisk: readWorkingTree(),
});

if (reports.length === 0) {
  console.log(
    `contract compatible: ${files.length} published schema files checked against ${origins.join(", ") || "nothing"}`,
  );
} else {
  console.error(`contract BROKEN: ${reports.length} backward-incompatible change(s):`);
  for (const report of reports) console.error(`  ✗ ${formatReport(report)}`);
  console.error(
    [
      "",
      "A published version must stay compatible. For a breaking change bump the subject's `version`",
      "in packages/events/src/catalog, run `pnpm gen`, and commit the new schema beside the old one.",
    ].join("\n"),
  );
  process.exitCode = 1;
}

function baseRefs(): string[] {
  const flag = process.argv.indexOf("--base");
  const fromFlag = flag >= 0 ? process.argv[flag + 1] : undefined;
  const ref = fromFlag ?? process.env.CONTRACT_BASE_REF;
  return ref ? [ref] : [];
}
