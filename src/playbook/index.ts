// The playbook language: what the engine and the CLI import.
export { loadPlaybook, type LoadPlaybookOptions } from './load.js';
export { parsePlaybook, type ParseResult } from './parse.js';
export { findNulByte, renderText, renderShell, resolveVar, type RenderedShell } from './render.js';
export { evaluateCondition, truthy } from './evaluate.js';
export { referencedVariables, summarizePlaybook } from './summary.js';
export { parseDuration } from './duration.js';
export { SCHEMA_PATH } from './schema.js';
export type * from './model.js';
