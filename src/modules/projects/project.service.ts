import type { DataSource, EntityManager } from 'typeorm';
import { effectiveProjectRole, type EffectiveRoleView } from '../../authz/effective-role';
import { projectRank, type ProjectRole } from '../../authz/roles';
import { validateUserId } from '../../common/validation';
import type { Caller } from '../../context';
import { rowsOf } from '../../db/query';
import { inTransaction } from '../../db/transaction';
import { ConflictError, ForbiddenError, InputError, NotFoundError } from '../../errors';
import { recordAudit } from '../audit/audit.service';
import { assertProjectSlotAvailable } from '../billing/limits';
import { validateName } from '../../common/validation';
import { newApiSecret } from './api-secret';

export interface DroppedGrantModel {
  userId: string;
  role: ProjectRole;
}

export interface TransferResult {
  projectId: string;
  droppedGrants: DroppedGrantModel[];
  droppedTeamGrants: { team: { id: string; name: string }; role: ProjectRole }[];
  droppedInvitationGrants: number;
  droppedDefaultRole: ProjectRole | null;
}

interface ProjectLockRow {
  id: string;
  orgId: string;
  name: string;
  timezone: string;
  defaultRole: ProjectRole | null;
}

/** An IANA time zone, as Intl knows it (also accepts "UTC"); returned in its canonical spelling. */
export function validateTimezone(tz: string, field: string): string {
  const trimmed = tz.trim();
  if (!trimmed || trimmed.length > 64) throw new InputError(field, 'must be an IANA time zone such as "Europe/Berlin".');
  try {
    return new Intl.DateTimeFormat('en-US', { timeZone: trimmed }).resolvedOptions().timeZone;
  } catch {
    throw new InputError(field, `"${trimmed}" is not an IANA time zone (for example "Europe/Berlin" or "UTC").`);
  }
}

/** The project row, locked for the rest of the transaction; NOT_FOUND if it vanished since the policy check. */
export async function lockProject(tx: EntityManager, projectId: string): Promise<ProjectLockRow> {
  const [row] = await tx.query(
    `SELECT id, org_id AS "orgId", name, timezone, default_role AS "defaultRole" FROM projects WHERE id = $1 FOR UPDATE`,
    [projectId]);
  if (!row) throw new NotFoundError('Project', projectId);
  return row;
}

async function isOrgMember(tx: EntityManager, orgId: string, userId: string): Promise<boolean> {
  const rows = await tx.query(`SELECT 1 FROM org_members WHERE org_id = $1 AND user_id = $2 FOR SHARE`, [orgId, userId]);
  return rows.length > 0;
}

/** The team grants a user holds on a project, read inside the transaction. */
async function teamGrantsOf(tx: EntityManager, projectId: string, userId: string) {
  return (await tx.query(
    `SELECT t.id AS "teamId", t.name AS "teamName", g.role
       FROM team_project_grants g
       JOIN team_members tm ON tm.team_id = g.team_id AND tm.user_id = $2
       JOIN teams t ON t.id = g.team_id
      WHERE g.project_id = $1 ORDER BY t.name`, [projectId, userId])) as { teamId: string; teamName: string; role: ProjectRole }[];
}

/** Everything a user holds in a project, read through the transaction (for payloads and error messages). */
export async function effectiveRoleIn(tx: EntityManager, projectId: string, userId: string): Promise<EffectiveRoleView> {
  const [row] = await tx.query(
    `SELECT p.id AS "projectId", p.org_id AS "orgId", p.default_role AS "defaultRole", om.role AS "orgRole",
            pm.role AS "directRole"
       FROM projects p
       LEFT JOIN org_members om ON om.org_id = p.org_id AND om.user_id = $2
       LEFT JOIN project_members pm ON pm.project_id = p.id AND pm.user_id = $2
      WHERE p.id = $1`, [projectId, userId]);
  if (!row) return { role: null, grants: [] };
  const effective = effectiveProjectRole({ ...row, userId, teamGrants: await teamGrantsOf(tx, projectId, userId) });
  return effective ?? { role: null, grants: [] };
}

function describeGrants(view: EffectiveRoleView): string {
  return view.grants.map((g) =>
    g.source === 'TEAM' ? `${g.role} through team "${g.teamName}"`
      : g.source === 'ORG_ROLE' ? `${g.role} through their organization role`
        : g.source === 'DEFAULT_ROLE' ? `${g.role} as the project's default role` : `${g.role} directly`).join(', ');
}

