import { type AnchorHTMLAttributes, type MouseEvent, useSyncExternalStore } from "react";

// A router of about fifty lines instead of a dependency: the dashboard has five views, all
// addressed by path + query string, and needs only "what is the location", "go there" and
// links that keep the browser's own behaviour (new tab, copy link, back/forward).

const NAVIGATED = "statehub:navigated";

function subscribe(onChange: () => void): () => void {
  window.addEventListener("popstate", onChange);
  window.addEventListener(NAVIGATED, onChange);
  return () => {
    window.removeEventListener("popstate", onChange);
    window.removeEventListener(NAVIGATED, onChange);
  };
}

const currentHref = () => window.location.pathname + window.location.search;

interface Location {
  pathname: string;
  search: URLSearchParams;
}

/** The current location; re-renders on navigation and on back/forward. */
export function useLocation(): Location {
  const path = useSyncExternalStore(subscribe, currentHref);
  const url = new URL(path, window.location.origin);
  return { pathname: url.pathname, search: url.searchParams };
}

/** Goes to a path in this app: a new history entry, or a replaced one (e.g. a filter change). */
export function navigate(to: string, options: { replace?: boolean } = {}): void {
  if (to === currentHref()) return;
  if (options.replace) window.history.replaceState(null, "", to);
  else window.history.pushState(null, "", to);
  window.dispatchEvent(new Event(NAVIGATED));
}

function isPlainLeftClick(event: MouseEvent<HTMLAnchorElement>): boolean {
  return (
    event.button === 0 &&
    !event.defaultPrevented &&
    !event.metaKey &&
    !event.ctrlKey &&
    !event.shiftKey &&
    !event.altKey
  );
}

/** An ordinary <a href> that navigates in place on a plain click. */
export function Link({ href, onClick, ...rest }: AnchorHTMLAttributes<HTMLAnchorElement> & { href: string }) {
  return (
    <a
      href={href}
      {...rest}
      onClick={(event) => {
        onClick?.(event);
        if (!isPlainLeftClick(event)) return;
        event.preventDefault();
        navigate(href);
      }}
    />
  );
}
