// Runs the REAL OpenCode CLI (devDependency opencode-ai) against the scripted Anthropic Messages
// server of model-server.ts, offline and isolated: its config, data and cache live under a temp
// home, and every host but the server is refused by the server's proxy.
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { proxyEnv } from './local-server.js';
import type { ModelServer } from './model-server.js';

export const realOpencodeBin = fileURLToPath(
  new URL('../../node_modules/.bin/opencode', import.meta.url),
);
/** A model opencode's bundled price table knows, so step_finish reports a real cost. */
export const opencodeModel = 'anthropic/claude-sonnet-4-5';

/**
 * Environment for `opencode run` against `server`, with its config written under `home`: the
 * `anthropic` provider pointed at the server, updates and sharing off, no model list download.
 */
export function realOpencodeEnv(
  server: Pick<ModelServer, 'url'>,
  home: string,
): Record<string, string> {
  const config = join(home, '.config', 'opencode');
  // opencode installs its plugin package into the config dir from the npm registry unless
  // node_modules is there and the lock file already lists it.
  mkdirSync(join(config, 'node_modules'), { recursive: true });
  writeFileSync(
    join(config, 'package-lock.json'),
    JSON.stringify({ packages: { '': { dependencies: { '@opencode-ai/plugin': '*' } } } }),
  );
  writeFileSync(
    join(config, 'opencode.json'),
    JSON.stringify({
      provider: { anthropic: { options: { baseURL: `${server.url}/v1` } } },
      autoupdate: false,
      share: 'disabled',
    }),
  );
  return {
    MMM_OPENCODE_BIN: realOpencodeBin,
    HOME: home,
    XDG_CONFIG_HOME: join(home, '.config'),
    XDG_DATA_HOME: join(home, '.local', 'share'),
    XDG_CACHE_HOME: join(home, '.cache'),
    XDG_STATE_HOME: join(home, '.local', 'state'),
    ANTHROPIC_API_KEY: 'sk-ant-mmm-test-dummy',
    OPENCODE_DISABLE_AUTOUPDATE: '1',
    OPENCODE_DISABLE_MODELS_FETCH: '1',
    OPENCODE_DISABLE_SHARE: '1',
    OPENCODE_DISABLE_LSP_DOWNLOAD: '1',
    OPENCODE_DISABLE_DEFAULT_PLUGINS: '1',
    // Empty means unset to opencode: nothing from the machine's own setup leaks in.
    OPENCODE_CONFIG: '',
    OPENCODE_CONFIG_CONTENT: '',
    OPENCODE_PERMISSION: '',
    ...proxyEnv(server.url),
  };
}
