// Builds dist/ once, before any test file runs, when anything the build reads is newer than its
// output: the end-to-end and example tests run the built bin. Test files building for themselves
// raced with other files running the bin while the bundle was being rewritten.
import { execFileSync } from 'node:child_process';
import { existsSync, readdirSync, statSync } from 'node:fs';
import { join, resolve } from 'node:path';

const root = resolve(import.meta.dirname, '..');
const output = join(root, 'dist', 'bundle', 'mmm.cjs');
const inputs = ['src', 'scripts', 'package.json', 'tsconfig.json', 'tsconfig.build.json'];

function newest(path: string): number {
  if (!existsSync(path)) return 0;
  const stat = statSync(path);
  if (!stat.isDirectory()) return stat.mtimeMs;
  return Math.max(0, ...readdirSync(path).map((name) => newest(join(path, name))));
}

export function setup(): void {
  const builtAt = existsSync(output) ? statSync(output).mtimeMs : 0;
  if (Math.max(...inputs.map((input) => newest(join(root, input)))) <= builtAt) return;
  try {
    execFileSync('npm', ['run', 'build'], { cwd: root, stdio: 'pipe' });
  } catch (error) {
    // tsc still emits when a file being edited has a type error; only a missing build stops.
    if (!existsSync(output)) throw error;
  }
}
