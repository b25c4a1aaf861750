/** Small, strict parsers for numeric flags: each error names the flag and the allowed range. */
import { UsageError } from './exit-codes';

export function intFlag(name: string, raw: string | undefined, fallback: number, min: number, max: number): number {
  if (raw === undefined) return fallback;
  const value = Number(raw);
  if (!Number.isInteger(value) || value < min || value > max) {
    throw new UsageError(`--${name} must be a whole number from ${min} to ${max}, got: ${raw}`);
  }
  return value;
}

export function unitFlag(name: string, raw: string | undefined): number | undefined {
  if (raw === undefined) return undefined;
  const value = Number(raw);
  if (raw.trim() === '' || !Number.isFinite(value) || value < 0 || value > 1) {
    throw new UsageError(`--${name} must be a number from 0 to 1 (0.85 means 85%), got: ${raw}`);
  }
  return value;
}
