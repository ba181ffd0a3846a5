// Record ids: random UUIDs, never counters, so that backups and merged work never collide.
import type { Id } from '$model';

export const newId = (): Id => crypto.randomUUID();
