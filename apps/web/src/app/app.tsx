import { useEffect, useRef } from "react";
import { Link, useLocation } from "../routing/router.js";
import { href, matchRoute, type Route } from "../routing/routes.js";
import { DecisionView } from "../views/decision.js";
import { DecisionsView } from "../views/decisions.js";
import { DomainView } from "../views/domain.js";
import { EventsView } from "../views/events.js";
import { NotFoundView } from "../views/not-found.js";
import { OverviewView } from "../views/overview.js";
import { WorkstreamView } from "../views/workstream.js";
import { HubStatus } from "./hub-status.js";
import { TokenPrompt } from "./token-prompt.js";

const NAV: Array<{ label: string; href: string; current: (route: Route) => boolean }> = [
  { label: "Overview", href: href.overview(), current: (route) => route.view === "overview" },
  {
    label: "Decisions",
    href: href.decisions(),
    current: (route) => route.view === "decisions" || route.view === "decision",
  },
  { label: "Events", href: href.events(), current: (route) => route.view === "events" },
];

function View({ route, search }: { route: Route; search: URLSearchParams }) {
  switch (route.view) {
    case "overview":
      return <OverviewView />;
    case "domain":
      return <DomainView slug={route.slug} search={search} />;
    case "workstream":
      return <WorkstreamView workstream={route.ref} />;
    case "decisions":
      return <DecisionsView search={search} />;
    case "decision":
      return <DecisionView id={route.id} />;
    case "events":
      return <EventsView search={search} />;
    case "not-found":
      return <NotFoundView path={route.path} />;
  }
}

export function App() {
  const location = useLocation();
  const route = matchRoute(location.pathname);
  const main = useRef<HTMLElement>(null);
  const shownPath = useRef(location.pathname);

  // A new view: start at its top and move focus to it (as a page load would), so keyboard and
  // screen-reader users land on the new content, not on the link they followed.
  useEffect(() => {
    if (shownPath.current === location.pathname) return;
    shownPath.current = location.pathname;
    window.scrollTo(0, 0);
    main.current?.focus();
  }, [location.pathname]);

  return (
    <>
      <a className="skip-link" href="#main">
        Skip to content
      </a>
      <header className="site-header">
        <Link href={href.overview()} className="brand">
          statehub
        </Link>
        <nav aria-label="Main">
          <ul>
            {NAV.map((item) => (
              <li key={item.href}>
                <Link href={item.href} aria-current={item.current(route) ? "page" : undefined}>
                  {item.label}
                </Link>
              </li>
            ))}
          </ul>
        </nav>
        <HubStatus />
      </header>
      <main id="main" ref={main} tabIndex={-1}>
        <View route={route} search={location.search} />
      </main>
      <footer className="site-footer">
        <p>
          Read-only view of the hub. Changes go through the API (<code>/trpc</code>) and the workplan sync.
        </p>
      </footer>
      <TokenPrompt />
    </>
  );
}
