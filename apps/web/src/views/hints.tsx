/** What to run to fill an empty hub: the workplans in a repo, synced by the CLI. */
export const SYNC_HINT = (
  <p>
    Workstreams and tasks come from the workplans in your repos. Sync them from a repo's root with{" "}
    <code>pnpm statehub workplans sync workplans/</code> (add <code>--url</code> and <code>--token</code> for
    a remote hub), or create them through the API (<code>/trpc</code>).
  </p>
);
