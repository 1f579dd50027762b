// The shape of src/ (README, Architecture): its rooms (a folder directly under src/, or a file directly in
// it) import each other without a cycle, and src/ imports nothing from outside it (seed/, bench/, test/,
// scripts/). Imports are read with TypeScript's own pre-processor, type-only imports included: a cycle of
// types is still a cycle a reader has to hold in their head.
import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join, relative, resolve, sep } from 'node:path';
import ts from 'typescript';
import { describe, expect, it } from 'vitest';
import { ROOT } from '../helpers/fixtures.js';

const SRC = join(ROOT, 'src');

function sourceFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) return entry.name === 'generated' ? [] : sourceFiles(path);
    return /\.(ts|mts|js|mjs)$/.test(entry.name) && !entry.name.endsWith('.d.ts') ? [path] : [];
  });
}

/** `src/http` for src/http/app.ts, `src/db` for src/db.ts: a file beside a folder of its name joins it. */
function roomOf(file: string): string {
  const [top = ''] = relative(SRC, file).split(sep);
  return `src/${top.replace(/\.(ts|mts|js|mjs)$/, '')}`;
}

/** Every relative import of every file under src/, resolved to an absolute path. */
function imports(): { from: string; to: string }[] {
  return sourceFiles(SRC).flatMap((file) =>
    ts
      .preProcessFile(readFileSync(file, 'utf8'), true, true)
      .importedFiles.filter(({ fileName }) => fileName.startsWith('.'))
      .map(({ fileName }) => ({ from: file, to: resolve(dirname(file), fileName) })),
  );
}

/** The rooms of one cycle in `edges`, or null when there is none. */
function findCycle(edges: Map<string, Set<string>>): string[] | null {
  const state = new Map<string, 'open' | 'done'>();
  const path: string[] = [];
  const visit = (room: string): string[] | null => {
    if (state.get(room) === 'done') return null;
    if (state.get(room) === 'open') return [...path.slice(path.indexOf(room)), room];
    state.set(room, 'open');
    path.push(room);
    for (const next of edges.get(room) ?? []) {
      const cycle = visit(next);
      if (cycle) return cycle;
    }
    path.pop();
    state.set(room, 'done');
    return null;
  };
  for (const room of edges.keys()) {
    const cycle = visit(room);
    if (cycle) return cycle;
  }
  return null;
}

describe('the structure of src/', () => {
  const all = imports();

  it('imports nothing from outside src/', () => {
    const outside = all
      .filter(({ to }) => relative(SRC, to).startsWith('..'))
      .map(({ from, to }) => `${relative(ROOT, from)} -> ${relative(ROOT, to)}`);
    expect(outside).toEqual([]);
  });

  it('has no import cycle between its rooms', () => {
    const edges = new Map<string, Set<string>>();
    for (const { from, to } of all) {
      const [a, b] = [roomOf(from), roomOf(to)];
      if (a === b) continue;
      edges.set(a, (edges.get(a) ?? new Set()).add(b));
    }
    expect(edges.size).toBeGreaterThan(5); // the rooms were found at all
    expect(findCycle(edges)).toBeNull();
  });

  it('finds a cycle when there is one (the check itself)', () => {
    const edges = new Map([
      ['src/a', new Set(['src/b'])],
      ['src/b', new Set(['src/c'])],
      ['src/c', new Set(['src/a'])],
    ]);
    expect(findCycle(edges)).toEqual(['src/a', 'src/b', 'src/c', 'src/a']);
  });
});
