import fs from 'node:fs';
import path from 'node:path';
import ts from 'typescript';

/** One relative import of a source file: static, `import type`, `export … from` or `import()`. */
export interface ImportEdge {
  /** Importing file, relative to the source root (`commands/plan.ts`). */
  from: string;
  /** Imported file, relative to the source root. */
  to: string;
  line: number;
}

/** Every relative import under `root` (TypeScript's own pre-processor, so type and dynamic imports count). */
export function readImports(root: string): ImportEdge[] {
  const edges: ImportEdge[] = [];
  for (const file of sourceFiles(root)) {
    const text = fs.readFileSync(path.join(root, file), 'utf8');
    const info = ts.preProcessFile(text, true, true);
    for (const ref of info.importedFiles) {
      if (!ref.fileName.startsWith('.')) continue;
      const target = path.posix
        .normalize(path.posix.join(path.posix.dirname(file), ref.fileName))
        .replace(/\.js$/, '.ts');
      const line = text.slice(0, ref.pos).split('\n').length;
      edges.push({ from: file, to: target, line });
    }
  }
  return edges;
}

function sourceFiles(root: string, dir = ''): string[] {
  const out: string[] = [];
  for (const entry of fs.readdirSync(path.join(root, dir), { withFileTypes: true })) {
    const rel = dir ? `${dir}/${entry.name}` : entry.name;
    if (entry.isDirectory()) out.push(...sourceFiles(root, rel));
    else if (entry.name.endsWith('.ts') && !entry.name.endsWith('.test.ts')) out.push(rel);
  }
  return out.sort();
}

/** The folder a file lives in, `.` for the root, at full depth (`backends/sim`). */
export const folderOf = (file: string): string => path.posix.dirname(file);

/** The top-level folder of a file (`backends`), `.` for files at the root. */
export const topFolderOf = (file: string): string => (file.includes('/') ? file.split('/')[0]! : '.');

/** Strongly connected groups of more than one folder (Tarjan), each sorted; folder pairs that import each other show here. */
export function folderCycles(edges: ImportEdge[]): string[][] {
  const graph = new Map<string, Set<string>>();
  for (const e of edges) {
    const a = folderOf(e.from);
    const b = folderOf(e.to);
    if (!graph.has(a)) graph.set(a, new Set());
    if (!graph.has(b)) graph.set(b, new Set());
    if (a !== b) graph.get(a)!.add(b);
  }
  let index = 0;
  const indices = new Map<string, number>();
  const low = new Map<string, number>();
  const stack: string[] = [];
  const onStack = new Set<string>();
  const groups: string[][] = [];
  const visit = (v: string): void => {
    indices.set(v, index);
    low.set(v, index++);
    stack.push(v);
    onStack.add(v);
    for (const w of graph.get(v)!) {
      if (!indices.has(w)) {
        visit(w);
        low.set(v, Math.min(low.get(v)!, low.get(w)!));
      } else if (onStack.has(w)) low.set(v, Math.min(low.get(v)!, indices.get(w)!));
    }
    if (low.get(v) === indices.get(v)) {
      const group: string[] = [];
      let w: string;
      do {
        w = stack.pop()!;
        onStack.delete(w);
        group.push(w);
      } while (w !== v);
      if (group.length > 1) groups.push(group.sort());
    }
  };
  for (const v of [...graph.keys()].sort()) if (!indices.has(v)) visit(v);
  return groups;
}

/**
 * Imports against the floors: `floors` lists the top-level folders from the top down; a file may
 * import its own folder or one listed after it. A folder not listed is a violation of its own.
 */
export function upwardImports(edges: ImportEdge[], floors: readonly string[]): string[] {
  const rank = new Map(floors.map((f, i) => [f, i]));
  const problems: string[] = [];
  for (const e of edges) {
    const a = topFolderOf(e.from);
    const b = topFolderOf(e.to);
    if (!rank.has(a)) problems.push(`${e.from}: folder "${a}" is on no floor`);
    else if (!rank.has(b)) problems.push(`${e.from}:${e.line} imports ${e.to}: folder "${b}" is on no floor`);
    else if (rank.get(b)! < rank.get(a)!)
      problems.push(`${e.from}:${e.line} imports ${e.to}, a floor above (${a} → ${b})`);
  }
  return [...new Set(problems)];
}
