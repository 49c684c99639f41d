/** The ways a current schema can break consumers of a published one; each names one rule. */
export type CompatRule =
  | "field-removed"
  | "required-field-added"
  | "field-made-required"
  | "field-made-optional"
  | "type-narrowed"
  | "nullable-removed"
  | "enum-value-removed"
  | "enum-narrowed"
  | "constraint-tightened"
  | "pattern-changed"
  | "format-changed"
  | "additional-properties-closed"
  | "keyword-changed"
  | "published-version-removed"
  | "published-version-modified"
  | "subject-removed"
  | "version-decreased";

export interface Violation {
  /** Dotted path of the field inside the schema (`""` for the whole document, `[]` for array items). */
  path: string;
  rule: CompatRule;
  message: string;
}
