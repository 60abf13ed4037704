// The ledger's tables, versioned through SQLite's user_version pragma. Each migration moves the
// database one version up; a database from a newer mmm is refused instead of being misread.
import type { Database } from 'better-sqlite3';
import { PreconditionError } from '../errors.js';

const V1 = `
CREATE TABLE runs (
  id TEXT PRIMARY KEY,
  playbook TEXT,
  playbook_hash TEXT,
  playbook_name TEXT,
  args TEXT NOT NULL DEFAULT '[]',
  arg TEXT,
  item TEXT,
  max_iterations INTEGER,
  mmm_version TEXT,
  session TEXT,
  cwd TEXT,
  base_commit TEXT,
  branch TEXT,
  status TEXT NOT NULL DEFAULT 'running',
  exit_code INTEGER,
  reason TEXT,
  message TEXT,
  started_at TEXT NOT NULL,
  finished_at TEXT,
  duration_ms INTEGER,
  iterations INTEGER NOT NULL DEFAULT 0,
  steps_ok INTEGER NOT NULL DEFAULT 0,
  steps_failed INTEGER NOT NULL DEFAULT 0,
  steps_skipped INTEGER NOT NULL DEFAULT 0,
  commits INTEGER NOT NULL DEFAULT 0,
  agent_calls INTEGER NOT NULL DEFAULT 0,
  cost_usd REAL,
  input_tokens INTEGER NOT NULL DEFAULT 0,
  output_tokens INTEGER NOT NULL DEFAULT 0,
  cache_creation_input_tokens INTEGER NOT NULL DEFAULT 0,
  cache_read_input_tokens INTEGER NOT NULL DEFAULT 0,
  pid INTEGER,
  host TEXT,
  last_event_at TEXT
);
CREATE INDEX runs_started_at ON runs (started_at);

CREATE TABLE iterations (
  run_id TEXT NOT NULL,
  iteration INTEGER NOT NULL,
  of_total INTEGER,
  started_at TEXT,
  finished_at TEXT,
  commits INTEGER,
  PRIMARY KEY (run_id, iteration)
);

CREATE TABLE steps (
  run_id TEXT NOT NULL,
  iteration INTEGER NOT NULL,
  step_index INTEGER NOT NULL,
  role TEXT NOT NULL,
  step_id TEXT,
  label TEXT NOT NULL,
  kind TEXT NOT NULL,
  status TEXT NOT NULL,
  skip_reason TEXT,
  attempts INTEGER NOT NULL DEFAULT 0,
  exit_code INTEGER,
  duration_ms INTEGER NOT NULL DEFAULT 0,
  commits INTEGER NOT NULL DEFAULT 0,
  files_changed INTEGER NOT NULL DEFAULT 0,
  lines_added INTEGER NOT NULL DEFAULT 0,
  lines_removed INTEGER NOT NULL DEFAULT 0,
  agent_calls INTEGER NOT NULL DEFAULT 0,
  cost_usd REAL,
  started_at TEXT,
  finished_at TEXT,
  PRIMARY KEY (run_id, iteration, step_index, role)
);

CREATE TABLE attempts (
  run_id TEXT NOT NULL,
  iteration INTEGER NOT NULL,
  step_index INTEGER NOT NULL,
  role TEXT NOT NULL,
  attempt INTEGER NOT NULL,
  step_id TEXT,
  label TEXT NOT NULL,
  kind TEXT NOT NULL,
  status TEXT NOT NULL,
  skip_reason TEXT,
  exit_code INTEGER,
  error TEXT,
  duration_ms INTEGER,
  head_before TEXT,
  head_after TEXT,
  commits INTEGER NOT NULL DEFAULT 0,
  files_changed INTEGER NOT NULL DEFAULT 0,
  lines_added INTEGER NOT NULL DEFAULT 0,
  lines_removed INTEGER NOT NULL DEFAULT 0,
  agent_calls INTEGER NOT NULL DEFAULT 0,
  cost_usd REAL,
  output_id INTEGER,
  started_at TEXT,
  finished_at TEXT,
  PRIMARY KEY (run_id, iteration, step_index, role, attempt)
);

CREATE TABLE events (
  id INTEGER PRIMARY KEY,
  run_id TEXT NOT NULL,
  seq INTEGER NOT NULL,
  type TEXT NOT NULL,
  at TEXT NOT NULL,
  data TEXT NOT NULL,
  UNIQUE (run_id, seq)
);

CREATE TABLE agent_calls (
  id INTEGER PRIMARY KEY,
  run_id TEXT NOT NULL,
  event_seq INTEGER NOT NULL,
  iteration INTEGER NOT NULL,
  step_index INTEGER NOT NULL,
  role TEXT NOT NULL,
  attempt INTEGER NOT NULL,
  step_id TEXT,
  label TEXT NOT NULL,
  agent TEXT NOT NULL,
  model TEXT,
  prompt TEXT NOT NULL,
  response TEXT NOT NULL,
  ok INTEGER NOT NULL,
  error TEXT,
  session_id TEXT,
  cost_usd REAL,
  input_tokens INTEGER,
  output_tokens INTEGER,
  cache_creation_input_tokens INTEGER,
  cache_read_input_tokens INTEGER,
  num_turns INTEGER,
  duration_ms INTEGER NOT NULL,
  at TEXT NOT NULL
);
CREATE INDEX agent_calls_run ON agent_calls (run_id);

CREATE TABLE commits (
  id INTEGER PRIMARY KEY,
  run_id TEXT NOT NULL,
  sha TEXT NOT NULL,
  iteration INTEGER NOT NULL,
  step_index INTEGER NOT NULL,
  role TEXT NOT NULL,
  attempt INTEGER NOT NULL,
  step_id TEXT,
  label TEXT NOT NULL,
  message TEXT NOT NULL,
  by_agent INTEGER NOT NULL,
  files TEXT NOT NULL,
  files_changed INTEGER NOT NULL,
  lines_added INTEGER NOT NULL,
  lines_removed INTEGER NOT NULL,
  at TEXT NOT NULL
);
CREATE INDEX commits_run ON commits (run_id);

CREATE TABLE outputs (
  id INTEGER PRIMARY KEY,
  run_id TEXT NOT NULL,
  iteration INTEGER NOT NULL,
  step_index INTEGER NOT NULL,
  role TEXT NOT NULL,
  attempt INTEGER NOT NULL,
  step_id TEXT,
  label TEXT NOT NULL,
  content TEXT,
  path TEXT,
  sha256 TEXT,
  size_bytes INTEGER NOT NULL,
  at TEXT NOT NULL
);
CREATE INDEX outputs_run ON outputs (run_id);

CREATE TABLE artifacts (
  run_id TEXT NOT NULL,
  path TEXT NOT NULL,
  sha256 TEXT NOT NULL,
  size_bytes INTEGER,
  recorded_at TEXT NOT NULL,
  PRIMARY KEY (run_id, path)
);
`;

