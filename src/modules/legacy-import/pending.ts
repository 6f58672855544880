import { closeSync, mkdtempSync, openSync, readSync, rmSync, writeSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { LegacyProject } from './types';

/**
 * The projects of organizations (groups) still open during the second pass: read, but the group's last project not
 * yet. Up to `budget` of them are held in memory; beyond that every list in memory is appended to a temporary file
 * (one JSON record per project) and only its offset and length are kept, so memory stays bounded when a file does
 * not list an organization's projects together (domain mode over an export sorted by owner). `take` returns a
 * group's projects in file order (the spilled ones are always earlier than those still in memory).
 */
export class PendingGroups {
  private readonly memory = new Map<string, LegacyProject[]>();
  /** Per group: offset, length, offset, length ... of its spilled projects in the file. */
  private readonly spilled = new Map<string, number[]>();
  private readonly counts = new Map<string, number>();
  private inMemory = 0;
  private dir: string | null = null;
  private fd: number | null = null;
  private end = 0;
  /** How many projects were ever written to the temporary file (for the benchmark). */
  spilledProjects = 0;

  constructor(private readonly budget: number) {}

  /** Adds a project to its group; returns how many projects the group now has pending. */
  add(group: string, p: LegacyProject): number {
    const list = this.memory.get(group);
    if (list) list.push(p);
    else this.memory.set(group, [p]);
    this.inMemory++;
    const n = (this.counts.get(group) ?? 0) + 1;
    this.counts.set(group, n);
    if (this.inMemory > this.budget) this.spill();
    return n;
  }

  /** Removes a group and returns its projects in file order. */
  take(group: string): LegacyProject[] {
    const out: LegacyProject[] = [];
    const at = this.spilled.get(group);
    if (at) {
      for (let i = 0; i < at.length; i += 2) {
        const buf = Buffer.allocUnsafe(at[i + 1]);
        readSync(this.fd!, buf, 0, buf.length, at[i]);
        out.push(JSON.parse(buf.toString('utf8')) as LegacyProject);
      }
      this.spilled.delete(group);
    }
    const list = this.memory.get(group);
    if (list) {
      out.push(...list);
      this.inMemory -= list.length;
      this.memory.delete(group);
    }
    this.counts.delete(group);
    return out;
  }

  get size(): number {
    return this.counts.size;
  }

  /** Deletes the temporary file, if there is one. */
  close(): void {
    if (this.fd !== null) closeSync(this.fd);
    if (this.dir) rmSync(this.dir, { recursive: true, force: true });
    this.fd = null;
    this.dir = null;
  }

  private spill(): void {
    if (this.fd === null) {
      this.dir = mkdtempSync(join(tmpdir(), 'legacy-import-'));
      this.fd = openSync(join(this.dir, 'pending.jsonl'), 'w+');
    }
    for (const [group, list] of this.memory) {
      const at = this.spilled.get(group) ?? [];
      for (const p of list) {
        const buf = Buffer.from(`${JSON.stringify(p)}\n`, 'utf8');
        writeSync(this.fd, buf, 0, buf.length, this.end);
        at.push(this.end, buf.length - 1);
        this.end += buf.length;
      }
      this.spilled.set(group, at);
      this.spilledProjects += list.length;
    }
    this.memory.clear();
    this.inMemory = 0;
  }
}
