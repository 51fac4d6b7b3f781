import { z } from 'zod';
import { iniBoolean } from '../store/config';

export const METRICS_INI_FILE = 'bounceguard-metrics.ini';
export const METRICS_INI_BOOLEANS = ['-metrics.enabled'];

const metricsSection = z.object({
  enabled: iniBoolean.default(false),
  listen: z.string().regex(/^(\[[0-9a-fA-F:.]+\]|[^\s:[\]]+):\d{1,5}$/, "must be host:port, e.g. '127.0.0.1:9464' or '[::1]:9464'").default('127.0.0.1:9464'),
  path: z.string().regex(/^\/\S*$/, "must start with '/'").default('/metrics'),
}).strict();

export interface MetricsConfig {
  enabled: boolean;
  host: string;
  /** 0: a free port, chosen by the OS (logged). */
  port: number;
  path: string;
}

/** Validates `[metrics]`; the error names the file, section and key. */
export function parseMetricsConfig(ini: Record<string, unknown>): MetricsConfig {
  const result = metricsSection.safeParse(ini.metrics ?? {});
  if (!result.success) {
    const problems = result.error.issues.map((i) => `[metrics] ${i.path.join('.') || 'section'}: ${i.message}`);
    throw new Error(`${METRICS_INI_FILE}: ${problems.join('; ')}`);
  }
  const { enabled, listen, path } = result.data;
  const colon = listen.lastIndexOf(':');
  const port = Number(listen.slice(colon + 1));
  if (port > 65_535) throw new Error(`${METRICS_INI_FILE}: [metrics] listen: port ${port} is above 65535`);
  return { enabled, host: listen.slice(0, colon).replace(/^\[(.*)\]$/, '$1'), port, path };
}
