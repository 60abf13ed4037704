/** The first `max` characters of a text, on one line, for error messages. */
export function excerpt(text: string, max = 300): string {
  const flat = text.trim().replace(/\s+/g, ' ');
  return flat.length > max ? `${flat.slice(0, max)}…` : flat;
}
