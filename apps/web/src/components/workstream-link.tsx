import { Link } from "../routing/router.js";
import { href } from "../routing/routes.js";

/** "KEY: Title", linked to the workstream's view (by id, which survives a rename). */
export function WorkstreamLink({ workstream }: { workstream: { id: string; key: string; title: string } }) {
  return (
    <Link href={href.workstream(workstream.id)}>
      {workstream.key}: {workstream.title}
    </Link>
  );
}
