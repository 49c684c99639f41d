import { useQuery } from "@tanstack/react-query";
import { useHub } from "../app/services.js";
import { PageHeading } from "../components/page.js";
import { QueryView } from "../components/query-view.js";
import { Link } from "../routing/router.js";
import { href } from "../routing/routes.js";
import { DecisionSummary } from "./decisions.js";

export function DecisionView({ id }: { id: string }) {
  const hub = useHub();
  const decision = useQuery({
    queryKey: ["decisions.get", { id }],
    queryFn: () => hub.decisions.get.query({ id }),
  });
  return (
    <>
      <PageHeading title={decision.data?.title ?? "Decision"} />
      <QueryView query={decision} what="the decision">
        {(data) => <DecisionSummary decision={data} heading="none" />}
      </QueryView>
      <p>
        <Link href={href.decisions()}>All decisions</Link>
      </p>
    </>
  );
}
