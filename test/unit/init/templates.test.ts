import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { detectFacts } from '../../../src/actions/init/facts.js';
import { readProjectSnapshot } from '../../../src/actions/init/snapshot.js';
import { buildTemplateContext } from '../../../src/actions/init/template-context.js';
import { loadTemplateSet } from '../../../src/actions/init/templates.js';
import { FIXTURE_PROJECTS_DIR, fixtureProjectNames } from '../../helpers/init-project.js';

const templates = loadTemplateSet();

const EXPECTED = [
  'mmm-analyze-coverage',
  'mmm-cleanup-tech-debt',
  'mmm-code-review',
  'mmm-document',
  'mmm-fix-test',
  'mmm-implement-spec',
  'mmm-lint',
  'mmm-performance',
  'mmm-product-enhance',
  'mmm-security-audit',
  'mmm-test-generate',
  'mmm-write-tests',
];

// Templates whose output is a spec that /mmm-implement-spec (or /mmm-test-generate) consumes.
const SPEC_WRITERS: Record<string, string> = {
  'mmm-code-review': 'improvements',
  'mmm-security-audit': 'security',
  'mmm-performance': 'performance',
  'mmm-cleanup-tech-debt': 'tech-debt',
  'mmm-product-enhance': 'product',
  'mmm-analyze-coverage': 'coverage',
};

function split(markdown: string): { frontmatter: Record<string, unknown>; body: string } {
  const match = /^---\n([\s\S]*?)\n---\n([\s\S]*)$/.exec(markdown);
  if (!match) throw new Error(`no frontmatter in:\n${markdown.slice(0, 200)}`);
  return { frontmatter: parse(match[1]!) as Record<string, unknown>, body: match[2]! };
}

it('ships every command the documentation lists', () => {
  expect(templates.names).toEqual(EXPECTED);
});

describe.each(fixtureProjectNames())('rendered for fixture project %s', (project) => {
  const facts = detectFacts(readProjectSnapshot(join(FIXTURE_PROJECTS_DIR, project)), 'main');
  const context = buildTemplateContext(facts);

  it.each(EXPECTED)('%s is a valid Claude Code command', (name) => {
    const { frontmatter, body } = split(templates.render(name, context));
    expect(typeof frontmatter.description).toBe('string');
    expect(typeof frontmatter['argument-hint']).toBe('string');
    const tools = frontmatter['allowed-tools'] as string[];
    expect(tools).toEqual(expect.arrayContaining(['Read', 'Grep', 'Glob', ...context.checkTools]));
    for (const tool of tools) expect(tool).toMatch(/^(Read|Grep|Glob|Edit|Write|Bash\(.+:\*\))$/);
    expect(body).toContain('$ARGUMENTS');
    expect(body).toMatch(/Do not commit, push/);
    // Leftover template syntax, or text Claude Code would expand ($1, !`cmd`), is a defect.
    expect(body).not.toMatch(/\{\{|\}\}|\$\d|!`/);
  });

  it.each(Object.entries(SPEC_WRITERS))('%s writes its spec under specs/temp', (name, slug) => {
    const { frontmatter, body } = split(templates.render(name, context));
    expect(body).toContain(`specs/temp/iteration-<n>-${slug}.md`);
    expect(frontmatter['allowed-tools']).toContain('Write');
    expect(frontmatter['allowed-tools']).not.toContain('Edit');
  });

  it('tells the agent the detected test command or says none was found', () => {
    const body = templates.render('mmm-fix-test', context);
    if (context.test) expect(body).toContain(`\`${context.test.run}\``);
    else expect(body).toContain('no test command was detected; ask before guessing one');
  });
});

describe('strict rendering', () => {
  const withTemplate = (text: string) => {
    const dir = mkdtempSync(join(tmpdir(), 'mmm-templates-'));
    writeFileSync(join(dir, 'mmm-x.md.hbs'), text);
    return loadTemplateSet(dir);
  };
  const context = buildTemplateContext(detectFacts(readProjectSnapshot(tmpdir()), 'main'));

  it('fails on a misspelled variable', () =>
    expect(() => withTemplate('{{projet.name}}').render('mmm-x', context)).toThrow(/projet/));
  it('fails on a misspelled variable inside #if', () =>
    expect(() => withTemplate('{{#if tset}}x{{/if}}').render('mmm-x', context)).toThrow(/tset/));
  it('fails on an unknown partial', () =>
    expect(() => withTemplate('{{> nope}}').render('mmm-x', context)).toThrow(/nope/));
  it('does not HTML-escape values', () =>
    expect(
      withTemplate('{{project.defaultBranch}}').render('mmm-x', {
        ...context,
        project: { ...context.project, defaultBranch: 'a&b<c>' },
      }),
    ).toBe('a&b<c>'));
});
