import { type ReactNode, useEffect } from "react";

/** The view's one <h1>, and the document title to match (what a tab and history show). */
export function PageHeading({ title, children }: { title: string; children?: ReactNode }) {
  useEffect(() => {
    document.title = `${title} · statehub`;
  }, [title]);
  return <h1>{children ?? title}</h1>;
}
