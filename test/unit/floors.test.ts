import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { folderCycles, readImports, upwardImports } from '../support/import-graph.js';

/**
 * The folders of src/ from the top floor down (ARCHITECTURE.md): a file imports only from its own
 * folder or one listed after it, and no two folders (at any depth) import each other.
 */
export const FLOORS = [
  'cli',
  'batch',
  'commands',
  'fleet',
  'emulator',
  'health',
  'compliance',
  'simulate',
  'apply',
  'store',
  'backends',
  'load',
  'plan',
  'validate',
  'render',
  'model',
  'addr',
  'kinds',
  'io',
  '.',
] as const;

const SRC = path.resolve(import.meta.dirname, '../../src');

describe('the folders stack', () => {
  const edges = readImports(SRC);

  it('reads the imports (type, re-export and dynamic ones too)', () => {
    expect(edges.length).toBeGreaterThan(500);
    expect(edges.some((e) => e.from === 'cli/main.ts')).toBe(true);
  });

  it('no file imports from a floor above its own', () => {
    expect(upwardImports(edges, FLOORS)).toEqual([]);
  });

  it('no two folders import each other', () => {
    expect(folderCycles(edges)).toEqual([]);
  });
});
