/** Entry point for the TypeORM CLI (`npm run typeorm -- migration:generate ...`); needs DATABASE_URL. */
import { loadConfig } from '../config';
import { createDataSource } from './data-source';

const { databaseUrl } = loadConfig();
if (!databaseUrl) throw new Error('DATABASE_URL must be set to use the TypeORM CLI.');
export default createDataSource({ url: databaseUrl });
