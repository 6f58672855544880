import type { DataSource, QueryRunner } from 'typeorm';
import { PendingGroups } from './pending';
import { groupKeyFor, planGroup } from './planner';
import { ReportBuilder } from './report';
import type { LegacySource } from './source';
import type { GroupBy, ImportReport, Issue, LegacyProject, ProjectReport, RawMemberRow } from './types';
import { validateProject } from './validate';
import { writeGroup } from './writer';

export interface ImportOptions {
  db: DataSource;
  source: LegacySource;
  /** Extra members by legacy project id (the CSV list). */
  members?: Map<string, RawMemberRow[]>;
  groupBy?: GroupBy;
  /** Runs every write in one transaction that is rolled back at the end: the report is exactly a real run's. */
  dryRun?: boolean;
  /** false: keep only totals in the report (bounded memory for very large files). */
  keepDetails?: boolean;
  /**
   * How many projects of organizations not yet complete are held in memory (default 2,000); more are spilled to a
   * temporary file until their organization is written. Only matters when a file does not list an organization's
   * projects together.
   */
  maxPendingProjects?: number;
  /** Called once the first pass knows how many projects there are, then after each project. */
  onStart?(total: number): void;
  onProject?(p: ProjectReport, done: number): void;
}

/**
 * The legacy import (ACCESS-MODEL §7), in two streaming passes over the source:
 * 1. validate every project and build a small index: how many valid projects each organization (group key) gets,
 *    and the first position of each legacy id (later duplicates are refused). No project is kept.
 * 2. stream again; hold a group's projects until its last one has been read, then write the group in ONE
 *    transaction and forget it. The groups still open at a point of the file are held in memory up to
 *    `maxPendingProjects` projects and spilled to a temporary file beyond (PendingGroups). Memory is then the
 *    index (a few dozen bytes per project) plus the largest organization, whatever the size or order of the file.
 * A group whose transaction fails is refused as a whole, with the database's reason; the others go on.
 */
export async function importLegacy(opts: ImportOptions): Promise<ImportReport> {
  const groupBy = opts.groupBy ?? 'owner';
  const dryRun = opts.dryRun ?? false;
  const members = opts.members ?? new Map<string, RawMemberRow[]>();
  const report = new ReportBuilder(opts.keepDetails ?? true);

  // Pass 1: the index.
  const groupSize = new Map<string, number>();
  const firstPosition = new Map<string, number>();
  const refused = new Map<number, { legacyId: string | null; name: string | null; issues: Issue[] }>();
  let total = 0;
  for await (const { key, value } of opts.source.items()) {
    total++;
    const v = validateProject(value, key, extraMembers(members, value));
    if (!v.ok) {
      refused.set(key, v);
      continue;
    }
    const first = firstPosition.get(v.project.legacyId);
    if (first !== undefined) {
      refused.set(key, { legacyId: v.project.legacyId, name: v.project.name, issues: [{ path: `projects[${key}].legacyId`, reason: `duplicate legacy id, first used by projects[${first}]` }] });
      continue;
    }
    firstPosition.set(v.project.legacyId, key);
    const g = groupKeyFor(v.project.owner.email, groupBy);
    groupSize.set(g, (groupSize.get(g) ?? 0) + 1);
  }
  for (const [legacyId, rows] of members) {
    if (firstPosition.has(legacyId)) continue;
    for (const row of rows) report.issue({ path: `${row.path}.legacy_project_id`, reason: `no importable project "${legacyId}" in the file; member not imported` });
  }
  opts.onStart?.(total);

  // Pass 2: write group by group.
  let done = 0;
  const emit = (p: ProjectReport) => {
    report.project(p);
    opts.onProject?.(p, ++done);
  };
  const pending = new PendingGroups(opts.maxPendingProjects ?? 2000);
  const qr = opts.db.createQueryRunner();
  await qr.connect();
  try {
    if (dryRun) await qr.startTransaction();
    for await (const { key, value } of opts.source.items()) {
      const bad = refused.get(key);
      if (bad) {
        emit({ position: key, path: `projects[${key}]`, legacyId: bad.legacyId, name: bad.name, status: 'refused', reason: bad.issues.map((i) => `${i.path} ${i.reason}`).join('; '), grantsAdded: 0, issues: bad.issues });
        continue;
      }
      const v = validateProject(value, key, extraMembers(members, value));
      if (!v.ok) throw new Error(`projects[${key}] changed between the two passes over the file`);
      const g = groupKeyFor(v.project.owner.email, groupBy);
      if (pending.add(g, v.project) < groupSize.get(g)!) continue;
      await writeInTransaction(qr, g, pending.take(g), report, emit);
    }
    if (pending.size) throw new Error('the file changed between the two passes over it');
  } finally {
    pending.close();
    if (dryRun && qr.isTransactionActive) await qr.rollbackTransaction();
    await qr.release();
  }
  return report.build({ dryRun, groupBy });
}

function extraMembers(members: Map<string, RawMemberRow[]>, value: unknown): RawMemberRow[] {
  if (!members.size || typeof value !== 'object' || value === null) return [];
  const id = (value as { legacyId?: unknown }).legacyId;
  return (id === undefined || id === null ? undefined : members.get(String(id).trim())) ?? [];
}

/** One organization, one transaction (a savepoint inside the dry run's outer transaction). */
async function writeInTransaction(qr: QueryRunner, key: string, projects: LegacyProject[], report: ReportBuilder, emit: (p: ProjectReport) => void): Promise<void> {
  const plan = planGroup(key, projects);
  await qr.startTransaction();
  try {
    const result = await writeGroup(qr.manager, plan);
    await qr.commitTransaction();
    const t = report.totals;
    t.users.created += result.counts.usersCreated;
    t.memberships.created += result.counts.membershipsCreated;
    t.memberships.promoted += result.counts.membershipsPromoted;
    t.grants.created += result.counts.grantsCreated;
    t.auditEvents += result.counts.auditEvents;
    for (const o of result.organizations) report.organization(o);
    for (const p of result.projects) emit(p);
  } catch (e) {
    await qr.rollbackTransaction();
    const reason = `the organization "${key}" could not be written, nothing of it was imported: ${(e as Error).message}`;
    for (const p of projects) {
      emit({ position: p.position, path: p.path, legacyId: p.legacyId, name: p.name, status: 'refused', reason, grantsAdded: 0, issues: p.issues });
    }
  }
}