/**
 * When the run's process started (Linux clock ticks since boot), beside its pid: a pid the system
 * gave to another process after the run died is not taken for the run.
 */
const V2 = `ALTER TABLE runs ADD COLUMN pid_start INTEGER;`;

/**
 * Run states: `status` holds the run's state (running, interrupted, crashed, failed, stopped,
 * done), moved by `run.state` events; `completed` is now `done`. `in_flight` is the try (as JSON)
 * that was in flight when the run left `running`. Runs left `running` by a process that is gone
 * are found and marked `crashed` when the ledger is next opened.
 */
const V3 = `
ALTER TABLE runs ADD COLUMN in_flight TEXT;
UPDATE runs SET status = 'done' WHERE status = 'completed';
`;

/**
 * Resuming runs: the playbook's text as the run started with it (to say what changed in the file
 * since), and the `--max-cost` limit it was given (a resumed run keeps what is left of it).
 */
const V4 = `
ALTER TABLE runs ADD COLUMN playbook_source TEXT;
ALTER TABLE runs ADD COLUMN max_cost_usd REAL;
`;

/**
 * Whole `--map` runs, so `mmm resume <map>` can finish one: what the map was started with, and
 * where each of its items stands (docs/ledger.md, Maps). `status` is `running` while a process
 * drives the map (`pid`, `pid_start`, `host`), then `done` or `interrupted`; `last_started_at` is
 * when it was started or last resumed.
 */
const V5 = `
CREATE TABLE maps (
  id TEXT PRIMARY KEY,
  playbook TEXT NOT NULL,
  playbook_hash TEXT NOT NULL,
  playbook_name TEXT NOT NULL,
  playbook_source TEXT,
  glob TEXT NOT NULL,
  jobs INTEGER NOT NULL,
  yes INTEGER NOT NULL,
  max_iterations INTEGER,
  max_cost_usd REAL,
  checkout TEXT NOT NULL,
  base_branch TEXT,
  base_commit TEXT NOT NULL,
  status TEXT NOT NULL,
  pid INTEGER,
  pid_start INTEGER,
  host TEXT,
  started_at TEXT NOT NULL,
  last_started_at TEXT NOT NULL,
  updated_at TEXT NOT NULL
);
CREATE TABLE map_items (
  map_id TEXT NOT NULL,
  position INTEGER NOT NULL,
  item TEXT NOT NULL,
  state TEXT NOT NULL,
  session TEXT,
  run_id TEXT,
  updated_at TEXT NOT NULL,
  PRIMARY KEY (map_id, position)
);
CREATE INDEX map_items_run ON map_items (run_id);
`;

