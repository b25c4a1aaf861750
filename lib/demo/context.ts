/** The demo app's context keys (`cdk synth -c KEY=VALUE`, `evalgate simulate -c KEY=VALUE`). */

/** The prompt bundle the assistant is built with (`-c lumen:promptBundle=2024-10`). */
export const PROMPT_BUNDLE_CONTEXT = 'lumen:promptBundle';
/** The canary's bake per step, in minutes (default 30): the end-to-end tests bake for 5. */
export const BAKE_MINUTES_CONTEXT = 'lumen:bakeMinutes';
