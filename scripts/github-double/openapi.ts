// Validates a request the App makes (method, path with query, JSON body) against GitHub's published OpenAPI
// description (@octokit/openapi). The local API double and the nock tests both use it, so an unknown endpoint,
// an unknown query parameter or a body field GitHub does not accept fails the demo or the test.
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { Ajv, type ValidateFunction } from 'ajv';
import addFormatsModule from 'ajv-formats';

/** One request as the App sent it; `path` may carry a query string. */
export interface RecordedRequest {
  method: string;
  path: string;
  body: unknown;
}

interface Parameter {
  name: string;
  in: string;
  required?: boolean;
  schema?: object;
  'x-multi-segment'?: boolean;
  $ref?: string;
}

interface Operation {
  operationId?: string;
  parameters?: Parameter[];
  requestBody?: { required?: boolean; content: Record<string, { schema: object }> };
}

interface Spec {
  paths: Record<string, Record<string, Operation>>;
  components: { parameters: Record<string, Parameter> };
}

interface Route {
  template: string;
  regex: RegExp;
  literals: number;
}

/** GraphQL is not in the REST description; its envelope is checked with this schema instead. */
const GRAPHQL_SCHEMA = {
  type: 'object',
  required: ['query'],
  additionalProperties: false,
  properties: { query: { type: 'string', minLength: 1 }, variables: { type: 'object' } },
};

const require = createRequire(import.meta.url);
const addFormats = addFormatsModule as unknown as (ajv: Ajv) => Ajv;

export class OpenApiValidator {
  private readonly spec: Spec;
  private readonly ajv: Ajv;
  private readonly routes: Route[];
  private readonly compiled = new Map<string, ValidateFunction>();

  constructor() {
    const file = require.resolve('@octokit/openapi/generated/api.github.com.json');
    this.spec = JSON.parse(readFileSync(file, 'utf8')) as Spec;
    this.ajv = new Ajv({ strict: false, allErrors: true, validateSchema: false });
    addFormats(this.ajv);
    this.ajv.addSchema(this.spec as object, 'gh');
    this.routes = Object.keys(this.spec.paths)
      .map((template) => this.route(template))
      // Templates with more literal segments win: `/pulls/comments/{id}` before `/pulls/{number}/...`.
      .sort((a, b) => b.literals - a.literals);
  }

  /** Problems with the request; empty when GitHub's description accepts it. */
  validate(request: RecordedRequest): string[] {
    const method = request.method.toLowerCase();
    const url = new URL(request.path, 'http://api.invalid');
    const label = `${request.method.toUpperCase()} ${url.pathname}`;
    if (url.pathname === '/graphql' && method === 'post')
      return this.check('graphql', GRAPHQL_SCHEMA, request.body, label);
    const route = this.routes.find(
      (candidate) => candidate.regex.test(url.pathname) && this.spec.paths[candidate.template]?.[method],
    );
    if (!route) return [`${label}: no such endpoint in GitHub's OpenAPI description`];
    const operation = this.spec.paths[route.template]?.[method] as Operation;
    const errors: string[] = [];
    const parameters = (operation.parameters ?? []).map((p) => this.resolve(p));
    for (const [name, value] of url.searchParams) {
      const parameter = parameters.find((p) => p.in === 'query' && p.name === name);
      if (!parameter) errors.push(`${label}: unknown query parameter \`${name}\``);
      else if (parameter.schema) {
        const coerced =
          /^-?\d+$/.test(value) && JSON.stringify(parameter.schema).includes('integer') ? Number(value) : value;
        errors.push(
          ...this.check(`${route.template}#${method}#${name}`, parameter.schema, coerced, `${label} ?${name}`),
        );
      }
    }
    const hasBody = request.body !== undefined && request.body !== null && request.body !== '';
    const schema = operation.requestBody?.content['application/json']?.schema;
    if (hasBody && !schema) errors.push(`${label}: the endpoint takes no JSON body`);
    if (!hasBody && operation.requestBody?.required) errors.push(`${label}: a body is required`);
    if (hasBody && schema) {
      // GitHub's schemas rarely close their objects; closing them makes a misspelt or invented field fail.
      errors.push(...this.check(`${route.template}#${method}`, closeObjects(schema), request.body, label));
    }
    return errors;
  }

  private check(key: string, schema: object, value: unknown, label: string): string[] {
    let validate = this.compiled.get(key);
    if (!validate) {
      validate = this.ajv.compile(schema);
      this.compiled.set(key, validate);
    }
    if (validate(value)) return [];
    return (validate.errors ?? []).map((e) => `${label}: body${e.instancePath} ${e.message ?? 'is invalid'}`);
  }

  private resolve(parameter: Parameter): Parameter {
    if (!parameter.$ref) return parameter;
    const name = parameter.$ref.split('/').pop() ?? '';
    return this.spec.components.parameters[name] ?? parameter;
  }

  private route(template: string): Route {
    const operations = Object.values(this.spec.paths[template] ?? {});
    const multi = new Set(
      operations.flatMap((op) =>
        (op.parameters ?? [])
          .map((p) => this.resolve(p))
          .filter((p) => p['x-multi-segment'])
          .map((p) => p.name),
      ),
    );
    let literals = 0;
    const source = template
      .split('/')
      .map((segment) => {
        const match = /^\{(.+)\}$/.exec(segment);
        if (!match) {
          literals += 1;
          return segment.replace(/[.*+?^$()|[\]\\]/g, '\\$&');
        }
        return multi.has(match[1] ?? '') ? '.+' : '[^/]+';
      })
      .join('/');
    return { template, regex: new RegExp(`^${source}$`), literals };
  }
}

/** A copy of the schema whose plain objects allow no other properties (left open under allOf, which merges). */
export function closeObjects(schema: unknown): object {
  if (Array.isArray(schema)) return schema.map((item: unknown) => closeObjects(item));
  if (typeof schema !== 'object' || schema === null) return schema as object;
  const source = schema as Record<string, unknown>;
  const copy: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(source)) {
    if (key === '$ref' && typeof value === 'string' && value.startsWith('#/')) copy[key] = `gh${value}`;
    else if (key === 'allOf' || key === 'example' || key === 'examples') copy[key] = value;
    else if (key === 'properties' && typeof value === 'object' && value !== null) {
      copy[key] = Object.fromEntries(Object.entries(value).map(([name, sub]) => [name, closeObjects(sub)]));
    } else copy[key] = typeof value === 'object' ? closeObjects(value) : value;
  }
  if (source.properties && source.additionalProperties === undefined && !source.$ref) copy.additionalProperties = false;
  return copy;
}
