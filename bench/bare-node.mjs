// A reference for the 50-step benchmark: the least a Node program can do for a playbook of shell
// steps, with none of mmm's own work (no playbook, checks, ledger, events or display). Each step
// is `sh -c` started from Node, as mmm starts it, then `git add --all` and `git commit` run from
// one shell kept open for the whole run, the quickest way to start git that mmm has found.
//
//   node bench/bare-node.mjs <file with one command per line>
import { spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';

const commands = readFileSync(process.argv[2], 'utf8').split('\n').filter(Boolean);
const END = '\0bare-node-end\0';

const shell = spawn('/bin/sh', ['-s'], { stdio: ['pipe', 'pipe', 'inherit'] });
let pending = '';
let settle;
shell.stdout.setEncoding('utf8');
shell.stdout.on('data', (chunk) => {
  pending += chunk;
  const at = pending.indexOf(END);
  if (at < 0) return;
  const status = Number(pending.slice(0, at).split('\n').at(-1));
  pending = pending.slice(at + END.length);
  settle(status);
});

/** One line of sh in the open shell; resolves with its exit status. */
function inShell(line) {
  return new Promise((resolve) => {
    settle = resolve;
    shell.stdin.write(`${line} >/dev/null; printf '\\n%s${END.replaceAll('\0', '\\0')}' $?\n`);
  });
}

/** `sh -c command` as Node's child; resolves with its exit status once its output has ended. */
function step(command) {
  return new Promise((resolve) => {
    const child = spawn('/bin/sh', ['-c', command], { stdio: ['ignore', 'pipe', 'pipe'] });
    child.stdout.resume();
    child.stderr.resume();
    child.on('close', resolve);
  });
}

for (const [i, command] of commands.entries()) {
  const statuses = [
    await step(command),
    await inShell('git add --all'),
    await inShell(`git -c maintenance.auto=false commit --quiet --no-verify -m 'step ${i + 1}'`),
  ];
  if (statuses.some((status) => status !== 0)) {
    console.error(`step ${i + 1} failed: ${statuses.join(' ')}`);
    process.exit(1);
  }
}
shell.stdin.end();
