/** A setting is missing or invalid: the message names every problem found. */
export class ConfigError extends Error {
  override name = 'ConfigError';
}
