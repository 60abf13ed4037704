// How much disk a directory tree takes, as `du` counts it: allocated blocks, links not followed,
// each hard-linked file once.
import { lstatSync, readdirSync } from 'node:fs';
import { join } from 'node:path';

/** Bytes allocated to everything under `dir` (0 when it cannot be read). */
export function diskUsage(dir: string): number {
  const seen = new Set<string>();
  let total = 0;
  const walk = (path: string): void => {
    let stat;
    try {
      stat = lstatSync(path);
    } catch {
      return;
    }
    const id = `${stat.dev}:${stat.ino}`;
    if (stat.nlink > 1 && seen.has(id)) return;
    seen.add(id);
    total += stat.blocks * 512;
    if (!stat.isDirectory()) return;
    let names: string[];
    try {
      names = readdirSync(path);
    } catch {
      return;
    }
    for (const name of names) walk(join(path, name));
  };
  walk(dir);
  return total;
}

/** `1.4 GB`, `820 MB`, `12 kB`: decimal units, as a person reads a size. */
export function formatBytes(bytes: number): string {
  const units = ['B', 'kB', 'MB', 'GB', 'TB'];
  let value = bytes;
  let unit = 0;
  while (value >= 1000 && unit < units.length - 1) {
    value /= 1000;
    unit++;
  }
  return `${unit === 0 || value >= 10 ? Math.round(value) : value.toFixed(1)} ${units[unit] ?? 'B'}`;
}
