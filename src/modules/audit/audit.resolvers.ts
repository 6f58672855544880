import { pageOf } from '../../common/resolve';
import type { Resolvers } from '../../generated/graphql';
import { readAuditLog } from './audit.loaders';

export const auditResolvers: Resolvers = {
  Organization: {
    auditLog: (org, args, ctx) => readAuditLog(ctx.db, { orgId: org.id }, pageOf(args, ctx), args.filter ?? {}),
  },
  Project: {
    auditLog: (p, args, ctx) => readAuditLog(ctx.db, { projectId: p.id }, pageOf(args, ctx), args.filter ?? {}),
  },
  AuditEvent: {
    actor: (e, _a, ctx) => (e.actorId ? ctx.loaders.userById.load(e.actorId) : null),
  },
};
