export { BounceguardMetrics } from './metrics';
export { parseMetricsConfig, type MetricsConfig } from './config';
export { startMetricsServer, type MetricsServer } from './server';
