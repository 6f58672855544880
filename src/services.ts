import type { DataSource } from 'typeorm';
import type { Config } from './config';
import type { Logger } from './logger';
import { OrganizationService } from './modules/organizations/organization.service';

/** What services are built from, once per process. */
export interface ServiceDeps {
  db: DataSource;
  config: Config;
  log: Logger;
}

/** The services that hold the business rules; resolvers call these and nothing else to change data. */
export function createServices(deps: ServiceDeps) {
  return {
    organizations: new OrganizationService(deps.db),
  };
}

export type Services = ReturnType<typeof createServices>;
