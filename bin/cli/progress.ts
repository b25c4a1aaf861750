import type { CliIo } from './io';

/** A progress line on an interactive terminal (rewritten in place, at most ten times a second); silent otherwise. */
export function progressReporter(io: CliIo, label: string): { update(done: number, total: number): void; end(): void } {
  if (!io.interactive) return { update: () => undefined, end: () => undefined };
  let last = 0;
  let shown = false;
  return {
    update(done, total) {
      const now = Date.now();
      if (done < total && now - last < 100) return;
      last = now;
      shown = true;
      io.stderr(`\r${label} ${done}/${total} runs (${Math.floor((done / total) * 100)}%)`);
    },
    end() {
      if (shown) io.stderr('\r\x1b[2K');
    },
  };
}