/**
 * Policy: every rule a step's change broke, with its severity, the paths, and for secrets where
 * each was found and by which rule (never the secret); `saved_ref` holds a blocked change.
 */
const V6 = `
CREATE TABLE policy_violations (
  id INTEGER PRIMARY KEY,
  run_id TEXT NOT NULL,
  event_seq INTEGER NOT NULL,
  iteration INTEGER NOT NULL,
  step_index INTEGER NOT NULL,
  role TEXT NOT NULL,
  attempt INTEGER NOT NULL,
  step_id TEXT,
  label TEXT NOT NULL,
  rule TEXT NOT NULL,
  severity TEXT NOT NULL,
  origin TEXT NOT NULL,
  message TEXT NOT NULL,
  paths TEXT NOT NULL,
  findings TEXT,
  saved_ref TEXT,
  at TEXT NOT NULL
);
CREATE INDEX policy_violations_run ON policy_violations (run_id);
`;

/**
 * Gates (docs/gates.md): each gate a step passed or waits at, with its proposal (the ref holding
 * the step's commits until they land), its state (pending, approved, rejected) and who decided,
 * when, and why. `runs.state_reason` is why the run entered its state (a gated run is `paused`
 * for `approval` or `ack`, and is not taken for crashed when its process is gone); `runs.gate` is
 * the `--gate` the run was started with, which a continued run keeps.
 */
const V7 = `
CREATE TABLE gates (
  id INTEGER PRIMARY KEY,
  run_id TEXT NOT NULL,
  proposal INTEGER,
  iteration INTEGER NOT NULL,
  step_index INTEGER NOT NULL,
  step_id TEXT,
  label TEXT NOT NULL,
  gate TEXT NOT NULL,
  ref TEXT,
  base TEXT NOT NULL,
  commit_sha TEXT NOT NULL,
  files TEXT NOT NULL DEFAULT '[]',
  files_changed INTEGER NOT NULL DEFAULT 0,
  lines_added INTEGER NOT NULL DEFAULT 0,
  lines_removed INTEGER NOT NULL DEFAULT 0,
  state TEXT NOT NULL,
  ack_until TEXT,
  retry INTEGER NOT NULL DEFAULT 0,
  decided_by TEXT,
  decided_at TEXT,
  comment TEXT,
  landed INTEGER NOT NULL DEFAULT 0,
  created_at TEXT NOT NULL,
  UNIQUE (run_id, proposal)
);
CREATE INDEX gates_state ON gates (state);
ALTER TABLE runs ADD COLUMN state_reason TEXT;
ALTER TABLE runs ADD COLUMN gate TEXT;
`;

/** `runs.agent`: the `--agent TOOL[:MODEL]` the run was started with, which a continued run keeps. */
const V8 = `
ALTER TABLE runs ADD COLUMN agent TEXT;
`;

/**
 * `agent_calls.cost_source`: where the call's cost came from: `reported` by the agent, `priced`
 * by mmm from its tokens and the price table (docs/prices.md), or `not reported`.
 */
const V9 = `
ALTER TABLE agent_calls ADD COLUMN cost_source TEXT;
`;

/** Migration N (1-based) takes a database from version N-1 to N. */
const MIGRATIONS: readonly string[] = [V1, V2, V3, V4, V5, V6, V7, V8, V9];

/** The schema version this mmm writes and reads. */
export const SCHEMA_VERSION = MIGRATIONS.length;

export function schemaVersion(db: Database): number {
  return db.pragma('user_version', { simple: true }) as number;
}

/** Refuses a database written by a newer mmm: its tables may mean something this one cannot read. */
export function assertReadable(db: Database, dbPath: string): void {
  const version = schemaVersion(db);
  if (version > SCHEMA_VERSION) {
    throw new PreconditionError(
      `this database was written by a newer mmm (schema ${version}); upgrade mmm: ${dbPath}`,
      { hint: `this mmm understands schema ${SCHEMA_VERSION} and below` },
    );
  }
}

/**
 * Brings the database to SCHEMA_VERSION. The check and the migrations happen under one write lock,
 * so processes opening a new database at the same moment migrate it once.
 */
export function migrate(db: Database, dbPath: string): void {
  if (schemaVersion(db) === SCHEMA_VERSION) return;
  db.transaction(() => {
    assertReadable(db, dbPath);
    for (let v = schemaVersion(db); v < SCHEMA_VERSION; v++) {
      db.exec(MIGRATIONS[v] ?? '');
      db.pragma(`user_version = ${v + 1}`);
    }
  }).immediate();
}
