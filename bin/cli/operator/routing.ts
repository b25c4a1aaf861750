/** How an alias routes, in words. */
import type { AliasRouting } from '../../../functions/ports/traffic-router';

/**
 * @example
 * describeRouting('live', { version: '1', additionalWeights: { '2': 0.05 } }); // 'alias live: 95% on version 1, 5% on version 2 (SPLIT)'
 * describeRouting('live', { version: '2', additionalWeights: {} });            // 'alias live at 100% on version 2'
 */
export function describeRouting(alias: string, routing: AliasRouting): string {
  const extra = Object.entries(routing.additionalWeights);
  if (extra.length === 0) return `alias ${alias} at 100% on version ${routing.version}`;
  const primary = 1 - extra.reduce((sum, [, w]) => sum + w, 0);
  const pct = (w: number) => `${Math.round(w * 1000) / 10}%`;
  return `alias ${alias}: ${pct(primary)} on version ${routing.version}, ${extra.map(([v, w]) => `${pct(w)} on version ${v}`).join(', ')} (split)`;
}
