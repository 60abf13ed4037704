// Which committed files a `--map` glob picks, and the `$ARG` of each.
import { describe, expect, it } from 'vitest';
import { argForItem, findMapItems, matchGlob } from '../../../src/sessions/map-items.js';
import { exec } from '../../../src/infra/exec.js';
import { useTempRepos } from '../../helpers/repo.js';

const repo = useTempRepos();

describe('--map items', () => {
  const files = ['specs/b.md', 'specs/.hidden.md', 'specs/a.md', 'specs/deep/c.md', 'README.md'];

  it('match a glob sorted, dotfiles too, with any leading ./ ignored', () => {
    expect(matchGlob(files, 'specs/*.md')).toEqual([
      'specs/.hidden.md',
      'specs/a.md',
      'specs/b.md',
    ]);
    expect(matchGlob(files, './././specs/*.md')).toEqual(matchGlob(files, 'specs/*.md'));
    expect(matchGlob(files, 'specs/**/*.md')).toEqual([
      'specs/.hidden.md',
      'specs/a.md',
      'specs/b.md',
      'specs/deep/c.md',
    ]);
    expect(matchGlob(files, '*.md')).toEqual(['README.md']);
  });

  it('get the stem up to its first dash as $ARG', () => {
    expect(argForItem('specs/12-add-cache.md')).toBe('12');
    expect(argForItem('specs/plain.md')).toBe('plain');
    expect(argForItem('specs/-lead.md')).toBe('-lead');
    expect(argForItem('specs/.env')).toBe('.env');
  });

  it('are committed files only, and none is a usage error with what the glob is against', async () => {
    const r = repo({ 'specs/a.md': 'a\n', 'specs/b.md': 'b\n' });
    r.write('specs/c.md', 'not committed\n');
    expect(await findMapItems({ exec }, r.dir, 'specs/*.md')).toEqual(['specs/a.md', 'specs/b.md']);
    await expect(findMapItems({ exec }, r.dir, 'nope/*.md')).rejects.toMatchObject({
      exitCode: 2,
      message: '--map "nope/*.md" matches no committed file',
      hint: 'the glob is relative to the repository root and matches files in your last commit (sessions start from it)',
    });
  });
});
