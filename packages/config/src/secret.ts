import { z } from 'zod';

/**
 * A credential read from the configuration. It prints as `[secret]` in logs, JSON and string
 * interpolation; only `reveal()` gives the value, at the one place that sends it.
 */
export class SecretValue {
  readonly #value: string;

  constructor(value: string) {
    this.#value = value;
  }

  reveal(): string {
    return this.#value;
  }

  toString(): string {
    return '[secret]';
  }

  toJSON(): string {
    return '[secret]';
  }

  [Symbol.for('nodejs.util.inspect.custom')](): string {
    return 'SecretValue([secret])';
  }
}

/** A config string that holds a credential: parsed into a `SecretValue`. */
export const secretString = z
  .union([z.string().min(1), z.instanceof(SecretValue)])
  .transform((v) => (v instanceof SecretValue ? v : new SecretValue(v)));
