// `policy:` (in a playbook, a step, or the repository's .mmm/policy.yml) into rules, every
// problem at its node. The schema describes the same shapes for editors; its errors under a
// policy are left to this module, which can say more precisely what is wrong.
import { isMap, isScalar, isSeq, type Node } from 'yaml';
import type {
  PolicyRule,
  PolicyRuleName,
  PolicyRules,
  PolicySettings,
  PolicySeverity,
} from './model.js';
import { didYouMean } from './suggest.js';
import { deref, fields, type NormalizeContext } from './yaml-access.js';

export const POLICY_RULES: readonly PolicyRuleName[] = [
  'max_changed_files',
  'max_changed_lines',
  'deny_paths',
  'allow_paths',
  'deny_deletions',
  'dependencies',
  'secrets',
  'protect',
];

const SEVERITIES: readonly PolicySeverity[] = ['block', 'warn', 'approve'];
/** The severity of a rule written as its bare setting. */
export const DEFAULT_SEVERITY: PolicySeverity = 'block';

const SWITCHES = new Set<PolicyRuleName>(['deny_deletions', 'dependencies', 'secrets']);
const COUNTS = new Set<PolicyRuleName>(['max_changed_files', 'max_changed_lines']);

/** Where the rules are read: the repository's file may only add rules, never turn one off. */
export type PolicyOrigin = 'playbook' | 'repository';

interface Reader {
  ctx: NormalizeContext;
  origin: PolicyOrigin;
  report: (node: Node | undefined, message: string) => void;
}

function what(rule: PolicyRuleName): string {
  if (COUNTS.has(rule)) return 'a whole number (0 or more)';
  if (SWITCHES.has(rule)) return 'true, false, block, warn or approve';
  if (rule === 'protect') return 'true (the default protected paths), false, or a list of globs';
  return 'a list of globs';
}

function shown(node: Node | undefined): string {
  if (isMap(node)) return 'a mapping';
  if (isSeq(node)) return 'a list';
  const v: unknown = isScalar(node) ? node.value : undefined;
  return v === null || v === undefined ? 'nothing' : JSON.stringify(v);
}

function readGlobs(r: Reader, rule: PolicyRuleName, node: Node): string[] | undefined {
  if (!isSeq(node)) return undefined;
  const globs: string[] = [];
  for (const item of node.items) {
    const entry = deref(r.ctx, item);
    const v: unknown = isScalar(entry) ? entry.value : undefined;
    if (typeof v !== 'string' || v.trim() === '') {
      r.report(
        entry,
        `each entry of \`${rule}\` must be a glob such as "src/**", got ${shown(entry)}`,
      );
      continue;
    }
    globs.push(v.trim());
  }
  if (rule === 'allow_paths' && node.items.length === 0) {
    r.report(
      node,
      '`allow_paths` must list at least one glob; write `allow_paths: false` to turn it off',
    );
  }
  return globs;
}

/** The rule's setting from its bare value; undefined (with a problem) when it is not one. */
function readSetting<K extends PolicyRuleName>(
  r: Reader,
  rule: K,
  node: Node | undefined,
): PolicySettings[K] | false | undefined {
  const v: unknown = isScalar(node) ? node.value : undefined;
  let setting: unknown;
  if (v === false) setting = false;
  else if (COUNTS.has(rule)) {
    if (typeof v === 'number' && Number.isInteger(v) && v >= 0) setting = v;
  } else if (SWITCHES.has(rule)) {
    if (v === true) setting = true;
  } else if (rule === 'protect' && v === true) setting = true;
  else if (node) setting = readGlobs(r, rule, node);
  if (setting === undefined) {
    r.report(node, `\`${rule}\` must be ${what(rule)}, got ${shown(node)}`);
    return undefined;
  }
  if (setting === false && r.origin === 'repository') {
    r.report(
      node,
      `\`${rule}: false\` turns nothing off here: .mmm/policy.yml can only add rules to a playbook's policy; remove the line`,
    );
    return undefined;
  }
  return setting as PolicySettings[K] | false;
}

function readSeverity(r: Reader, node: Node | undefined): PolicySeverity | undefined {
  const v: unknown = isScalar(node) ? node.value : undefined;
  if (typeof v === 'string' && (SEVERITIES as string[]).includes(v)) return v as PolicySeverity;
  r.report(node, `\`severity\` must be block, warn or approve, got ${shown(node)}`);
  return undefined;
}

function readRule<K extends PolicyRuleName>(
  r: Reader,
  rule: K,
  node: Node | undefined,
): PolicyRule<K> | undefined {
  const v: unknown = isScalar(node) ? node.value : undefined;
  // `secrets: warn` reads better than `secrets: { value: true, severity: warn }`.
  if (SWITCHES.has(rule) && typeof v === 'string' && (SEVERITIES as string[]).includes(v)) {
    return { value: true as PolicySettings[K], severity: v as PolicySeverity };
  }
  const f = isMap(node) ? fields(r.ctx, node) : undefined;
  if (!f) {
    const value = readSetting(r, rule, node);
    return value === undefined ? undefined : { value, severity: DEFAULT_SEVERITY };
  }
  for (const [key, field] of f) {
    if (key !== 'value' && key !== 'severity') {
      r.report(
        field.key,
        `unknown key \`${key}\` in \`${rule}\`; a rule is its setting, or { value, severity }`,
      );
    }
  }
  const valueField = f.get('value');
  if (!valueField) {
    r.report(
      node,
      `missing \`value\` in \`${rule}\`: write { value: <${what(rule)}>, severity: block|warn|approve }`,
    );
    return undefined;
  }
  const value = readSetting(r, rule, deref(r.ctx, valueField.value));
  const severityField = f.get('severity');
  const severity = severityField
    ? readSeverity(r, deref(r.ctx, severityField.value))
    : DEFAULT_SEVERITY;
  if (value === undefined || severity === undefined) return undefined;
  return { value, severity };
}

/**
 * The rules of a `policy:` mapping. Problems (an unknown rule, a setting of the wrong kind, a
 * severity other than block, warn or approve) go to ctx.problems.
 */
export function readPolicy(
  ctx: NormalizeContext,
  node: Node | undefined,
  origin: PolicyOrigin = 'playbook',
): PolicyRules {
  const r: Reader = {
    ctx,
    origin,
    report: (at, message) => ctx.problems.push({ ...ctx.locator.node(at), message }),
  };
  const rules: PolicyRules = {};
  const f = fields(ctx, node);
  if (!f) {
    const name = origin === 'repository' ? '.mmm/policy.yml' : '`policy`';
    r.report(
      node,
      `${name} must be a mapping of rules (${POLICY_RULES.join(', ')}), got ${shown(node)}`,
    );
    return rules;
  }
  for (const [key, field] of f) {
    if (!(POLICY_RULES as string[]).includes(key)) {
      const hint = didYouMean(key, POLICY_RULES) || `; the rules are ${POLICY_RULES.join(', ')}`;
      r.report(field.key, `unknown policy rule \`${key}\`${hint}`);
      continue;
    }
    const rule = readRule(r, key as PolicyRuleName, deref(ctx, field.value));
    if (rule) (rules as Record<string, PolicyRule>)[key] = rule;
  }
  return rules;
}
