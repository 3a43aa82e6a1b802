import { SpecInvalid } from '../errors.js';

/** A whole-number option (`--concurrency`, `--limit`) within bounds, or invalid input (exit 3) naming it. */
export function wholeNumber(value: unknown, option: string, min: number, max: number): number {
  const n = Number(value);
  if (!Number.isInteger(n) || n < min || n > max)
    throw new SpecInvalid(`${option} must be a whole number from ${min} to ${max}, got ${JSON.stringify(value)}`);
  return n;
}
