import { z } from 'zod';

/** An optional setting whose empty value (as `${VAR:-}` in a compose file passes it) counts as unset. */
export function unsetWhenEmpty<T extends z.ZodType>(schema: T) {
  return z.preprocess((value) => (value === '' ? undefined : value), schema.optional());
}
