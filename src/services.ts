import type { DataSource } from 'typeorm';
import type { Config } from './config';
import type { Logger } from './logger';
import { OrganizationService } from './modules/organizations/organization.service';
import { createMailer, type Mailer } from './mail/mailer';
import { MembershipService } from './modules/organizations/membership.service';
import { InvitationService } from './modules/invitations/invitation.service';
import { BillingService } from './modules/billing/billing.service';
import { ProjectService } from './modules/projects/project.service';
import { TeamService } from './modules/teams/team.service';
import { BoardService } from './modules/boards/board.service';

/** What services are built from, once per process. */
export interface ServiceDeps {
  db: DataSource;
  config: Config;
  log: Logger;
  /** Built from config.mail when absent (SMTP, the log, or in memory under NODE_ENV=test). */
  mailer?: Mailer;
}

/** The services that hold the business rules; resolvers call these and nothing else to change data. */
export function createServices(deps: ServiceDeps) {
  const mailer = deps.mailer ?? createMailer(deps.config, deps.log);
  return {
    organizations: new OrganizationService(deps.db),
    mailer,
    memberships: new MembershipService(deps.db),
    invitations: new InvitationService(deps.db, deps.config, mailer, deps.log),
    billing: new BillingService(deps.db),
    projects: new ProjectService(deps.db),
    teams: new TeamService(deps.db),
    boards: new BoardService(deps.db),
  };
}

export type Services = ReturnType<typeof createServices>;
