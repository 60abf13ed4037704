// npm run mutate [-- stryker options]: mutation testing with stryker.config.json. A narrower
// `--mutate <globs>` keeps the config's exclusions (tests, the generated validators), which
// Stryker's own --mutate would replace along with the config's list.
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';

const require = createRequire(import.meta.url);
const root = join(dirname(new URL(import.meta.url).pathname), '..');
const config = JSON.parse(readFileSync(join(root, 'stryker.config.json'), 'utf8'));
const exclusions = config.mutate.filter((pattern) => pattern.startsWith('!'));

const args = process.argv.slice(2);
for (let i = 0; i < args.length; i++) {
  const flag = args[i];
  if (flag === '--mutate' || flag === '-m') {
    args[i + 1] = [args[i + 1], ...exclusions].join(',');
    i += 1;
  } else if (flag.startsWith('--mutate=')) {
    args[i] = [flag, ...exclusions].join(',');
  }
}

const bin = join(
  dirname(require.resolve('@stryker-mutator/core/package.json')),
  'bin',
  'stryker.js',
);
const run = spawnSync(process.execPath, [bin, 'run', ...args], { cwd: root, stdio: 'inherit' });
process.exit(run.status ?? 1);
