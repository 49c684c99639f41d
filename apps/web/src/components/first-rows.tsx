import type { ReactNode } from "react";

/**
 * The first entries of a longer list, as rows, with a footer (usually "N of M shown" or a link to
 * the whole list); a sentence saying so when there are none.
 */
export function FirstRows<T extends { id: string }>({
  items,
  empty,
  row,
  footer,
}: {
  items: readonly T[];
  empty: string;
  row: (item: T) => ReactNode;
  footer: ReactNode;
}) {
  if (items.length === 0) return <p className="empty">{empty}</p>;
  return (
    <>
      <ul className="rows">
        {items.map((item) => (
          <li key={item.id}>{row(item)}</li>
        ))}
      </ul>
      {footer}
    </>
  );
}
