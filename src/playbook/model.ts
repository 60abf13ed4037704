// The one normalized model every playbook form (bare list, `commands:`, full mapping) loads into.
// The engine reads only this; it never sees YAML.

/** A place in a playbook file, 1-based. */
export interface Position {
  file: string;
  line: number;
  col: number;
}

/** A variable reference, resolved against the run's context when rendered. */
export type VarRef =
  | { kind: 'step'; id: string; field: string } // ${id.output}, ${id.exit_code}, ${id.success}, ${id.<output-name>}
  | { kind: 'shell_output' } // ${shell.output}: the latest shell step's output
  | { kind: 'arg' } // $ARG / ${ARG}
  | { kind: 'item' } // ${item}
  | { kind: 'iteration' } // ${ITERATION}
  | { kind: 'env'; name: string }; // ${env.NAME}

/**
 * Where a variable stands in shell source, found when the command is tokenized at load time,
 * so rendering can reference it as an environment variable without changing the quoting.
 */
export type ShellQuoting = 'none' | 'double' | 'single';

export type TemplatePart =
  | { kind: 'text'; text: string }
  | { kind: 'var'; ref: VarRef; raw: string; pos: Position; quoting: ShellQuoting };

/** A string with `${...}` references, tokenized once at load time. */
export interface Template {
  source: string;
  parts: TemplatePart[];
}

/** A `when:` / `until` condition, parsed at load time. Never evaluated as code. */
export type Expr =
  | { kind: 'literal'; value: string | number | boolean }
  | { kind: 'var'; ref: VarRef; pos: Position }
  | { kind: 'not'; operand: Expr }
  | {
      kind: 'binary';
      op: '==' | '!=' | '<' | '>' | '<=' | '>=' | '&&' | '||';
      left: Expr;
      right: Expr;
    };

export interface OutputSpec {
  /** A glob, relative to the step's working directory; the newest matching file's path is the value. */
  filePattern: string;
}

export type StepKind = 'claude' | 'shell';

/** What a step's commits pass before they land on the run's branch (docs/gates.md). */
export type GateKind = 'auto' | 'ack' | 'approve';

/** Default `ack_window`: how long an ack gate waits for a rejection. */
export const DEFAULT_ACK_WINDOW_MS = 10 * 60_000;

export interface Step {
  /** 0-based index in `steps:`; handler steps carry their parent's index. */
  index: number;
  id: string | undefined;
  /** Short human label: the id, or the kind and the start of the command. */
  label: string;
  kind: StepKind;
  command: Template;
  /** Default false. */
  commitRequired: boolean;
  /** Undefined: the engine's default for the kind. */
  timeoutMs: number | undefined;
  env: Record<string, Template>;
  workingDir: Template | undefined;
  when: Expr | undefined;
  onFailure: FailureHandler | undefined;
  onSuccess: Step | undefined;
  /** Default true: keep the step's output for ${id.output}. */
  captureOutput: boolean;
  outputs: Record<string, OutputSpec>;
  /**
   * The step's own `policy:` rules, merged rule by rule over the playbook's; a handler without
   * one follows the step it belongs to. Undefined: the playbook's rules alone.
   */
  policy: PolicyRules | undefined;
  /** The step's own `gate:`; undefined takes the playbook's. */
  gate: GateKind | undefined;
  /** The step's own `ack_window:`; undefined takes the playbook's. */
  ackWindowMs: number | undefined;
  /**
   * The step's own `agent:` settings, each over the playbook's (claude steps only); undefined:
   * the playbook's alone.
   */
  agent: Partial<AgentSettings> | undefined;
  pos: Position;
}

/** What a policy rule does when a step's change breaks it. */
/** block: kept off the branch; warn: lands, with a warning; approve: held for a person (a gate). */
export type PolicySeverity = 'block' | 'warn' | 'approve';

/** The setting of each policy rule, as `policy:` writes it when the rule is on. */
export interface PolicySettings {
  max_changed_files: number;
  max_changed_lines: number;
  deny_paths: string[];
  allow_paths: string[];
  deny_deletions: true;
  dependencies: true;
  secrets: true;
  /** `true`: the default protected paths; a list replaces them. */
  protect: true | string[];
}

