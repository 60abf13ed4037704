import { describe, expect, it } from 'vitest';
import { showControls, showControlsIn } from '../../../src/infra/control-chars.js';

describe('showControls', () => {
  it('shows ESC and BEL in caret notation', () =>
    expect(showControls('\u001b]0;title\u0007\u001b[2J')).toBe('^[]0;title^G^[[2J'));
  it('shows a carriage return that would rewrite the line', () =>
    expect(showControls('FAIL\rPASS')).toBe('FAIL^MPASS'));
  it('drops the CR of a Windows line end', () => expect(showControls('a\r\nb')).toBe('a\nb'));
  it('keeps newlines and tabs', () => expect(showControls('a\tb\nc')).toBe('a\tb\nc'));
  it('shows C1 controls and DEL as escapes', () =>
    expect(showControls('\u009b2J\u0085\u007f')).toBe('\\x9b2J\\x85^?'));
  it('shows NUL and backspace', () => expect(showControls('a\u0000b\u0008')).toBe('a^@b^H'));
  it('leaves other text alone, accents and emoji included', () =>
    expect(showControls('café ✔ 漢字 🎉')).toBe('café ✔ 漢字 🎉'));
  it('reaches every string of an event', () =>
    expect(showControlsIn({ a: ['\u001b'], b: { c: '\u0007' }, n: 1 })).toEqual({
      a: ['^['],
      b: { c: '^G' },
      n: 1,
    }));
});
