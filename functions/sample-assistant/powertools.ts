/**
 * Powertools setup shared by the Lambda functions. Factories rather than module singletons: each handler builds
 * its own instances at cold start, so a module cached across worker threads never holds a stale configuration.
 */
import { Logger } from '@aws-lambda-powertools/logger';
import { Metrics } from '@aws-lambda-powertools/metrics';

export const SERVICE_NAME = 'evalgate-assistant';
export const METRICS_NAMESPACE = 'Evalgate';

/**
 * @example
 * const logger = createLogger();
 * logger.info('answered', { intent: 'summarize', outputChars: 42 });
 */
export const createLogger = (): Logger => new Logger({ serviceName: SERVICE_NAME });

/**
 * @example
 * const metrics = createMetrics();
 * metrics.addMetric('ModelLatency', MetricUnit.Milliseconds, 310);
 */
export const createMetrics = (): Metrics => new Metrics({ namespace: METRICS_NAMESPACE, serviceName: SERVICE_NAME });