/**
 * Project lifecycle and direct grants (ACCESS-MODEL §2-§5). Policies have already checked the permission named in
 * the SDL; the rank rules (§4), which depend on the viewer's effective project role, are checked here.
 */
export class ProjectService {
  constructor(private readonly db: DataSource) {}

  /** The viewer's effective project role, read before the transaction; the policy guarantees there is one. */
  private async viewerRole(caller: Caller, projectId: string): Promise<ProjectRole> {
    const role = (await caller.access.projectRole(projectId))?.role;
    if (!role) throw new NotFoundError('Project', projectId);
    return role;
  }

  /** §4: only an effective project OWNER grants OWNER, or changes or removes an OWNER grant. */
  private assertMayAssign(viewerRole: ProjectRole, projectId: string, role: ProjectRole | null, what: string): void {
    if (role && projectRank(role) > projectRank(viewerRole)) {
      throw new ForbiddenError('projectMember:manage', { type: 'Project', id: projectId },
        `Only a project OWNER can ${what} ${role}; your role in this project is ${viewerRole}.`);
    }
  }

  async create(caller: Caller, input: { orgId: string; name: string; timezone?: string | null }) {
    const name = validateName(input.name, 'input.name');
    const timezone = input.timezone == null ? 'UTC' : validateTimezone(input.timezone, 'input.timezone');
    const { secret, hash, hint } = newApiSecret();
    return inTransaction(this.db, async (tx) => {
      await assertProjectSlotAvailable(tx, input.orgId);
      const [project] = await tx.query(
        `INSERT INTO projects (org_id, name, timezone, api_secret_hash, api_secret_hint) VALUES ($1, $2, $3, $4, $5)
         RETURNING id`, [input.orgId, name, timezone, hash, hint]);
      await tx.query(`INSERT INTO project_members (org_id, project_id, user_id, role) VALUES ($1, $2, $3, 'OWNER')`,
        [input.orgId, project.id, caller.actor.userId]);
      await recordAudit(tx, caller.actor, {
        orgId: input.orgId, projectId: project.id, action: 'project.created',
        target: { type: 'Project', id: project.id },
        after: { name, timezone, ownerId: caller.actor.userId, apiSecretHint: hint },
      });
      return { projectId: project.id as string, apiSecret: secret };
    });
  }

  async update(caller: Caller, input: { projectId: string; name?: string | null; timezone?: string | null }) {
    const name = input.name == null ? undefined : validateName(input.name, 'input.name');
    const timezone = input.timezone == null ? undefined : validateTimezone(input.timezone, 'input.timezone');
    if (name === undefined && timezone === undefined) throw new InputError('input', 'changes nothing: give a name or a timezone.');
    return inTransaction(this.db, async (tx) => {
      const before = await lockProject(tx, input.projectId);
      const after = { name: name ?? before.name, timezone: timezone ?? before.timezone };
      await tx.query(`UPDATE projects SET name = $2, timezone = $3, updated_at = now() WHERE id = $1`,
        [input.projectId, after.name, after.timezone]);
      await recordAudit(tx, caller.actor, {
        orgId: before.orgId, projectId: before.id, action: 'project.updated', target: { type: 'Project', id: before.id },
        before: { name: before.name, timezone: before.timezone }, after,
      });
    });
  }

  async delete(caller: Caller, projectId: string) {
    return inTransaction(this.db, async (tx) => {
      const before = await lockProject(tx, projectId);
      await tx.query(`DELETE FROM projects WHERE id = $1`, [projectId]);
      await recordAudit(tx, caller.actor, {
        orgId: before.orgId, projectId, action: 'project.deleted', target: { type: 'Project', id: projectId },
        before: { name: before.name, timezone: before.timezone, defaultRole: before.defaultRole },
      });
    });
  }

  async rotateApiSecret(caller: Caller, projectId: string) {
    const { secret, hash, hint } = newApiSecret();
    return inTransaction(this.db, async (tx) => {
      const project = await lockProject(tx, projectId);
      const [old] = await tx.query(`SELECT api_secret_hint AS hint FROM projects WHERE id = $1`, [projectId]);
      await tx.query(
        `UPDATE projects SET api_secret_hash = $2, api_secret_hint = $3, api_secret_rotated_at = now(), updated_at = now()
          WHERE id = $1`, [projectId, hash, hint]);
      await recordAudit(tx, caller.actor, {
        orgId: project.orgId, projectId, action: 'project.apiSecretRotated', target: { type: 'Project', id: projectId },
        before: { apiSecretHint: old.hint }, after: { apiSecretHint: hint },
      });
      return { apiSecret: secret };
    });
  }

