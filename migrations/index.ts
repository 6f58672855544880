/** Every migration, in order. A new migration is added here as well as in its own file. */
import { InitialSchema1764800000000 } from './1764800000000-InitialSchema';

export const MIGRATIONS = [InitialSchema1764800000000];
