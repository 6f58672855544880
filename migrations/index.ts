/** Every migration, in order. A new migration is added here as well as in its own file. */
import { InitialSchema1764800000000 } from './1764800000000-InitialSchema';
import { LegacyImport1764900000000 } from './1764900000000-LegacyImport';
import { BenchmarkIndexes1765000000000 } from './1765000000000-BenchmarkIndexes';
import { FlatQueries1765100000000 } from './1765100000000-FlatQueries';

export const MIGRATIONS = [
  InitialSchema1764800000000, LegacyImport1764900000000, BenchmarkIndexes1765000000000, FlatQueries1765100000000,
];
