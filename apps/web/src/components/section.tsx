import type { ReactNode } from "react";

/**
 * A titled part of a view: a <section> named by its <h2>, so that assistive technology (and the
 * browser tests, by role "region") find it by its title.
 */
export function Section({ id, title, children }: { id: string; title: ReactNode; children: ReactNode }) {
  const headingId = `${id}-heading`;
  return (
    <section aria-labelledby={headingId}>
      <h2 id={headingId}>{title}</h2>
      {children}
    </section>
  );
}
