// The layout CONTRIBUTING.md describes, held by a test: imports flow one way, and each outside
// tool has one home. A change that breaks a rule fails here with the file and the import.
import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
const src = join(root, 'src');

/** Layers left to right: a module may import its own layer, one further right, or a shared one. */
const RANK: Record<string, number> = {
  cli: 0,
  actions: 1,
  // mmm ui's server: it runs the commands' actions, and the ui action starts it.
  ui: 1,
  sessions: 2,
  engine: 2,
  reporters: 2,
  playbook: 3,
  agents: 3,
  git: 3,
  ledger: 3,
  // The queue of --map --queue and mmm worker (BullMQ on Redis).
  queue: 3,
  infra: 4,
};
const SHARED = new Set(['errors', 'events']);

function sourceFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) return sourceFiles(path);
    return entry.name.endsWith('.ts') && !entry.name.endsWith('.test.ts') ? [path] : [];
  });
}

function layerOf(file: string): string {
  const [first = ''] = relative(src, file).split('/');
  return first.replace(/\.ts$/, '');
}

const files = sourceFiles(src).filter((f) => !f.endsWith('.generated.ts'));
const imports = files.map((file) => {
  const text = readFileSync(file, 'utf8');
  const specs = [...text.matchAll(/(?:from|import\()\s*'([^']+)'/g)].map((m) => m[1] ?? '');
  return { file: relative(root, file), layer: layerOf(file), text, specs };
});

/** Files (relative to the package root) that import a package whose name matches. */
function importersOf(pkg: RegExp): string[] {
  return imports.filter((i) => i.specs.some((s) => pkg.test(s))).map((i) => i.file);
}

describe('the layout of src/', () => {
  it('has every top-level folder in a known layer', () => {
    const unknown = [...new Set(imports.map((i) => i.layer))].filter(
      (layer) => RANK[layer] === undefined && !SHARED.has(layer),
    );
    expect(unknown).toEqual([]);
  });

  it('imports only from its own layer or one to its right', () => {
    const wrong: string[] = [];
    for (const { file, layer, specs } of imports) {
      for (const spec of specs.filter((s) => s.startsWith('.'))) {
        const target = layerOf(resolve(root, dirname(file), spec));
        if (SHARED.has(target) || target === layer) continue;
        const from = RANK[layer];
        const to = RANK[target];
        if (from !== undefined && to !== undefined && to < from) {
          wrong.push(`${file} imports ${spec}`);
        }
      }
    }
    expect(wrong).toEqual([]);
  });

  it('gives each outside tool one home', () => {
    expect(importersOf(/^commander$/).every((f) => f.startsWith('src/cli/'))).toBe(true);
    expect(importersOf(/^listr2$/).every((f) => f.startsWith('src/reporters/'))).toBe(true);
    expect(importersOf(/^better-sqlite3$/).every((f) => f.startsWith('src/ledger/'))).toBe(true);
    expect(importersOf(/^hono(\/|$)|^@hono\//).every((f) => f.startsWith('src/ui/'))).toBe(true);
    expect(importersOf(/^open$/)).toEqual(['src/infra/open-browser.ts']);
    expect(importersOf(/^(bullmq|ioredis)$/).every((f) => f.startsWith('src/queue/'))).toBe(true);
    // One module starts processes, whatever library it uses.
    const spawners = importersOf(/^(node:)?child_process$|^execa$|^tinyexec$/);
    expect(spawners).toHaveLength(1);
    expect(spawners[0]).toMatch(/^src\/infra\//);
  });

  it('runs git only from src/git/', () => {
    const callers = imports
      .filter((i) => /\(\s*'git'\s*,/.test(i.text))
      .map((i) => i.file)
      .filter((f) => !f.startsWith('src/git/'));
    expect(callers).toEqual([]);
  });

  it('leaves process.exitCode to the entry point', () => {
    const setters = imports
      .filter((i) => /process\.exitCode\s*=/.test(i.text) || /process\.exit\(/.test(i.text))
      .map((i) => i.file);
    expect(setters).toEqual([]);
  });
});
