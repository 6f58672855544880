import type { ImportReport, ImportTotals, Issue, OrganizationReport, ProjectReport } from './types';

export function emptyTotals(): ImportTotals {
  return {
    projects: { created: 0, updated: 0, skipped: 0, refused: 0 },
    organizations: { created: 0, updated: 0, unchanged: 0 },
    users: { created: 0 },
    memberships: { created: 0, promoted: 0 },
    grants: { created: 0 },
    auditEvents: 0,
    issues: 0,
  };
}

/** Collects what happened. `keepDetails` false keeps only the totals (bounded memory for very large files). */
export class ReportBuilder {
  readonly totals = emptyTotals();
  private readonly projects: ProjectReport[] = [];
  private readonly organizations: OrganizationReport[] = [];
  private readonly issues: Issue[] = [];

  constructor(private readonly keepDetails = true) {}

  project(p: ProjectReport): void {
    this.totals.projects[p.status]++;
    this.totals.issues += p.issues.length;
    if (this.keepDetails) this.projects.push(p);
  }

  organization(o: OrganizationReport): void {
    this.totals.organizations[o.status]++;
    if (this.keepDetails) this.organizations.push(o);
  }

  issue(i: Issue): void {
    this.totals.issues++;
    if (this.keepDetails) this.issues.push(i);
  }

  build(meta: Pick<ImportReport, 'dryRun' | 'groupBy'>): ImportReport {
    return {
      ...meta,
      projects: [...this.projects].sort((a, b) => a.position - b.position),
      organizations: [...this.organizations].sort((a, b) => a.key.localeCompare(b.key)),
      issues: this.issues,
      totals: this.totals,
    };
  }
}

export function projectLine(p: ProjectReport): string {
  const what = [`${p.status.padEnd(8)} ${p.path}`, p.legacyId ? `legacyId=${p.legacyId}` : null, p.name ? JSON.stringify(p.name) : null,
    p.organization ? `-> ${p.organization}` : null, p.grantsAdded ? `(+${p.grantsAdded} grants)` : null];
  return what.filter(Boolean).join(' ') + (p.reason ? `: ${p.reason}` : '');
}

/** The human-readable report: one line per project (with its issues), organizations, totals. */
export function formatReport(r: ImportReport): string {
  const out: string[] = [];
  out.push(r.dryRun ? 'DRY RUN: nothing was written; this is what a real run would do.' : 'Legacy import');
  out.push('', 'Projects:');
  for (const p of r.projects) {
    out.push(`  ${projectLine(p)}`);
    for (const i of p.issues) out.push(`      ! ${i.path}: ${i.reason}`);
  }
  if (r.issues.length) {
    out.push('', 'Other issues:');
    for (const i of r.issues) out.push(`  ! ${i.path}: ${i.reason}`);
  }
  out.push('', 'Organizations:');
  for (const o of r.organizations) {
    out.push(`  ${o.status.padEnd(9)} ${o.slug} (${o.name}, ${o.plan})${o.changes.length ? `: ${o.changes.join('; ')}` : ''}`);
    for (const w of o.warnings) out.push(`      warning: ${w}`);
  }
  const t = r.totals;
  out.push('', 'Totals:',
    `  projects: ${t.projects.created} created, ${t.projects.updated} updated, ${t.projects.skipped} skipped, ${t.projects.refused} refused`,
    `  organizations: ${t.organizations.created} created, ${t.organizations.updated} updated, ${t.organizations.unchanged} unchanged`,
    `  users created: ${t.users.created}; memberships: ${t.memberships.created} created, ${t.memberships.promoted} promoted to OWNER; grants: ${t.grants.created}`,
    `  audit events: ${t.auditEvents}; issues: ${t.issues}`);
  return out.join('\n');
}
