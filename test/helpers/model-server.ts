// A scripted stand-in for the Anthropic Messages API on 127.0.0.1, so the REAL Claude Code CLI can
// run offline and deterministically: the script decides each reply (text or tool_use blocks),
// the CLI executes the tools for real, and every request is recorded for assertions.
import type { IncomingMessage, ServerResponse } from 'node:http';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { listenLocal, proxyEnv, readBody, sendJson, startEvents } from './local-server.js';

/** The installed Claude Code CLI (devDependency @anthropic-ai/claude-code). */
export const realClaudeBin = fileURLToPath(
  new URL('../../node_modules/.bin/claude', import.meta.url),
);
/** A model the CLI knows the price of, so it reports a real total_cost_usd. */
export const pricedModel = 'claude-sonnet-4-5';

/** A block the scripted model answers with. */
export type ReplyBlock =
  | { type: 'text'; text: string }
  | { type: 'tool_use'; name: string; input: Record<string, unknown>; id?: string };

export interface ReplyUsage {
  input_tokens: number;
  output_tokens: number;
  cache_creation_input_tokens: number;
  cache_read_input_tokens: number;
}

/** What the scripted model says to one request: text, blocks, or an API error. */
export type ModelReply =
  | string
  | {
      content: ReplyBlock[];
      /** Default: "tool_use" when a tool_use block is present, else "end_turn". */
      stopReason?: string;
      usage?: Partial<ReplyUsage>;
    }
  | {
      status: number;
      error: { type: string; message: string };
      /** Response headers, e.g. `retry-after` as the real API sends with a 429. */
      headers?: Record<string, string>;
    };

/** Any request the server received. */
export interface RecordedRequest {
  method: string;
  path: string;
  headers: Record<string, string | string[] | undefined>;
  /** Parsed JSON body, or the raw text when it was not JSON. */
  body: unknown;
}

/** A POST /v1/messages request, with the parts scripts usually look at. */
export interface MessagesRequest extends RecordedRequest {
  body: {
    model: string;
    stream?: boolean;
    messages: { role: string; content: string | Record<string, unknown>[] }[];
    system?: unknown;
    tools?: { name: string }[];
  };
  /** 0-based index among /v1/messages requests. */
  index: number;
  /** Every text and tool_result of the conversation, joined: what the model was told. */
  text: string;
  /** The CLI's working directory, read from its system prompt ("Primary working directory"). */
  cwd: string | undefined;
  /** tool_result blocks of the last user message. */
  toolResults: { toolUseId: string; content: string; isError: boolean }[];
  /** False for the CLI's side requests (titles, summaries) that carry no tools. */
  hasTools: boolean;
}

export type ModelScript = (request: MessagesRequest) => ModelReply | Promise<ModelReply>;

export interface ModelServer {
  /** Base URL for ANTHROPIC_BASE_URL, e.g. http://127.0.0.1:43210 */
  url: string;
  /** Every request, in arrival order. */
  requests: RecordedRequest[];
  /** The POST /v1/messages requests only. */
  messages: () => MessagesRequest[];
  /** Hosts the CLI tried to reach through the proxy (refused): anything but this server. */
  blockedConnects: string[];
  close: () => Promise<void>;
}

const DEFAULT_USAGE: ReplyUsage = {
  input_tokens: 100,
  output_tokens: 20,
  cache_creation_input_tokens: 0,
  cache_read_input_tokens: 0,
};

function blockText(block: Record<string, unknown>): string {
  if (typeof block.text === 'string') return block.text;
  if (block.type === 'tool_result') {
    const c = block.content;
    if (typeof c === 'string') return c;
    if (Array.isArray(c)) return c.map((b) => blockText(b as Record<string, unknown>)).join('\n');
  }
  return '';
}

function describe(raw: RecordedRequest, index: number): MessagesRequest {
  const body = raw.body as MessagesRequest['body'];
  const blocks = (m: MessagesRequest['body']['messages'][number]) =>
    typeof m.content === 'string' ? [{ type: 'text', text: m.content }] : m.content;
  const last = body.messages.at(-1);
  const system = JSON.stringify(body.system ?? '');
  return {
    ...raw,
    body,
    index,
    text: body.messages.flatMap((m) => blocks(m).map(blockText)).join('\n'),
    cwd: /Primary working directory: (.+?)(?:\\n|")/.exec(system)?.[1],
    toolResults: (last?.role === 'user' ? blocks(last) : [])
      .filter((b) => b.type === 'tool_result')
      .map((b) => ({
        toolUseId: String(b.tool_use_id),
        content: blockText(b),
        isError: b.is_error === true,
      })),
    hasTools: (body.tools?.length ?? 0) > 0,
  };
}

function toMessage(reply: Exclude<ModelReply, { status: number }>, model: string, n: number) {
  const r =
    typeof reply === 'string' ? { content: [{ type: 'text' as const, text: reply }] } : reply;
  const content = r.content.map((b, i) =>
    b.type === 'tool_use' ? { ...b, id: b.id ?? `toolu_mmm_${n}_${i}` } : b,
  );
  const hasTool = content.some((b) => b.type === 'tool_use');
  return {
    id: `msg_mmm_${n}`,
    type: 'message',
    role: 'assistant',
    model,
    content,
    stop_reason: r.stopReason ?? (hasTool ? 'tool_use' : 'end_turn'),
    stop_sequence: null,
    usage: { ...DEFAULT_USAGE, ...r.usage },
  };
}

type Message = ReturnType<typeof toMessage>;

function sendStream(res: ServerResponse, message: Message): void {
  const event = startEvents(res);
  const { usage } = message;
  event('message_start', {
    message: { ...message, content: [], stop_reason: null, usage: { ...usage, output_tokens: 1 } },
  });
  message.content.forEach((block, index) => {
    if (block.type === 'text') {
      event('content_block_start', { index, content_block: { type: 'text', text: '' } });
      event('content_block_delta', { index, delta: { type: 'text_delta', text: block.text } });
    } else {
      const start = { type: 'tool_use', id: block.id, name: block.name, input: {} };
      event('content_block_start', { index, content_block: start });
      const partial_json = JSON.stringify(block.input);
      event('content_block_delta', { index, delta: { type: 'input_json_delta', partial_json } });
    }
    event('content_block_stop', { index });
  });
  event('message_delta', {
    delta: { stop_reason: message.stop_reason, stop_sequence: null },
    usage: { output_tokens: usage.output_tokens },
  });
  event('message_stop', {});
  res.end();
}

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return text;
  }
}

