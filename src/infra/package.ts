import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

/** Root of the installed package (holds package.json, templates/, examples/, schemas/). */
export const packageRoot = fileURLToPath(new URL('../../', import.meta.url));

let cached: string | undefined;
export function mmmVersion(): string {
  if (cached === undefined) {
    const pkg = JSON.parse(readFileSync(`${packageRoot}package.json`, 'utf8')) as {
      version: string;
    };
    cached = pkg.version;
  }
  return cached;
}
