// The documentation, held to what it promises: every playbook it shows is one `mmm validate`
// accepts, every relative link leads somewhere, and the README's exit-code table is the one
// `mmm --help` prints. Conventions (CONTRIBUTING.md, "Documentation"): a ```yaml block is a whole
// playbook; a block that is deliberately only part of one is marked ```yaml fragment.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, relative, resolve } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { validateFiles } from '../../src/playbook/validate.js';

const root = resolve(import.meta.dirname, '../..');
const DOCS = [
  'README.md',
  'CONTRIBUTING.md',
  ...readdirSync(join(root, 'docs'))
    .filter((name) => name.endsWith('.md'))
    .sort()
    .map((name) => `docs/${name}`),
];
/** Files that show playbooks: each must keep at least one checked block. */
const SHOWS_PLAYBOOKS = [
  'README.md',
  'docs/playbooks.md',
  'docs/cook.md',
  'docs/worktrees.md',
  'docs/init.md',
  'docs/policy.md',
];
/** Linked before they are written; checked like any other page once they exist. */
const scratch = mkdtempSync(join(tmpdir(), 'mmm-docs-'));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

interface Block {
  file: string;
  /** 1-based line of the opening fence. */
  line: number;
  info: string[];
  text: string;
}

interface Line {
  /** 1-based. */
  number: number;
  text: string;
  /** Inside a fenced code block, fences included. */
  fenced: boolean;
}

interface Scanned {
  blocks: Block[];
  lines: Line[];
}

