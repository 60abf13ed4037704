import { describe, expect, it } from 'vitest';
import { redactUrl } from '../../../src/git/remote.js';

describe('remote URLs in messages', () => {
  it('show a user name or password as ***', () => {
    expect(redactUrl('https://alice:S3CRET@git.example/x.git')).toBe(
      'https://***@git.example/x.git',
    );
    expect(redactUrl('https://TOKEN@git.example/x.git')).toBe('https://***@git.example/x.git');
  });

  it('leave URLs without credentials, scp-style addresses and paths as they are', () => {
    for (const url of ['https://git.example/x.git', 'git@git.example:x.git', '/srv/x.git']) {
      expect(redactUrl(url)).toBe(url);
    }
  });
});
