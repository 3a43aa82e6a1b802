import type { ErrorObject } from 'ajv/dist/2020.js';
import type { Problem } from '../errors.js';
import { closestName } from './closest-name.js';
import { loadValidators, type SchemaValidators } from './schema-compiler.js';

let compiled: SchemaValidators | undefined;
const validators = (): SchemaValidators => (compiled ??= loadValidators());

/** Validates a parsed spec against schemas/voiceform.schema.json; every problem, none thrown. */
export function checkSpecSchema(doc: unknown): Problem[] {
  const validate = validators().spec;
  return validate(doc) ? [] : toProblems(validate.errors ?? []);
}

/** Validates a template's rendered fragment against schemas/fragment.schema.json. */
export function checkFragmentSchema(doc: unknown): Problem[] {
  const validate = validators().fragment;
  return validate(doc) ? [] : toProblems(validate.errors ?? []);
}

/** Validates a parsed fleet manifest against schemas/fleet.schema.json. */
export function checkFleetSchema(doc: unknown): Problem[] {
  const validate = validators().fleet;
  return validate(doc) ? [] : toProblems(validate.errors ?? []);
}

/** Turns ajv errors into Problems: one per offending value, unknown properties with a hint. */
function toProblems(errors: ErrorObject[]): Problem[] {
  const anyOfPaths = new Set(errors.filter((e) => e.keyword === 'anyOf').map((e) => e.instancePath));
  const seen = new Set<string>();
  const problems: Problem[] = [];
  for (const e of errors) {
    // The branches of an anyOf only repeat its failure in pieces; report the anyOf once.
    if (e.keyword !== 'anyOf' && anyOfPaths.has(e.instancePath) && e.schemaPath.includes('/anyOf/')) continue;
    const problem = toProblem(e);
    const key = `${problem.path}\u0000${problem.rule}\u0000${problem.message}`;
    if (seen.has(key)) continue;
    seen.add(key);
    problems.push(problem);
  }
  return problems;
}

function toProblem(e: ErrorObject): Problem {
  const path = e.instancePath;
  switch (e.keyword) {
    case 'additionalProperties': {
      const prop = String((e.params as { additionalProperty: string }).additionalProperty);
      const known = Object.keys((e.parentSchema as { properties?: object } | undefined)?.properties ?? {});
      const guess = closestName(prop, known);
      return {
        path: `${path}/${escapePointer(prop)}`,
        rule: 'schema.unknown-property',
        message: `unknown property ${JSON.stringify(prop)}${guess ? `; did you mean ${JSON.stringify(guess)}?` : ''}`,
      };
    }
    case 'required': {
      const prop = String((e.params as { missingProperty: string }).missingProperty);
      return { path, rule: 'schema.required', message: `missing required property ${JSON.stringify(prop)}` };
    }
    case 'pattern':
      return {
        path,
        rule: 'schema.pattern',
        message: `${describeValue(e.data)} does not have the allowed form${patternHelp(e)}`,
      };
    case 'anyOf':
      return { path, rule: 'schema.anyOf', message: `${describeValue(e.data)} is not ${anyOfHelp(e)}` };
    case 'const':
      return {
        path,
        rule: 'schema.const',
        message: `must be ${JSON.stringify((e.params as { allowedValue: unknown }).allowedValue)}`,
      };
    case 'enum':
      return {
        path,
        rule: 'schema.enum',
        message: `must be one of ${(e.params as { allowedValues: unknown[] }).allowedValues.map((v) => JSON.stringify(v)).join(', ')}`,
      };
    case 'propertyNames':
      return {
        path,
        rule: 'schema.property-name',
        message: `property name ${JSON.stringify((e.params as { propertyName: string }).propertyName)} is not allowed`,
      };
    default:
      return { path, rule: `schema.${e.keyword}`, message: e.message ?? 'is invalid' };
  }
}

function patternHelp(e: ErrorObject): string {
  const description = (e.parentSchema as { description?: string } | undefined)?.description;
  return description ? ` (${description})` : ` (pattern ${(e.params as { pattern: string }).pattern})`;
}

/** The forms an anyOf allows, from its branches: `"auto" or an E.164 number such as …`. */
function anyOfHelp(e: ErrorObject): string {
  const branches = Array.isArray(e.schema) ? (e.schema as Record<string, unknown>[]) : [];
  const forms = branches.map(describeForm).filter((f): f is string => f !== undefined);
  if (forms.length === 0 || forms.length < branches.length) return 'of an allowed form';
  return forms.length === 1 ? forms[0]! : `${forms.slice(0, -1).join(', ')} or ${forms.at(-1)}`;
}

function describeForm(b: Record<string, unknown>): string | undefined {
  if ('const' in b) return JSON.stringify(b.const);
  if (Array.isArray(b.enum)) return `one of ${b.enum.map((v) => JSON.stringify(v)).join(', ')}`;
  if (typeof b.description === 'string') return b.description;
  if (typeof b.pattern === 'string') return `a string of the form ${b.pattern}`;
  if (typeof b.$ref === 'string') return `a ${b.$ref.split('/').at(-1)}`;
  if (typeof b.type === 'string') return b.type === 'null' ? 'null' : `a ${b.type}`;
  return undefined;
}

function describeValue(value: unknown): string {
  const text = JSON.stringify(value) ?? String(value);
  return text.length > 80 ? `${text.slice(0, 77)}...` : text;
}

/** RFC 6901 escaping of one reference token. */
export function escapePointer(token: string): string {
  return token.replace(/~/g, '~0').replace(/\//g, '~1');
}
