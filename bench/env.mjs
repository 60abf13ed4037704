// The fixed git identity every benchmark repository commits with, whatever the machine's config.
export const IDENTITY = {
  GIT_CONFIG_NOSYSTEM: '1',
  GIT_AUTHOR_NAME: 'mmm bench',
  GIT_AUTHOR_EMAIL: 'bench@mmm.invalid',
  GIT_COMMITTER_NAME: 'mmm bench',
  GIT_COMMITTER_EMAIL: 'bench@mmm.invalid',
};

/** The environment for benchmark processes: the identity, and plain (non-TTY) output. */
export const gitEnv = { ...process.env, ...IDENTITY, CI: '1' };
