import type { DataSource } from 'typeorm';
import { boardLoaders } from './modules/boards/board.loaders';
import { billingLoaders } from './modules/billing/billing.loaders';
import { invitationLoaders } from './modules/invitations/invitation.loaders';
import { organizationLoaders } from './modules/organizations/organization.loaders';
import { projectLoaders } from './modules/projects/project.loaders';
import { teamLoaders } from './modules/teams/team.loaders';
import { userLoaders } from './modules/users/user.loaders';

/** Every DataLoader, new for each request so that nothing cached outlives it or leaks to another viewer. */
export function createLoaders(db: DataSource, viewerId: string | null) {
  const { primeUsers, ...users } = userLoaders(db);
  return {
    ...users,
    ...organizationLoaders(db, viewerId, primeUsers),
    ...projectLoaders(db, viewerId, primeUsers),
    ...teamLoaders(db, viewerId, primeUsers),
    ...boardLoaders(db, viewerId),
    ...billingLoaders(db),
    ...invitationLoaders(db),
  };
}

export type Loaders = ReturnType<typeof createLoaders>;
