#!/usr/bin/env node
// Build step: compiles schemas/*.schema.json into one CommonJS module of ajv standalone validators
// (dist/validate/schema-validators.cjs), so a command validates without compiling the schemas at
// every start (~0.7 s of ajv's compiler). The module carries the hash of the schemas it came from;
// src/validate/check-schema.ts uses it only while that hash matches, and compiles at run time otherwise.
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { compileSchemas, schemaHash, standaloneValidators } from '../dist/validate/schema-compiler.js';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const out = path.join(root, 'dist/validate/schema-validators.cjs');
const code = standaloneValidators(compileSchemas({ source: true }));
fs.writeFileSync(out, `${code}\nexports.schemaHash = ${JSON.stringify(schemaHash())};\n`);
console.log(`compiled schemas into ${path.relative(root, out)} (${code.length} bytes)`);
