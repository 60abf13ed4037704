// Numbers and texts as they appear in the engine's messages.

/** "30m", "1m 30s", "2.5s", "800ms". */
export function formatDuration(ms: number): string {
  if (ms < 1000) return `${Math.round(ms)}ms`;
  if (ms < 60_000) return `${Math.round(ms / 100) / 10}s`;
  const total = Math.round(ms / 1000);
  const h = Math.floor(total / 3600);
  const m = Math.floor((total % 3600) / 60);
  const s = total % 60;
  return [h ? `${h}h` : '', m ? `${m}m` : '', s ? `${s}s` : ''].filter(Boolean).join(' ');
}

export function formatUsd(usd: number): string {
  return `$${usd.toFixed(usd < 1 ? 4 : 2)}`;
}

export function shortSha(commit: string): string {
  return commit.slice(0, 7);
}

/** The last few non-blank lines of an output, for an error message. */
export function tailLines(text: string, lines = 3, max = 400): string {
  const kept = text
    .split('\n')
    .map((l) => l.trimEnd())
    .filter((l) => l.trim() !== '')
    .slice(-lines)
    .join('\n');
  return kept.length > max ? `...${kept.slice(-max)}` : kept;
}
