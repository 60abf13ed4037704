#!/usr/bin/env node
// The scripted agent `mmm demo` runs instead of Claude Code: it speaks the same CLI interface
// (`--version`, `-p [<prompt>] --output-format json`, the prompt read from standard input when it
// is not an argument), needs no network or credentials, and makes fixed, deterministic edits to
// the demo project (src/math.js, test/math.test.js) chosen by the prompt:
//   /mmm-code-review          writes specs/temp/review-<n>.md asking for a `multiply` function,
//                             or, once src/math.js has one, writes nothing ("no further improvements")
//   /mmm-implement-spec <p>   adds `multiply` to src/math.js and a test for it, then deletes the spec
//   /mmm-fix-test ...         fixes the deliberate bug in `add` (a - b becomes a + b)
//   /mmm-lint                 strips trailing whitespace in src/ and test/, if there is any
//   anything else             appends a line to NOTES.md
// It reports total_cost_usd 0 (it costs nothing) and token counts of about one token per four
// characters it read and wrote.
import { randomUUID } from 'node:crypto';
import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';

const VERSION = '1.0.0 (mmm scripted demo agent)';
const VALUE_FLAGS = new Set([
  '--output-format',
  '--model',
  '--permission-mode',
  '--max-turns',
  '--max-budget-usd',
  '--append-system-prompt',
  '--system-prompt',
  '--session-id',
  '--resume',
  '--settings',
]);
const LIST_FLAGS = new Set([
  '--allowedTools',
  '--allowed-tools',
  '--disallowedTools',
  '--disallowed-tools',
]);

function parseArgs(argv) {
  const flags = {};
  const words = [];
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    if (arg === '--') {
      words.push(...argv.slice(i + 1));
      break;
    }
    if (VALUE_FLAGS.has(arg)) flags[arg] = argv[++i];
    else if (LIST_FLAGS.has(arg))
      while (argv[i + 1] !== undefined && !argv[i + 1].startsWith('-')) i++;
    else if (arg.startsWith('-')) flags[arg] = true;
    else words.push(arg);
  }
  return { flags, prompt: words.join(' '), hasPrompt: words.length > 0 };
}

let charsRead = 0;
let charsWritten = 0;
const cwd = process.cwd();
const path = (p) => resolve(cwd, p);
function read(p) {
  const text = existsSync(path(p)) ? readFileSync(path(p), 'utf8') : '';
  charsRead += text.length;
  return text;
}
function write(p, text) {
  mkdirSync(dirname(path(p)), { recursive: true });
  writeFileSync(path(p), text);
  charsWritten += text.length;
}

const MATH = 'src/math.js';
const TEST = 'test/math.test.js';
const hasMultiply = () => /\bmultiply\b/.test(read(MATH));

function codeReview() {
  if (!existsSync(path(MATH))) return `No ${MATH} here: nothing to review.`;
  if (hasMultiply()) return 'Reviewed src/math.js: no further improvements.';
  let n = 1;
  while (existsSync(path(`specs/temp/review-${n}.md`))) n++;
  const spec = `specs/temp/review-${n}.md`;
  write(
    spec,
    [
      '# Review: add a multiply function',
      '',
      '## Findings',
      '',
      '1. `src/math.js` has `add` but no `multiply(a, b)`; callers that need a product have nothing to use.',
      '   Change: export `multiply(a, b)` returning `a * b` from src/math.js.',
      '   Verify: a test in test/math.test.js checks `multiply(3, 4) === 12`.',
      '',
    ].join('\n'),
  );
  return `Wrote ${spec}: src/math.js is missing a multiply function.`;
}

// Works for both module styles: ESM `export function add` and CommonJS `module.exports = { add }`.
function addMultiply(source) {
  const fn = 'function multiply(a, b) {\n  return a * b;\n}\n';
  const cjs = /module\.exports\s*=\s*\{([^}]*)\}/;
  if (cjs.test(source)) {
    return source.replace(
      cjs,
      (all, names) =>
        `${fn}\n${all.replace(names, `${names.trimEnd().replace(/,$/, '')}, multiply `)}`,
    );
  }
  if (/\bexports\.\w+\s*=/.test(source))
    return `${source.trimEnd()}\n\n${fn}exports.multiply = multiply;\n`;
  return `${source.trimEnd()}\n\nexport ${fn}`;
}