/** CommonMark fenced code blocks (``` or ~~~, indented as in a list item or not). */
function scan(file: string): Scanned {
  const source = readFileSync(join(root, file), 'utf8').split('\n');
  const blocks: Block[] = [];
  const lines: Line[] = [];
  let open: { indent: number; fence: string; line: number; info: string[]; body: string[] } | null =
    null;
  for (const [i, text] of source.entries()) {
    const number = i + 1;
    if (open === null) {
      const start = /^(\s*)(`{3,}|~{3,})(.*)$/.exec(text);
      if (start && !(start[2]!.startsWith('`') && start[3]!.includes('`'))) {
        const info = start[3]!.trim().split(/\s+/).filter(Boolean);
        open = { indent: start[1]!.length, fence: start[2]!, line: number, info, body: [] };
        lines.push({ number, text, fenced: true });
      } else {
        lines.push({ number, text, fenced: false });
      }
      continue;
    }
    lines.push({ number, text, fenced: true });
    const close = /^\s*(`{3,}|~{3,})\s*$/.exec(text);
    if (close && close[1]![0] === open.fence[0] && close[1]!.length >= open.fence.length) {
      blocks.push({ file, line: open.line, info: open.info, text: open.body.join('\n') + '\n' });
      open = null;
      continue;
    }
    const indent = /^ */.exec(text)![0].length;
    open.body.push(text.slice(Math.min(indent, open.indent)));
  }
  if (open !== null) throw new Error(`${file}:${String(open.line)}: a code block is never closed`);
  return { blocks, lines };
}

const scanned = new Map(DOCS.map((file) => [file, scan(file)]));
const yamlBlocks = [...scanned.values()].flatMap((s) =>
  s.blocks.filter((b) => b.info[0] === 'yaml' || b.info[0] === 'yml'),
);
const isPlaybook = (b: Block) => b.info.length === 1;
const isFragment = (b: Block) => b.info.length === 2 && b.info[1] === 'fragment';
const where = (b: Block) => `${b.file}:${String(b.line)}`;

describe('playbooks shown in the documentation', () => {
  it.each(yamlBlocks.filter(isPlaybook).map((b) => [where(b), b] as const))(
    '%s is a valid playbook',
    async (_, block) => {
      const path = join(scratch, `${block.file.replace(/\W/g, '-')}-${String(block.line)}.yml`);
      writeFileSync(path, block.text);
      const report = await validateFiles([path], { cwd: scratch });
      const file = report.files[0]!;
      // Each problem at its line in the Markdown file: the block's text starts a line below the fence.
      const problems = file.problems.map(
        (p) => `${block.file}:${String(block.line + p.line)}:${String(p.col)}: ${p.message}`,
      );
      if (file.error !== undefined) problems.push(`${where(block)}: ${file.error}`);
      expect(problems, `the yaml block at ${where(block)}`).toEqual([]);
    },
  );

  it('mark a partial block as `yaml fragment`, and only so', () => {
    const unknown = yamlBlocks.filter((b) => !isPlaybook(b) && !isFragment(b));
    expect(unknown.map((b) => `${where(b)}: \`\`\`${b.info.join(' ')}`)).toEqual([]);
  });

  it.each(SHOWS_PLAYBOOKS)('%s still has playbooks to check', (file) => {
    const checked = scanned.get(file)?.blocks.filter((b) => b.info[0] === 'yaml' && isPlaybook(b));
    expect(checked?.length ?? 0, `${file} has no \`\`\`yaml block left to check`).toBeGreaterThan(
      0,
    );
  });
});

/** GitHub's anchor for a heading: lower case, punctuation dropped, spaces as dashes. */
function slug(heading: string): string {
  return heading
    .toLowerCase()
    .replace(/[^\p{L}\p{M}\p{N}\p{Pc}\- ]/gu, '')
    .replace(/ /g, '-');
}

function anchors(file: string): Set<string> {
  const seen = new Map<string, number>();
  const result = new Set<string>();
  for (const line of scanned.get(file)?.lines ?? scan(file).lines) {
    const heading = /^#{1,6}\s+(.*?)\s*#*\s*$/.exec(line.text);
    if (line.fenced || !heading) continue;
    const base = slug(heading[1]!);
    const n = seen.get(base) ?? 0;
    seen.set(base, n + 1);
    result.add(n === 0 ? base : `${base}-${String(n)}`);
  }
  return result;
}

describe('links between the README, CONTRIBUTING and docs/', () => {
  it.each(DOCS)('every relative link in %s leads to a file and heading that exist', (file) => {
    const broken: string[] = [];
    for (const line of scanned.get(file)!.lines) {
      if (line.fenced) continue;
      const text = line.text.replace(/`[^`]*`/g, '``');
      for (const match of text.matchAll(/\]\(([^)\s]+)\)/g)) {
        const target = match[1]!;
        if (/^[a-z]+:/i.test(target)) continue;
        const [path = '', anchor] = target.split('#');
        const linked = path === '' ? file : relative(root, resolve(root, dirname(file), path));
        const at = `${file}:${String(line.number)}: ${target}`;
        if (!existsSync(join(root, linked))) {
          broken.push(`${at} (no such file)`);
          continue;
        }
        if (anchor !== undefined && linked.endsWith('.md') && !anchors(linked).has(anchor)) {
          broken.push(`${at} (no such heading in ${linked})`);
        }
      }
    }
    expect(broken).toEqual([]);
  });
});

describe('the README', () => {
  it('is 250 lines at most', () => {
    const lines = readFileSync(join(root, 'README.md'), 'utf8').replace(/\n$/, '').split('\n');
    expect(lines.length).toBeLessThanOrEqual(250);
  });
});

describe('exit codes', () => {
  it('the README has the table `mmm --help` prints, and no other page has one', () => {
    const help = spawnSync(process.execPath, [join(root, 'bin', 'mmm.js'), '--help'], {
      encoding: 'utf8',
    });
    expect(help.status).toBe(0);
    const printed = help.stdout
      .slice(help.stdout.indexOf('Exit codes:'))
      .split('\n')
      .flatMap((l) => {
        const row = /^\s+(\d+)\s+(.+?)\s*$/.exec(l);
        return row ? [[row[1], row[2]]] : [];
      });
    expect(printed.length).toBeGreaterThan(0);

    const readme = scanned.get('README.md')!.lines;
    const section = readme.findIndex((l) => /^## Exit codes\s*$/.test(l.text));
    const next = readme.findIndex((l, i) => i > section && /^## /.test(l.text));
    const documented = readme.slice(section, next === -1 ? undefined : next).flatMap((l) => {
      const row = /^\|\s*(\d+)\s*\|\s*(.+?)\s*\|\s*$/.exec(l.text);
      return row ? [[row[1], row[2]]] : [];
    });
    expect(documented).toEqual(printed);

    const others = DOCS.filter((f) => f !== 'README.md').flatMap((f) =>
      scanned
        .get(f)!
        .lines.filter((l) => !l.fenced && /^\|\s*code\s*\|/.test(l.text))
        .map((l) => `${f}:${String(l.number)}`),
    );
    expect(others, 'exit codes are tabulated in the README only').toEqual([]);
  });
});
