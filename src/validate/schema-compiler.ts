import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import type { Ajv2020 as Ajv, ValidateFunction } from 'ajv/dist/2020.js';

/** The validators of the three documents Voiceform reads against a JSON Schema. */
export interface SchemaValidators {
  spec: ValidateFunction;
  fragment: ValidateFunction;
  fleet: ValidateFunction;
}

const SCHEMA_FILES = {
  spec: 'voiceform.schema.json',
  fragment: 'fragment.schema.json',
  fleet: 'fleet.schema.json',
} as const;
const require = createRequire(import.meta.url);

const readSchemaText = (name: string): string =>
  readFileSync(new URL(`../../schemas/${name}`, import.meta.url), 'utf8');

/** Hash of the schema files as they are now: a precompiled module is used only for the same schemas. */
export function schemaHash(): string {
  const hash = createHash('sha256');
  for (const name of Object.values(SCHEMA_FILES))
    hash.update(name).update('\0').update(readSchemaText(name)).update('\0');
  return hash.digest('hex');
}

/**
 * Compiles the schemas with ajv (2020-12, every error, the failing schema and value kept for the
 * messages). `source` keeps the generated code for `standaloneValidators`. ajv loads here only:
 * its compiler costs most of a start-up, which the build's precompiled module avoids.
 */
export function compileSchemas(options: { source?: boolean } = {}): SchemaValidators & { ajv: Ajv } {
  const { Ajv2020 } = require('ajv/dist/2020.js') as typeof import('ajv/dist/2020.js');
  const formats = require('ajv-formats') as { default: (ajv: Ajv) => void };
  const ajv = new Ajv2020({
    allErrors: true,
    verbose: true,
    strict: true,
    allowUnionTypes: true,
    code: { source: options.source ?? false },
  });
  formats.default(ajv);
  // Keyed by document, so the standalone module can name each validator; the spec keeps its $id too.
  for (const [key, file] of Object.entries(SCHEMA_FILES))
    ajv.addSchema(JSON.parse(readSchemaText(file)) as object, key);
  return { ajv, spec: ajv.getSchema('spec')!, fragment: ajv.getSchema('fragment')!, fleet: ajv.getSchema('fleet')! };
}

/** The CommonJS source of a module exporting `spec`, `fragment` and `fleet` (ajv standalone). */
export function standaloneValidators(compiled: { ajv: Ajv }): string {
  const standalone = require('ajv/dist/standalone/index.js') as {
    default: (ajv: Ajv, refs: Record<string, string>) => string;
  };
  return standalone.default(compiled.ajv, { spec: 'spec', fragment: 'fragment', fleet: 'fleet' });
}

/**
 * The validators: the build's precompiled module when it was made from these schemas, else
 * compiled now (running from source, or schemas edited after the build).
 */
export function loadValidators(precompiled = './schema-validators.cjs'): SchemaValidators {
  try {
    const mod = require(precompiled) as SchemaValidators & { schemaHash?: string };
    if (mod.schemaHash === schemaHash()) return mod;
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'MODULE_NOT_FOUND') throw err;
  }
  return compileSchemas();
}
