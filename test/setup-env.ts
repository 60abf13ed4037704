// Every test file gets its own HOME and MMM_HOME so nothing reads or writes the machine's
// ~/.mmm or ~/.claude, and git uses a fixed identity whatever the machine's config says.
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const home = mkdtempSync(join(tmpdir(), 'mmm-test-home-'));
process.env.HOME = home;
process.env.MMM_HOME = join(home, '.mmm');
process.env.GIT_CONFIG_GLOBAL = join(home, '.gitconfig');
process.env.GIT_CONFIG_NOSYSTEM = '1';
process.env.GIT_AUTHOR_NAME = 'mmm test';
process.env.GIT_AUTHOR_EMAIL = 'test@mmm.invalid';
process.env.GIT_COMMITTER_NAME = 'mmm test';
process.env.GIT_COMMITTER_EMAIL = 'test@mmm.invalid';
delete process.env.MMM_CLAUDE_BIN;
delete process.env.ANTHROPIC_API_KEY;
delete process.env.ANTHROPIC_BASE_URL;
