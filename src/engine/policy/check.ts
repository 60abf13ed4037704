// A step's change against its policy: which rules it breaks, and in words that never quote a
// secret.
import type { ChangedFile } from '../../git/changes.js';
import type {
  PolicyRule,
  PolicyRuleName,
  PolicyRules,
  PolicySeverity,
  Playbook,
  Step,
} from '../../playbook/model.js';
import type { PolicyOrigin } from '../../playbook/policy.js';
import { DEFAULT_PROTECTED, DEPENDENCY_FILES, isMmmManifest, pathMatcher } from './paths.js';

/** A secret found in an added line: where and by which rule, never the secret itself. */
export interface SecretFinding {
  path: string;
  line: number;
  /** The secretlint rule that found it, e.g. `@secretlint/secretlint-rule-aws`. */
  ruleId: string;
  /** What the rule says it is, e.g. `AWSAccessKeyID`. */
  messageId: string;
}

/** One rule a change breaks. */
export interface PolicyViolation {
  rule: PolicyRuleName;
  severity: PolicySeverity;
  /** `playbook` (the playbook's and the step's rules, and the default protected paths) or `repository` (.mmm/policy.yml). */
  origin: PolicyOrigin;
  /** What is wrong, in one line. */
  message: string;
  /** The paths that break it (for the size limits: every changed path). */
  paths: string[];
  /** For `secrets`: where each one was found. */
  findings: SecretFinding[] | undefined;
}

/** A set of rules checked together, and where they come from. */
export interface RuleSet {
  origin: PolicyOrigin;
  rules: PolicyRules;
}

/** Finds secrets in the lines the files add. */
export type SecretScanner = (files: readonly ChangedFile[]) => Promise<SecretFinding[]>;

/**
 * The rules a step's change is checked against: the playbook's `policy:` with the step's own
 * merged over it rule by rule; the default protected paths unless `protect:` says otherwise.
 */
export function stepRules(playbook: Playbook, step: Step): PolicyRules {
  const rules: PolicyRules = { ...playbook.policy, ...step.policy };
  rules.protect ??= { value: true, severity: 'block' };
  return rules;
}

export function listPaths(paths: readonly string[]): string {
  const shown = paths.slice(0, 5).join(', ');
  return paths.length > 5 ? `${shown} and ${String(paths.length - 5)} more` : shown;
}

function on<K extends PolicyRuleName>(
  rule: PolicyRule<K> | undefined,
): PolicySettings<K> | undefined {
  return rule === undefined || rule.value === false ? undefined : (rule.value as PolicySettings<K>);
}
type PolicySettings<K extends PolicyRuleName> = Exclude<PolicyRule<K>['value'], false>;

function describeFinding(f: SecretFinding): string {
  return `${f.path}:${String(f.line)} (${f.messageId}, ${f.ruleId})`;
}

/** The violations of one set of rules; `secrets` asks the scanner, once for every set. */
async function checkSet(
  set: RuleSet,
  files: readonly ChangedFile[],
  secrets: () => Promise<SecretFinding[]>,
): Promise<PolicyViolation[]> {
  const { rules, origin } = set;
  const found: PolicyViolation[] = [];
  const add = (
    rule: PolicyRuleName,
    message: string,
    paths: string[],
    findings?: SecretFinding[],
  ) => {
    const severity = rules[rule]?.severity ?? 'block';
    const from = origin === 'repository' ? ' (.mmm/policy.yml)' : '';
    found.push({ rule, severity, origin, message: `${rule}${from}: ${message}`, paths, findings });
  };
  const all = files.map((f) => f.path);
  const maxFiles = on(rules.max_changed_files);
  if (maxFiles !== undefined && files.length > maxFiles) {
    add(
      'max_changed_files',
      `changed ${String(files.length)} files, more than ${String(maxFiles)}: ${listPaths(all)}`,
      all,
    );
  }
  const maxLines = on(rules.max_changed_lines);
  const added = files.reduce((n, f) => n + f.added, 0);
  const deleted = files.reduce((n, f) => n + f.deleted, 0);
  if (maxLines !== undefined && added + deleted > maxLines) {
    add(
      'max_changed_lines',
      `changed ${String(added + deleted)} lines (+${String(added)} -${String(deleted)}), more than ${String(maxLines)}`,
      all,
    );
  }
  const deny = on(rules.deny_paths);
  if (deny !== undefined) {
    const match = pathMatcher(deny);
    const hit = files.filter((f) => match(f.path) !== undefined);
    if (hit.length > 0) {
      const shown = hit.map((f) => `${f.path} (${match(f.path) ?? ''})`);
      add(
        'deny_paths',
        `changed denied paths: ${listPaths(shown)}`,
        hit.map((f) => f.path),
      );
    }
  }
  const allow = on(rules.allow_paths);
  if (allow !== undefined) {
    const match = pathMatcher(allow);
    const outside = all.filter((path) => match(path) === undefined);
    if (outside.length > 0) {
      add(
        'allow_paths',
        `changed paths outside ${allow.join(', ')}: ${listPaths(outside)}`,
        outside,
      );
    }
  }
  if (on(rules.deny_deletions)) {
    const gone = files.filter((f) => f.status === 'deleted').map((f) => f.path);
    if (gone.length > 0) add('deny_deletions', `deleted ${listPaths(gone)}`, gone);
  }
  if (on(rules.dependencies)) {
    const match = pathMatcher(DEPENDENCY_FILES);
    const deps = all.filter((path) => match(path) !== undefined);
    if (deps.length > 0) {
      add('dependencies', `changed dependency manifests or lockfiles: ${listPaths(deps)}`, deps);
    }
  }
  if (on(rules.secrets)) {
    const findings = await secrets();
    if (findings.length > 0) {
      const where = findings.map(describeFinding);
      const paths = [...new Set(findings.map((f) => f.path))];
      add('secrets', `added what looks like a secret at ${listPaths(where)}`, paths, findings);
    }
  }
  const protect = on(rules.protect);
  if (protect !== undefined) {
    const match = pathMatcher(protect === true ? DEFAULT_PROTECTED : protect);
    const hit = files
      .filter((f) => !isMmmManifest(f.path, f.status) && match(f.path) !== undefined)
      .map((f) => f.path);
    if (hit.length > 0) add('protect', `changed protected paths: ${listPaths(hit)}`, hit);
  }
  return found;
}

/** Every rule of every set that the change breaks, block and warn alike. */
export async function checkPolicy(
  files: readonly ChangedFile[],
  sets: readonly RuleSet[],
  scan: SecretScanner,
): Promise<PolicyViolation[]> {
  if (files.length === 0) return [];
  let scanned: Promise<SecretFinding[]> | undefined;
  const secrets = () => (scanned ??= scan(files));
  const found: PolicyViolation[] = [];
  for (const set of sets) found.push(...(await checkSet(set, files, secrets)));
  return found;
}

/** True when the change needs its added lines read: some set scans for secrets. */
export function needsAddedLines(sets: readonly RuleSet[]): boolean {
  return sets.some((set) => set.rules.secrets !== undefined && set.rules.secrets.value !== false);
}
