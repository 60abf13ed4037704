// The run ledger: a SQLite database per repository recording every run's events, and the
// provenance manifests committed with a run's changes.
export {
  openLedger,
  openRepoLedger,
  openRepoLedgerForReading,
  locateLedger,
  type Ledger,
  type OpenLedgerOptions,
} from './open.js';
export { createLedgerSink, type LedgerSink, type LedgerSinkOptions } from './sink.js';
export {
  ledgerPathsForRoot,
  LEDGER_IGNORE_PATTERNS,
  runOutputDir,
  type LedgerPaths,
} from './paths.js';
export { INLINE_OUTPUT_LIMIT, sha256File, sha256Text } from './outputs.js';
export { SCHEMA_VERSION } from './schema.js';
export { abbreviationLength, resolveRunPrefix } from './resolve.js';
export { buildProvenance, provenancePath, writeProvenance } from './provenance.js';
export type * from './provenance-types.js';
export { PROVENANCE_FORMAT } from './provenance-types.js';
export type * from './types.js';
export type { CallOutcome, ConversationRecord } from './conversations.js';
export type { ListRunsOptions, Queries } from './queries.js';
export { isResumable } from './queries.js';
export type { Recorder } from './record.js';
export type { GateBook, GateDecision, GateRecord, GateState } from './gates.js';
export type { MapBook, MapItemRecord, MapItemState, MapRecord, MapStatus, NewMap } from './maps.js';
export type { Browse, OutputSlice, RunPage, RunPageQuery } from './browse.js';
