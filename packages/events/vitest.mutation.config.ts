import { defineConfig, mergeConfig } from "vitest/config";
import base from "./vitest.config.js";

// The test run Stryker repeats once per mutant (stryker.config.json). Four things differ from vitest.config.ts:
// - Property tests draw fewer cases (test/mutation-setup.ts).
// - isolate: false. Stryker switches mutants on at run time (mutant schemata), so a mutant needs no
//   fresh module graph; re-importing zod, fast-check and the catalog for every run was most of the cost.
// - vitest's own file order, not @statehub/testing's QuickFirstSequencer (the other packages'
//   runs use it): with isolate off, that order left mutants of src/tooling/asyncapi.ts alive that
//   this order kills (42 of 61 killed against 60 of 61, asyncapi.ts alone, 2026-12-03), a false
//   score, so it is not used here.
// - Three suites left out, because no mutant in src can fail them that the other suites do not fail
//   as well, and each costs seconds per run: the catalog against the committed schema history through
//   git (test/contract-compat.test.ts; the checker's rules are pinned case by case in compat/*.test.ts,
//   the schemas byte for byte by the drift test), the @asyncapi/parser validation (seconds to load; what it reads, docs/asyncapi.yaml, is
//   pinned byte for byte by the drift test in src/tooling/artefacts.test.ts) and the Python validation
//   of the committed schemas (a mutant cannot change a committed file; its samples come from
//   createEnvelope, which the parse and create suites pin exactly).
export default mergeConfig(
  base,
  defineConfig({
    test: {
      isolate: false,
      setupFiles: ["test/mutation-setup.ts"],
      exclude: [
        "src/tooling/asyncapi.test.ts",
        "test/python-jsonschema.test.ts",
        "test/contract-compat.test.ts",
        "**/node_modules/**",
      ],
    },
  }),
);
