import type { DataSource, EntityManager } from 'typeorm';
import { type ProjectRole } from '../../authz/roles';
import { isUuid } from '../../common/ids';
import { inTransaction } from '../../db/transaction';
import { ConflictError, ForbiddenError, InputError, NotFoundError } from '../../errors';
import { recordAudit } from '../audit/audit.service';
import type { Caller } from '../../context';
import { rowsOf } from '../../db/query';
import { validateName, validateUserId } from '../../common/validation';

interface TeamLockRow {
  id: string;
  orgId: string;
  name: string;
}

async function lockTeam(tx: EntityManager, teamId: string): Promise<TeamLockRow> {
  const [row] = await tx.query(`SELECT id, org_id AS "orgId", name FROM teams WHERE id = $1 FOR UPDATE`, [teamId]);
  if (!row) throw new NotFoundError('Team', teamId);
  return row;
}

async function assertNameFree(tx: EntityManager, orgId: string, name: string, exceptTeamId: string | null) {
  const rows = await tx.query(`SELECT id FROM teams WHERE org_id = $1 AND lower(name) = lower($2) AND id IS DISTINCT FROM $3`,
    [orgId, name, exceptTeamId]);
  if (rows.length) throw new ConflictError(`The organization already has a team named "${name}".`, { field: 'input.name' });
}

function assertOwner(role: ProjectRole | null, projectId: string, what: string): void {
  if (role !== 'OWNER') {
    throw new ForbiddenError('team:manage', { type: 'Project', id: projectId },
      `Only a project OWNER can ${what}: the team holds (or would hold) OWNER on project "${projectId}", where your role is ${role ?? 'none'}.`);
  }
}

/**
 * Teams, their rosters and their project grants (team:manage, checked by the policies). Rank rule (§4): a team grant
 * of OWNER makes every member a project OWNER, so creating, changing or revoking one, and changing the roster of a
 * team that holds one, needs an effective OWNER role in that project.
 */
export class TeamService {
  constructor(private readonly db: DataSource) {}

  /** Call before the transaction: it reads through the request's loaders. */
  private async assertOwnerOf(caller: Caller, projectIds: string[], what: string): Promise<void> {
    for (const projectId of projectIds) {
      assertOwner((await caller.access.projectRole(projectId))?.role ?? null, projectId, what);
    }
  }

  private async ownerGrantProjects(teamId: string): Promise<string[]> {
    const rows = await this.db.query(`SELECT project_id AS "projectId" FROM team_project_grants WHERE team_id = $1 AND role = 'OWNER'`, [teamId]);
    return rows.map((r: { projectId: string }) => r.projectId);
  }

  async create(caller: Caller, input: { orgId: string; name: string }) {
    const name = validateName(input.name, 'input.name', 100);
    return inTransaction(this.db, async (tx) => {
      await assertNameFree(tx, input.orgId, name, null);
      const [team] = await tx.query(`INSERT INTO teams (org_id, name) VALUES ($1, $2) RETURNING id`, [input.orgId, name]);
      await recordAudit(tx, caller.actor, { orgId: input.orgId, action: 'team.created', target: { type: 'Team', id: team.id }, after: { name } });
      return team.id as string;
    });
  }

  async rename(caller: Caller, input: { teamId: string; name: string }) {
    const name = validateName(input.name, 'input.name', 100);
    return inTransaction(this.db, async (tx) => {
      const team = await lockTeam(tx, input.teamId);
      await assertNameFree(tx, team.orgId, name, team.id);
      await tx.query(`UPDATE teams SET name = $2 WHERE id = $1`, [team.id, name]);
      await recordAudit(tx, caller.actor, {
        orgId: team.orgId, action: 'team.renamed', target: { type: 'Team', id: team.id }, before: { name: team.name }, after: { name },
      });
    });
  }

  /** Deleting a team revokes its own grants (foreign-key cascade) and nothing else. */
  async delete(caller: Caller, teamId: string) {
    await this.assertOwnerOf(caller, await this.ownerGrantProjects(teamId), 'delete a team that grants OWNER');
    return inTransaction(this.db, async (tx) => {
      const team = await lockTeam(tx, teamId);
      const grants: { projectId: string; role: ProjectRole }[] = await tx.query(
        `SELECT project_id AS "projectId", role FROM team_project_grants WHERE team_id = $1`, [teamId]);
      const members: { userId: string }[] = await tx.query(`SELECT user_id AS "userId" FROM team_members WHERE team_id = $1`, [teamId]);
      await tx.query(`DELETE FROM teams WHERE id = $1`, [teamId]);
      await recordAudit(tx, caller.actor, {
        orgId: team.orgId, action: 'team.deleted', target: { type: 'Team', id: teamId },
        before: { name: team.name, grants, memberIds: members.map((m) => m.userId) },
      });
      return { revokedGrants: grants.length };
    });
  }

