// Small readers over the YAML tree that tolerate wrong shapes: the schema reports those, so
// here a value of the wrong type simply reads as absent.
import { isAlias, isScalar, isSeq, type Document, type Node } from 'yaml';
import type { Problem } from '../errors.js';
import type { Position, Template } from './model.js';
import { mapEntries, type Locator, type MapEntry } from './positions.js';
import { tokenizeTemplate } from './template.js';

/** What normalizing one file shares: where things are, what was found wrong, ids seen. */
export interface NormalizeContext {
  doc: Document;
  locator: Locator;
  problems: Problem[];
  /** Every step id with where it was first declared. */
  ids: Map<string, Position>;
  /** The playbook's `agent.tool` (claude when unset): the tool of a step that names none. */
  agentTool?: string;
}

export function deref(ctx: NormalizeContext, node: unknown): Node | undefined {
  if (isAlias(node)) return node.resolve(ctx.doc) ?? undefined;
  return (node ?? undefined) as Node | undefined;
}

export type Field = MapEntry;

/** A mapping's entries by key (scalar keys only, merge keys applied). */
export function fields(ctx: NormalizeContext, node: unknown): Map<string, Field> | undefined {
  return mapEntries(ctx.doc, node);
}

export function scalar(node: Node | undefined): unknown {
  return isScalar(node) ? node.value : undefined;
}

export function readString(node: Node | undefined): string | undefined {
  const v = scalar(node);
  return typeof v === 'string' ? v : undefined;
}

export function readBool(node: Node | undefined, fallback: boolean): boolean {
  const v = scalar(node);
  return typeof v === 'boolean' ? v : fallback;
}

export function readInt(node: Node | undefined): number | undefined {
  const v = scalar(node);
  return typeof v === 'number' && Number.isInteger(v) ? v : undefined;
}

export function readNumber(node: Node | undefined): number | undefined {
  const v = scalar(node);
  return typeof v === 'number' ? v : undefined;
}

export function readStrings(ctx: NormalizeContext, node: Node | undefined): string[] {
  const seq = deref(ctx, node);
  if (!isSeq(seq)) return [];
  return seq.items.map((item) => scalar(deref(ctx, item))).filter((v) => typeof v === 'string');
}

/**
 * Text of only spaces, tabs or newlines is as empty as "" (which the schema reports): it would
 * run a shell that does nothing, or send the agent no prompt.
 */
export function checkNotBlank(ctx: NormalizeContext, node: Node | undefined, label: string): void {
  const v = readString(node);
  if (v === undefined || v === '' || v.trim() !== '') return;
  ctx.problems.push({
    ...ctx.locator.node(node),
    message: `${label} must not be empty; it holds only whitespace`,
  });
}

/** Tokenizes a string (or number/boolean, written as text) scalar into a template. */
export function readTemplate(
  ctx: NormalizeContext,
  node: Node | undefined,
  shell: boolean,
): Template | undefined {
  const v = scalar(node);
  if (!isScalar(node) || v === null || typeof v === 'object') return undefined;
  const source = typeof v === 'string' ? v : JSON.stringify(v);
  const exact = typeof v === 'string';
  const { template, problems } = tokenizeTemplate(source, {
    shell,
    posAt: (i) => (exact ? ctx.locator.inScalar(node, i) : ctx.locator.node(node)),
  });
  ctx.problems.push(...problems);
  return template;
}

/** `NAME: value` pairs as templates (values are text, never shell source). */
export function readEnv(ctx: NormalizeContext, node: Node | undefined): Record<string, Template> {
  const out: Record<string, Template> = {};
  for (const [name, field] of fields(ctx, node) ?? []) {
    const template = readTemplate(ctx, field.value, false);
    if (template) out[name] = template;
  }
  return out;
}
