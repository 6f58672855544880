import { InputError } from '../../errors';

const SLUG = /^[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?$/;

export function slugFromName(name: string): string {
  const slug = name.normalize('NFKD').replace(/[\u0300-\u036f]/g, '').toLowerCase()
    .replace(/[^a-z0-9]+/g, '-').replace(/^-+|-+$/g, '').slice(0, 63).replace(/-+$/, '');
  return slug || 'org';
}

export function validateSlug(slug: string, field = 'input.slug'): string {
  if (!SLUG.test(slug)) {
    throw new InputError(field, 'must be 1 to 63 lowercase letters, digits or dashes, not starting or ending with a dash.');
  }
  return slug;
}
