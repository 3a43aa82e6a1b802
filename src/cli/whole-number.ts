import { SpecInvalid } from '../errors.js';

/** A whole-number option (`--concurrency`, `--limit`) within bounds, or invalid input (exit 3) naming it. */
export function wholeNumber(value: unknown, option: string, min: number, max: number): number {
  // Digits only: Number() would also take `1e3`, `0x10` or ` 7 `, which nobody means as a count.
  const n = typeof value === 'number' || /^[0-9]+$/.test(String(value)) ? Number(value) : NaN;
  if (!Number.isInteger(n) || n < min || n > max)
    throw new SpecInvalid(`${option} must be a whole number from ${min} to ${max}, got ${JSON.stringify(value)}`);
  return n;
}