export type PolicyRuleName = keyof PolicySettings;

/** A rule as written: its setting, or `false` when turned off, and its severity. */
export interface PolicyRule<K extends PolicyRuleName = PolicyRuleName> {
  value: PolicySettings[K] | false;
  severity: PolicySeverity;
}

/** Policy rules by name; a rule not given is not set at this level. */
export type PolicyRules = { [K in PolicyRuleName]?: PolicyRule<K> };

export interface FailureHandler {
  step: Step;
  /** Tries of the failing step in all, including the first (default 1 for claude steps, 3 for shell steps). */
  maxAttempts: number;
  /** Stop the workflow when the step still fails after its attempts (default true). */
  failWorkflow: boolean;
  /**
   * Give up when the step fails the same way this many tries in a row (default 2); undefined
   * when `stop_on_repeat: false`.
   */
  stopOnRepeat: number | undefined;
}

export interface AgentSettings {
  /** Agent CLI: 'claude' (default). */
  tool: string;
  model: string | undefined;
  permissionMode: string | undefined;
  allowedTools: string[];
  disallowedTools: string[];
  maxTurns: number | undefined;
  timeoutMs: number | undefined;
  appendSystemPrompt: string | undefined;
  /**
   * How long one agent call may wait in all for a rate limit, an overload or a usage limit to lift
   * (`agent.wait_on_limit`, default 6h); undefined when waiting is off (`false`).
   */
  waitOnLimitMs: number | undefined;
  /** Stop a call that printed nothing and changed no file for this long (`agent.idle_timeout`). */
  idleTimeoutMs: number | undefined;
  /**
   * When a resumed run runs again the step whose agent call was cut off, that step's first call
   * continues the cut-off conversation (`agent.resume_conversation`, default false).
   */
  resumeConversation: boolean;
  /** Agents that make the same call, in order, when one fails for a reason not the work's. */
  fallback: AgentChoice[];
}

/** An agent CLI and the model to ask it for (undefined: the CLI's own default). */
export interface AgentChoice {
  tool: string;
  model: string | undefined;
}

export interface Budget {
  maxCostUsd: number | undefined;
  maxAgentCalls: number | undefined;
  maxDurationMs: number | undefined;
}

export type PlaybookForm = 'list' | 'commands' | 'mapping';

export interface Playbook {
  /** Path as the user gave it. */
  file: string;
  /** The file's text as decoded from UTF-8 (a leading byte-order mark is dropped). */
  source: string;
  /** SHA-256 of `source`, hex. */
  hash: string;
  form: PlaybookForm;
  /** `name:`, else the file name without extension. */
  name: string;
  /** Default 1; `-n` overrides. */
  maxIterations: number;
  until: Step | undefined;
  agent: AgentSettings;
  budget: Budget;
  env: Record<string, Template>;
  /** `policy:`, the rules every step's change is checked against; `{}` when not given. */
  policy: PolicyRules;
  /** `gate:` of steps that set none; default `auto`. */
  gate: GateKind;
  /** `ack_window:` of steps that set none; default 10 minutes. */
  ackWindowMs: number;
  steps: Step[];
}

/** What a finished step exposes to later references. */
export interface StepValues {
  /** Captured output, or the path of the file it was spilled to when large. */
  output: string;
  exitCode: number | null;
  success: boolean;
  /** Named outputs (`outputs:`), by name. */
  named: Record<string, string>;
  /** Why the policy blocked the step's last try, for `${<id>.violation}`; undefined if it did not. */
  violation?: string | undefined;
}

/** Everything a template or condition can refer to at the moment it is rendered. */
export interface VarContext {
  /** Steps that have finished in this iteration (or earlier ones), by id. */
  steps: Record<string, StepValues>;
  /** Output of the latest shell step to finish, for ${shell.output}. */
  lastShellOutput: string | undefined;
  arg: string | undefined;
  item: string | undefined;
  iteration: number;
  env: Record<string, string | undefined>;
}
