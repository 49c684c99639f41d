/** One choice of a filter: the value it puts in the URL and what the list shows. */
interface FilterOption<V extends string> {
  value: V;
  label: string;
}

/**
 * A labelled <select> that filters a list: the first option (value "") is "no filter", and a
 * change reports the chosen value, or undefined for that first option.
 */
export function FilterSelect<V extends string>({
  label,
  name,
  value,
  allLabel,
  options,
  onChange,
}: {
  label: string;
  name: string;
  value: V | undefined;
  allLabel: string;
  options: readonly FilterOption<V>[];
  onChange: (value: V | undefined) => void;
}) {
  return (
    <label>
      {label}{" "}
      <select
        name={name}
        value={value ?? ""}
        onChange={(event) => onChange((event.target.value || undefined) as V | undefined)}
      >
        <option value="">{allLabel}</option>
        {options.map((option) => (
          <option key={option.value} value={option.value}>
            {option.label}
          </option>
        ))}
      </select>
    </label>
  );
}
