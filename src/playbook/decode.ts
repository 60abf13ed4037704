// Playbook bytes → text. Invalid UTF-8 is a problem, never silently replaced: a byte turned into
// U+FFFD would make a shell step run a different command than the one in the file.
import type { Problem } from '../errors.js';

export type DecodeResult = { text: string; problem?: undefined } | { problem: Problem };

/** Decodes UTF-8 (a leading byte-order mark is dropped); the first bad byte becomes a problem. */
export function decodePlaybook(bytes: Uint8Array, file: string): DecodeResult {
  try {
    return { text: new TextDecoder('utf-8', { fatal: true }).decode(bytes) };
  } catch {
    const offset = firstInvalidByte(bytes);
    const lineStart = offset === 0 ? 0 : bytes.lastIndexOf(0x0a, offset - 1) + 1;
    const line = 1 + bytes.subarray(0, lineStart).filter((b) => b === 0x0a).length;
    // Columns count characters as everywhere else in mmm; the bytes before `offset` are valid.
    const before = new TextDecoder('utf-8', { ignoreBOM: line !== 1 });
    const col = 1 + before.decode(bytes.subarray(lineStart, offset)).length;
    const byte = (bytes[offset] ?? 0).toString(16).toUpperCase().padStart(2, '0');
    return {
      problem: {
        file,
        line,
        col,
        message: `the file is not valid UTF-8 (byte 0x${byte}); save it as UTF-8, since mmm does not guess what a command or prompt was meant to say`,
      },
    };
  }
}

/** Offset of the first byte that does not begin a well-formed UTF-8 sequence (RFC 3629). */
export function firstInvalidByte(bytes: Uint8Array): number {
  let i = 0;
  while (i < bytes.length) {
    const b = bytes[i] ?? 0;
    let need: number;
    // The allowed range of the second byte excludes overlong forms, surrogates and > U+10FFFF.
    let lo = 0x80;
    let hi = 0xbf;
    if (b < 0x80) need = 0;
    else if (b >= 0xc2 && b <= 0xdf) need = 1;
    else if (b >= 0xe0 && b <= 0xef) {
      need = 2;
      if (b === 0xe0) lo = 0xa0;
      if (b === 0xed) hi = 0x9f;
    } else if (b >= 0xf0 && b <= 0xf4) {
      need = 3;
      if (b === 0xf0) lo = 0x90;
      if (b === 0xf4) hi = 0x8f;
    } else return i;
    for (let k = 1; k <= need; k++) {
      const c = bytes[i + k];
      if (c === undefined || c < (k === 1 ? lo : 0x80) || c > (k === 1 ? hi : 0xbf)) return i;
    }
    i += need + 1;
  }
  return bytes.length;
}
