// YAML that parses but cannot be a playbook: aliases that contain themselves, merge keys (<<)
// that merge no mapping, keys that are lists or mappings. Checked before the document is turned
// into plain values, which would loop, throw or warn on these.
import { isAlias, isMap, isScalar, isSeq, type Document, type Node } from 'yaml';
import type { Problem } from '../errors.js';
import type { Locator } from './positions.js';

export function checkStructure(doc: Document, locator: Locator): Problem[] {
  const problems: Problem[] = [];
  const done = new Set<Node>();
  const report = (node: Node | null | undefined, message: string) =>
    problems.push({ ...locator.node(node), message });

  const isMergeSource = (node: unknown): boolean => {
    const target = isAlias(node) ? node.resolve(doc) : node;
    return isMap(target);
  };

  const visit = (node: unknown, ancestors: Set<Node>): void => {
    if (isAlias(node)) {
      const target = node.resolve(doc);
      if (!target) return; // an unknown alias is already a YAML error
      if (ancestors.has(target)) {
        report(
          node,
          `alias *${node.source} refers to a node that contains it; a playbook cannot be recursive`,
        );
        return;
      }
      visit(target, ancestors);
      return;
    }
    if (!isMap(node) && !isSeq(node)) return;
    if (done.has(node)) return;
    const inner = new Set(ancestors).add(node);
    if (isSeq(node)) {
      for (const item of node.items) visit(item, inner);
    } else {
      for (const pair of node.items) {
        if (!isScalar(pair.key)) {
          report(pair.key as Node, 'a key must be plain text, not a list or a mapping');
          continue;
        }
        if (typeof pair.key.value === 'symbol') {
          const sources = isSeq(pair.value) ? pair.value.items : [pair.value];
          if (!sources.every(isMergeSource)) {
            report(
              pair.key,
              'a merge key (<<) takes a mapping, an alias of one (*name), or a list of those',
            );
            continue;
          }
        }
        visit(pair.value, inner);
      }
    }
    done.add(node);
  };
  visit(doc.contents, new Set());
  return problems;
}
