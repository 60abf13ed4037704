// A scripted stand-in for the OpenAI Responses API (POST /v1/responses, streamed as SSE) on
// 127.0.0.1, so the REAL Codex CLI can run offline and deterministically: the script decides each
// reply (text, or a call of Codex's own exec_command tool that the CLI then runs), and every
// request is recorded for assertions.
import { mkdirSync, writeFileSync } from 'node:fs';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { listenLocal, proxyEnv, readBody, startEvents } from './local-server.js';

/** The installed Codex CLI (devDependency @openai/codex). */
export const realCodexBin = fileURLToPath(
  new URL('../../node_modules/.bin/codex', import.meta.url),
);
/** The model the tests ask for (the CLI passes the name through to the server). */
export const codexModel = 'gpt-5.5';

export interface ResponsesUsage {
  input_tokens: number;
  cached_input_tokens: number;
  output_tokens: number;
}

/** What the scripted model says to one request: text, a shell command to run, or an API error. */
export type ResponsesReply =
  | string
  | { text?: string; command?: string; usage?: Partial<ResponsesUsage> }
  | { status: number; error: Record<string, unknown> };

export interface ResponsesRequest {
  /** 0-based index among POST /v1/responses requests. */
  index: number;
  headers: Record<string, string | string[] | undefined>;
  body: { model: string; input: Record<string, unknown>[]; tools?: { name?: string }[] };
  /** Every input text of the conversation, joined: what the model was told. */
  text: string;
  /** The CLI's working directory, from its environment context. */
  cwd: string | undefined;
  /** Outputs of the tool calls the CLI ran, in the last request. */
  toolOutputs: string[];
}

export type ResponsesScript = (
  request: ResponsesRequest,
) => ResponsesReply | Promise<ResponsesReply>;

export interface ResponsesServer {
  url: string;
  requests: () => ResponsesRequest[];
  /** Everything else that reached it (method and path), and CONNECTs it refused as a proxy. */
  other: string[];
  close: () => Promise<void>;
}

const DEFAULT_USAGE: ResponsesUsage = {
  input_tokens: 1000,
  cached_input_tokens: 200,
  output_tokens: 100,
};

function textOf(item: Record<string, unknown>): string {
  if (typeof item.output === 'string') return item.output;
  const content = item.content;
  if (!Array.isArray(content)) return '';
  return content
    .map((c) =>
      typeof (c as { text?: unknown }).text === 'string' ? (c as { text: string }).text : '',
    )
    .join('\n');
}

function describe(
  body: ResponsesRequest['body'],
  headers: ResponsesRequest['headers'],
  index: number,
): ResponsesRequest {
  const input = Array.isArray(body.input) ? body.input : [];
  const text = input.map(textOf).join('\n');
  // Outputs that answer the calls of the last model turn.
  const lastCall = input.findLastIndex((i) => i.type === 'function_call');
  const toolOutputs = input
    .slice(lastCall + 1)
    .filter((i) => i.type === 'function_call_output')
    .map(textOf);
  return { index, headers, body, text, cwd: /<cwd>(.+?)<\/cwd>/.exec(text)?.[1], toolOutputs };
}

function send(
  res: ServerResponse,
  reply: Exclude<ResponsesReply, { status: number }>,
  n: number,
): void {
  const r = typeof reply === 'string' ? { text: reply } : reply;
  const u = { ...DEFAULT_USAGE, ...r.usage };
  const event = startEvents(res);
  const id = `resp_mmm_${n}`;
  event('response.created', { response: { id } });
  const item = r.command
    ? {
        type: 'function_call',
        id: `fc_mmm_${n}`,
        call_id: `call_mmm_${n}`,
        name: 'exec_command',
        arguments: JSON.stringify({ cmd: r.command }),
      }
    : {
        type: 'message',
        role: 'assistant',
        id: `msg_mmm_${n}`,
        content: [{ type: 'output_text', text: r.text ?? '', annotations: [] }],
      };
  event('response.output_item.done', { output_index: 0, item });
  event('response.completed', {
    response: {
      id,
      usage: {
        input_tokens: u.input_tokens,
        input_tokens_details: { cached_tokens: u.cached_input_tokens },
        output_tokens: u.output_tokens,
        output_tokens_details: { reasoning_tokens: 0 },
        total_tokens: u.input_tokens + u.output_tokens,
      },
    },
  });
  res.end();
}

