import { InputError } from '../errors';
import { isUuid } from './ids';

/** Input checks shared by the services; each error names the field (a path such as "input.name"). */
export function validateName(name: string, field: string, max = 200): string {
  const trimmed = name.trim();
  if (!trimmed) throw new InputError(field, 'must not be empty.');
  if (trimmed.length > max) throw new InputError(field, `must be at most ${max} characters long.`);
  return trimmed;
}

export function validateUserId(userId: string, field = 'input.userId'): string {
  if (!isUuid(userId)) throw new InputError(field, 'is not a user id.');
  return userId;
}
