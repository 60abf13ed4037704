// Command templates: `templates/commands/mmm-*.md.hbs` are installed as `.claude/commands/mmm-*.md`;
// `templates/commands/_<name>.md.hbs` are partials they share (`{{> name}}`).
import { readFileSync, readdirSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import type * as HandlebarsModule from 'handlebars';
import { packageRoot } from '../../infra/package.js';

// handlebars is CommonJS with `export =` typings; require keeps the types without interop flags.
const Handlebars = createRequire(import.meta.url)('handlebars') as typeof HandlebarsModule;

/** The templates shipped with mmm, ready to render. */
export interface TemplateSet {
  /** Installable command names, e.g. `mmm-lint`, sorted. */
  names: string[];
  /** Renders a command; throws on an unknown variable, helper or partial. */
  render: (name: string, context: object) => string;
}

const SUFFIX = '.md.hbs';

/** Where the installed package keeps its templates (not the user's current directory). */
export function defaultTemplatesDir(): string {
  return join(packageRoot, 'templates', 'commands');
}

// A JSON string is a valid YAML double-quoted scalar, so values land safely in frontmatter.
function quote(value: unknown): string {
  return JSON.stringify(String(value));
}

/**
 * Wraps the context so that reading any missing key throws. Handlebars' strict mode alone lets
 * a misspelled name through inside `{{#if}}`, where a typo would silently render the else branch.
 */
function guard<T>(value: T, path = ''): T {
  if (value === null || typeof value !== 'object') return value;
  return new Proxy(value, {
    get(target, key, receiver) {
      if (typeof key === 'string' && !(key in target)) {
        throw new Error(`unknown template variable "${path}${key}"`);
      }
      const child: unknown = Reflect.get(target, key, receiver);
      return typeof key === 'string' ? guard(child, `${path}${key}.`) : child;
    },
  });
}

export function loadTemplateSet(dir = defaultTemplatesDir()): TemplateSet {
  const hbs = Handlebars.create();
  hbs.registerHelper('quote', quote);
  const sources = new Map<string, string>();
  for (const file of readdirSync(dir).sort()) {
    if (!file.endsWith(SUFFIX)) continue;
    const name = file.slice(0, -SUFFIX.length);
    const text = readFileSync(join(dir, file), 'utf8');
    if (name.startsWith('_')) hbs.registerPartial(name.slice(1), text);
    else sources.set(name, text);
  }
  const compiled = new Map<string, HandlebarsTemplateDelegate>();
  const render = (name: string, context: object): string => {
    const source = sources.get(name);
    if (source === undefined) throw new Error(`no command template named ${name}`);
    const template = compiled.get(name) ?? hbs.compile(source, { strict: true, noEscape: true });
    compiled.set(name, template);
    try {
      return template(guard(context));
    } catch (error) {
      throw new Error(`cannot render ${name}${SUFFIX}: ${(error as Error).message}`, {
        cause: error,
      });
    }
  };
  return { names: [...sources.keys()], render };
}
