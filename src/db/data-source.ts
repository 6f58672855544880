import 'reflect-metadata';
import { DataSource } from 'typeorm';
import { MIGRATIONS } from '../../migrations';
import { ENTITIES } from './entities';
import { StatementCounter } from './statement-counter';

export interface DataSourceOptions {
  url: string;
  poolSize?: number;
  statements?: StatementCounter;
}

/** The one way the application, the tests and the TypeORM CLI connect. `synchronize` stays off: migrations own the schema. */
export function createDataSource({ url, poolSize = 10, statements }: DataSourceOptions): DataSource {
  return new DataSource({
    type: 'postgres',
    url,
    entities: ENTITIES,
    migrations: MIGRATIONS,
    migrationsTableName: 'migrations',
    synchronize: false,
    logger: statements ?? new StatementCounter(),
    maxQueryExecutionTime: 500,
    extra: { max: poolSize },
  });
}
