/** The CLI's exit codes, as documented in the README. */
export const EXIT = {
  pass: 0,
  blocked: 1,
  usage: 2,
  tooManyErrors: 3,
  internal: 4,
} as const;

export type ExitCode = (typeof EXIT)[keyof typeof EXIT];

/** A mistake in the command line: says what was given and what is allowed. Exit code 2. */
export class UsageError extends Error {
  override readonly name = 'UsageError';
}