  async setDefaultRole(caller: Caller, input: { projectId: string; role?: ProjectRole | null }) {
    const viewerRole = await this.viewerRole(caller, input.projectId);
    const role = input.role ?? null;
    this.assertMayAssign(viewerRole, input.projectId, role, 'set the default role to');
    return inTransaction(this.db, async (tx) => {
      const before = await lockProject(tx, input.projectId);
      this.assertMayAssign(viewerRole, input.projectId, before.defaultRole, 'change a default role of');
      await tx.query(`UPDATE projects SET default_role = $2, updated_at = now() WHERE id = $1`, [input.projectId, role]);
      await recordAudit(tx, caller.actor, {
        orgId: before.orgId, projectId: before.id, action: 'project.defaultRoleChanged',
        target: { type: 'Project', id: before.id }, before: { defaultRole: before.defaultRole }, after: { defaultRole: role },
      });
    });
  }

  /**
   * §5: the project and its boards move to the target organization. Teams stay behind, so their grants go first;
   * direct grants of users who are not members of the target go before org_id changes (the composite foreign keys
   * would refuse them otherwise); ON UPDATE CASCADE then moves boards and the remaining grants along.
   */
  async transfer(caller: Caller, input: { projectId: string; targetOrgId: string }): Promise<TransferResult> {
    const target = await caller.access.decide('PROJECT_CREATE', { kind: 'ORGANIZATION', id: input.targetOrgId });
    if (target.outcome === 'INVISIBLE') throw new NotFoundError('Organization', input.targetOrgId);
    if (target.outcome === 'FORBIDDEN') {
      throw new ForbiddenError('project:create', target.access.resource,
        'To move a project into an organization you must be its OWNER or ADMIN (project:create there).');
    }
    return inTransaction(this.db, async (tx) => {
      const project = await lockProject(tx, input.projectId);
      if (project.orgId === input.targetOrgId) {
        throw new InputError('input.targetOrgId', 'is the organization the project already belongs to.');
      }
      await assertProjectSlotAvailable(tx, input.targetOrgId);
      const droppedTeamGrants = rowsOf<{ teamId: string; teamName: string; role: ProjectRole }>(await tx.query(
        `DELETE FROM team_project_grants g USING teams t WHERE g.project_id = $1 AND t.id = g.team_id
         RETURNING t.id AS "teamId", t.name AS "teamName", g.role`, [project.id]));
      const droppedGrants = rowsOf<DroppedGrantModel>(await tx.query(
        `DELETE FROM project_members pm
          WHERE pm.project_id = $1
            AND NOT EXISTS (SELECT 1 FROM org_members om WHERE om.org_id = $2 AND om.user_id = pm.user_id)
         RETURNING pm.user_id AS "userId", pm.role`, [project.id, input.targetOrgId]));
      const invitationGrants = rowsOf(await tx.query(
        `DELETE FROM invitation_project_grants WHERE project_id = $1 RETURNING invitation_id`, [project.id]));
      await tx.query(`UPDATE projects SET org_id = $2, default_role = NULL, updated_at = now() WHERE id = $1`,
        [project.id, input.targetOrgId]);
      const report = {
        droppedGrants: droppedGrants.map((g) => ({ userId: g.userId, role: g.role })),
        droppedTeamGrants: droppedTeamGrants.map((g) => ({ team: { id: g.teamId, name: g.teamName }, role: g.role })),
        droppedInvitationGrants: invitationGrants.length,
        droppedDefaultRole: project.defaultRole,
      };
      // One event in each organization's log: the source sees the project leave, the target sees it arrive.
      for (const [orgId, action] of [[project.orgId, 'project.transferredOut'], [input.targetOrgId, 'project.transferredIn']]) {
        await recordAudit(tx, caller.actor, {
          orgId, projectId: project.id, action, target: { type: 'Project', id: project.id },
          before: { orgId: project.orgId, defaultRole: project.defaultRole },
          after: { orgId: input.targetOrgId, ...report, droppedTeamGrants: report.droppedTeamGrants.map((g) => ({ teamId: g.team.id, teamName: g.team.name, role: g.role })) },
        });
      }
      return { projectId: project.id, ...report };
    });
  }

