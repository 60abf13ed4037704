// Generated from schemas/playbook.schema.json by scripts/generate-validators.mjs
// (npm run generate:validators). Do not edit: change the schema and generate again.
/* eslint-disable */
// @ts-nocheck
import { createRequire } from 'node:module';
const require = createRequire(import.meta.url);
export const stepList = validate40;
const schema12 = {
  description: 'Steps run in order in each iteration.',
  type: 'array',
  minItems: 1,
  items: { $ref: '#/definitions/step' },
};
const schema13 = {
  description: 'One step: exactly one of claude: or shell:, plus optional settings.',
  type: 'object',
  additionalProperties: false,
  properties: {
    claude: {
      description:
        'Agent prompt or slash command for the selected agent tool, e.g. "/mmm-code-review". Variables: ${...}, $ARG. A step has exactly one of claude and shell.',
      $ref: '#/definitions/claude',
    },
    shell: {
      description:
        'Shell command, run with sh -c in the working tree. Variables reach the shell as environment variables, never as source. A step has exactly one of claude and shell.',
      $ref: '#/definitions/shell',
    },
    id: {
      description:
        "Name other steps use to refer to this step's values: ${<id>.output}, ${<id>.exit_code}, ${<id>.success}, ${<id>.<output name>}. Unique in the playbook.",
      $ref: '#/definitions/id',
    },
    commit_required: {
      description:
        'Fail the step when it produced no commit and left nothing to commit. Default: false.',
      $ref: '#/definitions/commit_required',
    },
    timeout: {
      description:
        'Kill the step (its whole process tree) after this long: seconds (600) or a string like 90s, 20m, 1h30m, 500ms. Default: 30m for shell steps; agent.timeout (default 30m) for claude steps.',
      $ref: '#/definitions/duration',
    },
    env: {
      description:
        "Environment variables for this step, added to the playbook's env. Values may use variables.",
      $ref: '#/definitions/envMap',
    },
    working_dir: {
      description:
        'Directory to run the step in, relative to the root of the working tree the run uses and inside it (may use variables; a path, value or symbolic link that leads out of the tree is refused). Default: that root.',
      $ref: '#/definitions/working_dir',
    },
    when: {
      description:
        'Run the step only when this condition holds, e.g. "${test.success} && ${ITERATION} > 1". Default: always run.',
      $ref: '#/definitions/when',
    },
    on_failure: {
      description:
        'Step to run when this step fails; then the failed step runs again, up to max_attempts tries in all.',
      $ref: '#/definitions/failureHandler',
    },
    on_success: {
      description: 'Step to run after this step succeeds.',
      $ref: '#/definitions/step',
    },
    capture_output: {
      description: "Keep the step's output for ${<id>.output} and ${shell.output}. Default: true.",
      $ref: '#/definitions/capture_output',
    },
    agent: {
      description:
        "Agent settings of this claude: step alone (today: resume_conversation), over the playbook's agent: settings.",
      $ref: '#/definitions/stepAgent',
    },
    outputs: {
      description:
        'Named values taken from files the step wrote: { <name>: { file_pattern: "glob" } }; used as ${<id>.<name>}.',
      $ref: '#/definitions/outputs',
    },
    policy: {
      description:
        "Policy rules for this step, merged rule by rule over the playbook's policy (a handler without its own follows its step). See docs/policy.md.",
      $ref: '#/definitions/policy',
    },
    gate: {
      description:
        "The gate the step passes before its commits land on the run's branch: auto (lands at once, the decision recorded), ack (held as a proposal, lands by itself after ack_window unless mmm reject arrives first), approve (held as a proposal on refs/mmm/<run>/proposals/<n>; the run pauses, exit 5, until mmm approve or mmm reject). Steps of steps: (and commands:) only. Default: the playbook's gate.",
      $ref: '#/definitions/gate',
    },
    ack_window: {
      description:
        "How long an ack gate waits for mmm reject before the step's commits land: seconds (600) or a string like 90s, 10m. Default: the playbook's ack_window.",
      $ref: '#/definitions/duration',
    },
  },
};
const schema14 = {
  description:
    'Agent prompt or slash command for the selected agent tool, e.g. "/mmm-code-review". Variables: ${...}, $ARG. A step has exactly one of claude and shell.',
  type: 'string',
  minLength: 1,
};
const schema15 = {
  description:
    'Shell command, run with sh -c in the working tree. Variables reach the shell as environment variables, never as source. A step has exactly one of claude and shell.',
  type: 'string',
  minLength: 1,
};
const schema16 = {
  description:
    'A step id: letters, digits, _ and -, starting with a letter or _. shell and env are reserved.',
  type: 'string',
  pattern: '^[A-Za-z_][A-Za-z0-9_-]*$',
};
const schema17 = {
  description:
    'Fail the step when it produced no commit and left nothing to commit. Default: false.',
  type: 'boolean',
  default: false,
};
const schema18 = {
  description:
    'A duration: seconds as a number (90, 0.5) or a string of units in order: 1h30m, 20m, 90s, 500ms.',
  type: ['number', 'string'],
  exclusiveMinimum: 0,
  pattern: '^(?=.*[1-9])(\\d+h)?(\\d+m)?(\\d+s)?(\\d+ms)?$',
};
const schema19 = {
  description: 'Environment variables: NAME: value.',
  type: 'object',
  propertyNames: { pattern: '^[A-Za-z_][A-Za-z0-9_]*$' },
  additionalProperties: {
    description: 'Value of the variable; numbers and booleans are written as text.',
    type: ['string', 'number', 'boolean'],
  },
};
const schema20 = {
  description:
    'Directory to run the step in, relative to the root of the working tree the run uses and inside it (may use variables; a path, value or symbolic link that leads out of the tree is refused). Default: that root.',
  type: 'string',
  minLength: 1,
};
const schema21 = {
  description:
    'A condition: literals (numbers, "strings", true, false), ${...} variables, == != < > <= >= && || ! and parentheses; or a YAML boolean.',
  type: ['string', 'boolean'],
};
const schema31 = {
  description: "Keep the step's output for ${<id>.output} and ${shell.output}. Default: true.",
  type: 'boolean',
  default: true,
};
const schema51 = {
  description: 'A gate: auto, ack or approve.',
  type: 'string',
  enum: ['auto', 'ack', 'approve'],
};
const func2 = Object.prototype.hasOwnProperty;
const func3 = require('ajv/dist/runtime/ucs2length').default;
const pattern0 = new RegExp('^[A-Za-z_][A-Za-z0-9_-]*$', 'u');
const pattern1 = new RegExp('^(?=.*[1-9])(\\d+h)?(\\d+m)?(\\d+s)?(\\d+ms)?$', 'u');
const pattern2 = new RegExp('^[A-Za-z_][A-Za-z0-9_]*$', 'u');
const schema22 = {
  description: 'A step run when the step it belongs to fails, plus how often to retry.',
  type: 'object',
  additionalProperties: false,
  properties: {
    claude: {
      description:
        'Agent prompt or slash command for the selected agent tool, e.g. "/mmm-code-review". Variables: ${...}, $ARG. A step has exactly one of claude and shell.',
      $ref: '#/definitions/claude',
    },
    shell: {
      description:
        'Shell command, run with sh -c in the working tree. Variables reach the shell as environment variables, never as source. A step has exactly one of claude and shell.',
      $ref: '#/definitions/shell',
    },
    id: {
      description:
        "Name other steps use to refer to this step's values: ${<id>.output}, ${<id>.exit_code}, ${<id>.success}, ${<id>.<output name>}. Unique in the playbook.",
      $ref: '#/definitions/id',
    },
    commit_required: {
      description:
        'Fail the step when it produced no commit and left nothing to commit. Default: false.',
      $ref: '#/definitions/commit_required',
    },
    timeout: {
      description:
        'Kill the step (its whole process tree) after this long: seconds (600) or a string like 90s, 20m, 1h30m, 500ms. Default: 30m for shell steps; agent.timeout (default 30m) for claude steps.',
      $ref: '#/definitions/duration',
    },
    env: {
      description:
        "Environment variables for this step, added to the playbook's env. Values may use variables.",
      $ref: '#/definitions/envMap',
    },
    working_dir: {
      description:
        'Directory to run the step in, relative to the root of the working tree the run uses and inside it (may use variables; a path, value or symbolic link that leads out of the tree is refused). Default: that root.',
      $ref: '#/definitions/working_dir',
    },
    when: {
      description:
        'Run the step only when this condition holds, e.g. "${test.success} && ${ITERATION} > 1". Default: always run.',
      $ref: '#/definitions/when',
    },
    on_failure: {
      description:
        'Step to run when this step fails; then the failed step runs again, up to max_attempts tries in all.',
      $ref: '#/definitions/failureHandler',
    },
    on_success: {
      description: 'Step to run after this step succeeds.',
      $ref: '#/definitions/step',
    },
    capture_output: {
      description: "Keep the step's output for ${<id>.output} and ${shell.output}. Default: true.",
      $ref: '#/definitions/capture_output',
    },
    agent: {
      description:
        "Agent settings of this claude: step alone (today: resume_conversation), over the playbook's agent: settings.",
      $ref: '#/definitions/stepAgent',
    },
    outputs: {
      description:
        'Named values taken from files the step wrote: { <name>: { file_pattern: "glob" } }; used as ${<id>.<name>}.',
      $ref: '#/definitions/outputs',
    },
    policy: {
      description:
        "Policy rules for this step, merged rule by rule over the playbook's policy (a handler without its own follows its step). See docs/policy.md.",
      $ref: '#/definitions/policy',
    },
    max_attempts: {
      description:
        'Tries of the failing step in all, including the first: the handler runs between tries. Default: 3 for shell steps, 1 for claude steps.',
      $ref: '#/definitions/max_attempts',
    },
    fail_workflow: {
      description:
        'Stop the workflow when the step still fails after max_attempts tries. Default: true; false goes on to the next step.',
      $ref: '#/definitions/fail_workflow',
    },
    stop_on_repeat: {
      description:
        'Give up, without spending the tries left, when the step fails the same way this many tries in a row (same output once numbers, absolute paths and hex ids are set aside): the run stops as not converging (exit 4) and writes .mmm/runs/<run>/escalation.md. Default: 2; false never gives up early.',
      $ref: '#/definitions/stop_on_repeat',
    },
  },
};
const schema47 = {
  description:
    'Tries of the failing step in all, including the first: the handler runs between tries. Default: 3 for shell steps, 1 for claude steps.',
  type: 'integer',
  minimum: 1,
};
const schema48 = {
  description:
    'Stop the workflow when the step still fails after max_attempts tries. Default: true; false goes on to the next step.',
  type: 'boolean',
  default: true,
};
const schema49 = {
  description:
    'Give up, without spending the tries left, when the step fails the same way this many tries in a row (same output once numbers, absolute paths and hex ids are set aside): the run stops as not converging (exit 4) and writes .mmm/runs/<run>/escalation.md. Default: 2; false never gives up early.',
  anyOf: [{ type: 'integer', minimum: 2 }, { const: false }],
  default: 2,
};
const wrapper0 = { validate: validate13 };
const wrapper1 = { validate: validate12 };
const schema32 = {
  description:
    "Agent settings of this claude: step alone, each over the playbook's agent: setting of the same name (lists replace, they are not added to).",
  type: 'object',
  additionalProperties: false,
  properties: {
    tool: {
      description:
        "Agent CLI to run claude: steps with; mmm loads a playbook only when it has an adapter for the tool (today: claude, codex, gemini, opencode, amp, cursor, copilot). Default: the playbook's agent.tool.",
      type: 'string',
      minLength: 1,
      examples: ['claude'],
    },
    model: {
      description:
        "Model alias or name passed to the agent (e.g. sonnet, opus). Default: the playbook's agent.model.",
      type: 'string',
      minLength: 1,
    },
    permission_mode: {
      description:
        "Permission mode passed to the agent (Claude Code: acceptEdits, auto, bypassPermissions, default, dontAsk, plan). Default: the playbook's agent.permission_mode.",
      type: 'string',
      minLength: 1,
      examples: ['acceptEdits', 'auto', 'bypassPermissions', 'default', 'dontAsk', 'plan'],
    },
    allowed_tools: {
      description:
        'Tools the agent may use without asking, e.g. ["Bash(npm test *)", "Edit"]. Default: the playbook\'s agent.allowed_tools.',
      type: 'array',
      items: { description: 'One tool rule.', type: 'string', minLength: 1 },
    },
    disallowed_tools: {
      description: "Tools the agent may not use. Default: the playbook's agent.disallowed_tools.",
      type: 'array',
      items: { description: 'One tool rule.', type: 'string', minLength: 1 },
    },
    max_turns: {
      description: "Most agent turns per call. Default: the playbook's agent.max_turns.",
      type: 'integer',
      minimum: 1,
    },
    timeout: {
      description:
        "Kill an agent call after this long; a step's own timeout overrides it. Default: the playbook's agent.timeout.",
      $ref: '#/definitions/duration',
    },
    wait_on_limit: {
      description:
        "When an agent call ends on a rate limit, an overload or a usage limit, pause the run and make the same call again once the limit lifts (the reset time the agent names, else a backoff from 30s doubling to 15m), for at most this long per call; false fails the step at once instead. Default: the playbook's agent.wait_on_limit.",
      anyOf: [
        { $ref: '#/definitions/duration' },
        { description: 'Do not wait: a limit fails the call.', const: false },
      ],
    },
    idle_timeout: {
      description:
        "Stop an agent call (its whole process tree) that prints nothing and changes no file in the working tree for this long, and fail the step: the agent seemed hung. Default: the playbook's agent.idle_timeout.",
      $ref: '#/definitions/duration',
    },
    append_system_prompt: {
      description:
        "Text appended to the agent's system prompt. Default: the playbook's agent.append_system_prompt.",
      type: 'string',
    },
    resume_conversation: {
      description:
        "This step's own agent.resume_conversation: when mmm resume runs it again after its agent call was cut off, its first agent call continues that conversation. Default: the playbook's agent.resume_conversation.",
      type: 'boolean',
    },
    fallback: {
      description:
        "Agents to try, in order, when a call fails for a reason that is not the work's fault (a usage limit, an overload, the CLI crashing, not logged in): the next one makes the same call. Each names a tool and optionally a model; the other settings are the step's. Default: the playbook's agent.fallback.",
      type: 'array',
      items: {
        description: 'One agent to fall back to.',
        type: 'object',
        additionalProperties: false,
        required: ['tool'],
        properties: {
          tool: {
            description:
              'Agent CLI (today: claude, codex, gemini, opencode, amp, cursor, copilot).',
            type: 'string',
            minLength: 1,
          },
          model: {
            description: "Model alias or name for it. Default: the agent's own default.",
            type: 'string',
            minLength: 1,
          },
        },
      },
    },
  },
};

function validate14(
  data,
  { instancePath = '', parentData, parentDataProperty, rootData = data } = {},
) {
  let vErrors = null;
  let errors = 0;
  if (data && typeof data == 'object' && !Array.isArray(data)) {
    for (const key0 in data) {
      if (!func2.call(schema32.properties, key0)) {
        const err0 = {
          instancePath,
          schemaPath: '#/additionalProperties',
          keyword: 'additionalProperties',
          params: { additionalProperty: key0 },
          message: 'must NOT have additional properties',
          schema: false,
          parentSchema: schema32,
          data,
        };
        if (vErrors === null) {
          vErrors = [err0];
        } else {
          vErrors.push(err0);
        }
        errors++;
      }
    }
    if (data.tool !== undefined) {
      let data0 = data.tool;
      if (typeof data0 === 'string') {
        if (func3(data0) < 1) {
          const err1 = {
            instancePath: instancePath + '/tool',
            schemaPath: '#/properties/tool/minLength',
            keyword: 'minLength',
            params: { limit: 1 },
            message: 'must NOT have fewer than 1 characters',
            schema: 1,
            parentSchema: schema32.properties.tool,
            data: data0,
          };
          if (vErrors === null) {
            vErrors = [err1];
          } else {
            vErrors.push(err1);
          }
          errors++;
        }
      } else {
        const err2 = {
          instancePath: instancePath + '/tool',
          schemaPath: '#/properties/tool/type',
          keyword: 'type',
          params: { type: 'string' },
          message: 'must be string',
          schema: schema32.properties.tool.type,
          parentSchema: schema32.properties.tool,
          data: data0,
        };
        if (vErrors === null) {
          vErrors = [err2];
        } else {
          vErrors.push(err2);
        }
        errors++;
      }
    }
    if (data.model !== undefined) {
      let data1 = data.model;
      if (typeof data1 === 'string') {
        if (func3(data1) < 1) {
          const err3 = {
            instancePath: instancePath + '/model',
            schemaPath: '#/properties/model/minLength',
            keyword: 'minLength',
            params: { limit: 1 },
            message: 'must NOT have fewer than 1 characters',
            schema: 1,
            parentSchema: schema32.properties.model,
            data: data1,
          };
          if (vErrors === null) {
            vErrors = [err3];
          } else {
            vErrors.push(err3);
          }
          errors++;
        }
      } else {
        const err4 = {
          instancePath: instancePath + '/model',
          schemaPath: '#/properties/model/type',
          keyword: 'type',
          params: { type: 'string' },
          message: 'must be string',
          schema: schema32.properties.model.type,
          parentSchema: schema32.properties.model,
          data: data1,
        };
        if (vErrors === null) {
          vErrors = [err4];
        } else {
          vErrors.push(err4);
        }
        errors++;
      }
    }
    if (data.permission_mode !== undefined) {
      let data2 = data.permission_mode;
      if (typeof data2 === 'string') {
        if (func3(data2) < 1) {
          const err5 = {
            instancePath: instancePath + '/permission_mode',
            schemaPath: '#/properties/permission_mode/minLength',
            keyword: 'minLength',
            params: { limit: 1 },
            message: 'must NOT have fewer than 1 characters',
            schema: 1,
            parentSchema: schema32.properties.permission_mode,
            data: data2,
          };
          if (vErrors === null) {
            vErrors = [err5];
          } else {
            vErrors.push(err5);
          }
          errors++;
        }
      } else {
        const err6 = {
          instancePath: instancePath + '/permission_mode',
          schemaPath: '#/properties/permission_mode/type',
          keyword: 'type',
          params: { type: 'string' },
          message: 'must be string',
          schema: schema32.properties.permission_mode.type,
          parentSchema: schema32.properties.permission_mode,
          data: data2,
        };
        if (vErrors === null) {
          vErrors = [err6];
        } else {
          vErrors.push(err6);
        }
        errors++;
      }
    }
    if (data.allowed_tools !== undefined) {
      let data3 = data.allowed_tools;
      if (Array.isArray(data3)) {
        const len0 = data3.length;
        for (let i0 = 0; i0 < len0; i0++) {
          let data4 = data3[i0];
          if (typeof data4 === 'string') {
            if (func3(data4) < 1) {
              const err7 = {
                instancePath: instancePath + '/allowed_tools/' + i0,
                schemaPath: '#/properties/allowed_tools/items/minLength',
                keyword: 'minLength',
                params: { limit: 1 },
                message: 'must NOT have fewer than 1 characters',
                schema: 1,
                parentSchema: schema32.properties.allowed_tools.items,
                data: data4,
              };
              if (vErrors === null) {
                vErrors = [err7];
              } else {
                vErrors.push(err7);
              }
              errors++;
            }
          } else {
            const err8 = {
              instancePath: instancePath + '/allowed_tools/' + i0,
              schemaPath: '#/properties/allowed_tools/items/type',
              keyword: 'type',
              params: { type: 'string' },
              message: 'must be string',
              schema: schema32.properties.allowed_tools.items.type,
              parentSchema: schema32.properties.allowed_tools.items,
              data: data4,
            };
            if (vErrors === null) {
              vErrors = [err8];
            } else {
              vErrors.push(err8);
            }
            errors++;
          }
        }
      } else {
        const err9 = {
          instancePath: instancePath + '/allowed_tools',
          schemaPath: '#/properties/allowed_tools/type',
          keyword: 'type',
          params: { type: 'array' },
          message: 'must be array',
          schema: schema32.properties.allowed_tools.type,
          parentSchema: schema32.properties.allowed_tools,
          data: data3,
        };
        if (vErrors === null) {
          vErrors = [err9];
        } else {
          vErrors.push(err9);
        }
        errors++;
      }
    }
    if (data.disallowed_tools !== undefined) {
      let data5 = data.disallowed_tools;
      if (Array.isArray(data5)) {
        const len1 = data5.length;
        for (let i1 = 0; i1 < len1; i1++) {
          let data6 = data5[i1];
          if (typeof data6 === 'string') {
            if (func3(data6) < 1) {
              const err10 = {
                instancePath: instancePath + '/disallowed_tools/' + i1,
                schemaPath: '#/properties/disallowed_tools/items/minLength',
                keyword: 'minLength',
                params: { limit: 1 },
                message: 'must NOT have fewer than 1 characters',
                schema: 1,
                parentSchema: schema32.properties.disallowed_tools.items,
                data: data6,
              };
              if (vErrors === null) {
                vErrors = [err10];
              } else {
                vErrors.push(err10);
              }
              errors++;
            }
          } else {
            const err11 = {
              instancePath: instancePath + '/disallowed_tools/' + i1,
              schemaPath: '#/properties/disallowed_tools/items/type',
              keyword: 'type',
              params: { type: 'string' },
              message: 'must be string',
              schema: schema32.properties.disallowed_tools.items.type,
              parentSchema: schema32.properties.disallowed_tools.items,
              data: data6,
            };
            if (vErrors === null) {
              vErrors = [err11];
            } else {
              vErrors.push(err11);
            }
            errors++;
          }
        }
      } else {
        const err12 = {
          instancePath: instancePath + '/disallowed_tools',
          schemaPath: '#/properties/disallowed_tools/type',
          keyword: 'type',
          params: { type: 'array' },
          message: 'must be array',
          schema: schema32.properties.disallowed_tools.type,
          parentSchema: schema32.properties.disallowed_tools,
          data: data5,
        };
        if (vErrors === null) {
          vErrors = [err12];
        } else {
          vErrors.push(err12);
        }
        errors++;
      }
    }
    if (data.max_turns !== undefined) {
      let data7 = data.max_turns;
      if (!(typeof data7 == 'number' && !(data7 % 1) && !isNaN(data7) && isFinite(data7))) {
        const err13 = {
          instancePath: instancePath + '/max_turns',
          schemaPath: '#/properties/max_turns/type',
          keyword: 'type',
          params: { type: 'integer' },
          message: 'must be integer',
          schema: schema32.properties.max_turns.type,
          parentSchema: schema32.properties.max_turns,
          data: data7,
        };
        if (vErrors === null) {
          vErrors = [err13];
        } else {
          vErrors.push(err13);
        }
        errors++;
      }
      if (typeof data7 == 'number' && isFinite(data7)) {
        if (data7 < 1 || isNaN(data7)) {
          const err14 = {
            instancePath: instancePath + '/max_turns',
            schemaPath: '#/properties/max_turns/minimum',
            keyword: 'minimum',
            params: { comparison: '>=', limit: 1 },
            message: 'must be >= 1',
            schema: 1,
            parentSchema: schema32.properties.max_turns,
            data: data7,
          };
          if (vErrors === null) {
            vErrors = [err14];
          } else {
            vErrors.push(err14);
          }
          errors++;
        }
      }
    }
    if (data.timeout !== undefined) {
      let data8 = data.timeout;
      if (!(typeof data8 == 'number' && isFinite(data8)) && typeof data8 !== 'string') {
        const err15 = {
          instancePath: instancePath + '/timeout',
          schemaPath: '#/definitions/duration/type',
          keyword: 'type',
          params: { type: schema18.type },
          message: 'must be number,string',
          schema: schema18.type,
          parentSchema: schema18,
          data: data8,
        };
        if (vErrors === null) {
          vErrors = [err15];
        } else {
          vErrors.push(err15);
        }
        errors++;
      }
      if (typeof data8 == 'number' && isFinite(data8)) {
        if (data8 <= 0 || isNaN(data8)) {
          const err16 = {
            instancePath: instancePath + '/timeout',
            schemaPath: '#/definitions/duration/exclusiveMinimum',
            keyword: 'exclusiveMinimum',
            params: { comparison: '>', limit: 0 },
            message: 'must be > 0',
            schema: 0,
            parentSchema: schema18,
            data: data8,
          };
          if (vErrors === null) {
            vErrors = [err16];
          } else {
            vErrors.push(err16);
          }
          errors++;
        }
      }
      if (typeof data8 === 'string') {
        if (!pattern1.test(data8)) {
          const err17 = {
            instancePath: instancePath + '/timeout',
            schemaPath: '#/definitions/duration/pattern',
            keyword: 'pattern',
            params: { pattern: '^(?=.*[1-9])(\\d+h)?(\\d+m)?(\\d+s)?(\\d+ms)?$' },
            message:
              'must match pattern "' + '^(?=.*[1-9])(\\d+h)?(\\d+m)?(\\d+s)?(\\d+ms)?$' + '"',
            schema: '^(?=.*[1-9])(\\d+h)?(\\d+m)?(\\d+s)?(\\d+ms)?$',
            parentSchema: schema18,
            data: data8,
          };
          if (vErrors === null) {
            vErrors = [err17];
          } else {
            vErrors.push(err17);
          }
          errors++;
        }
      }
    }
    if (data.wait_on_limit !== undefined) {
      let data9 = data.wait_on_limit;
      const _errs22 = errors;
      let valid6 = false;
      const _errs23 = errors;
      if (!(typeof data9 == 'number' && isFinite(data9)) && typeof data9 !== 'string') {
        const err18 = {
          instancePath: instancePath + '/wait_on_limit',
          schemaPath: '#/definitions/duration/type',
          keyword: 'type',
          params: { type: schema18.type },
          message: 'must be number,string',
          schema: schema18.type,
          parentSchema: schema18,
          data: data9,
        };
        if (vErrors === null) {
          vErrors = [err18];
        } else {
          vErrors.push(err18);
        }
        errors++;
      }
      if (typeof data9 == 'number' && isFinite(data9)) {
        if (data9 <= 0 || isNaN(data9)) {
          const err19 = {
            instancePath: instancePath + '/wait_on_limit',
            schemaPath: '#/definitions/duration/exclusiveMinimum',
            keyword: 'exclusiveMinimum',
            params: { comparison: '>', limit: 0 },
            message: 'must be > 0',
            schema: 0,
            parentSchema: schema18,
            data: data9,
          };
          if (vErrors === null) {
            vErrors = [err19];
          } else {
            vErrors.push(err19);
          }
          errors++;
        }
      }
      if (typeof data9 === 'string') {
        if (!pattern1.test(data9)) {
          const err20 = {
            instancePath: instancePath + '/wait_on_limit',
            schemaPath: '#/definitions/duration/pattern',
            keyword: 'pattern',
            params: { pattern: '^(?=.*[1-9])(\\d+h)?(\\d+m)?(\\d+s)?(\\d+ms)?$' },
            message:
              'must match pattern "' + '^(?=.*[1-9])(\\d+h)?(\\d+m)?(\\d+s)?(\\d+ms)?$' + '"',
            schema: '^(?=.*[1-9])(\\d+h)?(\\d+m)?(\\d+s)?(\\d+ms)?$',
            parentSchema: schema18,
            data: data9,
          };
          if (vErrors === null) {
            vErrors = [err20];
          } else {
            vErrors.push(err20);
          }
          errors++;
        }
      }
      var _valid0 = _errs23 === errors;
      valid6 = valid6 || _valid0;
      if (!valid6) {
        const _errs26 = errors;
        if (false !== data9) {
          const err21 = {
            instancePath: instancePath + '/wait_on_limit',
            schemaPath: '#/properties/wait_on_limit/anyOf/1/const',
            keyword: 'const',
            params: { allowedValue: false },
            message: 'must be equal to constant',
            schema: false,
            parentSchema: schema32.properties.wait_on_limit.anyOf[1],
            data: data9,
          };
          if (vErrors === null) {
            vErrors = [err21];
          } else {
            vErrors.push(err21);
          }
          errors++;
        }
        var _valid0 = _errs26 === errors;
        valid6 = valid6 || _valid0;
      }
      if (!valid6) {
        const err22 = {
          instancePath: instancePath + '/wait_on_limit',
          schemaPath: '#/properties/wait_on_limit/anyOf',
          keyword: 'anyOf',
          params: {},
          message: 'must match a schema in anyOf',
          schema: schema32.properties.wait_on_limit.anyOf,
          parentSchema: schema32.properties.wait_on_limit,
          data: data9,
        };
        if (vErrors === null) {
          vErrors = [err22];
        } else {
          vErrors.push(err22);
        }
        errors++;
      } else {
        errors = _errs22;
        if (vErrors !== null) {
          if (_errs22) {
            vErrors.length = _errs22;
          } else {
            vErrors = null;
          }
        }
      }
    }
    if (data.idle_timeout !== undefined) {
      let data10 = data.idle_timeout;
      if (!(typeof data10 == 'number' && isFinite(data10)) && typeof data10 !== 'string') {
        const err23 = {
          instancePath: instancePath + '/idle_timeout',
          schemaPath: '#/definitions/duration/type',
          keyword: 'type',
          params: { type: schema18.type },
          message: 'must be number,string',
          schema: schema18.type,
          parentSchema: schema18,
          data: data10,
        };
        if (vErrors === null) {
          vErrors = [err23];
        } else {
          vErrors.push(err23);
        }
        errors++;
      }
      if (typeof data10 == 'number' && isFinite(data10)) {
        if (data10 <= 0 || isNaN(data10)) {
          const err24 = {
            instancePath: instancePath + '/idle_timeout',
            schemaPath: '#/definitions/duration/exclusiveMinimum',
            keyword: 'exclusiveMinimum',
            params: { comparison: '>', limit: 0 },
            message: 'must be > 0',
            schema: 0,
            parentSchema: schema18,
            data: data10,
          };
          if (vErrors === null) {
            vErrors = [err24];
          } else {
            vErrors.push(err24);
          }
          errors++;
        }
      }
      if (typeof data10 === 'string') {
        if (!pattern1.test(data10)) {
          const err25 = {
            instancePath: instancePath + '/idle_timeout',
            schemaPath: '#/definitions/duration/pattern',
            keyword: 'pattern',
            params: { pattern: '^(?=.*[1-9])(\\d+h)?(\\d+m)?(\\d+s)?(\\d+ms)?$' },
            message:
              'must match pattern "' + '^(?=.*[1-9])(\\d+h)?(\\d+m)?(\\d+s)?(\\d+ms)?$' + '"',
            schema: '^(?=.*[1-9])(\\d+h)?(\\d+m)?(\\d+s)?(\\d+ms)?$',
            parentSchema: schema18,
            data: data10,
          };
          if (vErrors === null) {
            vErrors = [err25];
          } else {
            vErrors.push(err25);
          }
          errors++;
        }
      }
    }
    if (data.append_system_prompt !== undefined) {
      let data11 = data.append_system_prompt;
      if (typeof data11 !== 'string') {
        const err26 = {
          instancePath: instancePath + '/append_system_prompt',
          schemaPath: '#/properties/append_system_prompt/type',
          keyword: 'type',
          params: { type: 'string' },
          message: 'must be string',
          schema: schema32.properties.append_system_prompt.type,
          parentSchema: schema32.properties.append_system_prompt,
          data: data11,
        };
        if (vErrors === null) {
          vErrors = [err26];
        } else {
          vErrors.push(err26);
        }
        errors++;
      }
    }
    if (data.resume_conversation !== undefined) {
      let data12 = data.resume_conversation;
      if (typeof data12 !== 'boolean') {
        const err27 = {
          instancePath: instancePath + '/resume_conversation',
          schemaPath: '#/properties/resume_conversation/type',
          keyword: 'type',
          params: { type: 'boolean' },
          message: 'must be boolean',
          schema: schema32.properties.resume_conversation.type,
          parentSchema: schema32.properties.resume_conversation,
          data: data12,
        };
        if (vErrors === null) {
          vErrors = [err27];
        } else {
          vErrors.push(err27);
        }
        errors++;
      }
    }
    if (data.fallback !== undefined) {
      let data13 = data.fallback;
      if (Array.isArray(data13)) {
        const len2 = data13.length;
        for (let i2 = 0; i2 < len2; i2++) {
          let data14 = data13[i2];
          if (data14 && typeof data14 == 'object' && !Array.isArray(data14)) {
            if (data14.tool === undefined) {
              const err28 = {
                instancePath: instancePath + '/fallback/' + i2,
                schemaPath: '#/properties/fallback/items/required',
                keyword: 'required',
                params: { missingProperty: 'tool' },
                message: "must have required property '" + 'tool' + "'",
                schema: schema32.properties.fallback.items.required,
                parentSchema: schema32.properties.fallback.items,
                data: data14,
              };
              if (vErrors === null) {
                vErrors = [err28];
              } else {
                vErrors.push(err28);
              }
              errors++;
            }
            for (const key1 in data14) {
              if (!(key1 === 'tool' || key1 === 'model')) {
                const err29 = {
                  instancePath: instancePath + '/fallback/' + i2,
                  schemaPath: '#/properties/fallback/items/additionalProperties',
                  keyword: 'additionalProperties',
                  params: { additionalProperty: key1 },
                  message: 'must NOT have additional properties',
                  schema: false,
                  parentSchema: schema32.properties.fallback.items,
                  data: data14,
                };
                if (vErrors === null) {
                  vErrors = [err29];
                } else {
                  vErrors.push(err29);
                }
                errors++;
              }
            }
            if (data14.tool !== undefined) {
              let data15 = data14.tool;
              if (typeof data15 === 'string') {
                if (func3(data15) < 1) {
                  const err30 = {
                    instancePath: instancePath + '/fallback/' + i2 + '/tool',
                    schemaPath: '#/properties/fallback/items/properties/tool/minLength',
                    keyword: 'minLength',
                    params: { limit: 1 },
                    message: 'must NOT have fewer than 1 characters',
                    schema: 1,
                    parentSchema: schema32.properties.fallback.items.properties.tool,
                    data: data15,
                  };
                  if (vErrors === null) {
                    vErrors = [err30];
                  } else {
                    vErrors.push(err30);
                  }
                  errors++;
                }
              } else {
                const err31 = {
                  instancePath: instancePath + '/fallback/' + i2 + '/tool',
                  schemaPath: '#/properties/fallback/items/properties/tool/type',
                  keyword: 'type',
                  params: { type: 'string' },
                  message: 'must be string',
                  schema: schema32.properties.fallback.items.properties.tool.type,
                  parentSchema: schema32.properties.fallback.items.properties.tool,
                  data: data15,
                };
                if (vErrors === null) {
                  vErrors = [err31];
                } else {
                  vErrors.push(err31);
                }
                errors++;
              }
            }
            if (data14.model !== undefined) {
              let data16 = data14.model;
              if (typeof data16 === 'string') {
                if (func3(data16) < 1) {
                  const err32 = {
                    instancePath: instancePath + '/fallback/' + i2 + '/model',
                    schemaPath: '#/properties/fallback/items/properties/model/minLength',
                    keyword: 'minLength',
                    params: { limit: 1 },
                    message: 'must NOT have fewer than 1 characters',
                    schema: 1,
                    parentSchema: schema32.properties.fallback.items.properties.model,
                    data: data16,
                  };
                  if (vErrors === null) {
                    vErrors = [err32];
                  } else {
                    vErrors.push(err32);
                  }
                  errors++;
                }
              } else {
                const err33 = {
                  instancePath: instancePath + '/fallback/' + i2 + '/model',
                  schemaPath: '#/properties/fallback/items/properties/model/type',
                  keyword: 'type',
                  params: { type: 'string' },
                  message: 'must be string',
                  schema: schema32.properties.fallback.items.properties.model.type,
                  parentSchema: schema32.properties.fallback.items.properties.model,
                  data: data16,
                };
                if (vErrors === null) {
                  vErrors = [err33];
                } else {
                  vErrors.push(err33);
                }
                errors++;
              }
            }
          } else {
            const err34 = {
              instancePath: instancePath + '/fallback/' + i2,
              schemaPath: '#/properties/fallback/items/type',
              keyword: 'type',
              params: { type: 'object' },
              message: 'must be object',
              schema: schema32.properties.fallback.items.type,
              parentSchema: schema32.properties.fallback.items,
              data: data14,
            };
            if (vErrors === null) {
              vErrors = [err34];
            } else {
              vErrors.push(err34);
            }
            errors++;
          }
        }
      } else {
        const err35 = {
          instancePath: instancePath + '/fallback',
          schemaPath: '#/properties/fallback/type',
          keyword: 'type',
          params: { type: 'array' },
          message: 'must be array',
          schema: schema32.properties.fallback.type,
          parentSchema: schema32.properties.fallback,
          data: data13,
        };
        if (vErrors === null) {
          vErrors = [err35];
        } else {
          vErrors.push(err35);
        }
        errors++;
      }
    }
  } else {
    const err36 = {
      instancePath,
      schemaPath: '#/type',
      keyword: 'type',
      params: { type: 'object' },
      message: 'must be object',
      schema: schema32.type,
      parentSchema: schema32,
      data,
    };
    if (vErrors === null) {
      vErrors = [err36];
    } else {
      vErrors.push(err36);
    }
    errors++;
  }
  validate14.errors = vErrors;
  return errors === 0;
}

