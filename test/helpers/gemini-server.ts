// A scripted stand-in for the Gemini API (generativelanguage v1beta) on 127.0.0.1, so the REAL
// Gemini CLI can run offline and deterministically: the script decides each reply (text or
// functionCall parts), the CLI runs its tools for real, and every request is recorded.
import { mkdirSync, writeFileSync } from 'node:fs';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { listenLocal, proxyEnv, readBody, sendJson } from './local-server.js';

/** The installed Gemini CLI (devDependency @google/gemini-cli). */
export const realGeminiBin = fileURLToPath(
  new URL('../../node_modules/.bin/gemini', import.meta.url),
);
/** The model the tests name with `-m`, so the CLI's model router makes no call of its own. */
export const geminiModel = 'gemini-2.5-flash';

export type GeminiPart =
  { text: string } | { functionCall: { name: string; args: Record<string, unknown> } };

export interface GeminiUsage {
  promptTokenCount: number;
  candidatesTokenCount: number;
  thoughtsTokenCount: number;
  cachedContentTokenCount: number;
}

/** What the scripted model says to one request: text, parts, or an API error. */
export type GeminiReply =
  | string
  | { parts: GeminiPart[]; usage?: Partial<GeminiUsage> }
  | {
      status: number;
      error: { code: number; message: string; status: string; details?: unknown[] };
    };

interface Content {
  role?: string;
  parts?: Record<string, unknown>[];
}

/** A generateContent or streamGenerateContent request, with the parts scripts look at. */
export interface GeminiRequest {
  path: string;
  headers: Record<string, string | string[] | undefined>;
  body: { contents: Content[]; tools?: unknown[]; systemInstruction?: unknown };
  /** 0-based index among the model requests. */
  index: number;
  /** The model named in the path. */
  model: string;
  /** Every text part of the conversation, joined: what the model was told. */
  text: string;
  /** The functionResponse parts of the last content: the results of the tools it asked for. */
  functionResponses: { name: string; response: unknown }[];
}

export type GeminiScript = (request: GeminiRequest) => GeminiReply | Promise<GeminiReply>;

export interface GeminiServer {
  /** For GOOGLE_GEMINI_BASE_URL, e.g. http://127.0.0.1:43210 */
  url: string;
  requests: GeminiRequest[];
  /** Every request's method and path, model requests or not. */
  paths: string[];
  /** Hosts the CLI tried to reach through the proxy (refused): anything but this server. */
  blockedConnects: string[];
  close: () => Promise<void>;
}

const DEFAULT_USAGE: GeminiUsage = {
  promptTokenCount: 100,
  candidatesTokenCount: 20,
  thoughtsTokenCount: 0,
  cachedContentTokenCount: 0,
};

function describe(path: string, headers: GeminiRequest['headers'], raw: string, index: number) {
  const body = JSON.parse(raw) as GeminiRequest['body'];
  const parts = (c: Content) => c.parts ?? [];
  const last = body.contents.at(-1);
  return {
    path,
    headers,
    body,
    index,
    model: /models\/([^:]+):/.exec(path)?.[1] ?? '',
    text: body.contents
      .flatMap((c) => parts(c).map((p) => (typeof p.text === 'string' ? p.text : '')))
      .join('\n'),
    functionResponses: (last ? parts(last) : [])
      .map((p) => p.functionResponse as { name: string; response: unknown } | undefined)
      .filter((p): p is { name: string; response: unknown } => p !== undefined),
  };
}

function toResponse(reply: Exclude<GeminiReply, { status: number }>, model: string) {
  const r = typeof reply === 'string' ? { parts: [{ text: reply }] } : reply;
  const u = { ...DEFAULT_USAGE, ...r.usage };
  return {
    candidates: [{ content: { role: 'model', parts: r.parts }, finishReason: 'STOP', index: 0 }],
    usageMetadata: {
      ...u,
      totalTokenCount: u.promptTokenCount + u.candidatesTokenCount + u.thoughtsTokenCount,
    },
    modelVersion: model,
  };
}

/**
 * Starts the scripted server on 127.0.0.1 (random port). Model requests
 * (`models/<m>:streamGenerateContent?alt=sse`, `:generateContent`) go to the script; token counts
 * are estimated; anything else is a 404. It also refuses and records every CONNECT, as the proxy
 * of realGeminiEnv, so the CLI reaches no other host.
 */
