import type { Instruction } from "../definitions/schema.js";
import { renderTemplate } from "../definitions/template.js";

interface RenderedInstruction {
  title: string;
  body: string;
  labels: string[];
}

/** Renders an instruction's templates; throws TemplateError when a placeholder has no value. */
export function renderInstruction(instruction: Instruction, input: unknown): RenderedInstruction {
  return {
    title: renderTemplate(instruction.title, input),
    body: renderTemplate(instruction.body, input),
    labels: instruction.labels.map((label) => renderTemplate(label, input)),
  };
}