/**
 * Starts the scripted server on 127.0.0.1 (random port). POST /v1/messages requests that carry
 * tools go to the script; the CLI's side requests without tools (session titles) get a short text.
 * The server also acts as the HTTP(S) proxy of `realClaudeEnv`: it refuses and records every
 * CONNECT, so the CLI cannot reach any other host.
 */
export async function startModelServer(script: ModelScript): Promise<ModelServer> {
  const requests: RecordedRequest[] = [];
  const messages: MessagesRequest[] = [];
  const blockedConnects: string[] = [];

  const handle = async (req: IncomingMessage, res: ServerResponse) => {
    const text = await readBody(req);
    const path = req.url ?? '/';
    const recorded = {
      method: req.method ?? 'GET',
      path,
      headers: req.headers,
      body: parseJson(text),
    };
    requests.push(recorded);
    const route = path.split('?')[0];
    if (recorded.method === 'HEAD') return void res.writeHead(200).end();
    if (recorded.method === 'POST' && route === '/v1/messages/count_tokens') {
      return sendJson(res, 200, { input_tokens: Math.ceil(text.length / 4) });
    }
    if (recorded.method !== 'POST' || route !== '/v1/messages') {
      return sendJson(res, 404, {
        type: 'error',
        error: { type: 'not_found_error', message: `${recorded.method} ${route} is not scripted` },
      });
    }
    const request = describe(recorded, messages.length);
    messages.push(request);
    let reply: ModelReply;
    try {
      reply = request.hasTools ? await script(request) : 'Scripted session';
    } catch (error) {
      // 400, not 500: the CLI retries server errors with backoff, which would look like a hang.
      const message = `model script failed: ${error instanceof Error ? error.message : String(error)}`;
      return sendJson(res, 400, {
        type: 'error',
        error: { type: 'invalid_request_error', message },
      });
    }
    if (typeof reply === 'object' && 'status' in reply) {
      return sendJson(res, reply.status, { type: 'error', error: reply.error }, reply.headers);
    }
    const message = toMessage(reply, request.body.model, messages.length);
    if (request.body.stream === false || request.body.stream === undefined) {
      return sendJson(res, 200, message);
    }
    sendStream(res, message);
  };

  const server = await listenLocal(handle, {
    onError: (res, error) => {
      if (!res.headersSent)
        sendJson(res, 500, { type: 'error', error: { message: String(error) } });
      else res.end();
    },
    onConnect: (target) => blockedConnects.push(target),
  });
  return { ...server, requests, messages: () => [...messages], blockedConnects };
}

/**
 * A script for the common case: the first turn asks the CLI to run one tool, and once the tool
 * result comes back the model answers `finalText`.
 */
export function toolThenText(
  tool: (request: MessagesRequest) => { name: string; input: Record<string, unknown> },
  finalText = 'Done.',
): ModelScript {
  return (request) =>
    request.toolResults.length > 0
      ? finalText
      : { content: [{ type: 'tool_use', ...tool(request) }] };
}

/**
 * Environment that runs the real Claude Code CLI against `server`, offline and isolated: its
 * config lives under `home`, non-essential traffic and telemetry are off, and every other host is
 * routed to the server's refusing proxy. Pass it as the agent env (e.g. to exec or to mmm).
 */
export function realClaudeEnv(
  server: Pick<ModelServer, 'url'>,
  home: string,
): Record<string, string> {
  return {
    MMM_CLAUDE_BIN: realClaudeBin,
    HOME: home,
    CLAUDE_CONFIG_DIR: join(home, '.claude'),
    XDG_CONFIG_HOME: join(home, '.config'),
    ANTHROPIC_BASE_URL: server.url,
    ANTHROPIC_API_KEY: 'sk-ant-mmm-test-dummy',
    ANTHROPIC_MODEL: pricedModel,
    // Empty means unset to the CLI: no other credentials or providers leak in from the machine.
    ANTHROPIC_AUTH_TOKEN: '',
    CLAUDE_CODE_OAUTH_TOKEN: '',
    CLAUDE_CODE_USE_BEDROCK: '',
    CLAUDE_CODE_USE_VERTEX: '',
    CLAUDE_CODE_DISABLE_NONESSENTIAL_TRAFFIC: '1',
    DISABLE_TELEMETRY: '1',
    DISABLE_ERROR_REPORTING: '1',
    DISABLE_AUTOUPDATER: '1',
    ...proxyEnv(server.url),
  };
}
