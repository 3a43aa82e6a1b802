import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { createRequire } from 'node:module';
import { describe, expect, it } from 'vitest';
import {
  compileSchemas,
  loadValidators,
  schemaHash,
  standaloneValidators,
  type SchemaValidators,
} from '../../src/validate/schema-compiler.js';

const ROOT = path.resolve(import.meta.dirname, '../..');

/** The build's standalone module, evaluated in memory (its `require` resolves from the repository). */
function standalone(): SchemaValidators {
  const code = standaloneValidators(compileSchemas({ source: true }));
  const module = { exports: {} as SchemaValidators };
  new Function('require', 'exports', 'module', code)(createRequire(path.join(ROOT, 'x.cjs')), module.exports, module);
  return module.exports;
}

const specs = (): unknown[] => {
  const valid = fs.readdirSync(path.join(ROOT, 'samples')).filter((f) => f.endsWith('.json') && !f.includes('expect'));
  const docs: unknown[] = valid.map((f) => JSON.parse(fs.readFileSync(path.join(ROOT, 'samples', f), 'utf8')));
  const base = docs[0] as Record<string, unknown>;
  return [
    ...docs,
    { ...base, surplus: 1 },
    { ...base, customer: { name: '', tenantId: 'not-a-guid', domain: 7 } },
    { ...base, gateways: [{ fqdn: 1, sipSignalingPort: 'x' }] },
    { ...base, users: [{ upn: 'a@b.c', phoneNumber: '12' }, { phoneNumber: 'auto' }] },
    null,
    [],
    'text',
  ];
};

describe('schema validators', () => {
  it('the precompiled (standalone) validators judge every document exactly as ajv compiled at run time', () => {
    const runtime = compileSchemas();
    const built = standalone();
    for (const doc of specs()) {
      expect(built.spec(doc)).toBe(runtime.spec(doc));
      expect(JSON.stringify(built.spec.errors)).toBe(JSON.stringify(runtime.spec.errors));
    }
    expect(specs().filter((d) => !runtime.spec(d)).length).toBeGreaterThanOrEqual(7);
  });

  it('uses a precompiled module only when it was made from these schemas', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'vf-schemas-'));
    const fresh = path.join(dir, 'fresh.cjs');
    const stale = path.join(dir, 'stale.cjs');
    const marker =
      'exports.spec = () => true; exports.fragment = () => true; exports.fleet = () => true; exports.marker = 1;';
    fs.writeFileSync(fresh, `${marker}\nexports.schemaHash = ${JSON.stringify(schemaHash())};`);
    fs.writeFileSync(stale, `${marker}\nexports.schemaHash = "an older schema";`);
    expect((loadValidators(fresh) as unknown as { marker?: number }).marker).toBe(1);
    const compiled = loadValidators(stale);
    expect((compiled as unknown as { marker?: number }).marker).toBeUndefined();
    expect(compiled.spec({})).toBe(false);
    expect(loadValidators(path.join(dir, 'missing.cjs')).spec({})).toBe(false);
  });
});
