/**
 * Checks a Graph object against its type in Microsoft's published schema (test/fixtures/graph/
 * graph-types.json, extracted by scripts/extract-graph-types.mjs): no property the type does not
 * declare, enum values among its members, and, for a whole object (no $select), every
 * non-nullable property present. Nested complex values are checked the same way.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { ROOT } from './run-cli.js';

interface GraphType {
  kind: 'EntityType' | 'ComplexType' | 'EnumType';
  base?: string;
  properties: { name: string; type: string; nullable: boolean }[];
  members: string[];
}

export const GRAPH_SCHEMA = JSON.parse(
  readFileSync(path.join(ROOT, 'test/fixtures/graph/graph-types.json'), 'utf8'),
) as {
  source: string;
  clouds: Record<string, Record<string, boolean>>;
  types: Record<string, GraphType>;
  /** The parameters of the actions Voiceform posts, by `<binding type>.<action>`. */
  actions: Record<string, GraphType['properties']>;
};

function propertiesOf(type: string): GraphType['properties'] {
  const t = GRAPH_SCHEMA.types[type];
  if (!t) throw new Error(`type ${type} is not in graph-types.json`);
  return [...(t.base ? propertiesOf(t.base) : []), ...t.properties];
}

/** What is wrong with `value` as a `type` (paths like `numbers[0].telephoneNumber`). */
export function shapeProblems(type: string, value: unknown, whole = true, at = ''): string[] {
  const t = GRAPH_SCHEMA.types[type];
  if (!t) return [];
  if (t.kind === 'EnumType') {
    // Flags enums may come comma-separated.
    const values = String(value)
      .split(',')
      .map((v) => v.trim());
    return values.every((v) => t.members.includes(v))
      ? []
      : [`${at}: ${JSON.stringify(value)} is not a ${type} (${t.members.join(', ')})`];
  }
  if (value === null || typeof value !== 'object' || Array.isArray(value)) return [`${at}: not an object`];
  const props = new Map(propertiesOf(type).map((p) => [p.name, p]));
  const problems: string[] = [];
  for (const [k, v] of Object.entries(value as Record<string, unknown>)) {
    if (k.startsWith('@odata.')) continue;
    const p = props.get(k);
    if (!p) {
      problems.push(`${at ? `${at}.` : ''}${k}: not declared by ${type}`);
      continue;
    }
    if (v === null || v === undefined) {
      if (!p.nullable) problems.push(`${at ? `${at}.` : ''}${k}: null, but ${type}.${k} is not nullable`);
      continue;
    }
    const collection = /^Collection\((.*)\)$/.exec(p.type);
    const inner = collection ? collection[1]! : p.type;
    if (inner.startsWith('Edm.')) continue;
    const items = collection ? (Array.isArray(v) ? v : [v]) : [v];
    items.forEach((item, i) =>
      problems.push(...shapeProblems(inner, item, true, `${at ? `${at}.` : ''}${k}${collection ? `[${i}]` : ''}`)),
    );
  }
  if (whole)
    for (const p of props.values())
      if (!p.nullable && !(p.name in (value as object)))
        problems.push(`${at ? `${at}.` : ''}${p.name}: missing (not nullable in ${type})`);
  return problems;
}

/** Every property a type declares, its base types' included. */
export function declaredProperties(type: string): string[] {
  return propertiesOf(type).map((p) => p.name);
}

/** What is wrong with a request body posted to an action: unknown parameters, missing required ones, bad values. */
export function actionBodyProblems(action: string, body: Record<string, unknown>): string[] {
  const params = GRAPH_SCHEMA.actions[action];
  if (!params) throw new Error(`action ${action} is not in graph-types.json`);
  const name = action.slice(action.lastIndexOf('.') + 1);
  const byName = new Map(params.map((p) => [p.name, p]));
  const problems: string[] = [];
  for (const [k, v] of Object.entries(body)) {
    const p = byName.get(k);
    if (!p) {
      problems.push(`${k}: not a parameter of ${name}`);
      continue;
    }
    const collection = /^Collection\((.*)\)$/.exec(p.type);
    const inner = collection ? collection[1]! : p.type;
    if (inner.startsWith('Edm.') || v === null || v === undefined) continue;
    const items = collection && Array.isArray(v) ? v : [v];
    items.forEach((item, i) => problems.push(...shapeProblems(inner, item, true, collection ? `${k}[${i}]` : k)));
  }
  for (const p of params)
    if (!p.nullable && !(p.name in body)) problems.push(`${p.name}: required by ${name}, not sent`);
  return problems;
}
