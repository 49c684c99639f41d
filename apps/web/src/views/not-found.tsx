import { PageHeading } from "../components/page.js";
import { Link } from "../routing/router.js";
import { href } from "../routing/routes.js";

export function NotFoundView({ path }: { path: string }) {
  return (
    <>
      <PageHeading title="Page not found" />
      <p>
        The dashboard has no page at <code>{path}</code>. Start from the{" "}
        <Link href={href.overview()}>overview</Link>.
      </p>
    </>
  );
}
