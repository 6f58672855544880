import type { Context } from '../context';
import { parsePage, type PageArgs, type Page } from './pagination';

/** Page arguments of a connection field, validated against the configured maximum page size. */
export const pageOf = (args: PageArgs, ctx: Context): Page => parsePage(args, ctx.config.graphql.maxPageSize);

/** Loads a required relation; a missing row here means the data changed under the request. */
export async function required<T>(value: Promise<T | null>, what: string): Promise<T> {
  const v = await value;
  if (v === null || v === undefined) throw new Error(`${what} vanished while the request was running.`);
  return v;
}
