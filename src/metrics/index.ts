export { BounceguardMetrics } from './metrics';
export { parseMetricsConfig, METRICS_INI_FILE, METRICS_INI_BOOLEANS, type MetricsConfig } from './config';
export { startMetricsServer, type MetricsServer } from './server';
