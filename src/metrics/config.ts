import { z } from 'zod';
import { METRICS_FILE } from '../config/files';
import { ConfigError, iniBoolean, parseSection } from '../config/schema';

const metricsSection = z.object({
  enabled: iniBoolean.default(false),
  // A bare port is a number to Haraka's reader: say what is wrong with it, not that it is no text.
  listen: z.union([z.string(), z.number()]).transform(String).pipe(z.string().regex(/^(\[[0-9a-fA-F:.]+\]|[^\s:[\]]+):\d{1,5}$/, "must be host:port, e.g. '127.0.0.1:9464' or '[::1]:9464'")).default('127.0.0.1:9464'),
  path: z.string().regex(/^\/\S*$/, "must start with '/'").default('/metrics'),
}).strict();

export interface MetricsConfig {
  enabled: boolean;
  host: string;
  /** 0: a free port, chosen by the OS (logged). */
  port: number;
  path: string;
}

/** Validates `[metrics]` of bounceguard-metrics.ini. */
export function parseMetricsConfig(ini: Record<string, unknown>): MetricsConfig {
  const { enabled, listen, path } = parseSection(metricsSection, ini.metrics, METRICS_FILE, 'metrics');
  const colon = listen.lastIndexOf(':');
  const port = Number(listen.slice(colon + 1));
  if (port > 65_535) {
    throw new ConfigError([{ file: METRICS_FILE, section: 'metrics', key: 'listen', value: listen, problem: `port ${port} is above 65535` }]);
  }
  return { enabled, host: listen.slice(0, colon).replace(/^\[(.*)\]$/, '$1'), port, path };
}