export async function startGeminiServer(script: GeminiScript): Promise<GeminiServer> {
  const requests: GeminiRequest[] = [];
  const paths: string[] = [];
  const blockedConnects: string[] = [];

  const handle = async (req: IncomingMessage, res: ServerResponse) => {
    const raw = await readBody(req);
    const path = req.url ?? '/';
    paths.push(`${req.method ?? 'GET'} ${path}`);
    if (req.method === 'POST' && path.includes(':countTokens')) {
      return sendJson(res, 200, { totalTokens: Math.ceil(raw.length / 4) });
    }
    const stream = path.includes(':streamGenerateContent');
    if (req.method !== 'POST' || !(stream || path.includes(':generateContent'))) {
      return sendJson(res, 404, { error: { code: 404, message: `${path} is not scripted` } });
    }
    const request = describe(path, req.headers, raw, requests.length);
    requests.push(request);
    let reply: GeminiReply;
    try {
      reply = await script(request);
    } catch (error) {
      const message = `model script failed: ${error instanceof Error ? error.message : String(error)}`;
      return sendJson(res, 400, { error: { code: 400, message, status: 'INVALID_ARGUMENT' } });
    }
    if (typeof reply === 'object' && 'status' in reply) {
      return sendJson(res, reply.status, { error: reply.error });
    }
    const response = toResponse(reply, request.model);
    if (!stream) return sendJson(res, 200, response);
    res.writeHead(200, { 'content-type': 'text/event-stream' });
    res.end(`data: ${JSON.stringify(response)}\r\n\r\n`);
  };

  const server = await listenLocal(handle, {
    onError: (res, error) => {
      if (!res.headersSent) sendJson(res, 500, { error: { code: 500, message: String(error) } });
      else res.end();
    },
    onConnect: (target) => blockedConnects.push(target),
  });
  return { ...server, requests, paths, blockedConnects };
}

/**
 * A script for the common case: the first request asks the CLI to run one tool, and once its
 * result comes back the model answers `finalText`.
 */
export function callThenText(
  call: (request: GeminiRequest) => { name: string; args: Record<string, unknown> },
  finalText = 'Done.',
): GeminiScript {
  return (request) =>
    request.functionResponses.length > 0 ? finalText : { parts: [{ functionCall: call(request) }] };
}

/**
 * Writes the CLI's settings into `home` and returns the environment that runs the real Gemini CLI
 * against `server`, offline and isolated. The settings choose API-key auth (0.61 refuses
 * GOOGLE_GEMINI_BASE_URL alone: "Invalid auth method selected."), turn telemetry, usage
 * statistics and update checks off, and let each request be tried once, so an error is seen at
 * once instead of after the CLI's backoff. Without `key` the CLI has no credentials.
 */
export function realGeminiEnv(
  server: Pick<GeminiServer, 'url'>,
  home: string,
  key: string | undefined = 'mmm-test-dummy-key',
): Record<string, string> {
  mkdirSync(join(home, '.gemini'), { recursive: true });
  mkdirSync(join(home, 'tmp'), { recursive: true });
  const settings = {
    security: { auth: { selectedType: 'gemini-api-key' } },
    general: { enableAutoUpdate: false, enableAutoUpdateNotification: false, maxAttempts: 1 },
    privacy: { usageStatisticsEnabled: false },
    telemetry: { enabled: false },
  };
  writeFileSync(join(home, '.gemini', 'settings.json'), JSON.stringify(settings, null, 2));
  return {
    MMM_GEMINI_BIN: realGeminiBin,
    HOME: home,
    GEMINI_CLI_HOME: home,
    XDG_CONFIG_HOME: join(home, '.config'),
    // Where the CLI writes its error reports (gemini-client-error-*.json).
    TMPDIR: join(home, 'tmp'),
    GOOGLE_GEMINI_BASE_URL: server.url,
    GEMINI_API_KEY: key ?? '',
    // Empty means unset to the CLI: no other credentials or providers leak in from the machine.
    GOOGLE_API_KEY: '',
    GOOGLE_GENAI_USE_VERTEXAI: '',
    GOOGLE_GENAI_USE_GCA: '',
    GOOGLE_CLOUD_PROJECT: '',
    GEMINI_MODEL: '',
    GEMINI_TELEMETRY_ENABLED: 'false',
    ...proxyEnv(server.url),
  };
}
