// The engine's door: run a playbook in a working tree and get a summary back.
export { runPlaybook } from './run.js';
export { newRunId } from './run-id.js';
export { defaultEngineDeps } from './deps.js';
export { DEFAULT_SHELL_TIMEOUT_MS, DEFAULT_INLINE_OUTPUT_BYTES } from './execute-shell.js';
export { DEFAULT_AGENT_TIMEOUT_MS } from './execute-agent.js';
export type {
  CutOffConversation,
  EngineDeps,
  GateDecisions,
  GateVerdict,
  ResumeFrom,
  RunCommit,
  RunOptions,
  RunState,
  RunSummary,
} from './types.js';
export type {
  EventSink,
  MmmEvent,
  MmmEventType,
  RunStatus,
  StopReason,
  StepRef,
} from '../events.js';
