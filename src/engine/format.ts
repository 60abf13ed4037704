// Numbers and texts as they appear in the engine's messages.

export function formatUsd(usd: number): string {
  return `$${usd.toFixed(usd < 1 ? 4 : 2)}`;
}

export function shortSha(commit: string): string {
  return commit.slice(0, 7);
}

/** The last few non-blank lines of an output, for an error message. */
export function tailLines(text: string, lines = 8, max = 1000): string {
  const kept = text
    .split('\n')
    .map((l) => l.trimEnd())
    .filter((l) => l.trim() !== '')
    .slice(-lines)
    .join('\n');
  return kept.length > max ? `...${kept.slice(-max)}` : kept;
}
