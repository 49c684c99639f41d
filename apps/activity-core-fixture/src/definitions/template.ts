import { valueAt } from "../paths.js";

const PLACEHOLDER = /\{\{\s*([^{}\s]+)\s*\}\}/g;

/** A placeholder named a value the input does not have: a handler failure, never a crash. */
export class TemplateError extends Error {
  constructor(readonly placeholder: string) {
    super(`placeholder {{${placeholder}}} names a missing value`);
    this.name = "TemplateError";
  }
}

/** The paths a template's placeholders name, in order of appearance. */
export function placeholdersOf(template: string): string[] {
  return [...template.matchAll(PLACEHOLDER)].map((match) => match[1] as string);
}

function display(value: unknown): string {
  if (value === null) return "";
  if (typeof value === "object") return JSON.stringify(value);
  return String(value);
}

/** Replaces every `{{path}}` with the value at that path; a missing value throws TemplateError. */
export function renderTemplate(template: string, input: unknown): string {
  return template.replace(PLACEHOLDER, (_, path: string) => {
    const value = valueAt(input, path);
    if (value === undefined) throw new TemplateError(path);
    return display(value);
  });
}