  async addMember(caller: Caller, input: { teamId: string; userId: string }) {
    const userId = validateUserId(input.userId);
    await this.assertOwnerOf(caller, await this.ownerGrantProjects(input.teamId), 'add members to a team that grants OWNER');
    return inTransaction(this.db, async (tx) => {
      const team = await lockTeam(tx, input.teamId);
      const member = await tx.query(`SELECT 1 FROM org_members WHERE org_id = $1 AND user_id = $2 FOR SHARE`, [team.orgId, userId]);
      if (!member.length) {
        throw new InputError('input.userId', "is not a member of the team's organization; only organization members can join its teams.");
      }
      const existing = await tx.query(`SELECT 1 FROM team_members WHERE team_id = $1 AND user_id = $2`, [team.id, userId]);
      if (existing.length) throw new ConflictError('The user is already on this team.', { field: 'input.userId' });
      await tx.query(`INSERT INTO team_members (org_id, team_id, user_id) VALUES ($1, $2, $3)`, [team.orgId, team.id, userId]);
      await recordAudit(tx, caller.actor, {
        orgId: team.orgId, action: 'team.memberAdded', target: { type: 'Team', id: team.id }, after: { userId },
      });
    });
  }

  async removeMember(caller: Caller, input: { teamId: string; userId: string }) {
    const userId = validateUserId(input.userId);
    await this.assertOwnerOf(caller, await this.ownerGrantProjects(input.teamId), 'remove members from a team that grants OWNER');
    return inTransaction(this.db, async (tx) => {
      const team = await lockTeam(tx, input.teamId);
      const removed = rowsOf(await tx.query(
        `DELETE FROM team_members WHERE team_id = $1 AND user_id = $2 RETURNING user_id`, [team.id, userId]));
      if (!removed.length) throw new InputError('input.userId', 'is not on this team.');
      await recordAudit(tx, caller.actor, {
        orgId: team.orgId, action: 'team.memberRemoved', target: { type: 'Team', id: team.id }, before: { userId },
      });
    });
  }

  async grantProject(caller: Caller, input: { teamId: string; projectId: string; role: ProjectRole }) {
    if (!isUuid(input.projectId)) throw new InputError('input.projectId', 'is not a project id.');
    const projectAccess = await caller.access.accessTo({ kind: 'PROJECT', id: input.projectId });
    if (!projectAccess) throw new NotFoundError('Project', input.projectId);
    const viewerRole = (await caller.access.projectRole(input.projectId))?.role ?? null;
    return inTransaction(this.db, async (tx) => {
      const team = await lockTeam(tx, input.teamId);
      if (projectAccess.orgId !== team.orgId) {
        throw new InputError('input.projectId',
          "belongs to another organization; a team can be granted only projects of its own organization.");
      }
      const [existing] = await tx.query(
        `SELECT role FROM team_project_grants WHERE team_id = $1 AND project_id = $2 FOR UPDATE`, [team.id, input.projectId]);
      const before: ProjectRole | null = existing?.role ?? null;
      if (input.role === 'OWNER' || before === 'OWNER') {
        assertOwner(viewerRole, input.projectId, before === 'OWNER' ? "change a team's OWNER grant" : 'grant OWNER');
      }
      if (before === input.role) return;
      await tx.query(
        `INSERT INTO team_project_grants (org_id, team_id, project_id, role) VALUES ($1, $2, $3, $4)
         ON CONFLICT (team_id, project_id) DO UPDATE SET role = EXCLUDED.role`, [team.orgId, team.id, input.projectId, input.role]);
      await recordAudit(tx, caller.actor, {
        orgId: team.orgId, projectId: input.projectId, action: before ? 'team.projectRoleChanged' : 'team.projectGranted',
        target: { type: 'Team', id: team.id }, before: before ? { role: before } : null, after: { role: input.role },
      });
    });
  }

  async revokeProject(caller: Caller, input: { teamId: string; projectId: string }) {
    if (!isUuid(input.projectId)) throw new InputError('input.projectId', 'is not a project id.');
    const viewerRole = (await caller.access.projectRole(input.projectId))?.role ?? null;
    return inTransaction(this.db, async (tx) => {
      const team = await lockTeam(tx, input.teamId);
      const [existing] = await tx.query(
        `SELECT role FROM team_project_grants WHERE team_id = $1 AND project_id = $2 FOR UPDATE`, [team.id, input.projectId]);
      if (!existing) throw new InputError('input.projectId', 'is not granted to this team.');
      if (existing.role === 'OWNER') assertOwner(viewerRole, input.projectId, "revoke a team's OWNER grant");
      await tx.query(`DELETE FROM team_project_grants WHERE team_id = $1 AND project_id = $2`, [team.id, input.projectId]);
      await recordAudit(tx, caller.actor, {
        orgId: team.orgId, projectId: input.projectId, action: 'team.projectRevoked', target: { type: 'Team', id: team.id },
        before: { role: existing.role },
      });
    });
  }
}