  async addMember(caller: Caller, input: { projectId: string; userId: string; role: ProjectRole }) {
    const userId = validateUserId(input.userId);
    const viewerRole = await this.viewerRole(caller, input.projectId);
    this.assertMayAssign(viewerRole, input.projectId, input.role, 'grant');
    return inTransaction(this.db, async (tx) => {
      const project = await lockProject(tx, input.projectId);
      if (!(await isOrgMember(tx, project.orgId, userId))) {
        throw new InputError('input.userId',
          'is not a member of the organization that owns this project; only organization members can be added to its projects.');
      }
      const [existing] = await tx.query(`SELECT role FROM project_members WHERE project_id = $1 AND user_id = $2`, [project.id, userId]);
      if (existing) {
        throw new ConflictError(`The user already holds a direct ${existing.role} grant here; use changeProjectMemberRole.`,
          { field: 'input.userId' });
      }
      await tx.query(`INSERT INTO project_members (org_id, project_id, user_id, role) VALUES ($1, $2, $3, $4)`,
        [project.orgId, project.id, userId, input.role]);
      await recordAudit(tx, caller.actor, {
        orgId: project.orgId, projectId: project.id, action: 'projectMember.added', target: { type: 'User', id: userId },
        after: { role: input.role },
      });
    });
  }

  /** The user's direct grant, locked; a clear error when they have none (and where their role comes from instead). */
  private async directGrant(tx: EntityManager, projectId: string, userId: string, verb: string): Promise<ProjectRole> {
    const [row] = await tx.query(
      `SELECT role FROM project_members WHERE project_id = $1 AND user_id = $2 FOR UPDATE`, [projectId, userId]);
    if (row) return row.role;
    const view = await effectiveRoleIn(tx, projectId, userId);
    if (view.grants.some((g) => g.source === 'TEAM')) {
      throw new InputError('input.userId',
        `holds no direct grant in this project to ${verb}: their role comes from ${describeGrants(view)}. ` +
        'A grant that comes through a team can only be changed through the team (team:manage).');
    }
    throw new InputError('input.userId', `holds no direct grant in this project to ${verb}` +
      (view.grants.length ? `: their role comes from ${describeGrants(view)}.` : '.'));
  }

  async changeMemberRole(caller: Caller, input: { projectId: string; userId: string; role: ProjectRole }) {
    const userId = validateUserId(input.userId);
    const viewerRole = await this.viewerRole(caller, input.projectId);
    this.assertMayAssign(viewerRole, input.projectId, input.role, 'grant');
    return inTransaction(this.db, async (tx) => {
      const project = await lockProject(tx, input.projectId);
      const before = await this.directGrant(tx, project.id, userId, 'change');
      this.assertMayAssign(viewerRole, project.id, before, 'change a direct grant of');
      if (before === input.role) return;
      await tx.query(`UPDATE project_members SET role = $3 WHERE project_id = $1 AND user_id = $2`, [project.id, userId, input.role]);
      await recordAudit(tx, caller.actor, {
        orgId: project.orgId, projectId: project.id, action: 'projectMember.roleChanged', target: { type: 'User', id: userId },
        before: { role: before }, after: { role: input.role },
      });
    });
  }

  async removeMember(caller: Caller, input: { projectId: string; userId: string }) {
    const userId = validateUserId(input.userId);
    const viewerRole = await this.viewerRole(caller, input.projectId);
    return inTransaction(this.db, async (tx) => {
      const project = await lockProject(tx, input.projectId);
      const before = await this.directGrant(tx, project.id, userId, 'remove');
      this.assertMayAssign(viewerRole, project.id, before, 'remove a direct grant of');
      await tx.query(`DELETE FROM project_members WHERE project_id = $1 AND user_id = $2`, [project.id, userId]);
      await recordAudit(tx, caller.actor, {
        orgId: project.orgId, projectId: project.id, action: 'projectMember.removed', target: { type: 'User', id: userId },
        before: { role: before },
      });
      return { removedRole: before, remainingRole: await effectiveRoleIn(tx, project.id, userId) };
    });
  }
}