const schema36 = {
  description: 'Named outputs: { <name>: { file_pattern: "glob" } }.',
  type: 'object',
  propertyNames: {
    pattern: '^[A-Za-z_][A-Za-z0-9_-]*$',
    not: { enum: ['output', 'exit_code', 'success', 'violation'] },
  },
  additionalProperties: { $ref: '#/definitions/output' },
};
const schema37 = {
  description:
    "A named output: after the step succeeds, the path (relative to the step's working directory) of the newest file matching file_pattern, or empty when none matches.",
  type: 'object',
  additionalProperties: false,
  required: ['file_pattern'],
  properties: {
    file_pattern: {
      description: "Glob relative to the step's working directory, e.g. specs/temp/*.md.",
      type: 'string',
      minLength: 1,
    },
  },
};

function validate16(
  data,
  { instancePath = '', parentData, parentDataProperty, rootData = data } = {},
) {
  let vErrors = null;
  let errors = 0;
  if (data && typeof data == 'object' && !Array.isArray(data)) {
    for (const key0 in data) {
      const _errs1 = errors;
      const _errs2 = errors;
      const _errs3 = errors;
      if (!(
        key0 === 'output' ||
        key0 === 'exit_code' ||
        key0 === 'success' ||
        key0 === 'violation'
      )) {
        const err0 = {};
        if (vErrors === null) {
          vErrors = [err0];
        } else {
          vErrors.push(err0);
        }
        errors++;
      }
      var valid1 = _errs3 === errors;
      if (valid1) {
        const err1 = {
          instancePath,
          schemaPath: '#/propertyNames/not',
          keyword: 'not',
          params: {},
          message: 'must NOT be valid',
          schema: schema36.propertyNames.not,
          parentSchema: schema36.propertyNames,
          data: key0,
          propertyName: key0,
        };
        if (vErrors === null) {
          vErrors = [err1];
        } else {
          vErrors.push(err1);
        }
        errors++;
      } else {
        errors = _errs2;
        if (vErrors !== null) {
          if (_errs2) {
            vErrors.length = _errs2;
          } else {
            vErrors = null;
          }
        }
      }
      if (typeof key0 === 'string') {
        if (!pattern0.test(key0)) {
          const err2 = {
            instancePath,
            schemaPath: '#/propertyNames/pattern',
            keyword: 'pattern',
            params: { pattern: '^[A-Za-z_][A-Za-z0-9_-]*$' },
            message: 'must match pattern "' + '^[A-Za-z_][A-Za-z0-9_-]*$' + '"',
            schema: '^[A-Za-z_][A-Za-z0-9_-]*$',
            parentSchema: schema36.propertyNames,
            data: key0,
            propertyName: key0,
          };
          if (vErrors === null) {
            vErrors = [err2];
          } else {
            vErrors.push(err2);
          }
          errors++;
        }
      }
      var valid0 = _errs1 === errors;
      if (!valid0) {
        const err3 = {
          instancePath,
          schemaPath: '#/propertyNames',
          keyword: 'propertyNames',
          params: { propertyName: key0 },
          message: 'property name must be valid',
          schema: schema36.propertyNames,
          parentSchema: schema36,
          data,
        };
        if (vErrors === null) {
          vErrors = [err3];
        } else {
          vErrors.push(err3);
        }
        errors++;
      }
    }
    for (const key1 in data) {
      let data0 = data[key1];
      if (data0 && typeof data0 == 'object' && !Array.isArray(data0)) {
        if (data0.file_pattern === undefined) {
          const err4 = {
            instancePath: instancePath + '/' + key1.replace(/~/g, '~0').replace(/\//g, '~1'),
            schemaPath: '#/definitions/output/required',
            keyword: 'required',
            params: { missingProperty: 'file_pattern' },
            message: "must have required property '" + 'file_pattern' + "'",
            schema: schema37.required,
            parentSchema: schema37,
            data: data0,
          };
          if (vErrors === null) {
            vErrors = [err4];
          } else {
            vErrors.push(err4);
          }
          errors++;
        }
        for (const key2 in data0) {
          if (!(key2 === 'file_pattern')) {
            const err5 = {
              instancePath: instancePath + '/' + key1.replace(/~/g, '~0').replace(/\//g, '~1'),
              schemaPath: '#/definitions/output/additionalProperties',
              keyword: 'additionalProperties',
              params: { additionalProperty: key2 },
              message: 'must NOT have additional properties',
              schema: false,
              parentSchema: schema37,
              data: data0,
            };
            if (vErrors === null) {
              vErrors = [err5];
            } else {
              vErrors.push(err5);
            }
            errors++;
          }
        }
        if (data0.file_pattern !== undefined) {
          let data1 = data0.file_pattern;
          if (typeof data1 === 'string') {
            if (func3(data1) < 1) {
              const err6 = {
                instancePath:
                  instancePath +
                  '/' +
                  key1.replace(/~/g, '~0').replace(/\//g, '~1') +
                  '/file_pattern',
                schemaPath: '#/definitions/output/properties/file_pattern/minLength',
                keyword: 'minLength',
                params: { limit: 1 },
                message: 'must NOT have fewer than 1 characters',
                schema: 1,
                parentSchema: schema37.properties.file_pattern,
                data: data1,
              };
              if (vErrors === null) {
                vErrors = [err6];
              } else {
                vErrors.push(err6);
              }
              errors++;
            }
          } else {
            const err7 = {
              instancePath:
                instancePath +
                '/' +
                key1.replace(/~/g, '~0').replace(/\//g, '~1') +
                '/file_pattern',
              schemaPath: '#/definitions/output/properties/file_pattern/type',
              keyword: 'type',
              params: { type: 'string' },
              message: 'must be string',
              schema: schema37.properties.file_pattern.type,
              parentSchema: schema37.properties.file_pattern,
              data: data1,
            };
            if (vErrors === null) {
              vErrors = [err7];
            } else {
              vErrors.push(err7);
            }
            errors++;
          }
        }
      } else {
        const err8 = {
          instancePath: instancePath + '/' + key1.replace(/~/g, '~0').replace(/\//g, '~1'),
          schemaPath: '#/definitions/output/type',
          keyword: 'type',
          params: { type: 'object' },
          message: 'must be object',
          schema: schema37.type,
          parentSchema: schema37,
          data: data0,
        };
        if (vErrors === null) {
          vErrors = [err8];
        } else {
          vErrors.push(err8);
        }
        errors++;
      }
    }
  } else {
    const err9 = {
      instancePath,
      schemaPath: '#/type',
      keyword: 'type',
      params: { type: 'object' },
      message: 'must be object',
      schema: schema36.type,
      parentSchema: schema36,
      data,
    };
    if (vErrors === null) {
      vErrors = [err9];
    } else {
      vErrors.push(err9);
    }
    errors++;
  }
  validate16.errors = vErrors;
  return errors === 0;
}

const schema38 = {
  description:
    "Rules every step's change is checked against before it is committed: limits on files and lines, paths that may or may not change, deletions, dependency files, secrets, protected paths. A rule is its setting (it then blocks), or { value, severity } with severity block, warn or approve; false turns it off. See docs/policy.md.",
  type: 'object',
  additionalProperties: false,
  properties: {
    max_changed_files: {
      description: 'Most files a step may change (added, modified or deleted).',
      anyOf: [
        { type: 'integer', minimum: 0 },
        { const: false, description: 'Turn the rule off.' },
        {
          description: 'The setting with a severity.',
          type: 'object',
          additionalProperties: false,
          required: ['value'],
          properties: {
            value: {
              description: "The rule's setting, or false to turn it off.",
              anyOf: [{ type: 'integer', minimum: 0 }, { const: false }],
            },
            severity: { $ref: '#/definitions/policySeverity' },
          },
        },
      ],
    },
    max_changed_lines: {
      description: 'Most lines a step may change: added plus deleted.',
      anyOf: [
        { type: 'integer', minimum: 0 },
        { const: false, description: 'Turn the rule off.' },
        {
          description: 'The setting with a severity.',
          type: 'object',
          additionalProperties: false,
          required: ['value'],
          properties: {
            value: {
              description: "The rule's setting, or false to turn it off.",
              anyOf: [{ type: 'integer', minimum: 0 }, { const: false }],
            },
            severity: { $ref: '#/definitions/policySeverity' },
          },
        },
      ],
    },
    deny_paths: {
      description: 'Globs of paths a step may not change.',
      anyOf: [
        {
          type: 'array',
          items: {
            description:
              'A glob (picomatch): without a /, it matches a file name at any depth; with one, the path from the repository root; a leading / anchors it there.',
            type: 'string',
            minLength: 1,
          },
        },
        { const: false, description: 'Turn the rule off.' },
        {
          description: 'The setting with a severity.',
          type: 'object',
          additionalProperties: false,
          required: ['value'],
          properties: {
            value: {
              description: "The rule's setting, or false to turn it off.",
              anyOf: [
                {
                  type: 'array',
                  items: {
                    description:
                      'A glob (picomatch): without a /, it matches a file name at any depth; with one, the path from the repository root; a leading / anchors it there.',
                    type: 'string',
                    minLength: 1,
                  },
                },
                { const: false },
              ],
            },
            severity: { $ref: '#/definitions/policySeverity' },
          },
        },
      ],
    },
    allow_paths: {
      description: 'Globs of the only paths a step may change: every changed path must match one.',
      anyOf: [
        {
          type: 'array',
          items: {
            description:
              'A glob (picomatch): without a /, it matches a file name at any depth; with one, the path from the repository root; a leading / anchors it there.',
            type: 'string',
            minLength: 1,
          },
        },
        { const: false, description: 'Turn the rule off.' },
        {
          description: 'The setting with a severity.',
          type: 'object',
          additionalProperties: false,
          required: ['value'],
          properties: {
            value: {
              description: "The rule's setting, or false to turn it off.",
              anyOf: [
                {
                  type: 'array',
                  items: {
                    description:
                      'A glob (picomatch): without a /, it matches a file name at any depth; with one, the path from the repository root; a leading / anchors it there.',
                    type: 'string',
                    minLength: 1,
                  },
                },
                { const: false },
              ],
            },
            severity: { $ref: '#/definitions/policySeverity' },
          },
        },
      ],
    },
    deny_deletions: {
      description: 'A step may not delete files (a rename deletes the old path).',
      anyOf: [
        {
          description:
            'true turns the rule on (it blocks); block, warn or approve turns it on with that severity.',
          enum: [true, 'block', 'warn', 'approve'],
        },
        { const: false, description: 'Turn the rule off.' },
        {
          description: 'The setting with a severity.',
          type: 'object',
          additionalProperties: false,
          required: ['value'],
          properties: {
            value: {
              description: "The rule's setting, or false to turn it off.",
              anyOf: [
                {
                  description:
                    'true turns the rule on (it blocks); block, warn or approve turns it on with that severity.',
                  enum: [true, 'block', 'warn', 'approve'],
                },
                { const: false },
              ],
            },
            severity: { $ref: '#/definitions/policySeverity' },
          },
        },
      ],
    },
    dependencies: {
      description:
        'A step may not change dependency manifests or lockfiles (package.json, Cargo.lock, go.mod, requirements*.txt, Gemfile.lock, ...).',
      anyOf: [
        {
          description:
            'true turns the rule on (it blocks); block, warn or approve turns it on with that severity.',
          enum: [true, 'block', 'warn', 'approve'],
        },
        { const: false, description: 'Turn the rule off.' },
        {
          description: 'The setting with a severity.',
          type: 'object',
          additionalProperties: false,
          required: ['value'],
          properties: {
            value: {
              description: "The rule's setting, or false to turn it off.",
              anyOf: [
                {
                  description:
                    'true turns the rule on (it blocks); block, warn or approve turns it on with that severity.',
                  enum: [true, 'block', 'warn', 'approve'],
                },
                { const: false },
              ],
            },
            severity: { $ref: '#/definitions/policySeverity' },
          },
        },
      ],
    },
    secrets: {
      description: "Scan the lines a step adds for secrets with secretlint's recommended rules.",
      anyOf: [
        {
          description:
            'true turns the rule on (it blocks); block, warn or approve turns it on with that severity.',
          enum: [true, 'block', 'warn', 'approve'],
        },
        { const: false, description: 'Turn the rule off.' },
        {
          description: 'The setting with a severity.',
          type: 'object',
          additionalProperties: false,
          required: ['value'],
          properties: {
            value: {
              description: "The rule's setting, or false to turn it off.",
              anyOf: [
                {
                  description:
                    'true turns the rule on (it blocks); block, warn or approve turns it on with that severity.',
                  enum: [true, 'block', 'warn', 'approve'],
                },
                { const: false },
              ],
            },
            severity: { $ref: '#/definitions/policySeverity' },
          },
        },
      ],
    },
    protect: {
      description:
        'Paths no step may change unless turned off; on by default: .github/workflows/**, .gitmodules, .gitattributes, .mmm/** (but new manifests under .mmm/provenance/).',
      anyOf: [
        {
          description: 'true: the default protected paths; a list of globs replaces them.',
          anyOf: [
            { const: true },
            {
              type: 'array',
              items: {
                description:
                  'A glob (picomatch): without a /, it matches a file name at any depth; with one, the path from the repository root; a leading / anchors it there.',
                type: 'string',
                minLength: 1,
              },
            },
          ],
        },
        { const: false, description: 'Turn the rule off.' },
        {
          description: 'The setting with a severity.',
          type: 'object',
          additionalProperties: false,
          required: ['value'],
          properties: {
            value: {
              description: "The rule's setting, or false to turn it off.",
              anyOf: [
                {
                  description: 'true: the default protected paths; a list of globs replaces them.',
                  anyOf: [
                    { const: true },
                    {
                      type: 'array',
                      items: {
                        description:
                          'A glob (picomatch): without a /, it matches a file name at any depth; with one, the path from the repository root; a leading / anchors it there.',
                        type: 'string',
                        minLength: 1,
                      },
                    },
                  ],
                },
                { const: false },
              ],
            },
            severity: { $ref: '#/definitions/policySeverity' },
          },
        },
      ],
    },
  },
};
const schema39 = {
  description:
    "What a broken rule does: block keeps the step's change off the branch (saved to refs/mmm/<run>/blocked-<n>), warn lets it land with a warning, approve holds it for a person as an approve gate does (mmm approve or mmm reject).",
  enum: ['block', 'warn', 'approve'],
};

function validate18(
  data,
  { instancePath = '', parentData, parentDataProperty, rootData = data } = {},
) {
  let vErrors = null;
  let errors = 0;
  if (data && typeof data == 'object' && !Array.isArray(data)) {
    for (const key0 in data) {
      if (!(
        key0 === 'max_changed_files' ||
        key0 === 'max_changed_lines' ||
        key0 === 'deny_paths' ||
        key0 === 'allow_paths' ||
        key0 === 'deny_deletions' ||
        key0 === 'dependencies' ||
        key0 === 'secrets' ||
        key0 === 'protect'
      )) {
        const err0 = {
          instancePath,
          schemaPath: '#/additionalProperties',
          keyword: 'additionalProperties',
          params: { additionalProperty: key0 },
          message: 'must NOT have additional properties',
          schema: false,
          parentSchema: schema38,
          data,
        };
        if (vErrors === null) {
          vErrors = [err0];
        } else {
          vErrors.push(err0);
        }
        errors++;
      }
    }
    if (data.max_changed_files !== undefined) {
      let data0 = data.max_changed_files;
      const _errs3 = errors;
      let valid1 = false;
      const _errs4 = errors;
      if (!(typeof data0 == 'number' && !(data0 % 1) && !isNaN(data0) && isFinite(data0))) {
        const err1 = {
          instancePath: instancePath + '/max_changed_files',
          schemaPath: '#/properties/max_changed_files/anyOf/0/type',
          keyword: 'type',
          params: { type: 'integer' },
          message: 'must be integer',
          schema: schema38.properties.max_changed_files.anyOf[0].type,
          parentSchema: schema38.properties.max_changed_files.anyOf[0],
          data: data0,
        };
        if (vErrors === null) {
          vErrors = [err1];
        } else {
          vErrors.push(err1);
        }
        errors++;
      }
      if (typeof data0 == 'number' && isFinite(data0)) {
        if (data0 < 0 || isNaN(data0)) {
          const err2 = {
            instancePath: instancePath + '/max_changed_files',
            schemaPath: '#/properties/max_changed_files/anyOf/0/minimum',
            keyword: 'minimum',
            params: { comparison: '>=', limit: 0 },
            message: 'must be >= 0',
            schema: 0,
            parentSchema: schema38.properties.max_changed_files.anyOf[0],
            data: data0,
          };
          if (vErrors === null) {
            vErrors = [err2];
          } else {
            vErrors.push(err2);
          }
          errors++;
        }
      }
      var _valid0 = _errs4 === errors;
      valid1 = valid1 || _valid0;
      if (!valid1) {
        const _errs6 = errors;
        if (false !== data0) {
          const err3 = {
            instancePath: instancePath + '/max_changed_files',
            schemaPath: '#/properties/max_changed_files/anyOf/1/const',
            keyword: 'const',
            params: { allowedValue: false },
            message: 'must be equal to constant',
            schema: false,
            parentSchema: schema38.properties.max_changed_files.anyOf[1],
            data: data0,
          };
          if (vErrors === null) {
            vErrors = [err3];
          } else {
            vErrors.push(err3);
          }
          errors++;
        }
        var _valid0 = _errs6 === errors;
        valid1 = valid1 || _valid0;
        if (!valid1) {
          const _errs7 = errors;
          if (data0 && typeof data0 == 'object' && !Array.isArray(data0)) {
            if (data0.value === undefined) {
              const err4 = {
                instancePath: instancePath + '/max_changed_files',
                schemaPath: '#/properties/max_changed_files/anyOf/2/required',
                keyword: 'required',
                params: { missingProperty: 'value' },
                message: "must have required property '" + 'value' + "'",
                schema: schema38.properties.max_changed_files.anyOf[2].required,
                parentSchema: schema38.properties.max_changed_files.anyOf[2],
                data: data0,
              };
              if (vErrors === null) {
                vErrors = [err4];
              } else {
                vErrors.push(err4);
              }
              errors++;
            }
            for (const key1 in data0) {
              if (!(key1 === 'value' || key1 === 'severity')) {
                const err5 = {
                  instancePath: instancePath + '/max_changed_files',
                  schemaPath: '#/properties/max_changed_files/anyOf/2/additionalProperties',
                  keyword: 'additionalProperties',
                  params: { additionalProperty: key1 },
                  message: 'must NOT have additional properties',
                  schema: false,
                  parentSchema: schema38.properties.max_changed_files.anyOf[2],
                  data: data0,
                };
                if (vErrors === null) {
                  vErrors = [err5];
                } else {
                  vErrors.push(err5);
                }
                errors++;
              }
            }
            if (data0.value !== undefined) {
              let data1 = data0.value;
              const _errs11 = errors;
              let valid3 = false;
              const _errs12 = errors;
              if (!(typeof data1 == 'number' && !(data1 % 1) && !isNaN(data1) && isFinite(data1))) {
                const err6 = {
                  instancePath: instancePath + '/max_changed_files/value',
                  schemaPath:
                    '#/properties/max_changed_files/anyOf/2/properties/value/anyOf/0/type',
                  keyword: 'type',
                  params: { type: 'integer' },
                  message: 'must be integer',
                  schema:
                    schema38.properties.max_changed_files.anyOf[2].properties.value.anyOf[0].type,
                  parentSchema:
                    schema38.properties.max_changed_files.anyOf[2].properties.value.anyOf[0],
                  data: data1,
                };
                if (vErrors === null) {
                  vErrors = [err6];
                } else {
                  vErrors.push(err6);
                }
                errors++;
              }
              if (typeof data1 == 'number' && isFinite(data1)) {
                if (data1 < 0 || isNaN(data1)) {
                  const err7 = {
                    instancePath: instancePath + '/max_changed_files/value',
                    schemaPath:
                      '#/properties/max_changed_files/anyOf/2/properties/value/anyOf/0/minimum',
                    keyword: 'minimum',
                    params: { comparison: '>=', limit: 0 },
                    message: 'must be >= 0',
                    schema: 0,
                    parentSchema:
                      schema38.properties.max_changed_files.anyOf[2].properties.value.anyOf[0],
                    data: data1,
                  };
                  if (vErrors === null) {
                    vErrors = [err7];
                  } else {
                    vErrors.push(err7);
                  }
                  errors++;
                }
              }
              var _valid1 = _errs12 === errors;
              valid3 = valid3 || _valid1;
              if (!valid3) {
                const _errs14 = errors;
                if (false !== data1) {
                  const err8 = {
                    instancePath: instancePath + '/max_changed_files/value',
                    schemaPath:
                      '#/properties/max_changed_files/anyOf/2/properties/value/anyOf/1/const',
                    keyword: 'const',
                    params: { allowedValue: false },
                    message: 'must be equal to constant',
                    schema: false,
                    parentSchema:
                      schema38.properties.max_changed_files.anyOf[2].properties.value.anyOf[1],
                    data: data1,
                  };
                  if (vErrors === null) {
                    vErrors = [err8];
                  } else {
                    vErrors.push(err8);
                  }
                  errors++;
                }
                var _valid1 = _errs14 === errors;
                valid3 = valid3 || _valid1;
              }
              if (!valid3) {
                const err9 = {
                  instancePath: instancePath + '/max_changed_files/value',
                  schemaPath: '#/properties/max_changed_files/anyOf/2/properties/value/anyOf',
                  keyword: 'anyOf',
                  params: {},
                  message: 'must match a schema in anyOf',
                  schema: schema38.properties.max_changed_files.anyOf[2].properties.value.anyOf,
                  parentSchema: schema38.properties.max_changed_files.anyOf[2].properties.value,
                  data: data1,
                };
                if (vErrors === null) {
                  vErrors = [err9];
                } else {
                  vErrors.push(err9);
                }
                errors++;
              } else {
                errors = _errs11;
                if (vErrors !== null) {
                  if (_errs11) {
                    vErrors.length = _errs11;
                  } else {
                    vErrors = null;
                  }
                }
              }
            }
            if (data0.severity !== undefined) {
              let data2 = data0.severity;
              if (!(data2 === 'block' || data2 === 'warn' || data2 === 'approve')) {
                const err10 = {
                  instancePath: instancePath + '/max_changed_files/severity',
                  schemaPath: '#/definitions/policySeverity/enum',
                  keyword: 'enum',
                  params: { allowedValues: schema39.enum },
                  message: 'must be equal to one of the allowed values',
                  schema: schema39.enum,
                  parentSchema: schema39,
                  data: data2,
                };
                if (vErrors === null) {
                  vErrors = [err10];
                } else {
                  vErrors.push(err10);
                }
                errors++;
              }
            }
          } else {
            const err11 = {
              instancePath: instancePath + '/max_changed_files',
              schemaPath: '#/properties/max_changed_files/anyOf/2/type',
              keyword: 'type',
              params: { type: 'object' },
              message: 'must be object',
              schema: schema38.properties.max_changed_files.anyOf[2].type,
              parentSchema: schema38.properties.max_changed_files.anyOf[2],
              data: data0,
            };
            if (vErrors === null) {
              vErrors = [err11];
            } else {
              vErrors.push(err11);
            }
            errors++;
          }
          var _valid0 = _errs7 === errors;
          valid1 = valid1 || _valid0;
        }
      }
      if (!valid1) {
        const err12 = {
          instancePath: instancePath + '/max_changed_files',
          schemaPath: '#/properties/max_changed_files/anyOf',
          keyword: 'anyOf',
          params: {},
          message: 'must match a schema in anyOf',
          schema: schema38.properties.max_changed_files.anyOf,
          parentSchema: schema38.properties.max_changed_files,
          data: data0,
        };
        if (vErrors === null) {
          vErrors = [err12];
        } else {
          vErrors.push(err12);
        }
        errors++;
      } else {
        errors = _errs3;
        if (vErrors !== null) {
          if (_errs3) {
            vErrors.length = _errs3;
          } else {
            vErrors = null;
          }
        }
      }
    }
    if (data.max_changed_lines !== undefined) {
      let data3 = data.max_changed_lines;
      const _errs18 = errors;
      let valid5 = false;
      const _errs19 = errors;
      if (!(typeof data3 == 'number' && !(data3 % 1) && !isNaN(data3) && isFinite(data3))) {
        const err13 = {
          instancePath: instancePath + '/max_changed_lines',
          schemaPath: '#/properties/max_changed_lines/anyOf/0/type',
          keyword: 'type',
          params: { type: 'integer' },
          message: 'must be integer',
          schema: schema38.properties.max_changed_lines.anyOf[0].type,
          parentSchema: schema38.properties.max_changed_lines.anyOf[0],
          data: data3,
        };
        if (vErrors === null) {
          vErrors = [err13];
        } else {
          vErrors.push(err13);
        }
        errors++;
      }
      if (typeof data3 == 'number' && isFinite(data3)) {
        if (data3 < 0 || isNaN(data3)) {
          const err14 = {
            instancePath: instancePath + '/max_changed_lines',
            schemaPath: '#/properties/max_changed_lines/anyOf/0/minimum',
            keyword: 'minimum',
            params: { comparison: '>=', limit: 0 },
            message: 'must be >= 0',
            schema: 0,
            parentSchema: schema38.properties.max_changed_lines.anyOf[0],
            data: data3,
          };
          if (vErrors === null) {
            vErrors = [err14];
          } else {
            vErrors.push(err14);
          }
          errors++;
        }
      }
      var _valid2 = _errs19 === errors;
      valid5 = valid5 || _valid2;
      if (!valid5) {
        const _errs21 = errors;
        if (false !== data3) {
          const err15 = {
            instancePath: instancePath + '/max_changed_lines',
            schemaPath: '#/properties/max_changed_lines/anyOf/1/const',
            keyword: 'const',
            params: { allowedValue: false },
            message: 'must be equal to constant',
            schema: false,
            parentSchema: schema38.properties.max_changed_lines.anyOf[1],
            data: data3,
          };
          if (vErrors === null) {
            vErrors = [err15];
          } else {
            vErrors.push(err15);
          }
          errors++;
        }
        var _valid2 = _errs21 === errors;
        valid5 = valid5 || _valid2;
        if (!valid5) {
          const _errs22 = errors;
          if (data3 && typeof data3 == 'object' && !Array.isArray(data3)) {
            if (data3.value === undefined) {
              const err16 = {
                instancePath: instancePath + '/max_changed_lines',
                schemaPath: '#/properties/max_changed_lines/anyOf/2/required',
                keyword: 'required',
                params: { missingProperty: 'value' },
                message: "must have required property '" + 'value' + "'",
                schema: schema38.properties.max_changed_lines.anyOf[2].required,
                parentSchema: schema38.properties.max_changed_lines.anyOf[2],
                data: data3,
              };
              if (vErrors === null) {
                vErrors = [err16];
              } else {
                vErrors.push(err16);
              }
              errors++;
            }
            for (const key2 in data3) {
              if (!(key2 === 'value' || key2 === 'severity')) {
                const err17 = {
                  instancePath: instancePath + '/max_changed_lines',
                  schemaPath: '#/properties/max_changed_lines/anyOf/2/additionalProperties',
                  keyword: 'additionalProperties',
                  params: { additionalProperty: key2 },
                  message: 'must NOT have additional properties',
                  schema: false,
                  parentSchema: schema38.properties.max_changed_lines.anyOf[2],
                  data: data3,
                };
                if (vErrors === null) {
                  vErrors = [err17];
                } else {
                  vErrors.push(err17);
                }
                errors++;
              }
            }
            if (data3.value !== undefined) {
              let data4 = data3.value;
              const _errs26 = errors;
              let valid7 = false;
              const _errs27 = errors;
              if (!(typeof data4 == 'number' && !(data4 % 1) && !isNaN(data4) && isFinite(data4))) {
                const err18 = {
                  instancePath: instancePath + '/max_changed_lines/value',
                  schemaPath:
                    '#/properties/max_changed_lines/anyOf/2/properties/value/anyOf/0/type',
                  keyword: 'type',
                  params: { type: 'integer' },
                  message: 'must be integer',
                  schema:
                    schema38.properties.max_changed_lines.anyOf[2].properties.value.anyOf[0].type,
                  parentSchema:
                    schema38.properties.max_changed_lines.anyOf[2].properties.value.anyOf[0],
                  data: data4,
                };
                if (vErrors === null) {
                  vErrors = [err18];
                } else {
                  vErrors.push(err18);
                }
                errors++;
              }
              if (typeof data4 == 'number' && isFinite(data4)) {
                if (data4 < 0 || isNaN(data4)) {
                  const err19 = {
                    instancePath: instancePath + '/max_changed_lines/value',
                    schemaPath:
                      '#/properties/max_changed_lines/anyOf/2/properties/value/anyOf/0/minimum',
                    keyword: 'minimum',
                    params: { comparison: '>=', limit: 0 },
                    message: 'must be >= 0',
                    schema: 0,
                    parentSchema:
                      schema38.properties.max_changed_lines.anyOf[2].properties.value.anyOf[0],
                    data: data4,
                  };
                  if (vErrors === null) {
                    vErrors = [err19];
                  } else {
                    vErrors.push(err19);
                  }
                  errors++;
                }
              }
              var _valid3 = _errs27 === errors;
              valid7 = valid7 || _valid3;
              if (!valid7) {
                const _errs29 = errors;
                if (false !== data4) {
                  const err20 = {
                    instancePath: instancePath + '/max_changed_lines/value',
                    schemaPath:
                      '#/properties/max_changed_lines/anyOf/2/properties/value/anyOf/1/const',
                    keyword: 'const',
                    params: { allowedValue: false },
                    message: 'must be equal to constant',
                    schema: false,
                    parentSchema:
                      schema38.properties.max_changed_lines.anyOf[2].properties.value.anyOf[1],
                    data: data4,
                  };
                  if (vErrors === null) {
                    vErrors = [err20];
                  } else {
                    vErrors.push(err20);
                  }
                  errors++;
                }
                var _valid3 = _errs29 === errors;
                valid7 = valid7 || _valid3;
              }
              if (!valid7) {
                const err21 = {
                  instancePath: instancePath + '/max_changed_lines/value',
                  schemaPath: '#/properties/max_changed_lines/anyOf/2/properties/value/anyOf',
                  keyword: 'anyOf',
                  params: {},
                  message: 'must match a schema in anyOf',
                  schema: schema38.properties.max_changed_lines.anyOf[2].properties.value.anyOf,
                  parentSchema: schema38.properties.max_changed_lines.anyOf[2].properties.value,
                  data: data4,
                };
                if (vErrors === null) {
                  vErrors = [err21];
                } else {
                  vErrors.push(err21);
                }
                errors++;
              } else {
                errors = _errs26;
                if (vErrors !== null) {
                  if (_errs26) {
                    vErrors.length = _errs26;
                  } else {
                    vErrors = null;
                  }
                }
              }
            }
            if (data3.severity !== undefined) {
              let data5 = data3.severity;
              if (!(data5 === 'block' || data5 === 'warn' || data5 === 'approve')) {
                const err22 = {
                  instancePath: instancePath + '/max_changed_lines/severity',
                  schemaPath: '#/definitions/policySeverity/enum',
                  keyword: 'enum',
                  params: { allowedValues: schema39.enum },
                  message: 'must be equal to one of the allowed values',
                  schema: schema39.enum,
                  parentSchema: schema39,
                  data: data5,
                };
                if (vErrors === null) {
                  vErrors = [err22];
                } else {
                  vErrors.push(err22);
                }
                errors++;
              }
            }
          } else {
            const err23 = {
              instancePath: instancePath + '/max_changed_lines',
              schemaPath: '#/properties/max_changed_lines/anyOf/2/type',
              keyword: 'type',
              params: { type: 'object' },
              message: 'must be object',
              schema: schema38.properties.max_changed_lines.anyOf[2].type,
              parentSchema: schema38.properties.max_changed_lines.anyOf[2],
              data: data3,
            };
            if (vErrors === null) {
              vErrors = [err23];
            } else {
              vErrors.push(err23);
            }
            errors++;
          }
          var _valid2 = _errs22 === errors;
          valid5 = valid5 || _valid2;
        }
      }
      if (!valid5) {
        const err24 = {
          instancePath: instancePath + '/max_changed_lines',
          schemaPath: '#/properties/max_changed_lines/anyOf',
          keyword: 'anyOf',
          params: {},
          message: 'must match a schema in anyOf',
          schema: schema38.properties.max_changed_lines.anyOf,
          parentSchema: schema38.properties.max_changed_lines,
          data: data3,
        };
        if (vErrors === null) {
          vErrors = [err24];
        } else {
          vErrors.push(err24);
        }
        errors++;
      } else {
        errors = _errs18;
        if (vErrors !== null) {
          if (_errs18) {
            vErrors.length = _errs18;
          } else {
            vErrors = null;
          }
        }
      }
    }
    if (data.deny_paths !== undefined) {
      let data6 = data.deny_paths;
      const _errs33 = errors;
      let valid9 = false;
      const _errs34 = errors;
      if (Array.isArray(data6)) {
        const len0 = data6.length;
        for (let i0 = 0; i0 < len0; i0++) {
          let data7 = data6[i0];
          if (typeof data7 === 'string') {
            if (func3(data7) < 1) {
              const err25 = {
                instancePath: instancePath + '/deny_paths/' + i0,
                schemaPath: '#/properties/deny_paths/anyOf/0/items/minLength',
                keyword: 'minLength',
                params: { limit: 1 },
                message: 'must NOT have fewer than 1 characters',
                schema: 1,
                parentSchema: schema38.properties.deny_paths.anyOf[0].items,
                data: data7,
              };
              if (vErrors === null) {
                vErrors = [err25];
              } else {
                vErrors.push(err25);
              }
              errors++;
            }
          } else {
            const err26 = {
              instancePath: instancePath + '/deny_paths/' + i0,
              schemaPath: '#/properties/deny_paths/anyOf/0/items/type',
              keyword: 'type',
              params: { type: 'string' },
              message: 'must be string',
              schema: schema38.properties.deny_paths.anyOf[0].items.type,
              parentSchema: schema38.properties.deny_paths.anyOf[0].items,
              data: data7,
            };
            if (vErrors === null) {
              vErrors = [err26];
            } else {
              vErrors.push(err26);
            }
            errors++;
          }
        }
      } else {
        const err27 = {
          instancePath: instancePath + '/deny_paths',
          schemaPath: '#/properties/deny_paths/anyOf/0/type',
          keyword: 'type',
          params: { type: 'array' },
          message: 'must be array',
          schema: schema38.properties.deny_paths.anyOf[0].type,
          parentSchema: schema38.properties.deny_paths.anyOf[0],
          data: data6,
        };
        if (vErrors === null) {
          vErrors = [err27];
        } else {
          vErrors.push(err27);
        }
        errors++;
      }
      var _valid4 = _errs34 === errors;
      valid9 = valid9 || _valid4;
      if (!valid9) {
        const _errs38 = errors;
        if (false !== data6) {
          const err28 = {
            instancePath: instancePath + '/deny_paths',
            schemaPath: '#/properties/deny_paths/anyOf/1/const',
            keyword: 'const',
            params: { allowedValue: false },
            message: 'must be equal to constant',
            schema: false,
            parentSchema: schema38.properties.deny_paths.anyOf[1],
            data: data6,
          };
          if (vErrors === null) {
            vErrors = [err28];
          } else {
            vErrors.push(err28);
          }
          errors++;
        }
        var _valid4 = _errs38 === errors;
        valid9 = valid9 || _valid4;
        if (!valid9) {
          const _errs39 = errors;
          if (data6 && typeof data6 == 'object' && !Array.isArray(data6)) {
            if (data6.value === undefined) {
              const err29 = {
                instancePath: instancePath + '/deny_paths',
                schemaPath: '#/properties/deny_paths/anyOf/2/required',
                keyword: 'required',
                params: { missingProperty: 'value' },
                message: "must have required property '" + 'value' + "'",
                schema: schema38.properties.deny_paths.anyOf[2].required,
                parentSchema: schema38.properties.deny_paths.anyOf[2],
                data: data6,
              };
              if (vErrors === null) {
                vErrors = [err29];
              } else {
                vErrors.push(err29);
              }
              errors++;
            }
            for (const key3 in data6) {
              if (!(key3 === 'value' || key3 === 'severity')) {
                const err30 = {
                  instancePath: instancePath + '/deny_paths',
                  schemaPath: '#/properties/deny_paths/anyOf/2/additionalProperties',
                  keyword: 'additionalProperties',
                  params: { additionalProperty: key3 },
                  message: 'must NOT have additional properties',
                  schema: false,
                  parentSchema: schema38.properties.deny_paths.anyOf[2],
                  data: data6,
                };
                if (vErrors === null) {
                  vErrors = [err30];
                } else {
                  vErrors.push(err30);
                }
                errors++;
              }
            }
            if (data6.value !== undefined) {
              let data8 = data6.value;
              const _errs43 = errors;
              let valid13 = false;
              const _errs44 = errors;
              if (Array.isArray(data8)) {
                const len1 = data8.length;
                for (let i1 = 0; i1 < len1; i1++) {
                  let data9 = data8[i1];
                  if (typeof data9 === 'string') {
                    if (func3(data9) < 1) {
                      const err31 = {
                        instancePath: instancePath + '/deny_paths/value/' + i1,
                        schemaPath:
                          '#/properties/deny_paths/anyOf/2/properties/value/anyOf/0/items/minLength',
                        keyword: 'minLength',
                        params: { limit: 1 },
                        message: 'must NOT have fewer than 1 characters',
                        schema: 1,
                        parentSchema:
                          schema38.properties.deny_paths.anyOf[2].properties.value.anyOf[0].items,
                        data: data9,
                      };
                      if (vErrors === null) {
                        vErrors = [err31];
                      } else {
                        vErrors.push(err31);
                      }
                      errors++;
                    }
                  } else {
                    const err32 = {
                      instancePath: instancePath + '/deny_paths/value/' + i1,
                      schemaPath:
                        '#/properties/deny_paths/anyOf/2/properties/value/anyOf/0/items/type',
                      keyword: 'type',
                      params: { type: 'string' },
                      message: 'must be string',
                      schema:
                        schema38.properties.deny_paths.anyOf[2].properties.value.anyOf[0].items
                          .type,
                      parentSchema:
                        schema38.properties.deny_paths.anyOf[2].properties.value.anyOf[0].items,
                      data: data9,
                    };
                    if (vErrors === null) {
                      vErrors = [err32];
                    } else {
                      vErrors.push(err32);
                    }
                    errors++;
                  }
                }
              } else {
                const err33 = {
                  instancePath: instancePath + '/deny_paths/value',
                  schemaPath: '#/properties/deny_paths/anyOf/2/properties/value/anyOf/0/type',
                  keyword: 'type',
                  params: { type: 'array' },
                  message: 'must be array',
                  schema: schema38.properties.deny_paths.anyOf[2].properties.value.anyOf[0].type,
                  parentSchema: schema38.properties.deny_paths.anyOf[2].properties.value.anyOf[0],
                  data: data8,
                };
                if (vErrors === null) {
                  vErrors = [err33];
                } else {
                  vErrors.push(err33);
                }
                errors++;
              }
              var _valid5 = _errs44 === errors;
              valid13 = valid13 || _valid5;
              if (!valid13) {
                const _errs48 = errors;
                if (false !== data8) {
                  const err34 = {
                    instancePath: instancePath + '/deny_paths/value',
                    schemaPath: '#/properties/deny_paths/anyOf/2/properties/value/anyOf/1/const',
                    keyword: 'const',
                    params: { allowedValue: false },
                    message: 'must be equal to constant',
                    schema: false,
                    parentSchema: schema38.properties.deny_paths.anyOf[2].properties.value.anyOf[1],
                    data: data8,
                  };
                  if (vErrors === null) {
                    vErrors = [err34];
                  } else {
                    vErrors.push(err34);
                  }
                  errors++;
                }
                var _valid5 = _errs48 === errors;
                valid13 = valid13 || _valid5;
              }
              if (!valid13) {
                const err35 = {
                  instancePath: instancePath + '/deny_paths/value',
                  schemaPath: '#/properties/deny_paths/anyOf/2/properties/value/anyOf',
                  keyword: 'anyOf',
                  params: {},
                  message: 'must match a schema in anyOf',
                  schema: schema38.properties.deny_paths.anyOf[2].properties.value.anyOf,
                  parentSchema: schema38.properties.deny_paths.anyOf[2].properties.value,
                  data: data8,
                };
                if (vErrors === null) {
                  vErrors = [err35];
                } else {
                  vErrors.push(err35);
                }
                errors++;
              } else {
                errors = _errs43;
                if (vErrors !== null) {
                  if (_errs43) {
                    vErrors.length = _errs43;
                  } else {
                    vErrors = null;
                  }
                }
              }
            }
            if (data6.severity !== undefined) {
              let data10 = data6.severity;
              if (!(data10 === 'block' || data10 === 'warn' || data10 === 'approve')) {
                const err36 = {
                  instancePath: instancePath + '/deny_paths/severity',
                  schemaPath: '#/definitions/policySeverity/enum',
                  keyword: 'enum',
                  params: { allowedValues: schema39.enum },
                  message: 'must be equal to one of the allowed values',
                  schema: schema39.enum,
                  parentSchema: schema39,
                  data: data10,
                };
                if (vErrors === null) {
                  vErrors = [err36];
                } else {
                  vErrors.push(err36);
                }
                errors++;
              }
            }
          } else {
            const err37 = {
              instancePath: instancePath + '/deny_paths',
              schemaPath: '#/properties/deny_paths/anyOf/2/type',
              keyword: 'type',
              params: { type: 'object' },
              message: 'must be object',
              schema: schema38.properties.deny_paths.anyOf[2].type,
              parentSchema: schema38.properties.deny_paths.anyOf[2],
              data: data6,
            };
            if (vErrors === null) {
              vErrors = [err37];
            } else {
              vErrors.push(err37);
            }
            errors++;
          }
          var _valid4 = _errs39 === errors;
          valid9 = valid9 || _valid4;
        }
      }
      if (!valid9) {
        const err38 = {
          instancePath: instancePath + '/deny_paths',
          schemaPath: '#/properties/deny_paths/anyOf',
          keyword: 'anyOf',
          params: {},
          message: 'must match a schema in anyOf',
          schema: schema38.properties.deny_paths.anyOf,
          parentSchema: schema38.properties.deny_paths,
          data: data6,
        };
        if (vErrors === null) {
          vErrors = [err38];
        } else {
          vErrors.push(err38);
        }
        errors++;
      } else {
        errors = _errs33;
        if (vErrors !== null) {
          if (_errs33) {
            vErrors.length = _errs33;
          } else {
            vErrors = null;
          }
        }
      }
    }
    if (data.allow_paths !== undefined) {
      let data11 = data.allow_paths;
      const _errs52 = errors;
      let valid17 = false;
      const _errs53 = errors;
      if (Array.isArray(data11)) {
        const len2 = data11.length;
        for (let i2 = 0; i2 < len2; i2++) {
          let data12 = data11[i2];
          if (typeof data12 === 'string') {
            if (func3(data12) < 1) {
              const err39 = {
                instancePath: instancePath + '/allow_paths/' + i2,
                schemaPath: '#/properties/allow_paths/anyOf/0/items/minLength',
                keyword: 'minLength',
                params: { limit: 1 },
                message: 'must NOT have fewer than 1 characters',
                schema: 1,
                parentSchema: schema38.properties.allow_paths.anyOf[0].items,
                data: data12,
              };
              if (vErrors === null) {
                vErrors = [err39];
              } else {
                vErrors.push(err39);
              }
              errors++;
            }
          } else {
            const err40 = {
              instancePath: instancePath + '/allow_paths/' + i2,
              schemaPath: '#/properties/allow_paths/anyOf/0/items/type',
              keyword: 'type',
              params: { type: 'string' },
              message: 'must be string',
              schema: schema38.properties.allow_paths.anyOf[0].items.type,
              parentSchema: schema38.properties.allow_paths.anyOf[0].items,
              data: data12,
            };
            if (vErrors === null) {
              vErrors = [err40];
            } else {
              vErrors.push(err40);
            }
            errors++;
          }
        }
      } else {
        const err41 = {
          instancePath: instancePath + '/allow_paths',
          schemaPath: '#/properties/allow_paths/anyOf/0/type',
          keyword: 'type',
          params: { type: 'array' },
          message: 'must be array',
          schema: schema38.properties.allow_paths.anyOf[0].type,
          parentSchema: schema38.properties.allow_paths.anyOf[0],
          data: data11,
        };
        if (vErrors === null) {
          vErrors = [err41];
        } else {
          vErrors.push(err41);
        }
        errors++;
      }
      var _valid6 = _errs53 === errors;
      valid17 = valid17 || _valid6;
      if (!valid17) {
        const _errs57 = errors;
        if (false !== data11) {
          const err42 = {
            instancePath: instancePath + '/allow_paths',
            schemaPath: '#/properties/allow_paths/anyOf/1/const',
            keyword: 'const',
            params: { allowedValue: false },
            message: 'must be equal to constant',
            schema: false,
            parentSchema: schema38.properties.allow_paths.anyOf[1],
            data: data11,
          };
          if (vErrors === null) {
            vErrors = [err42];
          } else {
            vErrors.push(err42);
          }
          errors++;
        }
        var _valid6 = _errs57 === errors;
        valid17 = valid17 || _valid6;
        if (!valid17) {
          const _errs58 = errors;
          if (data11 && typeof data11 == 'object' && !Array.isArray(data11)) {
            if (data11.value === undefined) {
              const err43 = {
                instancePath: instancePath + '/allow_paths',
                schemaPath: '#/properties/allow_paths/anyOf/2/required',
                keyword: 'required',
                params: { missingProperty: 'value' },
                message: "must have required property '" + 'value' + "'",
                schema: schema38.properties.allow_paths.anyOf[2].required,
                parentSchema: schema38.properties.allow_paths.anyOf[2],
                data: data11,
              };
              if (vErrors === null) {
                vErrors = [err43];
              } else {
                vErrors.push(err43);
              }
              errors++;
            }
            for (const key4 in data11) {
              if (!(key4 === 'value' || key4 === 'severity')) {
                const err44 = {
                  instancePath: instancePath + '/allow_paths',
                  schemaPath: '#/properties/allow_paths/anyOf/2/additionalProperties',
                  keyword: 'additionalProperties',
                  params: { additionalProperty: key4 },
                  message: 'must NOT have additional properties',
                  schema: false,
                  parentSchema: schema38.properties.allow_paths.anyOf[2],
                  data: data11,
                };
                if (vErrors === null) {
                  vErrors = [err44];
                } else {
                  vErrors.push(err44);
                }
                errors++;
              }
            }
            if (data11.value !== undefined) {
              let data13 = data11.value;
              const _errs62 = errors;
              let valid21 = false;
              const _errs63 = errors;
              if (Array.isArray(data13)) {
                const len3 = data13.length;
                for (let i3 = 0; i3 < len3; i3++) {
                  let data14 = data13[i3];
                  if (typeof data14 === 'string') {
                    if (func3(data14) < 1) {
                      const err45 = {
                        instancePath: instancePath + '/allow_paths/value/' + i3,
                        schemaPath:
                          '#/properties/allow_paths/anyOf/2/properties/value/anyOf/0/items/minLength',
                        keyword: 'minLength',
                        params: { limit: 1 },
                        message: 'must NOT have fewer than 1 characters',
                        schema: 1,
                        parentSchema:
                          schema38.properties.allow_paths.anyOf[2].properties.value.anyOf[0].items,
                        data: data14,
                      };
                      if (vErrors === null) {
                        vErrors = [err45];
                      } else {
                        vErrors.push(err45);
                      }
                      errors++;
                    }
                  } else {
                    const err46 = {
                      instancePath: instancePath + '/allow_paths/value/' + i3,
                      schemaPath:
                        '#/properties/allow_paths/anyOf/2/properties/value/anyOf/0/items/type',
                      keyword: 'type',
                      params: { type: 'string' },
                      message: 'must be string',
                      schema:
                        schema38.properties.allow_paths.anyOf[2].properties.value.anyOf[0].items
                          .type,
                      parentSchema:
                        schema38.properties.allow_paths.anyOf[2].properties.value.anyOf[0].items,
                      data: data14,
                    };
                    if (vErrors === null) {
                      vErrors = [err46];
                    } else {
                      vErrors.push(err46);
                    }
                    errors++;
                  }
                }
              } else {
                const err47 = {
                  instancePath: instancePath + '/allow_paths/value',
                  schemaPath: '#/properties/allow_paths/anyOf/2/properties/value/anyOf/0/type',
                  keyword: 'type',
                  params: { type: 'array' },
                  message: 'must be array',
                  schema: schema38.properties.allow_paths.anyOf[2].properties.value.anyOf[0].type,
                  parentSchema: schema38.properties.allow_paths.anyOf[2].properties.value.anyOf[0],
                  data: data13,
                };
                if (vErrors === null) {
                  vErrors = [err47];
                } else {
                  vErrors.push(err47);
                }
                errors++;
              }
              var _valid7 = _errs63 === errors;
              valid21 = valid21 || _valid7;
              if (!valid21) {
                const _errs67 = errors;
                if (false !== data13) {
                  const err48 = {
                    instancePath: instancePath + '/allow_paths/value',
                    schemaPath: '#/properties/allow_paths/anyOf/2/properties/value/anyOf/1/const',
                    keyword: 'const',
                    params: { allowedValue: false },
                    message: 'must be equal to constant',
                    schema: false,
                    parentSchema:
                      schema38.properties.allow_paths.anyOf[2].properties.value.anyOf[1],
                    data: data13,
                  };
                  if (vErrors === null) {
                    vErrors = [err48];
                  } else {
                    vErrors.push(err48);
                  }
                  errors++;
                }
                var _valid7 = _errs67 === errors;
                valid21 = valid21 || _valid7;
              }
              if (!valid21) {
                const err49 = {
                  instancePath: instancePath + '/allow_paths/value',
                  schemaPath: '#/properties/allow_paths/anyOf/2/properties/value/anyOf',
                  keyword: 'anyOf',
                  params: {},
                  message: 'must match a schema in anyOf',
                  schema: schema38.properties.allow_paths.anyOf[2].properties.value.anyOf,
                  parentSchema: schema38.properties.allow_paths.anyOf[2].properties.value,
                  data: data13,
                };
                if (vErrors === null) {
                  vErrors = [err49];
                } else {
                  vErrors.push(err49);
                }
                errors++;
              } else {
                errors = _errs62;
                if (vErrors !== null) {
                  if (_errs62) {
                    vErrors.length = _errs62;
                  } else {
                    vErrors = null;
                  }
                }
              }
            }
            if (data11.severity !== undefined) {
              let data15 = data11.severity;
              if (!(data15 === 'block' || data15 === 'warn' || data15 === 'approve')) {
                const err50 = {
                  instancePath: instancePath + '/allow_paths/severity',
                  schemaPath: '#/definitions/policySeverity/enum',
                  keyword: 'enum',
                  params: { allowedValues: schema39.enum },
                  message: 'must be equal to one of the allowed values',
                  schema: schema39.enum,
                  parentSchema: schema39,
                  data: data15,
                };
                if (vErrors === null) {
                  vErrors = [err50];
                } else {
                  vErrors.push(err50);
                }
                errors++;
              }
            }
          } else {
            const err51 = {
              instancePath: instancePath + '/allow_paths',
              schemaPath: '#/properties/allow_paths/anyOf/2/type',
              keyword: 'type',
              params: { type: 'object' },
              message: 'must be object',
              schema: schema38.properties.allow_paths.anyOf[2].type,
              parentSchema: schema38.properties.allow_paths.anyOf[2],
              data: data11,
            };
            if (vErrors === null) {
              vErrors = [err51];
            } else {
              vErrors.push(err51);
            }
            errors++;
          }
          var _valid6 = _errs58 === errors;
          valid17 = valid17 || _valid6;
        }
      }
      if (!valid17) {
        const err52 = {
          instancePath: instancePath + '/allow_paths',
          schemaPath: '#/properties/allow_paths/anyOf',
          keyword: 'anyOf',
          params: {},
          message: 'must match a schema in anyOf',
          schema: schema38.properties.allow_paths.anyOf,
          parentSchema: schema38.properties.allow_paths,
          data: data11,
        };
        if (vErrors === null) {
          vErrors = [err52];
        } else {
          vErrors.push(err52);
        }
        errors++;
      } else {
        errors = _errs52;
        if (vErrors !== null) {
          if (_errs52) {
            vErrors.length = _errs52;
          } else {
            vErrors = null;
          }
        }
      }
    }
    if (data.deny_deletions !== undefined) {
      let data16 = data.deny_deletions;
      const _errs71 = errors;
      let valid25 = false;
      const _errs72 = errors;
      if (!(data16 === true || data16 === 'block' || data16 === 'warn' || data16 === 'approve')) {
        const err53 = {
          instancePath: instancePath + '/deny_deletions',
          schemaPath: '#/properties/deny_deletions/anyOf/0/enum',
          keyword: 'enum',
          params: { allowedValues: schema38.properties.deny_deletions.anyOf[0].enum },
          message: 'must be equal to one of the allowed values',
          schema: schema38.properties.deny_deletions.anyOf[0].enum,
          parentSchema: schema38.properties.deny_deletions.anyOf[0],
          data: data16,
        };
        if (vErrors === null) {
          vErrors = [err53];
        } else {
          vErrors.push(err53);
        }
        errors++;
      }
      var _valid8 = _errs72 === errors;
      valid25 = valid25 || _valid8;
      if (!valid25) {
        const _errs73 = errors;
        if (false !== data16) {
          const err54 = {
            instancePath: instancePath + '/deny_deletions',
            schemaPath: '#/properties/deny_deletions/anyOf/1/const',
            keyword: 'const',
            params: { allowedValue: false },
            message: 'must be equal to constant',
            schema: false,
            parentSchema: schema38.properties.deny_deletions.anyOf[1],
            data: data16,
          };
          if (vErrors === null) {
            vErrors = [err54];
          } else {
            vErrors.push(err54);
          }
          errors++;
        }
        var _valid8 = _errs73 === errors;
        valid25 = valid25 || _valid8;
        if (!valid25) {
          const _errs74 = errors;
          if (data16 && typeof data16 == 'object' && !Array.isArray(data16)) {
            if (data16.value === undefined) {
              const err55 = {
                instancePath: instancePath + '/deny_deletions',
                schemaPath: '#/properties/deny_deletions/anyOf/2/required',
                keyword: 'required',
                params: { missingProperty: 'value' },
                message: "must have required property '" + 'value' + "'",
                schema: schema38.properties.deny_deletions.anyOf[2].required,
                parentSchema: schema38.properties.deny_deletions.anyOf[2],
                data: data16,
              };
              if (vErrors === null) {
                vErrors = [err55];
              } else {
                vErrors.push(err55);
              }
              errors++;
            }
            for (const key5 in data16) {
              if (!(key5 === 'value' || key5 === 'severity')) {
                const err56 = {
                  instancePath: instancePath + '/deny_deletions',
                  schemaPath: '#/properties/deny_deletions/anyOf/2/additionalProperties',
                  keyword: 'additionalProperties',
                  params: { additionalProperty: key5 },
                  message: 'must NOT have additional properties',
                  schema: false,
                  parentSchema: schema38.properties.deny_deletions.anyOf[2],
                  data: data16,
                };
                if (vErrors === null) {
                  vErrors = [err56];
                } else {
                  vErrors.push(err56);
                }
                errors++;
              }
            }
            if (data16.value !== undefined) {
              let data17 = data16.value;
              const _errs78 = errors;
              let valid27 = false;
              const _errs79 = errors;
              if (!(
                data17 === true ||
                data17 === 'block' ||
                data17 === 'warn' ||
                data17 === 'approve'
              )) {
                const err57 = {
                  instancePath: instancePath + '/deny_deletions/value',
                  schemaPath: '#/properties/deny_deletions/anyOf/2/properties/value/anyOf/0/enum',
                  keyword: 'enum',
                  params: {
                    allowedValues:
                      schema38.properties.deny_deletions.anyOf[2].properties.value.anyOf[0].enum,
                  },
                  message: 'must be equal to one of the allowed values',
                  schema:
                    schema38.properties.deny_deletions.anyOf[2].properties.value.anyOf[0].enum,
                  parentSchema:
                    schema38.properties.deny_deletions.anyOf[2].properties.value.anyOf[0],
                  data: data17,
                };
                if (vErrors === null) {
                  vErrors = [err57];
                } else {
                  vErrors.push(err57);
                }
                errors++;
              }
              var _valid9 = _errs79 === errors;
              valid27 = valid27 || _valid9;
              if (!valid27) {
                const _errs80 = errors;
                if (false !== data17) {
                  const err58 = {
                    instancePath: instancePath + '/deny_deletions/value',
                    schemaPath:
                      '#/properties/deny_deletions/anyOf/2/properties/value/anyOf/1/const',
                    keyword: 'const',
                    params: { allowedValue: false },
                    message: 'must be equal to constant',
                    schema: false,
                    parentSchema:
                      schema38.properties.deny_deletions.anyOf[2].properties.value.anyOf[1],
                    data: data17,
                  };
                  if (vErrors === null) {
                    vErrors = [err58];
                  } else {
                    vErrors.push(err58);
                  }
                  errors++;
                }
                var _valid9 = _errs80 === errors;
                valid27 = valid27 || _valid9;
              }
              if (!valid27) {
                const err59 = {
                  instancePath: instancePath + '/deny_deletions/value',
                  schemaPath: '#/properties/deny_deletions/anyOf/2/properties/value/anyOf',
                  keyword: 'anyOf',
                  params: {},
                  message: 'must match a schema in anyOf',
                  schema: schema38.properties.deny_deletions.anyOf[2].properties.value.anyOf,
                  parentSchema: schema38.properties.deny_deletions.anyOf[2].properties.value,
                  data: data17,
                };
                if (vErrors === null) {
                  vErrors = [err59];
                } else {
                  vErrors.push(err59);
                }
                errors++;
              } else {
                errors = _errs78;
                if (vErrors !== null) {
                  if (_errs78) {
                    vErrors.length = _errs78;
                  } else {
                    vErrors = null;
                  }
                }
              }
            }
            if (data16.severity !== undefined) {
              let data18 = data16.severity;
              if (!(data18 === 'block' || data18 === 'warn' || data18 === 'approve')) {
                const err60 = {
                  instancePath: instancePath + '/deny_deletions/severity',
                  schemaPath: '#/definitions/policySeverity/enum',
                  keyword: 'enum',
                  params: { allowedValues: schema39.enum },
                  message: 'must be equal to one of the allowed values',
                  schema: schema39.enum,
                  parentSchema: schema39,
                  data: data18,
                };
                if (vErrors === null) {
                  vErrors = [err60];
                } else {
                  vErrors.push(err60);
                }
                errors++;
              }
            }
          } else {
            const err61 = {
              instancePath: instancePath + '/deny_deletions',
              schemaPath: '#/properties/deny_deletions/anyOf/2/type',
              keyword: 'type',
              params: { type: 'object' },
              message: 'must be object',
              schema: schema38.properties.deny_deletions.anyOf[2].type,
              parentSchema: schema38.properties.deny_deletions.anyOf[2],
              data: data16,
            };
            if (vErrors === null) {
              vErrors = [err61];
            } else {
              vErrors.push(err61);
            }
            errors++;
          }
          var _valid8 = _errs74 === errors;
          valid25 = valid25 || _valid8;
        }
      }
      if (!valid25) {
        const err62 = {
          instancePath: instancePath + '/deny_deletions',
          schemaPath: '#/properties/deny_deletions/anyOf',
          keyword: 'anyOf',
          params: {},
          message: 'must match a schema in anyOf',
          schema: schema38.properties.deny_deletions.anyOf,
          parentSchema: schema38.properties.deny_deletions,
          data: data16,
        };
        if (vErrors === null) {
          vErrors = [err62];
        } else {
          vErrors.push(err62);
        }
        errors++;
      } else {
        errors = _errs71;
        if (vErrors !== null) {
          if (_errs71) {
            vErrors.length = _errs71;
          } else {
            vErrors = null;
          }
        }
      }
    }
    if (data.dependencies !== undefined) {
      let data19 = data.dependencies;
      const _errs84 = errors;
      let valid29 = false;
      const _errs85 = errors;
      if (!(data19 === true || data19 === 'block' || data19 === 'warn' || data19 === 'approve')) {
        const err63 = {
          instancePath: instancePath + '/dependencies',
          schemaPath: '#/properties/dependencies/anyOf/0/enum',
          keyword: 'enum',
          params: { allowedValues: schema38.properties.dependencies.anyOf[0].enum },
          message: 'must be equal to one of the allowed values',
          schema: schema38.properties.dependencies.anyOf[0].enum,
          parentSchema: schema38.properties.dependencies.anyOf[0],
          data: data19,
        };
        if (vErrors === null) {
          vErrors = [err63];
        } else {
          vErrors.push(err63);
        }
        errors++;
      }
      var _valid10 = _errs85 === errors;
      valid29 = valid29 || _valid10;
      if (!valid29) {
        const _errs86 = errors;
        if (false !== data19) {
          const err64 = {
            instancePath: instancePath + '/dependencies',
            schemaPath: '#/properties/dependencies/anyOf/1/const',
            keyword: 'const',
            params: { allowedValue: false },
            message: 'must be equal to constant',
            schema: false,
            parentSchema: schema38.properties.dependencies.anyOf[1],
            data: data19,
          };
          if (vErrors === null) {
            vErrors = [err64];
          } else {
            vErrors.push(err64);
          }
          errors++;
        }
        var _valid10 = _errs86 === errors;
        valid29 = valid29 || _valid10;
        if (!valid29) {
          const _errs87 = errors;
          if (data19 && typeof data19 == 'object' && !Array.isArray(data19)) {
            if (data19.value === undefined) {
              const err65 = {
                instancePath: instancePath + '/dependencies',
                schemaPath: '#/properties/dependencies/anyOf/2/required',
                keyword: 'required',
                params: { missingProperty: 'value' },
                message: "must have required property '" + 'value' + "'",
                schema: schema38.properties.dependencies.anyOf[2].required,
                parentSchema: schema38.properties.dependencies.anyOf[2],
                data: data19,
              };
              if (vErrors === null) {
                vErrors = [err65];
              } else {
                vErrors.push(err65);
              }
              errors++;
            }
            for (const key6 in data19) {
              if (!(key6 === 'value' || key6 === 'severity')) {
                const err66 = {
                  instancePath: instancePath + '/dependencies',
                  schemaPath: '#/properties/dependencies/anyOf/2/additionalProperties',
                  keyword: 'additionalProperties',
                  params: { additionalProperty: key6 },
                  message: 'must NOT have additional properties',
                  schema: false,
                  parentSchema: schema38.properties.dependencies.anyOf[2],
                  data: data19,
                };
                if (vErrors === null) {
                  vErrors = [err66];
                } else {
                  vErrors.push(err66);
                }
                errors++;
              }
            }
            if (data19.value !== undefined) {
              let data20 = data19.value;
              const _errs91 = errors;
              let valid31 = false;
              const _errs92 = errors;
              if (!(
                data20 === true ||
                data20 === 'block' ||
                data20 === 'warn' ||
                data20 === 'approve'
              )) {
                const err67 = {
                  instancePath: instancePath + '/dependencies/value',
                  schemaPath: '#/properties/dependencies/anyOf/2/properties/value/anyOf/0/enum',
                  keyword: 'enum',
                  params: {
                    allowedValues:
                      schema38.properties.dependencies.anyOf[2].properties.value.anyOf[0].enum,
                  },
                  message: 'must be equal to one of the allowed values',
                  schema: schema38.properties.dependencies.anyOf[2].properties.value.anyOf[0].enum,
                  parentSchema: schema38.properties.dependencies.anyOf[2].properties.value.anyOf[0],
                  data: data20,
                };
                if (vErrors === null) {
                  vErrors = [err67];
                } else {
                  vErrors.push(err67);
                }
                errors++;
              }
              var _valid11 = _errs92 === errors;
              valid31 = valid31 || _valid11;
              if (!valid31) {
                const _errs93 = errors;
                if (false !== data20) {
                  const err68 = {
                    instancePath: instancePath + '/dependencies/value',
                    schemaPath: '#/properties/dependencies/anyOf/2/properties/value/anyOf/1/const',
                    keyword: 'const',
                    params: { allowedValue: false },
                    message: 'must be equal to constant',
                    schema: false,
                    parentSchema:
                      schema38.properties.dependencies.anyOf[2].properties.value.anyOf[1],
                    data: data20,
                  };
                  if (vErrors === null) {
                    vErrors = [err68];
                  } else {
                    vErrors.push(err68);
                  }
                  errors++;
                }
                var _valid11 = _errs93 === errors;
                valid31 = valid31 || _valid11;
              }
              if (!valid31) {
                const err69 = {
                  instancePath: instancePath + '/dependencies/value',
                  schemaPath: '#/properties/dependencies/anyOf/2/properties/value/anyOf',
                  keyword: 'anyOf',
                  params: {},
                  message: 'must match a schema in anyOf',
                  schema: schema38.properties.dependencies.anyOf[2].properties.value.anyOf,
                  parentSchema: schema38.properties.dependencies.anyOf[2].properties.value,
                  data: data20,
                };
                if (vErrors === null) {
                  vErrors = [err69];
                } else {
                  vErrors.push(err69);
                }
                errors++;
              } else {
                errors = _errs91;
                if (vErrors !== null) {
                  if (_errs91) {
                    vErrors.length = _errs91;
                  } else {
                    vErrors = null;
                  }
                }
              }
            }
            if (data19.severity !== undefined) {
              let data21 = data19.severity;
              if (!(data21 === 'block' || data21 === 'warn' || data21 === 'approve')) {
                const err70 = {
                  instancePath: instancePath + '/dependencies/severity',
                  schemaPath: '#/definitions/policySeverity/enum',
                  keyword: 'enum',
                  params: { allowedValues: schema39.enum },
                  message: 'must be equal to one of the allowed values',
                  schema: schema39.enum,
                  parentSchema: schema39,
                  data: data21,
                };
                if (vErrors === null) {
                  vErrors = [err70];
                } else {
                  vErrors.push(err70);
                }
                errors++;
              }
            }
          } else {
            const err71 = {
              instancePath: instancePath + '/dependencies',
              schemaPath: '#/properties/dependencies/anyOf/2/type',
              keyword: 'type',
              params: { type: 'object' },
              message: 'must be object',
              schema: schema38.properties.dependencies.anyOf[2].type,
              parentSchema: schema38.properties.dependencies.anyOf[2],
              data: data19,
            };
            if (vErrors === null) {
              vErrors = [err71];
            } else {
              vErrors.push(err71);
            }
            errors++;
          }
          var _valid10 = _errs87 === errors;
          valid29 = valid29 || _valid10;
        }
      }
      if (!valid29) {
        const err72 = {
          instancePath: instancePath + '/dependencies',
          schemaPath: '#/properties/dependencies/anyOf',
          keyword: 'anyOf',
          params: {},
          message: 'must match a schema in anyOf',
          schema: schema38.properties.dependencies.anyOf,
          parentSchema: schema38.properties.dependencies,
          data: data19,
        };
        if (vErrors === null) {
          vErrors = [err72];
        } else {
          vErrors.push(err72);
        }
        errors++;
      } else {
        errors = _errs84;
        if (vErrors !== null) {
          if (_errs84) {
            vErrors.length = _errs84;
          } else {
            vErrors = null;
          }
        }
      }
    }
    if (data.secrets !== undefined) {
      let data22 = data.secrets;
      const _errs97 = errors;
      let valid33 = false;
      const _errs98 = errors;
      if (!(data22 === true || data22 === 'block' || data22 === 'warn' || data22 === 'approve')) {
        const err73 = {
          instancePath: instancePath + '/secrets',
          schemaPath: '#/properties/secrets/anyOf/0/enum',
          keyword: 'enum',
          params: { allowedValues: schema38.properties.secrets.anyOf[0].enum },
          message: 'must be equal to one of the allowed values',
          schema: schema38.properties.secrets.anyOf[0].enum,
          parentSchema: schema38.properties.secrets.anyOf[0],
          data: data22,
        };
        if (vErrors === null) {
          vErrors = [err73];
        } else {
          vErrors.push(err73);
        }
        errors++;
      }
      var _valid12 = _errs98 === errors;
      valid33 = valid33 || _valid12;
      if (!valid33) {
        const _errs99 = errors;
        if (false !== data22) {
          const err74 = {
            instancePath: instancePath + '/secrets',
            schemaPath: '#/properties/secrets/anyOf/1/const',
            keyword: 'const',
            params: { allowedValue: false },
            message: 'must be equal to constant',
            schema: false,
            parentSchema: schema38.properties.secrets.anyOf[1],
            data: data22,
          };
          if (vErrors === null) {
            vErrors = [err74];
          } else {
            vErrors.push(err74);
          }
          errors++;
        }
        var _valid12 = _errs99 === errors;
        valid33 = valid33 || _valid12;
        if (!valid33) {
          const _errs100 = errors;
          if (data22 && typeof data22 == 'object' && !Array.isArray(data22)) {
            if (data22.value === undefined) {
              const err75 = {
                instancePath: instancePath + '/secrets',
                schemaPath: '#/properties/secrets/anyOf/2/required',
                keyword: 'required',
                params: { missingProperty: 'value' },
                message: "must have required property '" + 'value' + "'",
                schema: schema38.properties.secrets.anyOf[2].required,
                parentSchema: schema38.properties.secrets.anyOf[2],
                data: data22,
              };
              if (vErrors === null) {
                vErrors = [err75];
              } else {
                vErrors.push(err75);
              }
              errors++;
            }
            for (const key7 in data22) {
              if (!(key7 === 'value' || key7 === 'severity')) {
                const err76 = {
                  instancePath: instancePath + '/secrets',
                  schemaPath: '#/properties/secrets/anyOf/2/additionalProperties',
                  keyword: 'additionalProperties',
                  params: { additionalProperty: key7 },
                  message: 'must NOT have additional properties',
                  schema: false,
                  parentSchema: schema38.properties.secrets.anyOf[2],
                  data: data22,
                };
                if (vErrors === null) {
                  vErrors = [err76];
                } else {
                  vErrors.push(err76);
                }
                errors++;
              }
            }
            if (data22.value !== undefined) {
              let data23 = data22.value;
              const _errs104 = errors;
              let valid35 = false;
              const _errs105 = errors;
              if (!(
                data23 === true ||
                data23 === 'block' ||
                data23 === 'warn' ||
                data23 === 'approve'
              )) {
                const err77 = {
                  instancePath: instancePath + '/secrets/value',
                  schemaPath: '#/properties/secrets/anyOf/2/properties/value/anyOf/0/enum',
                  keyword: 'enum',
                  params: {
                    allowedValues:
                      schema38.properties.secrets.anyOf[2].properties.value.anyOf[0].enum,
                  },
                  message: 'must be equal to one of the allowed values',
                  schema: schema38.properties.secrets.anyOf[2].properties.value.anyOf[0].enum,
                  parentSchema: schema38.properties.secrets.anyOf[2].properties.value.anyOf[0],
                  data: data23,
                };
                if (vErrors === null) {
                  vErrors = [err77];
                } else {
                  vErrors.push(err77);
                }
                errors++;
              }
              var _valid13 = _errs105 === errors;
              valid35 = valid35 || _valid13;
              if (!valid35) {
                const _errs106 = errors;
                if (false !== data23) {
                  const err78 = {
                    instancePath: instancePath + '/secrets/value',
                    schemaPath: '#/properties/secrets/anyOf/2/properties/value/anyOf/1/const',
                    keyword: 'const',
                    params: { allowedValue: false },
                    message: 'must be equal to constant',
                    schema: false,
                    parentSchema: schema38.properties.secrets.anyOf[2].properties.value.anyOf[1],
                    data: data23,
                  };
                  if (vErrors === null) {
                    vErrors = [err78];
                  } else {
                    vErrors.push(err78);
                  }
                  errors++;
                }
                var _valid13 = _errs106 === errors;
                valid35 = valid35 || _valid13;
              }
              if (!valid35) {
                const err79 = {
                  instancePath: instancePath + '/secrets/value',
                  schemaPath: '#/properties/secrets/anyOf/2/properties/value/anyOf',
                  keyword: 'anyOf',
                  params: {},
                  message: 'must match a schema in anyOf',
                  schema: schema38.properties.secrets.anyOf[2].properties.value.anyOf,
                  parentSchema: schema38.properties.secrets.anyOf[2].properties.value,
                  data: data23,
                };
                if (vErrors === null) {
                  vErrors = [err79];
                } else {
                  vErrors.push(err79);
                }
                errors++;
              } else {
                errors = _errs104;
                if (vErrors !== null) {
                  if (_errs104) {
                    vErrors.length = _errs104;
                  } else {
                    vErrors = null;
                  }
                }
              }
            }
            if (data22.severity !== undefined) {
              let data24 = data22.severity;
              if (!(data24 === 'block' || data24 === 'warn' || data24 === 'approve')) {
                const err80 = {
                  instancePath: instancePath + '/secrets/severity',
                  schemaPath: '#/definitions/policySeverity/enum',
                  keyword: 'enum',
                  params: { allowedValues: schema39.enum },
                  message: 'must be equal to one of the allowed values',
                  schema: schema39.enum,
                  parentSchema: schema39,
                  data: data24,
                };
                if (vErrors === null) {
                  vErrors = [err80];
                } else {
                  vErrors.push(err80);
                }
                errors++;
              }
            }
          } else {
            const err81 = {
              instancePath: instancePath + '/secrets',
              schemaPath: '#/properties/secrets/anyOf/2/type',
              keyword: 'type',
              params: { type: 'object' },
              message: 'must be object',
              schema: schema38.properties.secrets.anyOf[2].type,
              parentSchema: schema38.properties.secrets.anyOf[2],
              data: data22,
            };
            if (vErrors === null) {
              vErrors = [err81];
            } else {
              vErrors.push(err81);
            }
            errors++;
          }
          var _valid12 = _errs100 === errors;
          valid33 = valid33 || _valid12;
        }
      }
      if (!valid33) {
        const err82 = {
          instancePath: instancePath + '/secrets',
          schemaPath: '#/properties/secrets/anyOf',
          keyword: 'anyOf',
          params: {},
          message: 'must match a schema in anyOf',
          schema: schema38.properties.secrets.anyOf,
          parentSchema: schema38.properties.secrets,
          data: data22,
        };
        if (vErrors === null) {
          vErrors = [err82];
        } else {
          vErrors.push(err82);
        }
        errors++;
      } else {
        errors = _errs97;
        if (vErrors !== null) {
          if (_errs97) {
            vErrors.length = _errs97;
          } else {
            vErrors = null;
          }
        }
      }
    }
    if (data.protect !== undefined) {
      let data25 = data.protect;
      const _errs110 = errors;
      let valid37 = false;
      const _errs111 = errors;
      const _errs112 = errors;
      let valid38 = false;
      const _errs113 = errors;
      if (true !== data25) {
        const err83 = {
          instancePath: instancePath + '/protect',
          schemaPath: '#/properties/protect/anyOf/0/anyOf/0/const',
          keyword: 'const',
          params: { allowedValue: true },
          message: 'must be equal to constant',
          schema: true,
          parentSchema: schema38.properties.protect.anyOf[0].anyOf[0],
          data: data25,
        };
        if (vErrors === null) {
          vErrors = [err83];
        } else {
          vErrors.push(err83);
        }
        errors++;
      }
      var _valid15 = _errs113 === errors;
      valid38 = valid38 || _valid15;
      if (!valid38) {
        const _errs114 = errors;
        if (Array.isArray(data25)) {
          const len4 = data25.length;
          for (let i4 = 0; i4 < len4; i4++) {
            let data26 = data25[i4];
            if (typeof data26 === 'string') {
              if (func3(data26) < 1) {
                const err84 = {
                  instancePath: instancePath + '/protect/' + i4,
                  schemaPath: '#/properties/protect/anyOf/0/anyOf/1/items/minLength',
                  keyword: 'minLength',
                  params: { limit: 1 },
                  message: 'must NOT have fewer than 1 characters',
                  schema: 1,
                  parentSchema: schema38.properties.protect.anyOf[0].anyOf[1].items,
                  data: data26,
                };
                if (vErrors === null) {
                  vErrors = [err84];
                } else {
                  vErrors.push(err84);
                }
                errors++;
              }
            } else {
              const err85 = {
                instancePath: instancePath + '/protect/' + i4,
                schemaPath: '#/properties/protect/anyOf/0/anyOf/1/items/type',
                keyword: 'type',
                params: { type: 'string' },
                message: 'must be string',
                schema: schema38.properties.protect.anyOf[0].anyOf[1].items.type,
                parentSchema: schema38.properties.protect.anyOf[0].anyOf[1].items,
                data: data26,
              };
              if (vErrors === null) {
                vErrors = [err85];
              } else {
                vErrors.push(err85);
              }
              errors++;
            }
          }
        } else {
          const err86 = {
            instancePath: instancePath + '/protect',
            schemaPath: '#/properties/protect/anyOf/0/anyOf/1/type',
            keyword: 'type',
            params: { type: 'array' },
            message: 'must be array',
            schema: schema38.properties.protect.anyOf[0].anyOf[1].type,
            parentSchema: schema38.properties.protect.anyOf[0].anyOf[1],
            data: data25,
          };
          if (vErrors === null) {
            vErrors = [err86];
          } else {
            vErrors.push(err86);
          }
          errors++;
        }
        var _valid15 = _errs114 === errors;
        valid38 = valid38 || _valid15;
      }
      if (!valid38) {
        const err87 = {
          instancePath: instancePath + '/protect',
          schemaPath: '#/properties/protect/anyOf/0/anyOf',
          keyword: 'anyOf',
          params: {},
          message: 'must match a schema in anyOf',
          schema: schema38.properties.protect.anyOf[0].anyOf,
          parentSchema: schema38.properties.protect.anyOf[0],
          data: data25,
        };
        if (vErrors === null) {
          vErrors = [err87];
        } else {
          vErrors.push(err87);
        }
        errors++;
      } else {
        errors = _errs112;
        if (vErrors !== null) {
          if (_errs112) {
            vErrors.length = _errs112;
          } else {
            vErrors = null;
          }
        }
      }
      var _valid14 = _errs111 === errors;
      valid37 = valid37 || _valid14;
      if (!valid37) {
        const _errs118 = errors;
        if (false !== data25) {
          const err88 = {
            instancePath: instancePath + '/protect',
            schemaPath: '#/properties/protect/anyOf/1/const',
            keyword: 'const',
            params: { allowedValue: false },
            message: 'must be equal to constant',
            schema: false,
            parentSchema: schema38.properties.protect.anyOf[1],
            data: data25,
          };
          if (vErrors === null) {
            vErrors = [err88];
          } else {
            vErrors.push(err88);
          }
          errors++;
        }
        var _valid14 = _errs118 === errors;
        valid37 = valid37 || _valid14;
        if (!valid37) {
          const _errs119 = errors;
          if (data25 && typeof data25 == 'object' && !Array.isArray(data25)) {
            if (data25.value === undefined) {
              const err89 = {
                instancePath: instancePath + '/protect',
                schemaPath: '#/properties/protect/anyOf/2/required',
                keyword: 'required',
                params: { missingProperty: 'value' },
                message: "must have required property '" + 'value' + "'",
                schema: schema38.properties.protect.anyOf[2].required,
                parentSchema: schema38.properties.protect.anyOf[2],
                data: data25,
              };
              if (vErrors === null) {
                vErrors = [err89];
              } else {
                vErrors.push(err89);
              }
              errors++;
            }
            for (const key8 in data25) {
              if (!(key8 === 'value' || key8 === 'severity')) {
                const err90 = {
                  instancePath: instancePath + '/protect',
                  schemaPath: '#/properties/protect/anyOf/2/additionalProperties',
                  keyword: 'additionalProperties',
                  params: { additionalProperty: key8 },
                  message: 'must NOT have additional properties',
                  schema: false,
                  parentSchema: schema38.properties.protect.anyOf[2],
                  data: data25,
                };
                if (vErrors === null) {
                  vErrors = [err90];
                } else {
                  vErrors.push(err90);
                }
                errors++;
              }
            }
            if (data25.value !== undefined) {
              let data27 = data25.value;
              const _errs123 = errors;
              let valid42 = false;
              const _errs124 = errors;
              const _errs125 = errors;
              let valid43 = false;
              const _errs126 = errors;
              if (true !== data27) {
                const err91 = {
                  instancePath: instancePath + '/protect/value',
                  schemaPath: '#/properties/protect/anyOf/2/properties/value/anyOf/0/anyOf/0/const',
                  keyword: 'const',
                  params: { allowedValue: true },
                  message: 'must be equal to constant',
                  schema: true,
                  parentSchema:
                    schema38.properties.protect.anyOf[2].properties.value.anyOf[0].anyOf[0],
                  data: data27,
                };
                if (vErrors === null) {
                  vErrors = [err91];
                } else {
                  vErrors.push(err91);
                }
                errors++;
              }
              var _valid17 = _errs126 === errors;
              valid43 = valid43 || _valid17;
              if (!valid43) {
                const _errs127 = errors;
                if (Array.isArray(data27)) {
                  const len5 = data27.length;
                  for (let i5 = 0; i5 < len5; i5++) {
                    let data28 = data27[i5];
                    if (typeof data28 === 'string') {
                      if (func3(data28) < 1) {
                        const err92 = {
                          instancePath: instancePath + '/protect/value/' + i5,
                          schemaPath:
                            '#/properties/protect/anyOf/2/properties/value/anyOf/0/anyOf/1/items/minLength',
                          keyword: 'minLength',
                          params: { limit: 1 },
                          message: 'must NOT have fewer than 1 characters',
                          schema: 1,
                          parentSchema:
                            schema38.properties.protect.anyOf[2].properties.value.anyOf[0].anyOf[1]
                              .items,
                          data: data28,
                        };
                        if (vErrors === null) {
                          vErrors = [err92];
                        } else {
                          vErrors.push(err92);
                        }
                        errors++;
                      }
                    } else {
                      const err93 = {
                        instancePath: instancePath + '/protect/value/' + i5,
                        schemaPath:
                          '#/properties/protect/anyOf/2/properties/value/anyOf/0/anyOf/1/items/type',
                        keyword: 'type',
                        params: { type: 'string' },
                        message: 'must be string',
                        schema:
                          schema38.properties.protect.anyOf[2].properties.value.anyOf[0].anyOf[1]
                            .items.type,
                        parentSchema:
                          schema38.properties.protect.anyOf[2].properties.value.anyOf[0].anyOf[1]
                            .items,
                        data: data28,
                      };
                      if (vErrors === null) {
                        vErrors = [err93];
                      } else {
                        vErrors.push(err93);
                      }
                      errors++;
                    }
                  }
                } else {
                  const err94 = {
                    instancePath: instancePath + '/protect/value',
                    schemaPath:
                      '#/properties/protect/anyOf/2/properties/value/anyOf/0/anyOf/1/type',
                    keyword: 'type',
                    params: { type: 'array' },
                    message: 'must be array',
                    schema:
                      schema38.properties.protect.anyOf[2].properties.value.anyOf[0].anyOf[1].type,
                    parentSchema:
                      schema38.properties.protect.anyOf[2].properties.value.anyOf[0].anyOf[1],
                    data: data27,
                  };
                  if (vErrors === null) {
                    vErrors = [err94];
                  } else {
                    vErrors.push(err94);
                  }
                  errors++;
                }
                var _valid17 = _errs127 === errors;
                valid43 = valid43 || _valid17;
              }
              if (!valid43) {
                const err95 = {
                  instancePath: instancePath + '/protect/value',
                  schemaPath: '#/properties/protect/anyOf/2/properties/value/anyOf/0/anyOf',
                  keyword: 'anyOf',
                  params: {},
                  message: 'must match a schema in anyOf',
                  schema: schema38.properties.protect.anyOf[2].properties.value.anyOf[0].anyOf,
                  parentSchema: schema38.properties.protect.anyOf[2].properties.value.anyOf[0],
                  data: data27,
                };
                if (vErrors === null) {
                  vErrors = [err95];
                } else {
                  vErrors.push(err95);
                }
                errors++;
              } else {
                errors = _errs125;
                if (vErrors !== null) {
                  if (_errs125) {
                    vErrors.length = _errs125;
                  } else {
                    vErrors = null;
                  }
                }
              }
              var _valid16 = _errs124 === errors;
              valid42 = valid42 || _valid16;
              if (!valid42) {
                const _errs131 = errors;
                if (false !== data27) {
                  const err96 = {
                    instancePath: instancePath + '/protect/value',
                    schemaPath: '#/properties/protect/anyOf/2/properties/value/anyOf/1/const',
                    keyword: 'const',
                    params: { allowedValue: false },
                    message: 'must be equal to constant',
                    schema: false,
                    parentSchema: schema38.properties.protect.anyOf[2].properties.value.anyOf[1],
                    data: data27,
                  };
                  if (vErrors === null) {
                    vErrors = [err96];
                  } else {
                    vErrors.push(err96);
                  }
                  errors++;
                }
                var _valid16 = _errs131 === errors;
                valid42 = valid42 || _valid16;
              }
              if (!valid42) {
                const err97 = {
                  instancePath: instancePath + '/protect/value',
                  schemaPath: '#/properties/protect/anyOf/2/properties/value/anyOf',
                  keyword: 'anyOf',
                  params: {},
                  message: 'must match a schema in anyOf',
                  schema: schema38.properties.protect.anyOf[2].properties.value.anyOf,
                  parentSchema: schema38.properties.protect.anyOf[2].properties.value,
                  data: data27,
                };
                if (vErrors === null) {
                  vErrors = [err97];
                } else {
                  vErrors.push(err97);
                }
                errors++;
              } else {
                errors = _errs123;
                if (vErrors !== null) {
                  if (_errs123) {
                    vErrors.length = _errs123;
                  } else {
                    vErrors = null;
                  }
                }
              }
            }
            if (data25.severity !== undefined) {
              let data29 = data25.severity;
              if (!(data29 === 'block' || data29 === 'warn' || data29 === 'approve')) {
                const err98 = {
                  instancePath: instancePath + '/protect/severity',
                  schemaPath: '#/definitions/policySeverity/enum',
                  keyword: 'enum',
                  params: { allowedValues: schema39.enum },
                  message: 'must be equal to one of the allowed values',
                  schema: schema39.enum,
                  parentSchema: schema39,
                  data: data29,
                };
                if (vErrors === null) {
                  vErrors = [err98];
                } else {
                  vErrors.push(err98);
                }
                errors++;
              }
            }
          } else {
            const err99 = {
              instancePath: instancePath + '/protect',
              schemaPath: '#/properties/protect/anyOf/2/type',
              keyword: 'type',
              params: { type: 'object' },
              message: 'must be object',
              schema: schema38.properties.protect.anyOf[2].type,
              parentSchema: schema38.properties.protect.anyOf[2],
              data: data25,
            };
            if (vErrors === null) {
              vErrors = [err99];
            } else {
              vErrors.push(err99);
            }
            errors++;
          }
          var _valid14 = _errs119 === errors;
          valid37 = valid37 || _valid14;
        }
      }
      if (!valid37) {
        const err100 = {
          instancePath: instancePath + '/protect',
          schemaPath: '#/properties/protect/anyOf',
          keyword: 'anyOf',
          params: {},
          message: 'must match a schema in anyOf',
          schema: schema38.properties.protect.anyOf,
          parentSchema: schema38.properties.protect,
          data: data25,
        };
        if (vErrors === null) {
          vErrors = [err100];
        } else {
          vErrors.push(err100);
        }
        errors++;
      } else {
        errors = _errs110;
        if (vErrors !== null) {
          if (_errs110) {
            vErrors.length = _errs110;
          } else {
            vErrors = null;
          }
        }
      }
    }
  } else {
    const err101 = {
      instancePath,
      schemaPath: '#/type',
      keyword: 'type',
      params: { type: 'object' },
      message: 'must be object',
      schema: schema38.type,
      parentSchema: schema38,
      data,
    };
    if (vErrors === null) {
      vErrors = [err101];
    } else {
      vErrors.push(err101);
    }
    errors++;
  }
  validate18.errors = vErrors;
  return errors === 0;
}

function validate13(
  data,
  { instancePath = '', parentData, parentDataProperty, rootData = data } = {},
) {
  let vErrors = null;
  let errors = 0;
  if (data && typeof data == 'object' && !Array.isArray(data)) {
    for (const key0 in data) {
      if (!func2.call(schema22.properties, key0)) {
        const err0 = {
          instancePath,
          schemaPath: '#/additionalProperties',
          keyword: 'additionalProperties',
          params: { additionalProperty: key0 },
          message: 'must NOT have additional properties',
          schema: false,
          parentSchema: schema22,
          data,
        };
        if (vErrors === null) {
          vErrors = [err0];
        } else {
          vErrors.push(err0);
        }
        errors++;
      }
    }
    if (data.claude !== undefined) {
      let data0 = data.claude;
      if (typeof data0 === 'string') {
        if (func3(data0) < 1) {
          const err1 = {
            instancePath: instancePath + '/claude',
            schemaPath: '#/definitions/claude/minLength',
            keyword: 'minLength',
            params: { limit: 1 },
            message: 'must NOT have fewer than 1 characters',
            schema: 1,
            parentSchema: schema14,
            data: data0,
          };
          if (vErrors === null) {
            vErrors = [err1];
          } else {
            vErrors.push(err1);
          }
          errors++;
        }
      } else {
        const err2 = {
          instancePath: instancePath + '/claude',
          schemaPath: '#/definitions/claude/type',
          keyword: 'type',
          params: { type: 'string' },
          message: 'must be string',
          schema: schema14.type,
          parentSchema: schema14,
          data: data0,
        };
        if (vErrors === null) {
          vErrors = [err2];
        } else {
          vErrors.push(err2);
        }
        errors++;
      }
    }
    if (data.shell !== undefined) {
      let data1 = data.shell;
      if (typeof data1 === 'string') {
        if (func3(data1) < 1) {
          const err3 = {
            instancePath: instancePath + '/shell',
            schemaPath: '#/definitions/shell/minLength',
            keyword: 'minLength',
            params: { limit: 1 },
            message: 'must NOT have fewer than 1 characters',
            schema: 1,
            parentSchema: schema15,
            data: data1,
          };
          if (vErrors === null) {
            vErrors = [err3];
          } else {
            vErrors.push(err3);
          }
          errors++;
        }
      } else {
        const err4 = {
          instancePath: instancePath + '/shell',
          schemaPath: '#/definitions/shell/type',
          keyword: 'type',
          params: { type: 'string' },
          message: 'must be string',
          schema: schema15.type,
          parentSchema: schema15,
          data: data1,
        };
        if (vErrors === null) {
          vErrors = [err4];
        } else {
          vErrors.push(err4);
        }
        errors++;
      }
    }
    if (data.id !== undefined) {
      let data2 = data.id;
      if (typeof data2 === 'string') {
        if (!pattern0.test(data2)) {
          const err5 = {
            instancePath: instancePath + '/id',
            schemaPath: '#/definitions/id/pattern',
            keyword: 'pattern',
            params: { pattern: '^[A-Za-z_][A-Za-z0-9_-]*$' },
            message: 'must match pattern "' + '^[A-Za-z_][A-Za-z0-9_-]*$' + '"',
            schema: '^[A-Za-z_][A-Za-z0-9_-]*$',
            parentSchema: schema16,
            data: data2,
          };
          if (vErrors === null) {
            vErrors = [err5];
          } else {
            vErrors.push(err5);
          }
          errors++;
        }
      } else {
        const err6 = {
          instancePath: instancePath + '/id',
          schemaPath: '#/definitions/id/type',
          keyword: 'type',
          params: { type: 'string' },
          message: 'must be string',
          schema: schema16.type,
          parentSchema: schema16,
          data: data2,
        };
        if (vErrors === null) {
          vErrors = [err6];
        } else {
          vErrors.push(err6);
        }
        errors++;
      }
    }
    if (data.commit_required !== undefined) {
      let data3 = data.commit_required;
      if (typeof data3 !== 'boolean') {
        const err7 = {
          instancePath: instancePath + '/commit_required',
          schemaPath: '#/definitions/commit_required/type',
          keyword: 'type',
          params: { type: 'boolean' },
          message: 'must be boolean',
          schema: schema17.type,
          parentSchema: schema17,
          data: data3,
        };
        if (vErrors === null) {
          vErrors = [err7];
        } else {
          vErrors.push(err7);
        }
        errors++;
      }
    }
    if (data.timeout !== undefined) {
      let data4 = data.timeout;
      if (!(typeof data4 == 'number' && isFinite(data4)) && typeof data4 !== 'string') {
        const err8 = {
          instancePath: instancePath + '/timeout',
          schemaPath: '#/definitions/duration/type',
          keyword: 'type',
          params: { type: schema18.type },
          message: 'must be number,string',
          schema: schema18.type,
          parentSchema: schema18,
          data: data4,
        };
        if (vErrors === null) {
          vErrors = [err8];
        } else {
          vErrors.push(err8);
        }
        errors++;
      }
      if (typeof data4 == 'number' && isFinite(data4)) {
        if (data4 <= 0 || isNaN(data4)) {
          const err9 = {
            instancePath: instancePath + '/timeout',
            schemaPath: '#/definitions/duration/exclusiveMinimum',
            keyword: 'exclusiveMinimum',
            params: { comparison: '>', limit: 0 },
            message: 'must be > 0',
            schema: 0,
            parentSchema: schema18,
            data: data4,
          };
          if (vErrors === null) {
            vErrors = [err9];
          } else {
            vErrors.push(err9);
          }
          errors++;
        }
      }
      if (typeof data4 === 'string') {
        if (!pattern1.test(data4)) {
          const err10 = {
            instancePath: instancePath + '/timeout',
            schemaPath: '#/definitions/duration/pattern',
            keyword: 'pattern',
            params: { pattern: '^(?=.*[1-9])(\\d+h)?(\\d+m)?(\\d+s)?(\\d+ms)?$' },
            message:
              'must match pattern "' + '^(?=.*[1-9])(\\d+h)?(\\d+m)?(\\d+s)?(\\d+ms)?$' + '"',
            schema: '^(?=.*[1-9])(\\d+h)?(\\d+m)?(\\d+s)?(\\d+ms)?$',
            parentSchema: schema18,
            data: data4,
          };
          if (vErrors === null) {
            vErrors = [err10];
          } else {
            vErrors.push(err10);
          }
          errors++;
        }
      }
    }
    if (data.env !== undefined) {
      let data5 = data.env;
      if (data5 && typeof data5 == 'object' && !Array.isArray(data5)) {
        for (const key1 in data5) {
          const _errs20 = errors;
          if (typeof key1 === 'string') {
            if (!pattern2.test(key1)) {
              const err11 = {
                instancePath: instancePath + '/env',
                schemaPath: '#/definitions/envMap/propertyNames/pattern',
                keyword: 'pattern',
                params: { pattern: '^[A-Za-z_][A-Za-z0-9_]*$' },
                message: 'must match pattern "' + '^[A-Za-z_][A-Za-z0-9_]*$' + '"',
                schema: '^[A-Za-z_][A-Za-z0-9_]*$',
                parentSchema: schema19.propertyNames,
                data: key1,
                propertyName: key1,
              };
              if (vErrors === null) {
                vErrors = [err11];
              } else {
                vErrors.push(err11);
              }
              errors++;
            }
          }
          var valid7 = _errs20 === errors;
          if (!valid7) {
            const err12 = {
              instancePath: instancePath + '/env',
              schemaPath: '#/definitions/envMap/propertyNames',
              keyword: 'propertyNames',
              params: { propertyName: key1 },
              message: 'property name must be valid',
              schema: schema19.propertyNames,
              parentSchema: schema19,
              data: data5,
            };
            if (vErrors === null) {
              vErrors = [err12];
            } else {
              vErrors.push(err12);
            }
            errors++;
          }
        }
        for (const key2 in data5) {
          let data6 = data5[key2];
          if (
            typeof data6 !== 'string' &&
            !(typeof data6 == 'number' && isFinite(data6)) &&
            typeof data6 !== 'boolean'
          ) {
            const err13 = {
              instancePath: instancePath + '/env/' + key2.replace(/~/g, '~0').replace(/\//g, '~1'),
              schemaPath: '#/definitions/envMap/additionalProperties/type',
              keyword: 'type',
              params: { type: schema19.additionalProperties.type },
              message: 'must be string,number,boolean',
              schema: schema19.additionalProperties.type,
              parentSchema: schema19.additionalProperties,
              data: data6,
            };
            if (vErrors === null) {
              vErrors = [err13];
            } else {
              vErrors.push(err13);
            }
            errors++;
          }
        }
      } else {
        const err14 = {
          instancePath: instancePath + '/env',
          schemaPath: '#/definitions/envMap/type',
          keyword: 'type',
          params: { type: 'object' },
          message: 'must be object',
          schema: schema19.type,
          parentSchema: schema19,
          data: data5,
        };
        if (vErrors === null) {
          vErrors = [err14];
        } else {
          vErrors.push(err14);
        }
        errors++;
      }
    }
    if (data.working_dir !== undefined) {
      let data7 = data.working_dir;
      if (typeof data7 === 'string') {
        if (func3(data7) < 1) {
          const err15 = {
            instancePath: instancePath + '/working_dir',
            schemaPath: '#/definitions/working_dir/minLength',
            keyword: 'minLength',
            params: { limit: 1 },
            message: 'must NOT have fewer than 1 characters',
            schema: 1,
            parentSchema: schema20,
            data: data7,
          };
          if (vErrors === null) {
            vErrors = [err15];
          } else {
            vErrors.push(err15);
          }
          errors++;
        }
      } else {
        const err16 = {
          instancePath: instancePath + '/working_dir',
          schemaPath: '#/definitions/working_dir/type',
          keyword: 'type',
          params: { type: 'string' },
          message: 'must be string',
          schema: schema20.type,
          parentSchema: schema20,
          data: data7,
        };
        if (vErrors === null) {
          vErrors = [err16];
        } else {
          vErrors.push(err16);
        }
        errors++;
      }
    }
    if (data.when !== undefined) {
      let data8 = data.when;
      if (typeof data8 !== 'string' && typeof data8 !== 'boolean') {
        const err17 = {
          instancePath: instancePath + '/when',
          schemaPath: '#/definitions/when/type',
          keyword: 'type',
          params: { type: schema21.type },
          message: 'must be string,boolean',
          schema: schema21.type,
          parentSchema: schema21,
          data: data8,
        };
        if (vErrors === null) {
          vErrors = [err17];
        } else {
          vErrors.push(err17);
        }
        errors++;
      }
    }
    if (data.on_failure !== undefined) {
      if (
        !wrapper0.validate(data.on_failure, {
          instancePath: instancePath + '/on_failure',
          parentData: data,
          parentDataProperty: 'on_failure',
          rootData,
        })
      ) {
        vErrors =
          vErrors === null ? wrapper0.validate.errors : vErrors.concat(wrapper0.validate.errors);
        errors = vErrors.length;
      }
    }
    if (data.on_success !== undefined) {
      if (
        !wrapper1.validate(data.on_success, {
          instancePath: instancePath + '/on_success',
          parentData: data,
          parentDataProperty: 'on_success',
          rootData,
        })
      ) {
        vErrors =
          vErrors === null ? wrapper1.validate.errors : vErrors.concat(wrapper1.validate.errors);
        errors = vErrors.length;
      }
    }
    if (data.capture_output !== undefined) {
      let data11 = data.capture_output;
      if (typeof data11 !== 'boolean') {
        const err18 = {
          instancePath: instancePath + '/capture_output',
          schemaPath: '#/definitions/capture_output/type',
          keyword: 'type',
          params: { type: 'boolean' },
          message: 'must be boolean',
          schema: schema31.type,
          parentSchema: schema31,
          data: data11,
        };
        if (vErrors === null) {
          vErrors = [err18];
        } else {
          vErrors.push(err18);
        }
        errors++;
      }
    }
    if (data.agent !== undefined) {
      if (
        !validate14(data.agent, {
          instancePath: instancePath + '/agent',
          parentData: data,
          parentDataProperty: 'agent',
          rootData,
        })
      ) {
        vErrors = vErrors === null ? validate14.errors : vErrors.concat(validate14.errors);
        errors = vErrors.length;
      }
    }
    if (data.outputs !== undefined) {
      if (
        !validate16(data.outputs, {
          instancePath: instancePath + '/outputs',
          parentData: data,
          parentDataProperty: 'outputs',
          rootData,
        })
      ) {
        vErrors = vErrors === null ? validate16.errors : vErrors.concat(validate16.errors);
        errors = vErrors.length;
      }
    }
    if (data.policy !== undefined) {
      if (
        !validate18(data.policy, {
          instancePath: instancePath + '/policy',
          parentData: data,
          parentDataProperty: 'policy',
          rootData,
        })
      ) {
        vErrors = vErrors === null ? validate18.errors : vErrors.concat(validate18.errors);
        errors = vErrors.length;
      }
    }
    if (data.max_attempts !== undefined) {
      let data15 = data.max_attempts;
      if (!(typeof data15 == 'number' && !(data15 % 1) && !isNaN(data15) && isFinite(data15))) {
        const err19 = {
          instancePath: instancePath + '/max_attempts',
          schemaPath: '#/definitions/max_attempts/type',
          keyword: 'type',
          params: { type: 'integer' },
          message: 'must be integer',
          schema: schema47.type,
          parentSchema: schema47,
          data: data15,
        };
        if (vErrors === null) {
          vErrors = [err19];
        } else {
          vErrors.push(err19);
        }
        errors++;
      }
      if (typeof data15 == 'number' && isFinite(data15)) {
        if (data15 < 1 || isNaN(data15)) {
          const err20 = {
            instancePath: instancePath + '/max_attempts',
            schemaPath: '#/definitions/max_attempts/minimum',
            keyword: 'minimum',
            params: { comparison: '>=', limit: 1 },
            message: 'must be >= 1',
            schema: 1,
            parentSchema: schema47,
            data: data15,
          };
          if (vErrors === null) {
            vErrors = [err20];
          } else {
            vErrors.push(err20);
          }
          errors++;
        }
      }
    }
    if (data.fail_workflow !== undefined) {
      let data16 = data.fail_workflow;
      if (typeof data16 !== 'boolean') {
        const err21 = {
          instancePath: instancePath + '/fail_workflow',
          schemaPath: '#/definitions/fail_workflow/type',
          keyword: 'type',
          params: { type: 'boolean' },
          message: 'must be boolean',
          schema: schema48.type,
          parentSchema: schema48,
          data: data16,
        };
        if (vErrors === null) {
          vErrors = [err21];
        } else {
          vErrors.push(err21);
        }
        errors++;
      }
    }
    if (data.stop_on_repeat !== undefined) {
      let data17 = data.stop_on_repeat;
      const _errs46 = errors;
      let valid15 = false;
      const _errs47 = errors;
      if (!(typeof data17 == 'number' && !(data17 % 1) && !isNaN(data17) && isFinite(data17))) {
        const err22 = {
          instancePath: instancePath + '/stop_on_repeat',
          schemaPath: '#/definitions/stop_on_repeat/anyOf/0/type',
          keyword: 'type',
          params: { type: 'integer' },
          message: 'must be integer',
          schema: schema49.anyOf[0].type,
          parentSchema: schema49.anyOf[0],
          data: data17,
        };
        if (vErrors === null) {
          vErrors = [err22];
        } else {
          vErrors.push(err22);
        }
        errors++;
      }
      if (typeof data17 == 'number' && isFinite(data17)) {
        if (data17 < 2 || isNaN(data17)) {
          const err23 = {
            instancePath: instancePath + '/stop_on_repeat',
            schemaPath: '#/definitions/stop_on_repeat/anyOf/0/minimum',
            keyword: 'minimum',
            params: { comparison: '>=', limit: 2 },
            message: 'must be >= 2',
            schema: 2,
            parentSchema: schema49.anyOf[0],
            data: data17,
          };
          if (vErrors === null) {
            vErrors = [err23];
          } else {
            vErrors.push(err23);
          }
          errors++;
        }
      }
      var _valid0 = _errs47 === errors;
      valid15 = valid15 || _valid0;
      if (!valid15) {
        const _errs49 = errors;
        if (false !== data17) {
          const err24 = {
            instancePath: instancePath + '/stop_on_repeat',
            schemaPath: '#/definitions/stop_on_repeat/anyOf/1/const',
            keyword: 'const',
            params: { allowedValue: false },
            message: 'must be equal to constant',
            schema: false,
            parentSchema: schema49.anyOf[1],
            data: data17,
          };
          if (vErrors === null) {
            vErrors = [err24];
          } else {
            vErrors.push(err24);
          }
          errors++;
        }
        var _valid0 = _errs49 === errors;
        valid15 = valid15 || _valid0;
      }
      if (!valid15) {
        const err25 = {
          instancePath: instancePath + '/stop_on_repeat',
          schemaPath: '#/definitions/stop_on_repeat/anyOf',
          keyword: 'anyOf',
          params: {},
          message: 'must match a schema in anyOf',
          schema: schema49.anyOf,
          parentSchema: schema49,
          data: data17,
        };
        if (vErrors === null) {
          vErrors = [err25];
        } else {
          vErrors.push(err25);
        }
        errors++;
      } else {
        errors = _errs46;
        if (vErrors !== null) {
          if (_errs46) {
            vErrors.length = _errs46;
          } else {
            vErrors = null;
          }
        }
      }
    }
  } else {
    const err26 = {
      instancePath,
      schemaPath: '#/type',
      keyword: 'type',
      params: { type: 'object' },
      message: 'must be object',
      schema: schema22.type,
      parentSchema: schema22,
      data,
    };
    if (vErrors === null) {
      vErrors = [err26];
    } else {
      vErrors.push(err26);
    }
    errors++;
  }
  validate13.errors = vErrors;
  return errors === 0;
}

function validate12(
  data,
  { instancePath = '', parentData, parentDataProperty, rootData = data } = {},
) {
  let vErrors = null;
  let errors = 0;
  if (data && typeof data == 'object' && !Array.isArray(data)) {
    for (const key0 in data) {
      if (!func2.call(schema13.properties, key0)) {
        const err0 = {
          instancePath,
          schemaPath: '#/additionalProperties',
          keyword: 'additionalProperties',
          params: { additionalProperty: key0 },
          message: 'must NOT have additional properties',
          schema: false,
          parentSchema: schema13,
          data,
        };
        if (vErrors === null) {
          vErrors = [err0];
        } else {
          vErrors.push(err0);
        }
        errors++;
      }
    }
    if (data.claude !== undefined) {
      let data0 = data.claude;
      if (typeof data0 === 'string') {
        if (func3(data0) < 1) {
          const err1 = {
            instancePath: instancePath + '/claude',
            schemaPath: '#/definitions/claude/minLength',
            keyword: 'minLength',
            params: { limit: 1 },
            message: 'must NOT have fewer than 1 characters',
            schema: 1,
            parentSchema: schema14,
            data: data0,
          };
          if (vErrors === null) {
            vErrors = [err1];
          } else {
            vErrors.push(err1);
          }
          errors++;
        }
      } else {
        const err2 = {
          instancePath: instancePath + '/claude',
          schemaPath: '#/definitions/claude/type',
          keyword: 'type',
          params: { type: 'string' },
          message: 'must be string',
          schema: schema14.type,
          parentSchema: schema14,
          data: data0,
        };
        if (vErrors === null) {
          vErrors = [err2];
        } else {
          vErrors.push(err2);
        }
        errors++;
      }
    }
    if (data.shell !== undefined) {
      let data1 = data.shell;
      if (typeof data1 === 'string') {
        if (func3(data1) < 1) {
          const err3 = {
            instancePath: instancePath + '/shell',
            schemaPath: '#/definitions/shell/minLength',
            keyword: 'minLength',
            params: { limit: 1 },
            message: 'must NOT have fewer than 1 characters',
            schema: 1,
            parentSchema: schema15,
            data: data1,
          };
          if (vErrors === null) {
            vErrors = [err3];
          } else {
            vErrors.push(err3);
          }
          errors++;
        }
      } else {
        const err4 = {
          instancePath: instancePath + '/shell',
          schemaPath: '#/definitions/shell/type',
          keyword: 'type',
          params: { type: 'string' },
          message: 'must be string',
          schema: schema15.type,
          parentSchema: schema15,
          data: data1,
        };
        if (vErrors === null) {
          vErrors = [err4];
        } else {
          vErrors.push(err4);
        }
        errors++;
      }
    }
    if (data.id !== undefined) {
      let data2 = data.id;
      if (typeof data2 === 'string') {
        if (!pattern0.test(data2)) {
          const err5 = {
            instancePath: instancePath + '/id',
            schemaPath: '#/definitions/id/pattern',
            keyword: 'pattern',
            params: { pattern: '^[A-Za-z_][A-Za-z0-9_-]*$' },
            message: 'must match pattern "' + '^[A-Za-z_][A-Za-z0-9_-]*$' + '"',
            schema: '^[A-Za-z_][A-Za-z0-9_-]*$',
            parentSchema: schema16,
            data: data2,
          };
          if (vErrors === null) {
            vErrors = [err5];
          } else {
            vErrors.push(err5);
          }
          errors++;
        }
      } else {
        const err6 = {
          instancePath: instancePath + '/id',
          schemaPath: '#/definitions/id/type',
          keyword: 'type',
          params: { type: 'string' },
          message: 'must be string',
          schema: schema16.type,
          parentSchema: schema16,
          data: data2,
        };
        if (vErrors === null) {
          vErrors = [err6];
        } else {
          vErrors.push(err6);
        }
        errors++;
      }
    }
    if (data.commit_required !== undefined) {
      let data3 = data.commit_required;
      if (typeof data3 !== 'boolean') {
        const err7 = {
          instancePath: instancePath + '/commit_required',
          schemaPath: '#/definitions/commit_required/type',
          keyword: 'type',
          params: { type: 'boolean' },
          message: 'must be boolean',
          schema: schema17.type,
          parentSchema: schema17,
          data: data3,
        };
        if (vErrors === null) {
          vErrors = [err7];
        } else {
          vErrors.push(err7);
        }
        errors++;
      }
    }
    if (data.timeout !== undefined) {
      let data4 = data.timeout;
      if (!(typeof data4 == 'number' && isFinite(data4)) && typeof data4 !== 'string') {
        const err8 = {
          instancePath: instancePath + '/timeout',
          schemaPath: '#/definitions/duration/type',
          keyword: 'type',
          params: { type: schema18.type },
          message: 'must be number,string',
          schema: schema18.type,
          parentSchema: schema18,
          data: data4,
        };
        if (vErrors === null) {
          vErrors = [err8];
        } else {
          vErrors.push(err8);
        }
        errors++;
      }
      if (typeof data4 == 'number' && isFinite(data4)) {
        if (data4 <= 0 || isNaN(data4)) {
          const err9 = {
            instancePath: instancePath + '/timeout',
            schemaPath: '#/definitions/duration/exclusiveMinimum',
            keyword: 'exclusiveMinimum',
            params: { comparison: '>', limit: 0 },
            message: 'must be > 0',
            schema: 0,
            parentSchema: schema18,
            data: data4,
          };
          if (vErrors === null) {
            vErrors = [err9];
          } else {
            vErrors.push(err9);
          }
          errors++;
        }
      }
      if (typeof data4 === 'string') {
        if (!pattern1.test(data4)) {
          const err10 = {
            instancePath: instancePath + '/timeout',
            schemaPath: '#/definitions/duration/pattern',
            keyword: 'pattern',
            params: { pattern: '^(?=.*[1-9])(\\d+h)?(\\d+m)?(\\d+s)?(\\d+ms)?$' },
            message:
              'must match pattern "' + '^(?=.*[1-9])(\\d+h)?(\\d+m)?(\\d+s)?(\\d+ms)?$' + '"',
            schema: '^(?=.*[1-9])(\\d+h)?(\\d+m)?(\\d+s)?(\\d+ms)?$',
            parentSchema: schema18,
            data: data4,
          };
          if (vErrors === null) {
            vErrors = [err10];
          } else {
            vErrors.push(err10);
          }
          errors++;
        }
      }
    }
    if (data.env !== undefined) {
      let data5 = data.env;
      if (data5 && typeof data5 == 'object' && !Array.isArray(data5)) {
        for (const key1 in data5) {
          const _errs20 = errors;
          if (typeof key1 === 'string') {
            if (!pattern2.test(key1)) {
              const err11 = {
                instancePath: instancePath + '/env',
                schemaPath: '#/definitions/envMap/propertyNames/pattern',
                keyword: 'pattern',
                params: { pattern: '^[A-Za-z_][A-Za-z0-9_]*$' },
                message: 'must match pattern "' + '^[A-Za-z_][A-Za-z0-9_]*$' + '"',
                schema: '^[A-Za-z_][A-Za-z0-9_]*$',
                parentSchema: schema19.propertyNames,
                data: key1,
                propertyName: key1,
              };
              if (vErrors === null) {
                vErrors = [err11];
              } else {
                vErrors.push(err11);
              }
              errors++;
            }
          }
          var valid7 = _errs20 === errors;
          if (!valid7) {
            const err12 = {
              instancePath: instancePath + '/env',
              schemaPath: '#/definitions/envMap/propertyNames',
              keyword: 'propertyNames',
              params: { propertyName: key1 },
              message: 'property name must be valid',
              schema: schema19.propertyNames,
              parentSchema: schema19,
              data: data5,
            };
            if (vErrors === null) {
              vErrors = [err12];
            } else {
              vErrors.push(err12);
            }
            errors++;
          }
        }
        for (const key2 in data5) {
          let data6 = data5[key2];
          if (
            typeof data6 !== 'string' &&
            !(typeof data6 == 'number' && isFinite(data6)) &&
            typeof data6 !== 'boolean'
          ) {
            const err13 = {
              instancePath: instancePath + '/env/' + key2.replace(/~/g, '~0').replace(/\//g, '~1'),
              schemaPath: '#/definitions/envMap/additionalProperties/type',
              keyword: 'type',
              params: { type: schema19.additionalProperties.type },
              message: 'must be string,number,boolean',
              schema: schema19.additionalProperties.type,
              parentSchema: schema19.additionalProperties,
              data: data6,
            };
            if (vErrors === null) {
              vErrors = [err13];
            } else {
              vErrors.push(err13);
            }
            errors++;
          }
        }
      } else {
        const err14 = {
          instancePath: instancePath + '/env',
          schemaPath: '#/definitions/envMap/type',
          keyword: 'type',
          params: { type: 'object' },
          message: 'must be object',
          schema: schema19.type,
          parentSchema: schema19,
          data: data5,
        };
        if (vErrors === null) {
          vErrors = [err14];
        } else {
          vErrors.push(err14);
        }
        errors++;
      }
    }
    if (data.working_dir !== undefined) {
      let data7 = data.working_dir;
      if (typeof data7 === 'string') {
        if (func3(data7) < 1) {
          const err15 = {
            instancePath: instancePath + '/working_dir',
            schemaPath: '#/definitions/working_dir/minLength',
            keyword: 'minLength',
            params: { limit: 1 },
            message: 'must NOT have fewer than 1 characters',
            schema: 1,
            parentSchema: schema20,
            data: data7,
          };
          if (vErrors === null) {
            vErrors = [err15];
          } else {
            vErrors.push(err15);
          }
          errors++;
        }
      } else {
        const err16 = {
          instancePath: instancePath + '/working_dir',
          schemaPath: '#/definitions/working_dir/type',
          keyword: 'type',
          params: { type: 'string' },
          message: 'must be string',
          schema: schema20.type,
          parentSchema: schema20,
          data: data7,
        };
        if (vErrors === null) {
          vErrors = [err16];
        } else {
          vErrors.push(err16);
        }
        errors++;
      }
    }
    if (data.when !== undefined) {
      let data8 = data.when;
      if (typeof data8 !== 'string' && typeof data8 !== 'boolean') {
        const err17 = {
          instancePath: instancePath + '/when',
          schemaPath: '#/definitions/when/type',
          keyword: 'type',
          params: { type: schema21.type },
          message: 'must be string,boolean',
          schema: schema21.type,
          parentSchema: schema21,
          data: data8,
        };
        if (vErrors === null) {
          vErrors = [err17];
        } else {
          vErrors.push(err17);
        }
        errors++;
      }
    }
    if (data.on_failure !== undefined) {
      if (
        !validate13(data.on_failure, {
          instancePath: instancePath + '/on_failure',
          parentData: data,
          parentDataProperty: 'on_failure',
          rootData,
        })
      ) {
        vErrors = vErrors === null ? validate13.errors : vErrors.concat(validate13.errors);
        errors = vErrors.length;
      }
    }
    if (data.on_success !== undefined) {
      if (
        !wrapper1.validate(data.on_success, {
          instancePath: instancePath + '/on_success',
          parentData: data,
          parentDataProperty: 'on_success',
          rootData,
        })
      ) {
        vErrors =
          vErrors === null ? wrapper1.validate.errors : vErrors.concat(wrapper1.validate.errors);
        errors = vErrors.length;
      }
    }
    if (data.capture_output !== undefined) {
      let data11 = data.capture_output;
      if (typeof data11 !== 'boolean') {
        const err18 = {
          instancePath: instancePath + '/capture_output',
          schemaPath: '#/definitions/capture_output/type',
          keyword: 'type',
          params: { type: 'boolean' },
          message: 'must be boolean',
          schema: schema31.type,
          parentSchema: schema31,
          data: data11,
        };
        if (vErrors === null) {
          vErrors = [err18];
        } else {
          vErrors.push(err18);
        }
        errors++;
      }
    }
    if (data.agent !== undefined) {
      if (
        !validate14(data.agent, {
          instancePath: instancePath + '/agent',
          parentData: data,
          parentDataProperty: 'agent',
          rootData,
        })
      ) {
        vErrors = vErrors === null ? validate14.errors : vErrors.concat(validate14.errors);
        errors = vErrors.length;
      }
    }
    if (data.outputs !== undefined) {
      if (
        !validate16(data.outputs, {
          instancePath: instancePath + '/outputs',
          parentData: data,
          parentDataProperty: 'outputs',
          rootData,
        })
      ) {
        vErrors = vErrors === null ? validate16.errors : vErrors.concat(validate16.errors);
        errors = vErrors.length;
      }
    }
    if (data.policy !== undefined) {
      if (
        !validate18(data.policy, {
          instancePath: instancePath + '/policy',
          parentData: data,
          parentDataProperty: 'policy',
          rootData,
        })
      ) {
        vErrors = vErrors === null ? validate18.errors : vErrors.concat(validate18.errors);
        errors = vErrors.length;
      }
    }
    if (data.gate !== undefined) {
      let data15 = data.gate;
      if (typeof data15 !== 'string') {
        const err19 = {
          instancePath: instancePath + '/gate',
          schemaPath: '#/definitions/gate/type',
          keyword: 'type',
          params: { type: 'string' },
          message: 'must be string',
          schema: schema51.type,
          parentSchema: schema51,
          data: data15,
        };
        if (vErrors === null) {
          vErrors = [err19];
        } else {
          vErrors.push(err19);
        }
        errors++;
      }
      if (!(data15 === 'auto' || data15 === 'ack' || data15 === 'approve')) {
        const err20 = {
          instancePath: instancePath + '/gate',
          schemaPath: '#/definitions/gate/enum',
          keyword: 'enum',
          params: { allowedValues: schema51.enum },
          message: 'must be equal to one of the allowed values',
          schema: schema51.enum,
          parentSchema: schema51,
          data: data15,
        };
        if (vErrors === null) {
          vErrors = [err20];
        } else {
          vErrors.push(err20);
        }
        errors++;
      }
    }
    if (data.ack_window !== undefined) {
      let data16 = data.ack_window;
      if (!(typeof data16 == 'number' && isFinite(data16)) && typeof data16 !== 'string') {
        const err21 = {
          instancePath: instancePath + '/ack_window',
          schemaPath: '#/definitions/duration/type',
          keyword: 'type',
          params: { type: schema18.type },
          message: 'must be number,string',
          schema: schema18.type,
          parentSchema: schema18,
          data: data16,
        };
        if (vErrors === null) {
          vErrors = [err21];
        } else {
          vErrors.push(err21);
        }
        errors++;
      }
      if (typeof data16 == 'number' && isFinite(data16)) {
        if (data16 <= 0 || isNaN(data16)) {
          const err22 = {
            instancePath: instancePath + '/ack_window',
            schemaPath: '#/definitions/duration/exclusiveMinimum',
            keyword: 'exclusiveMinimum',
            params: { comparison: '>', limit: 0 },
            message: 'must be > 0',
            schema: 0,
            parentSchema: schema18,
            data: data16,
          };
          if (vErrors === null) {
            vErrors = [err22];
          } else {
            vErrors.push(err22);
          }
          errors++;
        }
      }
      if (typeof data16 === 'string') {
        if (!pattern1.test(data16)) {
          const err23 = {
            instancePath: instancePath + '/ack_window',
            schemaPath: '#/definitions/duration/pattern',
            keyword: 'pattern',
            params: { pattern: '^(?=.*[1-9])(\\d+h)?(\\d+m)?(\\d+s)?(\\d+ms)?$' },
            message:
              'must match pattern "' + '^(?=.*[1-9])(\\d+h)?(\\d+m)?(\\d+s)?(\\d+ms)?$' + '"',
            schema: '^(?=.*[1-9])(\\d+h)?(\\d+m)?(\\d+s)?(\\d+ms)?$',
            parentSchema: schema18,
            data: data16,
          };
          if (vErrors === null) {
            vErrors = [err23];
          } else {
            vErrors.push(err23);
          }
          errors++;
        }
      }
    }
  } else {
    const err24 = {
      instancePath,
      schemaPath: '#/type',
      keyword: 'type',
      params: { type: 'object' },
      message: 'must be object',
      schema: schema13.type,
      parentSchema: schema13,
      data,
    };
    if (vErrors === null) {
      vErrors = [err24];
    } else {
      vErrors.push(err24);
    }
    errors++;
  }
  validate12.errors = vErrors;
  return errors === 0;
}

function validate40(
  data,
  { instancePath = '', parentData, parentDataProperty, rootData = data } = {},
) {
  let vErrors = null;
  let errors = 0;
  if (Array.isArray(data)) {
    if (data.length < 1) {
      const err0 = {
        instancePath,
        schemaPath: '#/minItems',
        keyword: 'minItems',
        params: { limit: 1 },
        message: 'must NOT have fewer than 1 items',
        schema: 1,
        parentSchema: schema12,
        data,
      };
      if (vErrors === null) {
        vErrors = [err0];
      } else {
        vErrors.push(err0);
      }
      errors++;
    }
    const len0 = data.length;
    for (let i0 = 0; i0 < len0; i0++) {
      if (
        !validate12(data[i0], {
          instancePath: instancePath + '/' + i0,
          parentData: data,
          parentDataProperty: i0,
          rootData,
        })
      ) {
        vErrors = vErrors === null ? validate12.errors : vErrors.concat(validate12.errors);
        errors = vErrors.length;
      }
    }
  } else {
    const err1 = {
      instancePath,
      schemaPath: '#/type',
      keyword: 'type',
      params: { type: 'array' },
      message: 'must be array',
      schema: schema12.type,
      parentSchema: schema12,
      data,
    };
    if (vErrors === null) {
      vErrors = [err1];
    } else {
      vErrors.push(err1);
    }
    errors++;
  }
  validate40.errors = vErrors;
  return errors === 0;
}

export const playbook = validate42;
const schema53 = {
  description:
    'A playbook with settings: steps: (or commands:) plus name, max_iterations, until, agent, budget and env.',
  type: 'object',
  additionalProperties: false,
  properties: {
    name: {
      description:
        'Name of the playbook, used in commit messages and the run ledger: one line, without control characters. Default: the file name without extension.',
      type: 'string',
      minLength: 1,
    },
    max_iterations: {
      description:
        'How many times to run the steps at most; -n on the command line overrides it. Default: 1.',
      type: 'integer',
      minimum: 1,
      default: 1,
    },
    until: {
      description:
        'A step run after each iteration; when it succeeds the run stops early. Default: none.',
      $ref: '#/definitions/step',
    },
    agent: {
      description: 'How claude: steps reach the agent: tool, model, permissions, limits.',
      $ref: '#/definitions/agent',
    },
    budget: {
      description:
        'Limits for the whole run; the run stops cleanly before a call would pass them. Default: none.',
      $ref: '#/definitions/budget',
    },
    env: {
      description:
        'Environment variables for every step. Values may use ${ARG}, ${item}, ${ITERATION} and ${env.NAME}.',
      $ref: '#/definitions/envMap',
    },
    policy: {
      description:
        "Rules every step's change is checked against before it is committed: limits on files and lines, paths that may or may not change, deletions, dependency files, secrets, protected paths. A rule is its setting (it then blocks), or { value, severity } with severity block, warn or approve; false turns it off. See docs/policy.md.",
      $ref: '#/definitions/policy',
    },
    gate: {
      description:
        'The gate of every step that sets none (mmm cook --gate overrides both): auto, ack or approve. Default: auto.',
      default: 'auto',
      $ref: '#/definitions/gate',
    },
    ack_window: {
      description:
        "How long an ack gate waits for mmm reject before the step's commits land, for steps that set none: seconds (600) or a string like 90s, 10m. Default: 10m.",
      default: '10m',
      $ref: '#/definitions/duration',
    },
    steps: {
      description: 'The steps, run in order in each iteration.',
      $ref: '#/definitions/stepList',
    },
    commands: {
      description:
        'Slash commands to run in order, each a claude step: names (mmm-lint) or { name, args, commit_required, id, outputs }. Use instead of steps:.',
      $ref: '#/definitions/commandList',
    },
  },
};
const schema54 = {
  description: "Agent settings for claude: steps (a step's own agent: settings go over them).",
  type: 'object',
  additionalProperties: false,
  properties: {
    tool: {
      description:
        'Agent CLI to run claude: steps with; mmm loads a playbook only when it has an adapter for the tool (today: claude, codex, gemini, opencode, amp, cursor, copilot). Default: claude.',
      type: 'string',
      minLength: 1,
      default: 'claude',
      examples: ['claude'],
    },
    model: {
      description:
        "Model alias or name passed to the agent (e.g. sonnet, opus). Default: the agent's own default.",
      type: 'string',
      minLength: 1,
    },
    permission_mode: {
      description:
        "Permission mode passed to the agent (Claude Code: acceptEdits, auto, bypassPermissions, default, dontAsk, plan). Default: the agent's own default.",
      type: 'string',
      minLength: 1,
      examples: ['acceptEdits', 'auto', 'bypassPermissions', 'default', 'dontAsk', 'plan'],
    },
    allowed_tools: {
      description:
        'Tools the agent may use without asking, e.g. ["Bash(npm test *)", "Edit"]. Default: none.',
      type: 'array',
      items: { description: 'One tool rule.', type: 'string', minLength: 1 },
    },
    disallowed_tools: {
      description: 'Tools the agent may not use. Default: none.',
      type: 'array',
      items: { description: 'One tool rule.', type: 'string', minLength: 1 },
    },
    max_turns: {
      description: "Most agent turns per call. Default: the agent's own limit.",
      type: 'integer',
      minimum: 1,
    },
    timeout: {
      description:
        "Kill an agent call after this long; a step's own timeout overrides it. Default: 30m.",
      $ref: '#/definitions/duration',
    },
    wait_on_limit: {
      description:
        'When an agent call ends on a rate limit, an overload or a usage limit, pause the run and make the same call again once the limit lifts (the reset time the agent names, else a backoff from 30s doubling to 15m), for at most this long per call; false fails the step at once instead. Default: 6h.',
      default: '6h',
      anyOf: [
        { $ref: '#/definitions/duration' },
        { description: 'Do not wait: a limit fails the call.', const: false },
      ],
    },
    idle_timeout: {
      description:
        'Stop an agent call (its whole process tree) that prints nothing and changes no file in the working tree for this long, and fail the step: the agent seemed hung. Default: off.',
      $ref: '#/definitions/duration',
    },
    append_system_prompt: {
      description: "Text appended to the agent's system prompt. Default: none.",
      type: 'string',
    },
    resume_conversation: {
      description:
        "When mmm resume runs again a step whose agent call was cut off (a crash or an interruption), its first agent call continues that call's conversation (claude --resume) instead of starting a new one; the files are back at the step's start, and the agent is told so. Falls back to a new conversation when the agent no longer has it. Default: false.",
      type: 'boolean',
      default: false,
    },
    fallback: {
      description:
        "Agents to try, in order, when a call fails for a reason that is not the work's fault (a usage limit, an overload, the CLI crashing, not logged in): the next one makes the same call. Each names a tool and optionally a model; the other settings are the step's. Default: none.",
      type: 'array',
      items: {
        description: 'One agent to fall back to.',
        type: 'object',
        additionalProperties: false,
        required: ['tool'],
        properties: {
          tool: {
            description:
              'Agent CLI (today: claude, codex, gemini, opencode, amp, cursor, copilot).',
            type: 'string',
            minLength: 1,
          },
          model: {
            description: "Model alias or name for it. Default: the agent's own default.",
            type: 'string',
            minLength: 1,
          },
        },
      },
    },
  },
};

function validate28(
  data,
  { instancePath = '', parentData, parentDataProperty, rootData = data } = {},
) {
  let vErrors = null;
  let errors = 0;
  if (data && typeof data == 'object' && !Array.isArray(data)) {
    for (const key0 in data) {
      if (!func2.call(schema54.properties, key0)) {
        const err0 = {
          instancePath,
          schemaPath: '#/additionalProperties',
          keyword: 'additionalProperties',
          params: { additionalProperty: key0 },
          message: 'must NOT have additional properties',
          schema: false,
          parentSchema: schema54,
          data,
        };
        if (vErrors === null) {
          vErrors = [err0];
        } else {
          vErrors.push(err0);
        }
        errors++;
      }
    }
    if (data.tool !== undefined) {
      let data0 = data.tool;
      if (typeof data0 === 'string') {
        if (func3(data0) < 1) {
          const err1 = {
            instancePath: instancePath + '/tool',
            schemaPath: '#/properties/tool/minLength',
            keyword: 'minLength',
            params: { limit: 1 },
            message: 'must NOT have fewer than 1 characters',
            schema: 1,
            parentSchema: schema54.properties.tool,
            data: data0,
          };
          if (vErrors === null) {
            vErrors = [err1];
          } else {
            vErrors.push(err1);
          }
          errors++;
        }
      } else {
        const err2 = {
          instancePath: instancePath + '/tool',
          schemaPath: '#/properties/tool/type',
          keyword: 'type',
          params: { type: 'string' },
          message: 'must be string',
          schema: schema54.properties.tool.type,
          parentSchema: schema54.properties.tool,
          data: data0,
        };
        if (vErrors === null) {
          vErrors = [err2];
        } else {
          vErrors.push(err2);
        }
        errors++;
      }
    }
    if (data.model !== undefined) {
      let data1 = data.model;
      if (typeof data1 === 'string') {
        if (func3(data1) < 1) {
          const err3 = {
            instancePath: instancePath + '/model',
            schemaPath: '#/properties/model/minLength',
            keyword: 'minLength',
            params: { limit: 1 },
            message: 'must NOT have fewer than 1 characters',
            schema: 1,
            parentSchema: schema54.properties.model,
            data: data1,
          };
          if (vErrors === null) {
            vErrors = [err3];
          } else {
            vErrors.push(err3);
          }
          errors++;
        }
      } else {
        const err4 = {
          instancePath: instancePath + '/model',
          schemaPath: '#/properties/model/type',
          keyword: 'type',
          params: { type: 'string' },
          message: 'must be string',
          schema: schema54.properties.model.type,
          parentSchema: schema54.properties.model,
          data: data1,
        };
        if (vErrors === null) {
          vErrors = [err4];
        } else {
          vErrors.push(err4);
        }
        errors++;
      }
    }
    if (data.permission_mode !== undefined) {
      let data2 = data.permission_mode;
      if (typeof data2 === 'string') {
        if (func3(data2) < 1) {
          const err5 = {
            instancePath: instancePath + '/permission_mode',
            schemaPath: '#/properties/permission_mode/minLength',
            keyword: 'minLength',
            params: { limit: 1 },
            message: 'must NOT have fewer than 1 characters',
            schema: 1,
            parentSchema: schema54.properties.permission_mode,
            data: data2,
          };
          if (vErrors === null) {
            vErrors = [err5];
          } else {
            vErrors.push(err5);
          }
          errors++;
        }
      } else {
        const err6 = {
          instancePath: instancePath + '/permission_mode',
          schemaPath: '#/properties/permission_mode/type',
          keyword: 'type',
          params: { type: 'string' },
          message: 'must be string',
          schema: schema54.properties.permission_mode.type,
          parentSchema: schema54.properties.permission_mode,
          data: data2,
        };
        if (vErrors === null) {
          vErrors = [err6];
        } else {
          vErrors.push(err6);
        }
        errors++;
      }
    }
    if (data.allowed_tools !== undefined) {
      let data3 = data.allowed_tools;
      if (Array.isArray(data3)) {
        const len0 = data3.length;
        for (let i0 = 0; i0 < len0; i0++) {
          let data4 = data3[i0];
          if (typeof data4 === 'string') {
            if (func3(data4) < 1) {
              const err7 = {
                instancePath: instancePath + '/allowed_tools/' + i0,
                schemaPath: '#/properties/allowed_tools/items/minLength',
                keyword: 'minLength',
                params: { limit: 1 },
                message: 'must NOT have fewer than 1 characters',
                schema: 1,
                parentSchema: schema54.properties.allowed_tools.items,
                data: data4,
              };
              if (vErrors === null) {
                vErrors = [err7];
              } else {
                vErrors.push(err7);
              }
              errors++;
            }
          } else {
            const err8 = {
              instancePath: instancePath + '/allowed_tools/' + i0,
              schemaPath: '#/properties/allowed_tools/items/type',
              keyword: 'type',
              params: { type: 'string' },
              message: 'must be string',
              schema: schema54.properties.allowed_tools.items.type,
              parentSchema: schema54.properties.allowed_tools.items,
              data: data4,
            };
            if (vErrors === null) {
              vErrors = [err8];
            } else {
              vErrors.push(err8);
            }
            errors++;
          }
        }
      } else {
        const err9 = {
          instancePath: instancePath + '/allowed_tools',
          schemaPath: '#/properties/allowed_tools/type',
          keyword: 'type',
          params: { type: 'array' },
          message: 'must be array',
          schema: schema54.properties.allowed_tools.type,
          parentSchema: schema54.properties.allowed_tools,
          data: data3,
        };
        if (vErrors === null) {
          vErrors = [err9];
        } else {
          vErrors.push(err9);
        }
        errors++;
      }
    }
    if (data.disallowed_tools !== undefined) {
      let data5 = data.disallowed_tools;
      if (Array.isArray(data5)) {
        const len1 = data5.length;
        for (let i1 = 0; i1 < len1; i1++) {
          let data6 = data5[i1];
          if (typeof data6 === 'string') {
            if (func3(data6) < 1) {
              const err10 = {
                instancePath: instancePath + '/disallowed_tools/' + i1,
                schemaPath: '#/properties/disallowed_tools/items/minLength',
                keyword: 'minLength',
                params: { limit: 1 },
                message: 'must NOT have fewer than 1 characters',
                schema: 1,
                parentSchema: schema54.properties.disallowed_tools.items,
                data: data6,
              };
              if (vErrors === null) {
                vErrors = [err10];
              } else {
                vErrors.push(err10);
              }
              errors++;
            }
          } else {
            const err11 = {
              instancePath: instancePath + '/disallowed_tools/' + i1,
              schemaPath: '#/properties/disallowed_tools/items/type',
              keyword: 'type',
              params: { type: 'string' },
              message: 'must be string',
              schema: schema54.properties.disallowed_tools.items.type,
              parentSchema: schema54.properties.disallowed_tools.items,
              data: data6,
            };
            if (vErrors === null) {
              vErrors = [err11];
            } else {
              vErrors.push(err11);
            }
            errors++;
          }
        }
      } else {
        const err12 = {
          instancePath: instancePath + '/disallowed_tools',
          schemaPath: '#/properties/disallowed_tools/type',
          keyword: 'type',
          params: { type: 'array' },
          message: 'must be array',
          schema: schema54.properties.disallowed_tools.type,
          parentSchema: schema54.properties.disallowed_tools,
          data: data5,
        };
        if (vErrors === null) {
          vErrors = [err12];
        } else {
          vErrors.push(err12);
        }
        errors++;
      }
    }
    if (data.max_turns !== undefined) {
      let data7 = data.max_turns;
      if (!(typeof data7 == 'number' && !(data7 % 1) && !isNaN(data7) && isFinite(data7))) {
        const err13 = {
          instancePath: instancePath + '/max_turns',
          schemaPath: '#/properties/max_turns/type',
          keyword: 'type',
          params: { type: 'integer' },
          message: 'must be integer',
          schema: schema54.properties.max_turns.type,
          parentSchema: schema54.properties.max_turns,
          data: data7,
        };
        if (vErrors === null) {
          vErrors = [err13];
        } else {
          vErrors.push(err13);
        }
        errors++;
      }
      if (typeof data7 == 'number' && isFinite(data7)) {
        if (data7 < 1 || isNaN(data7)) {
          const err14 = {
            instancePath: instancePath + '/max_turns',
            schemaPath: '#/properties/max_turns/minimum',
            keyword: 'minimum',
            params: { comparison: '>=', limit: 1 },
            message: 'must be >= 1',
            schema: 1,
            parentSchema: schema54.properties.max_turns,
            data: data7,
          };
          if (vErrors === null) {
            vErrors = [err14];
          } else {
            vErrors.push(err14);
          }
          errors++;
        }
      }
    }
    if (data.timeout !== undefined) {
      let data8 = data.timeout;
      if (!(typeof data8 == 'number' && isFinite(data8)) && typeof data8 !== 'string') {
        const err15 = {
          instancePath: instancePath + '/timeout',
          schemaPath: '#/definitions/duration/type',
          keyword: 'type',
          params: { type: schema18.type },
          message: 'must be number,string',
          schema: schema18.type,
          parentSchema: schema18,
          data: data8,
        };
        if (vErrors === null) {
          vErrors = [err15];
        } else {
          vErrors.push(err15);
        }
        errors++;
      }
      if (typeof data8 == 'number' && isFinite(data8)) {
        if (data8 <= 0 || isNaN(data8)) {
          const err16 = {
            instancePath: instancePath + '/timeout',
            schemaPath: '#/definitions/duration/exclusiveMinimum',
            keyword: 'exclusiveMinimum',
            params: { comparison: '>', limit: 0 },
            message: 'must be > 0',
            schema: 0,
            parentSchema: schema18,
            data: data8,
          };
          if (vErrors === null) {
            vErrors = [err16];
          } else {
            vErrors.push(err16);
          }
          errors++;
        }
      }
      if (typeof data8 === 'string') {
        if (!pattern1.test(data8)) {
          const err17 = {
            instancePath: instancePath + '/timeout',
            schemaPath: '#/definitions/duration/pattern',
            keyword: 'pattern',
            params: { pattern: '^(?=.*[1-9])(\\d+h)?(\\d+m)?(\\d+s)?(\\d+ms)?$' },
            message:
              'must match pattern "' + '^(?=.*[1-9])(\\d+h)?(\\d+m)?(\\d+s)?(\\d+ms)?$' + '"',
            schema: '^(?=.*[1-9])(\\d+h)?(\\d+m)?(\\d+s)?(\\d+ms)?$',
            parentSchema: schema18,
            data: data8,
          };
          if (vErrors === null) {
            vErrors = [err17];
          } else {
            vErrors.push(err17);
          }
          errors++;
        }
      }
    }
    if (data.wait_on_limit !== undefined) {
      let data9 = data.wait_on_limit;
      const _errs22 = errors;
      let valid6 = false;
      const _errs23 = errors;
      if (!(typeof data9 == 'number' && isFinite(data9)) && typeof data9 !== 'string') {
        const err18 = {
          instancePath: instancePath + '/wait_on_limit',
          schemaPath: '#/definitions/duration/type',
          keyword: 'type',
          params: { type: schema18.type },
          message: 'must be number,string',
          schema: schema18.type,
          parentSchema: schema18,
          data: data9,
        };
        if (vErrors === null) {
          vErrors = [err18];
        } else {
          vErrors.push(err18);
        }
        errors++;
      }
      if (typeof data9 == 'number' && isFinite(data9)) {
        if (data9 <= 0 || isNaN(data9)) {
          const err19 = {
            instancePath: instancePath + '/wait_on_limit',
            schemaPath: '#/definitions/duration/exclusiveMinimum',
            keyword: 'exclusiveMinimum',
            params: { comparison: '>', limit: 0 },
            message: 'must be > 0',
            schema: 0,
            parentSchema: schema18,
            data: data9,
          };
          if (vErrors === null) {
            vErrors = [err19];
          } else {
            vErrors.push(err19);
          }
          errors++;
        }
      }
      if (typeof data9 === 'string') {
        if (!pattern1.test(data9)) {
          const err20 = {
            instancePath: instancePath + '/wait_on_limit',
            schemaPath: '#/definitions/duration/pattern',
            keyword: 'pattern',
            params: { pattern: '^(?=.*[1-9])(\\d+h)?(\\d+m)?(\\d+s)?(\\d+ms)?$' },
            message:
              'must match pattern "' + '^(?=.*[1-9])(\\d+h)?(\\d+m)?(\\d+s)?(\\d+ms)?$' + '"',
            schema: '^(?=.*[1-9])(\\d+h)?(\\d+m)?(\\d+s)?(\\d+ms)?$',
            parentSchema: schema18,
            data: data9,
          };
          if (vErrors === null) {
            vErrors = [err20];
          } else {
            vErrors.push(err20);
          }
          errors++;
        }
      }
      var _valid0 = _errs23 === errors;
      valid6 = valid6 || _valid0;
      if (!valid6) {
        const _errs26 = errors;
        if (false !== data9) {
          const err21 = {
            instancePath: instancePath + '/wait_on_limit',
            schemaPath: '#/properties/wait_on_limit/anyOf/1/const',
            keyword: 'const',
            params: { allowedValue: false },
            message: 'must be equal to constant',
            schema: false,
            parentSchema: schema54.properties.wait_on_limit.anyOf[1],
            data: data9,
          };
          if (vErrors === null) {
            vErrors = [err21];
          } else {
            vErrors.push(err21);
          }
          errors++;
        }
        var _valid0 = _errs26 === errors;
        valid6 = valid6 || _valid0;
      }
      if (!valid6) {
        const err22 = {
          instancePath: instancePath + '/wait_on_limit',
          schemaPath: '#/properties/wait_on_limit/anyOf',
          keyword: 'anyOf',
          params: {},
          message: 'must match a schema in anyOf',
          schema: schema54.properties.wait_on_limit.anyOf,
          parentSchema: schema54.properties.wait_on_limit,
          data: data9,
        };
        if (vErrors === null) {
          vErrors = [err22];
        } else {
          vErrors.push(err22);
        }
        errors++;
      } else {
        errors = _errs22;
        if (vErrors !== null) {
          if (_errs22) {
            vErrors.length = _errs22;
          } else {
            vErrors = null;
          }
        }
      }
    }
    if (data.idle_timeout !== undefined) {
      let data10 = data.idle_timeout;
      if (!(typeof data10 == 'number' && isFinite(data10)) && typeof data10 !== 'string') {
        const err23 = {
          instancePath: instancePath + '/idle_timeout',
          schemaPath: '#/definitions/duration/type',
          keyword: 'type',
          params: { type: schema18.type },
          message: 'must be number,string',
          schema: schema18.type,
          parentSchema: schema18,
          data: data10,
        };
        if (vErrors === null) {
          vErrors = [err23];
        } else {
          vErrors.push(err23);
        }
        errors++;
      }
      if (typeof data10 == 'number' && isFinite(data10)) {
        if (data10 <= 0 || isNaN(data10)) {
          const err24 = {
            instancePath: instancePath + '/idle_timeout',
            schemaPath: '#/definitions/duration/exclusiveMinimum',
            keyword: 'exclusiveMinimum',
            params: { comparison: '>', limit: 0 },
            message: 'must be > 0',
            schema: 0,
            parentSchema: schema18,
            data: data10,
          };
          if (vErrors === null) {
            vErrors = [err24];
          } else {
            vErrors.push(err24);
          }
          errors++;
        }
      }
      if (typeof data10 === 'string') {
        if (!pattern1.test(data10)) {
          const err25 = {
            instancePath: instancePath + '/idle_timeout',
            schemaPath: '#/definitions/duration/pattern',
            keyword: 'pattern',
            params: { pattern: '^(?=.*[1-9])(\\d+h)?(\\d+m)?(\\d+s)?(\\d+ms)?$' },
            message:
              'must match pattern "' + '^(?=.*[1-9])(\\d+h)?(\\d+m)?(\\d+s)?(\\d+ms)?$' + '"',
            schema: '^(?=.*[1-9])(\\d+h)?(\\d+m)?(\\d+s)?(\\d+ms)?$',
            parentSchema: schema18,
            data: data10,
          };
          if (vErrors === null) {
            vErrors = [err25];
          } else {
            vErrors.push(err25);
          }
          errors++;
        }
      }
    }
    if (data.append_system_prompt !== undefined) {
      let data11 = data.append_system_prompt;
      if (typeof data11 !== 'string') {
        const err26 = {
          instancePath: instancePath + '/append_system_prompt',
          schemaPath: '#/properties/append_system_prompt/type',
          keyword: 'type',
          params: { type: 'string' },
          message: 'must be string',
          schema: schema54.properties.append_system_prompt.type,
          parentSchema: schema54.properties.append_system_prompt,
          data: data11,
        };
        if (vErrors === null) {
          vErrors = [err26];
        } else {
          vErrors.push(err26);
        }
        errors++;
      }
    }
    if (data.resume_conversation !== undefined) {
      let data12 = data.resume_conversation;
      if (typeof data12 !== 'boolean') {
        const err27 = {
          instancePath: instancePath + '/resume_conversation',
          schemaPath: '#/properties/resume_conversation/type',
          keyword: 'type',
          params: { type: 'boolean' },
          message: 'must be boolean',
          schema: schema54.properties.resume_conversation.type,
          parentSchema: schema54.properties.resume_conversation,
          data: data12,
        };
        if (vErrors === null) {
          vErrors = [err27];
        } else {
          vErrors.push(err27);
        }
        errors++;
      }
    }
    if (data.fallback !== undefined) {
      let data13 = data.fallback;
      if (Array.isArray(data13)) {
        const len2 = data13.length;
        for (let i2 = 0; i2 < len2; i2++) {
          let data14 = data13[i2];
          if (data14 && typeof data14 == 'object' && !Array.isArray(data14)) {
            if (data14.tool === undefined) {
              const err28 = {
                instancePath: instancePath + '/fallback/' + i2,
                schemaPath: '#/properties/fallback/items/required',
                keyword: 'required',
                params: { missingProperty: 'tool' },
                message: "must have required property '" + 'tool' + "'",
                schema: schema54.properties.fallback.items.required,
                parentSchema: schema54.properties.fallback.items,
                data: data14,
              };
              if (vErrors === null) {
                vErrors = [err28];
              } else {
                vErrors.push(err28);
              }
              errors++;
            }
            for (const key1 in data14) {
              if (!(key1 === 'tool' || key1 === 'model')) {
                const err29 = {
                  instancePath: instancePath + '/fallback/' + i2,
                  schemaPath: '#/properties/fallback/items/additionalProperties',
                  keyword: 'additionalProperties',
                  params: { additionalProperty: key1 },
                  message: 'must NOT have additional properties',
                  schema: false,
                  parentSchema: schema54.properties.fallback.items,
                  data: data14,
                };
                if (vErrors === null) {
                  vErrors = [err29];
                } else {
                  vErrors.push(err29);
                }
                errors++;
              }
            }
            if (data14.tool !== undefined) {
              let data15 = data14.tool;
              if (typeof data15 === 'string') {
                if (func3(data15) < 1) {
                  const err30 = {
                    instancePath: instancePath + '/fallback/' + i2 + '/tool',
                    schemaPath: '#/properties/fallback/items/properties/tool/minLength',
                    keyword: 'minLength',
                    params: { limit: 1 },
                    message: 'must NOT have fewer than 1 characters',
                    schema: 1,
                    parentSchema: schema54.properties.fallback.items.properties.tool,
                    data: data15,
                  };
                  if (vErrors === null) {
                    vErrors = [err30];
                  } else {
                    vErrors.push(err30);
                  }
                  errors++;
                }
              } else {
                const err31 = {
                  instancePath: instancePath + '/fallback/' + i2 + '/tool',
                  schemaPath: '#/properties/fallback/items/properties/tool/type',
                  keyword: 'type',
                  params: { type: 'string' },
                  message: 'must be string',
                  schema: schema54.properties.fallback.items.properties.tool.type,
                  parentSchema: schema54.properties.fallback.items.properties.tool,
                  data: data15,
                };
                if (vErrors === null) {
                  vErrors = [err31];
                } else {
                  vErrors.push(err31);
                }
                errors++;
              }
            }
            if (data14.model !== undefined) {
              let data16 = data14.model;
              if (typeof data16 === 'string') {
                if (func3(data16) < 1) {
                  const err32 = {
                    instancePath: instancePath + '/fallback/' + i2 + '/model',
                    schemaPath: '#/properties/fallback/items/properties/model/minLength',
                    keyword: 'minLength',
                    params: { limit: 1 },
                    message: 'must NOT have fewer than 1 characters',
                    schema: 1,
                    parentSchema: schema54.properties.fallback.items.properties.model,
                    data: data16,
                  };
                  if (vErrors === null) {
                    vErrors = [err32];
                  } else {
                    vErrors.push(err32);
                  }
                  errors++;
                }
              } else {
                const err33 = {
                  instancePath: instancePath + '/fallback/' + i2 + '/model',
                  schemaPath: '#/properties/fallback/items/properties/model/type',
                  keyword: 'type',
                  params: { type: 'string' },
                  message: 'must be string',
                  schema: schema54.properties.fallback.items.properties.model.type,
                  parentSchema: schema54.properties.fallback.items.properties.model,
                  data: data16,
                };
                if (vErrors === null) {
                  vErrors = [err33];
                } else {
                  vErrors.push(err33);
                }
                errors++;
              }
            }
          } else {
            const err34 = {
              instancePath: instancePath + '/fallback/' + i2,
              schemaPath: '#/properties/fallback/items/type',
              keyword: 'type',
              params: { type: 'object' },
              message: 'must be object',
              schema: schema54.properties.fallback.items.type,
              parentSchema: schema54.properties.fallback.items,
              data: data14,
            };
            if (vErrors === null) {
              vErrors = [err34];
            } else {
              vErrors.push(err34);
            }
            errors++;
          }
        }
      } else {
        const err35 = {
          instancePath: instancePath + '/fallback',
          schemaPath: '#/properties/fallback/type',
          keyword: 'type',
          params: { type: 'array' },
          message: 'must be array',
          schema: schema54.properties.fallback.type,
          parentSchema: schema54.properties.fallback,
          data: data13,
        };
        if (vErrors === null) {
          vErrors = [err35];
        } else {
          vErrors.push(err35);
        }
        errors++;
      }
    }
  } else {
    const err36 = {
      instancePath,
      schemaPath: '#/type',
      keyword: 'type',
      params: { type: 'object' },
      message: 'must be object',
      schema: schema54.type,
      parentSchema: schema54,
      data,
    };
    if (vErrors === null) {
      vErrors = [err36];
    } else {
      vErrors.push(err36);
    }
    errors++;
  }
  validate28.errors = vErrors;
  return errors === 0;
}

const schema58 = {
  description: 'Limits for a whole run.',
  type: 'object',
  additionalProperties: false,
  properties: {
    max_cost_usd: {
      description:
        'Stop before agent costs (as the agent reports them) would pass this many US dollars. Default: no limit.',
      type: 'number',
      exclusiveMinimum: 0,
    },
    max_agent_calls: {
      description: 'Stop before making more than this many agent calls. Default: no limit.',
      type: 'integer',
      minimum: 1,
    },
    max_duration: {
      description: 'Stop when the run has lasted this long. Default: no limit.',
      $ref: '#/definitions/duration',
    },
  },
};

function validate30(
  data,
  { instancePath = '', parentData, parentDataProperty, rootData = data } = {},
) {
  let vErrors = null;
  let errors = 0;
  if (data && typeof data == 'object' && !Array.isArray(data)) {
    for (const key0 in data) {
      if (!(key0 === 'max_cost_usd' || key0 === 'max_agent_calls' || key0 === 'max_duration')) {
        const err0 = {
          instancePath,
          schemaPath: '#/additionalProperties',
          keyword: 'additionalProperties',
          params: { additionalProperty: key0 },
          message: 'must NOT have additional properties',
          schema: false,
          parentSchema: schema58,
          data,
        };
        if (vErrors === null) {
          vErrors = [err0];
        } else {
          vErrors.push(err0);
        }
        errors++;
      }
    }
    if (data.max_cost_usd !== undefined) {
      let data0 = data.max_cost_usd;
      if (typeof data0 == 'number' && isFinite(data0)) {
        if (data0 <= 0 || isNaN(data0)) {
          const err1 = {
            instancePath: instancePath + '/max_cost_usd',
            schemaPath: '#/properties/max_cost_usd/exclusiveMinimum',
            keyword: 'exclusiveMinimum',
            params: { comparison: '>', limit: 0 },
            message: 'must be > 0',
            schema: 0,
            parentSchema: schema58.properties.max_cost_usd,
            data: data0,
          };
          if (vErrors === null) {
            vErrors = [err1];
          } else {
            vErrors.push(err1);
          }
          errors++;
        }
      } else {
        const err2 = {
          instancePath: instancePath + '/max_cost_usd',
          schemaPath: '#/properties/max_cost_usd/type',
          keyword: 'type',
          params: { type: 'number' },
          message: 'must be number',
          schema: schema58.properties.max_cost_usd.type,
          parentSchema: schema58.properties.max_cost_usd,
          data: data0,
        };
        if (vErrors === null) {
          vErrors = [err2];
        } else {
          vErrors.push(err2);
        }
        errors++;
      }
    }
    if (data.max_agent_calls !== undefined) {
      let data1 = data.max_agent_calls;
      if (!(typeof data1 == 'number' && !(data1 % 1) && !isNaN(data1) && isFinite(data1))) {
        const err3 = {
          instancePath: instancePath + '/max_agent_calls',
          schemaPath: '#/properties/max_agent_calls/type',
          keyword: 'type',
          params: { type: 'integer' },
          message: 'must be integer',
          schema: schema58.properties.max_agent_calls.type,
          parentSchema: schema58.properties.max_agent_calls,
          data: data1,
        };
        if (vErrors === null) {
          vErrors = [err3];
        } else {
          vErrors.push(err3);
        }
        errors++;
      }
      if (typeof data1 == 'number' && isFinite(data1)) {
        if (data1 < 1 || isNaN(data1)) {
          const err4 = {
            instancePath: instancePath + '/max_agent_calls',
            schemaPath: '#/properties/max_agent_calls/minimum',
            keyword: 'minimum',
            params: { comparison: '>=', limit: 1 },
            message: 'must be >= 1',
            schema: 1,
            parentSchema: schema58.properties.max_agent_calls,
            data: data1,
          };
          if (vErrors === null) {
            vErrors = [err4];
          } else {
            vErrors.push(err4);
          }
          errors++;
        }
      }
    }
    if (data.max_duration !== undefined) {
      let data2 = data.max_duration;
      if (!(typeof data2 == 'number' && isFinite(data2)) && typeof data2 !== 'string') {
        const err5 = {
          instancePath: instancePath + '/max_duration',
          schemaPath: '#/definitions/duration/type',
          keyword: 'type',
          params: { type: schema18.type },
          message: 'must be number,string',
          schema: schema18.type,
          parentSchema: schema18,
          data: data2,
        };
        if (vErrors === null) {
          vErrors = [err5];
        } else {
          vErrors.push(err5);
        }
        errors++;
      }
      if (typeof data2 == 'number' && isFinite(data2)) {
        if (data2 <= 0 || isNaN(data2)) {
          const err6 = {
            instancePath: instancePath + '/max_duration',
            schemaPath: '#/definitions/duration/exclusiveMinimum',
            keyword: 'exclusiveMinimum',
            params: { comparison: '>', limit: 0 },
            message: 'must be > 0',
            schema: 0,
            parentSchema: schema18,
            data: data2,
          };
          if (vErrors === null) {
            vErrors = [err6];
          } else {
            vErrors.push(err6);
          }
          errors++;
        }
      }
      if (typeof data2 === 'string') {
        if (!pattern1.test(data2)) {
          const err7 = {
            instancePath: instancePath + '/max_duration',
            schemaPath: '#/definitions/duration/pattern',
            keyword: 'pattern',
            params: { pattern: '^(?=.*[1-9])(\\d+h)?(\\d+m)?(\\d+s)?(\\d+ms)?$' },
            message:
              'must match pattern "' + '^(?=.*[1-9])(\\d+h)?(\\d+m)?(\\d+s)?(\\d+ms)?$' + '"',
            schema: '^(?=.*[1-9])(\\d+h)?(\\d+m)?(\\d+s)?(\\d+ms)?$',
            parentSchema: schema18,
            data: data2,
          };
          if (vErrors === null) {
            vErrors = [err7];
          } else {
            vErrors.push(err7);
          }
          errors++;
        }
      }
    }
  } else {
    const err8 = {
      instancePath,
      schemaPath: '#/type',
      keyword: 'type',
      params: { type: 'object' },
      message: 'must be object',
      schema: schema58.type,
      parentSchema: schema58,
      data,
    };
    if (vErrors === null) {
      vErrors = [err8];
    } else {
      vErrors.push(err8);
    }
    errors++;
  }
  validate30.errors = vErrors;
  return errors === 0;
}

function validate11(
  data,
  { instancePath = '', parentData, parentDataProperty, rootData = data } = {},
) {
  let vErrors = null;
  let errors = 0;
  if (Array.isArray(data)) {
    if (data.length < 1) {
      const err0 = {
        instancePath,
        schemaPath: '#/minItems',
        keyword: 'minItems',
        params: { limit: 1 },
        message: 'must NOT have fewer than 1 items',
        schema: 1,
        parentSchema: schema12,
        data,
      };
      if (vErrors === null) {
        vErrors = [err0];
      } else {
        vErrors.push(err0);
      }
      errors++;
    }
    const len0 = data.length;
    for (let i0 = 0; i0 < len0; i0++) {
      if (
        !validate12(data[i0], {
          instancePath: instancePath + '/' + i0,
          parentData: data,
          parentDataProperty: i0,
          rootData,
        })
      ) {
        vErrors = vErrors === null ? validate12.errors : vErrors.concat(validate12.errors);
        errors = vErrors.length;
      }
    }
  } else {
    const err1 = {
      instancePath,
      schemaPath: '#/type',
      keyword: 'type',
      params: { type: 'array' },
      message: 'must be array',
      schema: schema12.type,
      parentSchema: schema12,
      data,
    };
    if (vErrors === null) {
      vErrors = [err1];
    } else {
      vErrors.push(err1);
    }
    errors++;
  }
  validate11.errors = vErrors;
  return errors === 0;
}

const schema63 = {
  description: 'Slash commands run in order, each as a claude step.',
  type: 'array',
  minItems: 1,
  items: { $ref: '#/definitions/command' },
};
const schema64 = {
  description:
    'A slash command: its name (with or without the leading /), or { name, args, commit_required, id, outputs }.',
  type: ['string', 'object'],
  minLength: 1,
  additionalProperties: false,
  required: ['name'],
  properties: {
    name: {
      description: 'Command name, e.g. mmm-code-review (becomes the prompt /mmm-code-review).',
      type: 'string',
      minLength: 1,
    },
    args: {
      description:
        'Arguments appended to the command, separated by spaces; may use variables. Default: none.',
      type: 'array',
      items: { description: 'One argument.', type: ['string', 'number', 'boolean'] },
    },
    commit_required: {
      description:
        'Fail the step when it produced no commit and left nothing to commit. Default: false.',
      $ref: '#/definitions/commit_required',
    },
    id: {
      description:
        "Name other steps use to refer to this step's values: ${<id>.output}, ${<id>.exit_code}, ${<id>.success}, ${<id>.<output name>}. Unique in the playbook.",
      $ref: '#/definitions/id',
    },
    outputs: {
      description:
        'Named values taken from files the step wrote: { <name>: { file_pattern: "glob" } }; used as ${<id>.<name>}.',
      $ref: '#/definitions/outputs',
    },
    gate: {
      description:
        "The gate the step passes before its commits land on the run's branch: auto (lands at once, the decision recorded), ack (held as a proposal, lands by itself after ack_window unless mmm reject arrives first), approve (held as a proposal on refs/mmm/<run>/proposals/<n>; the run pauses, exit 5, until mmm approve or mmm reject). Steps of steps: (and commands:) only. Default: the playbook's gate.",
      $ref: '#/definitions/gate',
    },
    ack_window: {
      description:
        "How long an ack gate waits for mmm reject before the step's commits land: seconds (600) or a string like 90s, 10m. Default: the playbook's ack_window.",
      $ref: '#/definitions/duration',
    },
  },
};

function validate35(
  data,
  { instancePath = '', parentData, parentDataProperty, rootData = data } = {},
) {
  let vErrors = null;
  let errors = 0;
  if (typeof data !== 'string' && !(data && typeof data == 'object' && !Array.isArray(data))) {
    const err0 = {
      instancePath,
      schemaPath: '#/type',
      keyword: 'type',
      params: { type: schema64.type },
      message: 'must be string,object',
      schema: schema64.type,
      parentSchema: schema64,
      data,
    };
    if (vErrors === null) {
      vErrors = [err0];
    } else {
      vErrors.push(err0);
    }
    errors++;
  }
  if (typeof data === 'string') {
    if (func3(data) < 1) {
      const err1 = {
        instancePath,
        schemaPath: '#/minLength',
        keyword: 'minLength',
        params: { limit: 1 },
        message: 'must NOT have fewer than 1 characters',
        schema: 1,
        parentSchema: schema64,
        data,
      };
      if (vErrors === null) {
        vErrors = [err1];
      } else {
        vErrors.push(err1);
      }
      errors++;
    }
  }
  if (data && typeof data == 'object' && !Array.isArray(data)) {
    if (data.name === undefined) {
      const err2 = {
        instancePath,
        schemaPath: '#/required',
        keyword: 'required',
        params: { missingProperty: 'name' },
        message: "must have required property '" + 'name' + "'",
        schema: schema64.required,
        parentSchema: schema64,
        data,
      };
      if (vErrors === null) {
        vErrors = [err2];
      } else {
        vErrors.push(err2);
      }
      errors++;
    }
    for (const key0 in data) {
      if (!(
        key0 === 'name' ||
        key0 === 'args' ||
        key0 === 'commit_required' ||
        key0 === 'id' ||
        key0 === 'outputs' ||
        key0 === 'gate' ||
        key0 === 'ack_window'
      )) {
        const err3 = {
          instancePath,
          schemaPath: '#/additionalProperties',
          keyword: 'additionalProperties',
          params: { additionalProperty: key0 },
          message: 'must NOT have additional properties',
          schema: false,
          parentSchema: schema64,
          data,
        };
        if (vErrors === null) {
          vErrors = [err3];
        } else {
          vErrors.push(err3);
        }
        errors++;
      }
    }
    if (data.name !== undefined) {
      let data0 = data.name;
      if (typeof data0 === 'string') {
        if (func3(data0) < 1) {
          const err4 = {
            instancePath: instancePath + '/name',
            schemaPath: '#/properties/name/minLength',
            keyword: 'minLength',
            params: { limit: 1 },
            message: 'must NOT have fewer than 1 characters',
            schema: 1,
            parentSchema: schema64.properties.name,
            data: data0,
          };
          if (vErrors === null) {
            vErrors = [err4];
          } else {
            vErrors.push(err4);
          }
          errors++;
        }
      } else {
        const err5 = {
          instancePath: instancePath + '/name',
          schemaPath: '#/properties/name/type',
          keyword: 'type',
          params: { type: 'string' },
          message: 'must be string',
          schema: schema64.properties.name.type,
          parentSchema: schema64.properties.name,
          data: data0,
        };
        if (vErrors === null) {
          vErrors = [err5];
        } else {
          vErrors.push(err5);
        }
        errors++;
      }
    }
    if (data.args !== undefined) {
      let data1 = data.args;
      if (Array.isArray(data1)) {
        const len0 = data1.length;
        for (let i0 = 0; i0 < len0; i0++) {
          let data2 = data1[i0];
          if (
            typeof data2 !== 'string' &&
            !(typeof data2 == 'number' && isFinite(data2)) &&
            typeof data2 !== 'boolean'
          ) {
            const err6 = {
              instancePath: instancePath + '/args/' + i0,
              schemaPath: '#/properties/args/items/type',
              keyword: 'type',
              params: { type: schema64.properties.args.items.type },
              message: 'must be string,number,boolean',
              schema: schema64.properties.args.items.type,
              parentSchema: schema64.properties.args.items,
              data: data2,
            };
            if (vErrors === null) {
              vErrors = [err6];
            } else {
              vErrors.push(err6);
            }
            errors++;
          }
        }
      } else {
        const err7 = {
          instancePath: instancePath + '/args',
          schemaPath: '#/properties/args/type',
          keyword: 'type',
          params: { type: 'array' },
          message: 'must be array',
          schema: schema64.properties.args.type,
          parentSchema: schema64.properties.args,
          data: data1,
        };
        if (vErrors === null) {
          vErrors = [err7];
        } else {
          vErrors.push(err7);
        }
        errors++;
      }
    }
    if (data.commit_required !== undefined) {
      let data3 = data.commit_required;
      if (typeof data3 !== 'boolean') {
        const err8 = {
          instancePath: instancePath + '/commit_required',
          schemaPath: '#/definitions/commit_required/type',
          keyword: 'type',
          params: { type: 'boolean' },
          message: 'must be boolean',
          schema: schema17.type,
          parentSchema: schema17,
          data: data3,
        };
        if (vErrors === null) {
          vErrors = [err8];
        } else {
          vErrors.push(err8);
        }
        errors++;
      }
    }
    if (data.id !== undefined) {
      let data4 = data.id;
      if (typeof data4 === 'string') {
        if (!pattern0.test(data4)) {
          const err9 = {
            instancePath: instancePath + '/id',
            schemaPath: '#/definitions/id/pattern',
            keyword: 'pattern',
            params: { pattern: '^[A-Za-z_][A-Za-z0-9_-]*$' },
            message: 'must match pattern "' + '^[A-Za-z_][A-Za-z0-9_-]*$' + '"',
            schema: '^[A-Za-z_][A-Za-z0-9_-]*$',
            parentSchema: schema16,
            data: data4,
          };
          if (vErrors === null) {
            vErrors = [err9];
          } else {
            vErrors.push(err9);
          }
          errors++;
        }
      } else {
        const err10 = {
          instancePath: instancePath + '/id',
          schemaPath: '#/definitions/id/type',
          keyword: 'type',
          params: { type: 'string' },
          message: 'must be string',
          schema: schema16.type,
          parentSchema: schema16,
          data: data4,
        };
        if (vErrors === null) {
          vErrors = [err10];
        } else {
          vErrors.push(err10);
        }
        errors++;
      }
    }
    if (data.outputs !== undefined) {
      if (
        !validate16(data.outputs, {
          instancePath: instancePath + '/outputs',
          parentData: data,
          parentDataProperty: 'outputs',
          rootData,
        })
      ) {
        vErrors = vErrors === null ? validate16.errors : vErrors.concat(validate16.errors);
        errors = vErrors.length;
      }
    }
    if (data.gate !== undefined) {
      let data6 = data.gate;
      if (typeof data6 !== 'string') {
        const err11 = {
          instancePath: instancePath + '/gate',
          schemaPath: '#/definitions/gate/type',
          keyword: 'type',
          params: { type: 'string' },
          message: 'must be string',
          schema: schema51.type,
          parentSchema: schema51,
          data: data6,
        };
        if (vErrors === null) {
          vErrors = [err11];
        } else {
          vErrors.push(err11);
        }
        errors++;
      }
      if (!(data6 === 'auto' || data6 === 'ack' || data6 === 'approve')) {
        const err12 = {
          instancePath: instancePath + '/gate',
          schemaPath: '#/definitions/gate/enum',
          keyword: 'enum',
          params: { allowedValues: schema51.enum },
          message: 'must be equal to one of the allowed values',
          schema: schema51.enum,
          parentSchema: schema51,
          data: data6,
        };
        if (vErrors === null) {
          vErrors = [err12];
        } else {
          vErrors.push(err12);
        }
        errors++;
      }
    }
    if (data.ack_window !== undefined) {
      let data7 = data.ack_window;
      if (!(typeof data7 == 'number' && isFinite(data7)) && typeof data7 !== 'string') {
        const err13 = {
          instancePath: instancePath + '/ack_window',
          schemaPath: '#/definitions/duration/type',
          keyword: 'type',
          params: { type: schema18.type },
          message: 'must be number,string',
          schema: schema18.type,
          parentSchema: schema18,
          data: data7,
        };
        if (vErrors === null) {
          vErrors = [err13];
        } else {
          vErrors.push(err13);
        }
        errors++;
      }
      if (typeof data7 == 'number' && isFinite(data7)) {
        if (data7 <= 0 || isNaN(data7)) {
          const err14 = {
            instancePath: instancePath + '/ack_window',
            schemaPath: '#/definitions/duration/exclusiveMinimum',
            keyword: 'exclusiveMinimum',
            params: { comparison: '>', limit: 0 },
            message: 'must be > 0',
            schema: 0,
            parentSchema: schema18,
            data: data7,
          };
          if (vErrors === null) {
            vErrors = [err14];
          } else {
            vErrors.push(err14);
          }
          errors++;
        }
      }
      if (typeof data7 === 'string') {
        if (!pattern1.test(data7)) {
          const err15 = {
            instancePath: instancePath + '/ack_window',
            schemaPath: '#/definitions/duration/pattern',
            keyword: 'pattern',
            params: { pattern: '^(?=.*[1-9])(\\d+h)?(\\d+m)?(\\d+s)?(\\d+ms)?$' },
            message:
              'must match pattern "' + '^(?=.*[1-9])(\\d+h)?(\\d+m)?(\\d+s)?(\\d+ms)?$' + '"',
            schema: '^(?=.*[1-9])(\\d+h)?(\\d+m)?(\\d+s)?(\\d+ms)?$',
            parentSchema: schema18,
            data: data7,
          };
          if (vErrors === null) {
            vErrors = [err15];
          } else {
            vErrors.push(err15);
          }
          errors++;
        }
      }
    }
  }
  validate35.errors = vErrors;
  return errors === 0;
}

function validate34(
  data,
  { instancePath = '', parentData, parentDataProperty, rootData = data } = {},
) {
  let vErrors = null;
  let errors = 0;
  if (Array.isArray(data)) {
    if (data.length < 1) {
      const err0 = {
        instancePath,
        schemaPath: '#/minItems',
        keyword: 'minItems',
        params: { limit: 1 },
        message: 'must NOT have fewer than 1 items',
        schema: 1,
        parentSchema: schema63,
        data,
      };
      if (vErrors === null) {
        vErrors = [err0];
      } else {
        vErrors.push(err0);
      }
      errors++;
    }
    const len0 = data.length;
    for (let i0 = 0; i0 < len0; i0++) {
      if (
        !validate35(data[i0], {
          instancePath: instancePath + '/' + i0,
          parentData: data,
          parentDataProperty: i0,
          rootData,
        })
      ) {
        vErrors = vErrors === null ? validate35.errors : vErrors.concat(validate35.errors);
        errors = vErrors.length;
      }
    }
  } else {
    const err1 = {
      instancePath,
      schemaPath: '#/type',
      keyword: 'type',
      params: { type: 'array' },
      message: 'must be array',
      schema: schema63.type,
      parentSchema: schema63,
      data,
    };
    if (vErrors === null) {
      vErrors = [err1];
    } else {
      vErrors.push(err1);
    }
    errors++;
  }
  validate34.errors = vErrors;
  return errors === 0;
}

function validate42(
  data,
  { instancePath = '', parentData, parentDataProperty, rootData = data } = {},
) {
  let vErrors = null;
  let errors = 0;
  if (data && typeof data == 'object' && !Array.isArray(data)) {
    for (const key0 in data) {
      if (!func2.call(schema53.properties, key0)) {
        const err0 = {
          instancePath,
          schemaPath: '#/additionalProperties',
          keyword: 'additionalProperties',
          params: { additionalProperty: key0 },
          message: 'must NOT have additional properties',
          schema: false,
          parentSchema: schema53,
          data,
        };
        if (vErrors === null) {
          vErrors = [err0];
        } else {
          vErrors.push(err0);
        }
        errors++;
      }
    }
    if (data.name !== undefined) {
      let data0 = data.name;
      if (typeof data0 === 'string') {
        if (func3(data0) < 1) {
          const err1 = {
            instancePath: instancePath + '/name',
            schemaPath: '#/properties/name/minLength',
            keyword: 'minLength',
            params: { limit: 1 },
            message: 'must NOT have fewer than 1 characters',
            schema: 1,
            parentSchema: schema53.properties.name,
            data: data0,
          };
          if (vErrors === null) {
            vErrors = [err1];
          } else {
            vErrors.push(err1);
          }
          errors++;
        }
      } else {
        const err2 = {
          instancePath: instancePath + '/name',
          schemaPath: '#/properties/name/type',
          keyword: 'type',
          params: { type: 'string' },
          message: 'must be string',
          schema: schema53.properties.name.type,
          parentSchema: schema53.properties.name,
          data: data0,
        };
        if (vErrors === null) {
          vErrors = [err2];
        } else {
          vErrors.push(err2);
        }
        errors++;
      }
    }
    if (data.max_iterations !== undefined) {
      let data1 = data.max_iterations;
      if (!(typeof data1 == 'number' && !(data1 % 1) && !isNaN(data1) && isFinite(data1))) {
        const err3 = {
          instancePath: instancePath + '/max_iterations',
          schemaPath: '#/properties/max_iterations/type',
          keyword: 'type',
          params: { type: 'integer' },
          message: 'must be integer',
          schema: schema53.properties.max_iterations.type,
          parentSchema: schema53.properties.max_iterations,
          data: data1,
        };
        if (vErrors === null) {
          vErrors = [err3];
        } else {
          vErrors.push(err3);
        }
        errors++;
      }
      if (typeof data1 == 'number' && isFinite(data1)) {
        if (data1 < 1 || isNaN(data1)) {
          const err4 = {
            instancePath: instancePath + '/max_iterations',
            schemaPath: '#/properties/max_iterations/minimum',
            keyword: 'minimum',
            params: { comparison: '>=', limit: 1 },
            message: 'must be >= 1',
            schema: 1,
            parentSchema: schema53.properties.max_iterations,
            data: data1,
          };
          if (vErrors === null) {
            vErrors = [err4];
          } else {
            vErrors.push(err4);
          }
          errors++;
        }
      }
    }
    if (data.until !== undefined) {
      if (
        !validate12(data.until, {
          instancePath: instancePath + '/until',
          parentData: data,
          parentDataProperty: 'until',
          rootData,
        })
      ) {
        vErrors = vErrors === null ? validate12.errors : vErrors.concat(validate12.errors);
        errors = vErrors.length;
      }
    }
    if (data.agent !== undefined) {
      if (
        !validate28(data.agent, {
          instancePath: instancePath + '/agent',
          parentData: data,
          parentDataProperty: 'agent',
          rootData,
        })
      ) {
        vErrors = vErrors === null ? validate28.errors : vErrors.concat(validate28.errors);
        errors = vErrors.length;
      }
    }
    if (data.budget !== undefined) {
      if (
        !validate30(data.budget, {
          instancePath: instancePath + '/budget',
          parentData: data,
          parentDataProperty: 'budget',
          rootData,
        })
      ) {
        vErrors = vErrors === null ? validate30.errors : vErrors.concat(validate30.errors);
        errors = vErrors.length;
      }
    }
    if (data.env !== undefined) {
      let data5 = data.env;
      if (data5 && typeof data5 == 'object' && !Array.isArray(data5)) {
        for (const key1 in data5) {
          const _errs12 = errors;
          if (typeof key1 === 'string') {
            if (!pattern2.test(key1)) {
              const err5 = {
                instancePath: instancePath + '/env',
                schemaPath: '#/definitions/envMap/propertyNames/pattern',
                keyword: 'pattern',
                params: { pattern: '^[A-Za-z_][A-Za-z0-9_]*$' },
                message: 'must match pattern "' + '^[A-Za-z_][A-Za-z0-9_]*$' + '"',
                schema: '^[A-Za-z_][A-Za-z0-9_]*$',
                parentSchema: schema19.propertyNames,
                data: key1,
                propertyName: key1,
              };
              if (vErrors === null) {
                vErrors = [err5];
              } else {
                vErrors.push(err5);
              }
              errors++;
            }
          }
          var valid2 = _errs12 === errors;
          if (!valid2) {
            const err6 = {
              instancePath: instancePath + '/env',
              schemaPath: '#/definitions/envMap/propertyNames',
              keyword: 'propertyNames',
              params: { propertyName: key1 },
              message: 'property name must be valid',
              schema: schema19.propertyNames,
              parentSchema: schema19,
              data: data5,
            };
            if (vErrors === null) {
              vErrors = [err6];
            } else {
              vErrors.push(err6);
            }
            errors++;
          }
        }
        for (const key2 in data5) {
          let data6 = data5[key2];
          if (
            typeof data6 !== 'string' &&
            !(typeof data6 == 'number' && isFinite(data6)) &&
            typeof data6 !== 'boolean'
          ) {
            const err7 = {
              instancePath: instancePath + '/env/' + key2.replace(/~/g, '~0').replace(/\//g, '~1'),
              schemaPath: '#/definitions/envMap/additionalProperties/type',
              keyword: 'type',
              params: { type: schema19.additionalProperties.type },
              message: 'must be string,number,boolean',
              schema: schema19.additionalProperties.type,
              parentSchema: schema19.additionalProperties,
              data: data6,
            };
            if (vErrors === null) {
              vErrors = [err7];
            } else {
              vErrors.push(err7);
            }
            errors++;
          }
        }
      } else {
        const err8 = {
          instancePath: instancePath + '/env',
          schemaPath: '#/definitions/envMap/type',
          keyword: 'type',
          params: { type: 'object' },
          message: 'must be object',
          schema: schema19.type,
          parentSchema: schema19,
          data: data5,
        };
        if (vErrors === null) {
          vErrors = [err8];
        } else {
          vErrors.push(err8);
        }
        errors++;
      }
    }
    if (data.policy !== undefined) {
      if (
        !validate18(data.policy, {
          instancePath: instancePath + '/policy',
          parentData: data,
          parentDataProperty: 'policy',
          rootData,
        })
      ) {
        vErrors = vErrors === null ? validate18.errors : vErrors.concat(validate18.errors);
        errors = vErrors.length;
      }
    }
    if (data.gate !== undefined) {
      let data8 = data.gate;
      if (typeof data8 !== 'string') {
        const err9 = {
          instancePath: instancePath + '/gate',
          schemaPath: '#/definitions/gate/type',
          keyword: 'type',
          params: { type: 'string' },
          message: 'must be string',
          schema: schema51.type,
          parentSchema: schema51,
          data: data8,
        };
        if (vErrors === null) {
          vErrors = [err9];
        } else {
          vErrors.push(err9);
        }
        errors++;
      }
      if (!(data8 === 'auto' || data8 === 'ack' || data8 === 'approve')) {
        const err10 = {
          instancePath: instancePath + '/gate',
          schemaPath: '#/definitions/gate/enum',
          keyword: 'enum',
          params: { allowedValues: schema51.enum },
          message: 'must be equal to one of the allowed values',
          schema: schema51.enum,
          parentSchema: schema51,
          data: data8,
        };
        if (vErrors === null) {
          vErrors = [err10];
        } else {
          vErrors.push(err10);
        }
        errors++;
      }
    }
    if (data.ack_window !== undefined) {
      let data9 = data.ack_window;
      if (!(typeof data9 == 'number' && isFinite(data9)) && typeof data9 !== 'string') {
        const err11 = {
          instancePath: instancePath + '/ack_window',
          schemaPath: '#/definitions/duration/type',
          keyword: 'type',
          params: { type: schema18.type },
          message: 'must be number,string',
          schema: schema18.type,
          parentSchema: schema18,
          data: data9,
        };
        if (vErrors === null) {
          vErrors = [err11];
        } else {
          vErrors.push(err11);
        }
        errors++;
      }
      if (typeof data9 == 'number' && isFinite(data9)) {
        if (data9 <= 0 || isNaN(data9)) {
          const err12 = {
            instancePath: instancePath + '/ack_window',
            schemaPath: '#/definitions/duration/exclusiveMinimum',
            keyword: 'exclusiveMinimum',
            params: { comparison: '>', limit: 0 },
            message: 'must be > 0',
            schema: 0,
            parentSchema: schema18,
            data: data9,
          };
          if (vErrors === null) {
            vErrors = [err12];
          } else {
            vErrors.push(err12);
          }
          errors++;
        }
      }
      if (typeof data9 === 'string') {
        if (!pattern1.test(data9)) {
          const err13 = {
            instancePath: instancePath + '/ack_window',
            schemaPath: '#/definitions/duration/pattern',
            keyword: 'pattern',
            params: { pattern: '^(?=.*[1-9])(\\d+h)?(\\d+m)?(\\d+s)?(\\d+ms)?$' },
            message:
              'must match pattern "' + '^(?=.*[1-9])(\\d+h)?(\\d+m)?(\\d+s)?(\\d+ms)?$' + '"',
            schema: '^(?=.*[1-9])(\\d+h)?(\\d+m)?(\\d+s)?(\\d+ms)?$',
            parentSchema: schema18,
            data: data9,
          };
          if (vErrors === null) {
            vErrors = [err13];
          } else {
            vErrors.push(err13);
          }
          errors++;
        }
      }
    }
    if (data.steps !== undefined) {
      if (
        !validate11(data.steps, {
          instancePath: instancePath + '/steps',
          parentData: data,
          parentDataProperty: 'steps',
          rootData,
        })
      ) {
        vErrors = vErrors === null ? validate11.errors : vErrors.concat(validate11.errors);
        errors = vErrors.length;
      }
    }
    if (data.commands !== undefined) {
      if (
        !validate34(data.commands, {
          instancePath: instancePath + '/commands',
          parentData: data,
          parentDataProperty: 'commands',
          rootData,
        })
      ) {
        vErrors = vErrors === null ? validate34.errors : vErrors.concat(validate34.errors);
        errors = vErrors.length;
      }
    }
  } else {
    const err14 = {
      instancePath,
      schemaPath: '#/type',
      keyword: 'type',
      params: { type: 'object' },
      message: 'must be object',
      schema: schema53.type,
      parentSchema: schema53,
      data,
    };
    if (vErrors === null) {
      vErrors = [err14];
    } else {
      vErrors.push(err14);
    }
    errors++;
  }
  validate42.errors = vErrors;
  return errors === 0;
}
