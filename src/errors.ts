import { GraphQLError } from 'graphql';

/**
 * Every error a caller is meant to handle has a code here and a class below. Anything else that escapes a
 * resolver is unexpected: formatError logs it and answers INTERNAL_SERVER_ERROR without details.
 */
export enum ErrorCode {
  UNAUTHENTICATED = 'UNAUTHENTICATED',
  FORBIDDEN = 'FORBIDDEN',
  NOT_FOUND = 'NOT_FOUND',
  BAD_USER_INPUT = 'BAD_USER_INPUT',
  CONFLICT = 'CONFLICT',
  LAST_OWNER = 'LAST_OWNER',
  PLAN_LIMIT_EXCEEDED = 'PLAN_LIMIT_EXCEEDED',
  PAYMENT_METHOD_REQUIRED = 'PAYMENT_METHOD_REQUIRED',
  INVITATION_INVALID = 'INVITATION_INVALID',
  QUERY_TOO_COMPLEX = 'QUERY_TOO_COMPLEX',
  INTERNAL_SERVER_ERROR = 'INTERNAL_SERVER_ERROR',
}

/** A deliberate error: its code and message reach the client as they are. */
export class AppError extends GraphQLError {
  constructor(code: ErrorCode, message: string, extensions: Record<string, unknown> = {}) {
    super(message, { extensions: { ...extensions, code } });
    this.name = 'AppError';
  }
}

export class UnauthenticatedError extends AppError {
  constructor(reason = 'Sign in to use this field.') {
    super(ErrorCode.UNAUTHENTICATED, reason);
  }
}

/** The viewer can see the resource but lacks `permission` on it. */
export class ForbiddenError extends AppError {
  constructor(permission: string, resource: { type: string; id: string }, message?: string) {
    super(
      ErrorCode.FORBIDDEN,
      message ?? `You need the "${permission}" permission on ${resource.type.toLowerCase()} "${resource.id}".`,
      { permission, resource },
    );
  }
}

/** Also what a caller gets for something that exists but that they may not know about. */
export class NotFoundError extends AppError {
  constructor(type: string, id: string) {
    super(ErrorCode.NOT_FOUND, `No ${type.toLowerCase()} "${id}" was found.`, { resource: { type, id } });
  }
}

/** Bad input: names the field (a path such as "input.email") and what is wrong with it. */
export class InputError extends AppError {
  constructor(field: string, problem: string) {
    super(ErrorCode.BAD_USER_INPUT, `"${field}" ${problem}`, { field });
  }
}

export class ConflictError extends AppError {
  constructor(message: string, extensions: Record<string, unknown> = {}, code = ErrorCode.CONFLICT) {
    super(code, message, extensions);
  }
}

export const isAppError = (e: unknown): e is AppError =>
  e instanceof GraphQLError && typeof e.extensions?.code === 'string' && e.extensions.code in ErrorCode;