/**
 * Starts the scripted server on 127.0.0.1 (random port). It is also the HTTP(S) proxy of
 * `realCodexEnv`: it refuses and records every CONNECT, so the CLI reaches no other host.
 */
export async function startResponsesServer(script: ResponsesScript): Promise<ResponsesServer> {
  const requests: ResponsesRequest[] = [];
  const other: string[] = [];
  const handle = async (req: IncomingMessage, res: ServerResponse) => {
    const text = await readBody(req);
    const route = (req.url ?? '/').split('?')[0];
    if (req.method !== 'POST' || route !== '/v1/responses') {
      other.push(`${req.method ?? 'GET'} ${route}`);
      res.writeHead(404, { 'content-type': 'application/json' });
      return void res.end(JSON.stringify({ error: { message: `${route} is not scripted` } }));
    }
    const request = describe(
      JSON.parse(text) as ResponsesRequest['body'],
      req.headers,
      requests.length,
    );
    requests.push(request);
    let reply: ResponsesReply;
    try {
      reply = await script(request);
    } catch (error) {
      reply = {
        status: 400,
        error: { type: 'invalid_request_error', message: `model script failed: ${String(error)}` },
      };
    }
    if (typeof reply === 'object' && 'status' in reply) {
      res.writeHead(reply.status, { 'content-type': 'application/json' });
      return void res.end(JSON.stringify({ error: reply.error }));
    }
    send(res, reply, requests.length);
  };
  const server = await listenLocal(handle, {
    onError: (res, error) => {
      if (!res.headersSent) res.writeHead(500);
      res.end(String(error));
    },
    onConnect: (target) => other.push(`CONNECT ${target}`),
  });
  return { ...server, requests: () => [...requests], other };
}

/** A script that runs one shell command, then answers `finalText` once it has the output. */
export function commandThenText(
  command: (request: ResponsesRequest) => string,
  finalText = 'Done.',
): ResponsesScript {
  return (request) => (request.toolOutputs.length > 0 ? finalText : { command: command(request) });
}

/** The environment variable the scripted provider reads its key from. */
export const SCRIPTED_KEY_ENV = 'MMM_SCRIPTED_OPENAI_KEY';

/**
 * Environment that runs the real Codex CLI against `server`, offline and isolated: a CODEX_HOME
 * under `home` whose config.toml makes the server its model provider (no retries, so a failure
 * shows at once), with analytics, feedback and the update check off, and every other host routed
 * to the server's refusing proxy. `key: false` leaves the provider's key unset.
 */
export function realCodexEnv(
  server: Pick<ResponsesServer, 'url'>,
  home: string,
  options: { key?: boolean; baseUrl?: string } = {},
): Record<string, string> {
  const codexHome = join(home, '.codex');
  mkdirSync(codexHome, { recursive: true });
  writeFileSync(
    join(codexHome, 'config.toml'),
    [
      'model_provider = "mmm_scripted"',
      'check_for_update_on_startup = false',
      '[analytics]',
      'enabled = false',
      '[feedback]',
      'enabled = false',
      // Features that reach other hosts (plugin and app catalogues, model discovery).
      '[features]',
      'plugins = false',
      'remote_plugin = false',
      'apps = false',
      'api_key_model_discovery = false',
      '[model_providers.mmm_scripted]',
      'name = "mmm scripted"',
      `base_url = "${options.baseUrl ?? server.url}/v1"`,
      `env_key = "${SCRIPTED_KEY_ENV}"`,
      'wire_api = "responses"',
      'request_max_retries = 0',
      'stream_max_retries = 0',
      '',
    ].join('\n'),
  );
  return {
    MMM_CODEX_BIN: realCodexBin,
    HOME: home,
    CODEX_HOME: codexHome,
    XDG_CONFIG_HOME: join(home, '.config'),
    [SCRIPTED_KEY_ENV]: options.key === false ? '' : 'sk-mmm-test-dummy',
    CODEX_API_KEY: '',
    OPENAI_API_KEY: '',
    ...proxyEnv(server.url),
    ALL_PROXY: server.url,
  };
}
