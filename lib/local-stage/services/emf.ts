/**
 * CloudWatch Embedded Metric Format: the JSON log lines Powertools Metrics writes, which CloudWatch Logs turns
 * into metrics. `_aws.CloudWatchMetrics` lists directives; each names a namespace, dimension sets (the keys of
 * top-level members holding the dimension values) and metrics (top-level members holding a number or an array of
 * numbers). One datapoint per value, dimension set and metric. Like CloudWatch, a line or a part of it that is not
 * valid EMF yields no metrics rather than an error: a log line is not a request that can be refused.
 */

export interface EmfMetric {
  readonly namespace: string;
  readonly name: string;
  readonly unit?: string;
  readonly dimensions: Readonly<Record<string, string>>;
  readonly values: readonly number[];
}

interface Directive {
  readonly Namespace?: unknown;
  readonly Dimensions?: unknown;
  readonly Metrics?: unknown;
}

const isObject = (value: unknown): value is Record<string, unknown> => typeof value === 'object' && value !== null && !Array.isArray(value);

/**
 * @example
 * parseEmf('{"_aws":{"Timestamp":0,"CloudWatchMetrics":[{"Namespace":"Evalgate","Dimensions":[["service"]],"Metrics":[{"Name":"LiveEvalPass","Unit":"Count"}]}]},"service":"s","LiveEvalPass":1}');
 * // [{ namespace: 'Evalgate', name: 'LiveEvalPass', unit: 'Count', dimensions: { service: 's' }, values: [1] }]
 */
export function parseEmf(line: string): EmfMetric[] {
  if (!line.trimStart().startsWith('{')) return [];
  let root: unknown;
  try {
    root = JSON.parse(line);
  } catch {
    return [];
  }
  if (!isObject(root) || !isObject(root._aws) || !Array.isArray(root._aws.CloudWatchMetrics)) return [];
  return (root._aws.CloudWatchMetrics as unknown[]).filter(isObject).flatMap((directive) => fromDirective(directive as Directive, root));
}

function fromDirective(directive: Directive, root: Record<string, unknown>): EmfMetric[] {
  if (typeof directive.Namespace !== 'string' || !Array.isArray(directive.Dimensions) || !Array.isArray(directive.Metrics)) return [];
  const namespace = directive.Namespace;
  const dimensionSets = directive.Dimensions.flatMap((set) => dimensionsOf(set, root));
  return directive.Metrics.filter(isObject).flatMap((metric) => {
    if (typeof metric.Name !== 'string') return [];
    const values = valuesOf(root[metric.Name]);
    if (values.length === 0) return [];
    const unit = typeof metric.Unit === 'string' ? { unit: metric.Unit } : {};
    return dimensionSets.map((dimensions) => ({ namespace, name: metric.Name as string, ...unit, dimensions, values }));
  });
}

/** A dimension set whose every key has a string value at the top level; none otherwise. */
function dimensionsOf(set: unknown, root: Record<string, unknown>): Array<Record<string, string>> {
  if (!Array.isArray(set)) return [];
  const entries = set.map((key) => [key, typeof key === 'string' ? root[key] : undefined] as const);
  if (entries.some(([, value]) => typeof value !== 'string')) return [];
  return [Object.fromEntries(entries)];
}

function valuesOf(value: unknown): number[] {
  const values = Array.isArray(value) ? value : [value];
  return values.every((v) => typeof v === 'number' && Number.isFinite(v)) ? (values as number[]) : [];
}
