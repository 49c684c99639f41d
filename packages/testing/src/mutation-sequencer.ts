import { relative } from "node:path";
import { BaseSequencer, type TestSpecification } from "vitest/node";

/**
 * The order of test files in a mutation run (the `sequence.sequencer` of the
 * vitest.mutation*.config.ts files of packages/api and apps/server). Stryker runs the tests
 * covering a mutant with bail = 1: the first failure ends the run. vitest's own order puts the slowest files first (right for a parallel
 * run, where the longest should start early), so a mutant that a quick file kills waited for
 * the slow ones first. Here: the file that failed last comes first (nearby mutants tend to be
 * caught by the same tests), then the quickest. A survivor runs every covering file either way.
 *
 * Only for runs that isolate test files (vitest's default): with `isolate: false` (packages/events)
 * it left mutants alive that vitest's order kills, so the order can change what a run sees there.
 */
export class QuickFirstSequencer extends BaseSequencer {
  override async sort(files: TestSpecification[]): Promise<TestSpecification[]> {
    const lastRun = (spec: TestSpecification) =>
      this.ctx.cache.getFileTestResults(
        `${spec.project.name}:${relative(this.ctx.config.root, spec.moduleId)}`,
      );
    return [...files].sort((a, b) => {
      const resultA = lastRun(a);
      const resultB = lastRun(b);
      // Not run yet (the dry run): keep the order given.
      if (!resultA || !resultB) return 0;
      if (resultA.failed !== resultB.failed) return resultA.failed ? -1 : 1;
      return resultA.duration - resultB.duration;
    });
  }
}
