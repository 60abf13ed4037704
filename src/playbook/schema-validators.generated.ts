// Generated from schemas/playbook.schema.json by scripts/generate-validators.mjs
// (npm run generate:validators). Do not edit: change the schema and generate again.
/* eslint-disable */
// @ts-nocheck
import { createRequire } from 'node:module';
const require = createRequire(import.meta.url);
export const stepList = validate33;
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
const schema32 = {
  description: 'Agent settings a claude: step may set for itself.',
  type: 'object',
  additionalProperties: false,
  properties: {
    resume_conversation: {
      description:
        "This step's own agent.resume_conversation: when mmm resume runs it again after its agent call was cut off, its first agent call continues that conversation. Default: the playbook's agent.resume_conversation.",
      type: 'boolean',
    },
  },
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
  },
};
const schema35 = {
  description:
    'Tries of the failing step in all, including the first: the handler runs between tries. Default: 3 for shell steps, 1 for claude steps.',
  type: 'integer',
  minimum: 1,
};
const schema36 = {
  description:
    'Stop the workflow when the step still fails after max_attempts tries. Default: true; false goes on to the next step.',
  type: 'boolean',
  default: true,
};
const wrapper0 = { validate: validate13 };
const wrapper1 = { validate: validate12 };
const schema33 = {
  description: 'Named outputs: { <name>: { file_pattern: "glob" } }.',
  type: 'object',
  propertyNames: {
    pattern: '^[A-Za-z_][A-Za-z0-9_-]*$',
    not: { enum: ['output', 'exit_code', 'success'] },
  },
  additionalProperties: { $ref: '#/definitions/output' },
};
const schema34 = {
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

function validate14(
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
      if (!(key0 === 'output' || key0 === 'exit_code' || key0 === 'success')) {
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
          schema: schema33.propertyNames.not,
          parentSchema: schema33.propertyNames,
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
            parentSchema: schema33.propertyNames,
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
          schema: schema33.propertyNames,
          parentSchema: schema33,
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
            schema: schema34.required,
            parentSchema: schema34,
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
              parentSchema: schema34,
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
                parentSchema: schema34.properties.file_pattern,
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
              schema: schema34.properties.file_pattern.type,
              parentSchema: schema34.properties.file_pattern,
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
          schema: schema34.type,
          parentSchema: schema34,
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
      schema: schema33.type,
      parentSchema: schema33,
      data,
    };
    if (vErrors === null) {
      vErrors = [err9];
    } else {
      vErrors.push(err9);
    }
    errors++;
  }
  validate14.errors = vErrors;
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
      let data12 = data.agent;
      if (data12 && typeof data12 == 'object' && !Array.isArray(data12)) {
        for (const key3 in data12) {
          if (!(key3 === 'resume_conversation')) {
            const err19 = {
              instancePath: instancePath + '/agent',
              schemaPath: '#/definitions/stepAgent/additionalProperties',
              keyword: 'additionalProperties',
              params: { additionalProperty: key3 },
              message: 'must NOT have additional properties',
              schema: false,
              parentSchema: schema32,
              data: data12,
            };
            if (vErrors === null) {
              vErrors = [err19];
            } else {
              vErrors.push(err19);
            }
            errors++;
          }
        }
        if (data12.resume_conversation !== undefined) {
          let data13 = data12.resume_conversation;
          if (typeof data13 !== 'boolean') {
            const err20 = {
              instancePath: instancePath + '/agent/resume_conversation',
              schemaPath: '#/definitions/stepAgent/properties/resume_conversation/type',
              keyword: 'type',
              params: { type: 'boolean' },
              message: 'must be boolean',
              schema: schema32.properties.resume_conversation.type,
              parentSchema: schema32.properties.resume_conversation,
              data: data13,
            };
            if (vErrors === null) {
              vErrors = [err20];
            } else {
              vErrors.push(err20);
            }
            errors++;
          }
        }
      } else {
        const err21 = {
          instancePath: instancePath + '/agent',
          schemaPath: '#/definitions/stepAgent/type',
          keyword: 'type',
          params: { type: 'object' },
          message: 'must be object',
          schema: schema32.type,
          parentSchema: schema32,
          data: data12,
        };
        if (vErrors === null) {
          vErrors = [err21];
        } else {
          vErrors.push(err21);
        }
        errors++;
      }
    }
    if (data.outputs !== undefined) {
      if (
        !validate14(data.outputs, {
          instancePath: instancePath + '/outputs',
          parentData: data,
          parentDataProperty: 'outputs',
          rootData,
        })
      ) {
        vErrors = vErrors === null ? validate14.errors : vErrors.concat(validate14.errors);
        errors = vErrors.length;
      }
    }
    if (data.max_attempts !== undefined) {
      let data15 = data.max_attempts;
      if (!(typeof data15 == 'number' && !(data15 % 1) && !isNaN(data15) && isFinite(data15))) {
        const err22 = {
          instancePath: instancePath + '/max_attempts',
          schemaPath: '#/definitions/max_attempts/type',
          keyword: 'type',
          params: { type: 'integer' },
          message: 'must be integer',
          schema: schema35.type,
          parentSchema: schema35,
          data: data15,
        };
        if (vErrors === null) {
          vErrors = [err22];
        } else {
          vErrors.push(err22);
        }
        errors++;
      }
      if (typeof data15 == 'number' && isFinite(data15)) {
        if (data15 < 1 || isNaN(data15)) {
          const err23 = {
            instancePath: instancePath + '/max_attempts',
            schemaPath: '#/definitions/max_attempts/minimum',
            keyword: 'minimum',
            params: { comparison: '>=', limit: 1 },
            message: 'must be >= 1',
            schema: 1,
            parentSchema: schema35,
            data: data15,
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
    if (data.fail_workflow !== undefined) {
      let data16 = data.fail_workflow;
      if (typeof data16 !== 'boolean') {
        const err24 = {
          instancePath: instancePath + '/fail_workflow',
          schemaPath: '#/definitions/fail_workflow/type',
          keyword: 'type',
          params: { type: 'boolean' },
          message: 'must be boolean',
          schema: schema36.type,
          parentSchema: schema36,
          data: data16,
        };
        if (vErrors === null) {
          vErrors = [err24];
        } else {
          vErrors.push(err24);
        }
        errors++;
      }
    }
  } else {
    const err25 = {
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
      vErrors = [err25];
    } else {
      vErrors.push(err25);
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
      let data12 = data.agent;
      if (data12 && typeof data12 == 'object' && !Array.isArray(data12)) {
        for (const key3 in data12) {
          if (!(key3 === 'resume_conversation')) {
            const err19 = {
              instancePath: instancePath + '/agent',
              schemaPath: '#/definitions/stepAgent/additionalProperties',
              keyword: 'additionalProperties',
              params: { additionalProperty: key3 },
              message: 'must NOT have additional properties',
              schema: false,
              parentSchema: schema32,
              data: data12,
            };
            if (vErrors === null) {
              vErrors = [err19];
            } else {
              vErrors.push(err19);
            }
            errors++;
          }
        }
        if (data12.resume_conversation !== undefined) {
          let data13 = data12.resume_conversation;
          if (typeof data13 !== 'boolean') {
            const err20 = {
              instancePath: instancePath + '/agent/resume_conversation',
              schemaPath: '#/definitions/stepAgent/properties/resume_conversation/type',
              keyword: 'type',
              params: { type: 'boolean' },
              message: 'must be boolean',
              schema: schema32.properties.resume_conversation.type,
              parentSchema: schema32.properties.resume_conversation,
              data: data13,
            };
            if (vErrors === null) {
              vErrors = [err20];
            } else {
              vErrors.push(err20);
            }
            errors++;
          }
        }
      } else {
        const err21 = {
          instancePath: instancePath + '/agent',
          schemaPath: '#/definitions/stepAgent/type',
          keyword: 'type',
          params: { type: 'object' },
          message: 'must be object',
          schema: schema32.type,
          parentSchema: schema32,
          data: data12,
        };
        if (vErrors === null) {
          vErrors = [err21];
        } else {
          vErrors.push(err21);
        }
        errors++;
      }
    }
    if (data.outputs !== undefined) {
      if (
        !validate14(data.outputs, {
          instancePath: instancePath + '/outputs',
          parentData: data,
          parentDataProperty: 'outputs',
          rootData,
        })
      ) {
        vErrors = vErrors === null ? validate14.errors : vErrors.concat(validate14.errors);
        errors = vErrors.length;
      }
    }
  } else {
    const err22 = {
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
      vErrors = [err22];
    } else {
      vErrors.push(err22);
    }
    errors++;
  }
  validate12.errors = vErrors;
  return errors === 0;
}

function validate33(
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
  validate33.errors = vErrors;
  return errors === 0;
}

export const playbook = validate35;
const schema39 = {
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
const schema40 = {
  description: 'Agent settings for claude: steps.',
  type: 'object',
  additionalProperties: false,
  properties: {
    tool: {
      description:
        'Agent CLI to run claude: steps with; mmm loads a playbook only when it has an adapter for the tool (today: claude). Default: claude.',
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
  },
};

function validate22(
  data,
  { instancePath = '', parentData, parentDataProperty, rootData = data } = {},
) {
  let vErrors = null;
  let errors = 0;
  if (data && typeof data == 'object' && !Array.isArray(data)) {
    for (const key0 in data) {
      if (!func2.call(schema40.properties, key0)) {
        const err0 = {
          instancePath,
          schemaPath: '#/additionalProperties',
          keyword: 'additionalProperties',
          params: { additionalProperty: key0 },
          message: 'must NOT have additional properties',
          schema: false,
          parentSchema: schema40,
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
            parentSchema: schema40.properties.tool,
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
          schema: schema40.properties.tool.type,
          parentSchema: schema40.properties.tool,
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
            parentSchema: schema40.properties.model,
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
          schema: schema40.properties.model.type,
          parentSchema: schema40.properties.model,
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
            parentSchema: schema40.properties.permission_mode,
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
          schema: schema40.properties.permission_mode.type,
          parentSchema: schema40.properties.permission_mode,
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
                parentSchema: schema40.properties.allowed_tools.items,
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
              schema: schema40.properties.allowed_tools.items.type,
              parentSchema: schema40.properties.allowed_tools.items,
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
          schema: schema40.properties.allowed_tools.type,
          parentSchema: schema40.properties.allowed_tools,
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
                parentSchema: schema40.properties.disallowed_tools.items,
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
              schema: schema40.properties.disallowed_tools.items.type,
              parentSchema: schema40.properties.disallowed_tools.items,
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
          schema: schema40.properties.disallowed_tools.type,
          parentSchema: schema40.properties.disallowed_tools,
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
          schema: schema40.properties.max_turns.type,
          parentSchema: schema40.properties.max_turns,
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
            parentSchema: schema40.properties.max_turns,
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
            parentSchema: schema40.properties.wait_on_limit.anyOf[1],
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
          schema: schema40.properties.wait_on_limit.anyOf,
          parentSchema: schema40.properties.wait_on_limit,
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
          schema: schema40.properties.append_system_prompt.type,
          parentSchema: schema40.properties.append_system_prompt,
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
          schema: schema40.properties.resume_conversation.type,
          parentSchema: schema40.properties.resume_conversation,
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
  } else {
    const err28 = {
      instancePath,
      schemaPath: '#/type',
      keyword: 'type',
      params: { type: 'object' },
      message: 'must be object',
      schema: schema40.type,
      parentSchema: schema40,
      data,
    };
    if (vErrors === null) {
      vErrors = [err28];
    } else {
      vErrors.push(err28);
    }
    errors++;
  }
  validate22.errors = vErrors;
  return errors === 0;
}

const schema44 = {
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

function validate24(
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
          parentSchema: schema44,
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
            parentSchema: schema44.properties.max_cost_usd,
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
          schema: schema44.properties.max_cost_usd.type,
          parentSchema: schema44.properties.max_cost_usd,
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
          schema: schema44.properties.max_agent_calls.type,
          parentSchema: schema44.properties.max_agent_calls,
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
            parentSchema: schema44.properties.max_agent_calls,
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
      schema: schema44.type,
      parentSchema: schema44,
      data,
    };
    if (vErrors === null) {
      vErrors = [err8];
    } else {
      vErrors.push(err8);
    }
    errors++;
  }
  validate24.errors = vErrors;
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

const schema47 = {
  description: 'Slash commands run in order, each as a claude step.',
  type: 'array',
  minItems: 1,
  items: { $ref: '#/definitions/command' },
};
const schema48 = {
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
  },
};

function validate28(
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
      params: { type: schema48.type },
      message: 'must be string,object',
      schema: schema48.type,
      parentSchema: schema48,
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
        parentSchema: schema48,
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
        schema: schema48.required,
        parentSchema: schema48,
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
        key0 === 'outputs'
      )) {
        const err3 = {
          instancePath,
          schemaPath: '#/additionalProperties',
          keyword: 'additionalProperties',
          params: { additionalProperty: key0 },
          message: 'must NOT have additional properties',
          schema: false,
          parentSchema: schema48,
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
            parentSchema: schema48.properties.name,
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
          schema: schema48.properties.name.type,
          parentSchema: schema48.properties.name,
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
              params: { type: schema48.properties.args.items.type },
              message: 'must be string,number,boolean',
              schema: schema48.properties.args.items.type,
              parentSchema: schema48.properties.args.items,
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
          schema: schema48.properties.args.type,
          parentSchema: schema48.properties.args,
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
        !validate14(data.outputs, {
          instancePath: instancePath + '/outputs',
          parentData: data,
          parentDataProperty: 'outputs',
          rootData,
        })
      ) {
        vErrors = vErrors === null ? validate14.errors : vErrors.concat(validate14.errors);
        errors = vErrors.length;
      }
    }
  }
  validate28.errors = vErrors;
  return errors === 0;
}

function validate27(
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
        parentSchema: schema47,
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
        !validate28(data[i0], {
          instancePath: instancePath + '/' + i0,
          parentData: data,
          parentDataProperty: i0,
          rootData,
        })
      ) {
        vErrors = vErrors === null ? validate28.errors : vErrors.concat(validate28.errors);
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
      schema: schema47.type,
      parentSchema: schema47,
      data,
    };
    if (vErrors === null) {
      vErrors = [err1];
    } else {
      vErrors.push(err1);
    }
    errors++;
  }
  validate27.errors = vErrors;
  return errors === 0;
}

function validate35(
  data,
  { instancePath = '', parentData, parentDataProperty, rootData = data } = {},
) {
  let vErrors = null;
  let errors = 0;
  if (data && typeof data == 'object' && !Array.isArray(data)) {
    for (const key0 in data) {
      if (!(
        key0 === 'name' ||
        key0 === 'max_iterations' ||
        key0 === 'until' ||
        key0 === 'agent' ||
        key0 === 'budget' ||
        key0 === 'env' ||
        key0 === 'steps' ||
        key0 === 'commands'
      )) {
        const err0 = {
          instancePath,
          schemaPath: '#/additionalProperties',
          keyword: 'additionalProperties',
          params: { additionalProperty: key0 },
          message: 'must NOT have additional properties',
          schema: false,
          parentSchema: schema39,
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
            parentSchema: schema39.properties.name,
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
          schema: schema39.properties.name.type,
          parentSchema: schema39.properties.name,
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
          schema: schema39.properties.max_iterations.type,
          parentSchema: schema39.properties.max_iterations,
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
            parentSchema: schema39.properties.max_iterations,
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
        !validate22(data.agent, {
          instancePath: instancePath + '/agent',
          parentData: data,
          parentDataProperty: 'agent',
          rootData,
        })
      ) {
        vErrors = vErrors === null ? validate22.errors : vErrors.concat(validate22.errors);
        errors = vErrors.length;
      }
    }
    if (data.budget !== undefined) {
      if (
        !validate24(data.budget, {
          instancePath: instancePath + '/budget',
          parentData: data,
          parentDataProperty: 'budget',
          rootData,
        })
      ) {
        vErrors = vErrors === null ? validate24.errors : vErrors.concat(validate24.errors);
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
        !validate27(data.commands, {
          instancePath: instancePath + '/commands',
          parentData: data,
          parentDataProperty: 'commands',
          rootData,
        })
      ) {
        vErrors = vErrors === null ? validate27.errors : vErrors.concat(validate27.errors);
        errors = vErrors.length;
      }
    }
  } else {
    const err9 = {
      instancePath,
      schemaPath: '#/type',
      keyword: 'type',
      params: { type: 'object' },
      message: 'must be object',
      schema: schema39.type,
      parentSchema: schema39,
      data,
    };
    if (vErrors === null) {
      vErrors = [err9];
    } else {
      vErrors.push(err9);
    }
    errors++;
  }
  validate35.errors = vErrors;
  return errors === 0;
}
