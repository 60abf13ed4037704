// Whether two paths name the same place on disk: symbolic links resolved where they exist, a path
// that cannot be resolved (gone, unreadable) compared as it is written.
import { realpathSync } from 'node:fs';

function resolved(path: string): string {
  try {
    return realpathSync(path);
  } catch {
    return path;
  }
}

export function samePath(a: string, b: string): boolean {
  return a === b || resolved(a) === resolved(b);
}