function addMultiplyTest(source) {
  const esm = /^\s*import\s/m.test(source);
  const mathImport =
    /(\{)([^}]*\badd\b[^}]*)(\}\s*(?:from\s*|=\s*require\()\s*['"][^'"]*math(?:\.js)?['"])/;
  let out = mathImport.test(source)
    ? source.replace(
        mathImport,
        (_, open, names, close) => `${open}${names.trimEnd().replace(/,$/, '')}, multiply ${close}`,
      )
    : `${source}${esm ? "import { multiply } from '../src/math.js';" : "const { multiply } = require('../src/math.js');"}\n`;
  const runner = /\btest\(/.test(out) ? 'test' : /\bit\(/.test(out) ? 'it' : undefined;
  if (!runner)
    out += esm ? "import { test } from 'node:test';\n" : "const { test } = require('node:test');\n";
  const check = /\bassert\b/.test(out)
    ? 'assert.equal(multiply(3, 4), 12);'
    : "if (multiply(3, 4) !== 12) throw new Error('multiply(3, 4) should be 12');";
  return `${out.trimEnd()}\n\n${runner ?? 'test'}('multiply multiplies', () => {\n  ${check}\n});\n`;
}

function implementSpec(args) {
  const specs = args.split(/\s+/).filter((p) => p && existsSync(path(p)));
  if (specs.length === 0) return 'No spec to implement.';
  const done = [];
  if (!hasMultiply() && specs.some((p) => /multiply/.test(read(p)))) {
    write(MATH, addMultiply(read(MATH)));
    if (existsSync(path(TEST))) write(TEST, addMultiplyTest(read(TEST)));
    done.push(`added multiply to ${MATH} with a test in ${TEST}`);
  }
  for (const p of specs) rmSync(path(p));
  return `${done.length ? `Implemented the spec: ${done.join('; ')}` : 'The spec asked for nothing new'}. Deleted ${specs.join(', ')}.`;
}

function fixTest() {
  const source = read(MATH);
  const fixed = source.replace(/(\badd\b[^{]*?(?:\{[^}]*?return\s+|=>\s*))a\s*-\s*b/, '$1a + b');
  if (fixed === source) return 'Found no bug to fix in src/math.js.';
  write(MATH, fixed);
  return 'Fixed add in src/math.js: it subtracted (a - b) instead of adding (a + b).';
}

function lint() {
  const tidied = [];
  const walk = (dir) => {
    if (!existsSync(path(dir))) return;
    for (const entry of readdirSync(path(dir), { withFileTypes: true })) {
      const rel = join(dir, entry.name);
      if (entry.isDirectory() && entry.name !== 'node_modules') walk(rel);
      else if (entry.isFile() && /\.(?:m|c)?js$/.test(entry.name)) {
        const text = read(rel);
        const tidy = text.replace(/[ \t]+$/gm, '');
        if (tidy !== text) {
          write(rel, tidy);
          tidied.push(rel);
        }
      }
    }
  };
  walk('src');
  walk('test');
  return tidied.length
    ? `Removed trailing whitespace in ${tidied.join(', ')}.`
    : 'Nothing to tidy.';
}

function note(prompt) {
  const line = `- ${prompt.replace(/\s+/g, ' ').trim().slice(0, 200)}\n`;
  write('NOTES.md', read('NOTES.md') + line);
  return 'Added a line to NOTES.md.';
}

function answer(prompt) {
  const [, command = '', args = ''] = /^\s*\/([\w:-]+)\s*([\s\S]*)$/.exec(prompt) ?? [];
  switch (command) {
    case 'mmm-code-review':
      return codeReview();
    case 'mmm-implement-spec':
      return implementSpec(args.trim());
    case 'mmm-fix-test':
      return fixTest();
    case 'mmm-lint':
      return lint();
    default:
      return note(prompt);
  }
}

// Like Claude Code in -p mode: with no prompt argument, the prompt is all of standard input.
function readStdin() {
  try {
    return readFileSync(0, 'utf8');
  } catch {
    return '';
  }
}

function main() {
  const parsed = parseArgs(process.argv.slice(2));
  const { flags } = parsed;
  if (flags['--version'] || flags['-v']) return void process.stdout.write(`${VERSION}\n`);
  if (!flags['-p'] && !flags['--print']) {
    process.stderr.write(
      'The scripted demo agent only runs non-interactively: pass -p (the prompt as an argument or on standard input).\n',
    );
    return void (process.exitCode = 2);
  }
  const prompt = parsed.hasPrompt ? parsed.prompt : readStdin();
  const started = Date.now();
  const text = answer(prompt);
  const usage = {
    input_tokens: Math.ceil((prompt.length + charsRead) / 4),
    output_tokens: Math.ceil((text.length + charsWritten) / 4),
    cache_creation_input_tokens: 0,
    cache_read_input_tokens: 0,
  };
  const result = {
    type: 'result',
    subtype: 'success',
    is_error: false,
    duration_ms: Date.now() - started,
    duration_api_ms: 0,
    num_turns: 1,
    result: text,
    stop_reason: 'end_turn',
    session_id: randomUUID(),
    total_cost_usd: 0,
    usage,
    modelUsage: {
      'mmm-scripted-demo': {
        inputTokens: usage.input_tokens,
        outputTokens: usage.output_tokens,
        costUSD: 0,
      },
    },
    permission_denials: [],
  };
  // json: the result object alone; stream-json: it is the last event (the only one printed here).
  const format = flags['--output-format'];
  process.stdout.write(
    format === 'json' || format === 'stream-json' ? `${JSON.stringify(result)}\n` : `${text}\n`,
  );
}

main();
