import { createReadStream } from 'node:fs';
import { basename } from 'node:path';
import type { RawMemberRow } from './types';

/**
 * Where the legacy projects come from. `items()` is called once per pass and yields the elements of the top-level
 * "projects" array with their index, one at a time, so the importer never holds the whole file.
 */
export interface LegacySource {
  items(): AsyncIterable<{ key: number; value: unknown }>;
}

/** Streams `{"projects": [...]}` from a file with stream-json (pick "projects", then StreamArray). */
export function fileSource(path: string): LegacySource {
  return {
    items() {
      // stream-json is an ES module: loaded on use (Node >= 20.19 requires it natively), so that code importing
      // this module without reading a file (jest, which cannot require ES modules) does not load it.
      /* eslint-disable @typescript-eslint/no-require-imports */
      const { chain } = require('stream-chain') as { chain: (fns: unknown[]) => AsyncIterable<{ key: number; value: unknown }> };
      const { parser } = require('stream-json') as typeof import('stream-json');
      const { pick } = require('stream-json/filters/pick.js') as typeof import('stream-json/src/filters/pick.js');
      const { streamArray } = require('stream-json/streamers/stream-array.js') as typeof import('stream-json/src/streamers/stream-array.js');
      /* eslint-enable @typescript-eslint/no-require-imports */
      return chain([createReadStream(path), parser(), pick({ filter: 'projects' }), streamArray()]);
    },
  };
}

/** An in-memory document, for tests and small inputs. */
export function documentSource(doc: { projects?: unknown[] } | unknown): LegacySource {
  return {
    async *items() {
      const projects = (doc as { projects?: unknown }).projects;
      if (!Array.isArray(projects)) return;
      for (let key = 0; key < projects.length; key++) yield { key, value: projects[key] };
    },
  };
}

/**
 * The optional CSV member list (legacy_project_id,email,name,role), grouped by legacy project id. Held in memory:
 * it is small next to the projects file (a few short strings per member); positions are "FILE.csv:LINE".
 */
export async function readMembersCsv(input: string | NodeJS.ReadableStream, label = typeof input === 'string' ? basename(input) : 'members.csv'): Promise<Map<string, RawMemberRow[]>> {
  const { parse } = await import('csv-parse');
  const stream = typeof input === 'string' ? createReadStream(input) : input;
  const rows = new Map<string, RawMemberRow[]>();
  const parser = stream.pipe(parse({ columns: (h: string[]) => h.map((c) => c.trim().toLowerCase()), skip_empty_lines: true, trim: true, info: true, relax_column_count: true }));
  for await (const { record, info } of parser as AsyncIterable<{ record: Record<string, string>; info: { lines: number } }>) {
    const legacyId = record.legacy_project_id ?? '';
    const list = rows.get(legacyId) ?? [];
    list.push({ path: `${label}:${info.lines}`, value: { email: record.email, name: record.name, role: record.role } });
    rows.set(legacyId, list);
  }
  return rows;
}
