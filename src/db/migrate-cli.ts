import { getConfig } from '../config';
import { applyMigrations } from './migrate';

const applied = await applyMigrations(getConfig().databaseUrl);
console.log(applied.length > 0 ? `Applied ${applied.join(', ')}` : 'Database schema is up to date.');
