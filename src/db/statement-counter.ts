import type { Logger as TypeOrmLogger } from 'typeorm';
import type { Logger } from '../logger';

/**
 * TypeORM logger that counts every SQL statement sent, so tests can assert a statement budget (no N+1) and the
 * benchmark can report statements per request. Slow queries and errors go to the application log.
 */
export class StatementCounter implements TypeOrmLogger {
  count = 0;

  constructor(private readonly appLog?: Logger) {}

  logQuery(): void {
    this.count += 1;
  }
  logQueryError(error: string | Error, query: string): void {
    this.appLog?.debug({ err: error, query }, 'query failed');
  }
  logQuerySlow(time: number, query: string): void {
    this.appLog?.warn({ time, query }, 'slow query');
  }
  logSchemaBuild(): void {}
  logMigration(message: string): void {
    this.appLog?.info(message);
  }
  log(level: 'log' | 'info' | 'warn', message: unknown): void {
    if (level === 'warn') this.appLog?.warn(String(message));
  }
}
