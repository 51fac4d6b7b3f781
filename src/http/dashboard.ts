import fs from 'node:fs';
import path from 'node:path';
import type { FastifyInstance } from 'fastify';

/** The page's own files (copied beside the compiled code) and the charting library from its package. */
const UI_DIR = path.join(__dirname, 'ui');
const UPLOT_DIR = path.join(path.dirname(require.resolve('uplot/package.json')), 'dist');

const FILES: Record<string, { file: string; type: string }> = {
  '/': { file: path.join(UI_DIR, 'index.html'), type: 'text/html; charset=utf-8' },
  '/ui/app.js': { file: path.join(UI_DIR, 'app.js'), type: 'text/javascript; charset=utf-8' },
  '/ui/app.css': { file: path.join(UI_DIR, 'app.css'), type: 'text/css; charset=utf-8' },
  '/ui/uPlot.iife.min.js': { file: path.join(UPLOT_DIR, 'uPlot.iife.min.js'), type: 'text/javascript; charset=utf-8' },
  '/ui/uPlot.min.css': { file: path.join(UPLOT_DIR, 'uPlot.min.css'), type: 'text/css; charset=utf-8' },
};

/**
 * The dashboard: static files, no data in them (the page reads the API with the token it is
 * given), so they need none. Nothing is fetched from elsewhere, and the policy says so to the browser.
 */
export function registerDashboard(app: FastifyInstance): void {
  const loaded = Object.entries(FILES).map(([url, f]) => ({ url, type: f.type, body: fs.readFileSync(f.file) }));
  for (const { url, type, body } of loaded) {
    app.get(url, { schema: { hide: true } }, async (_req, reply) => reply
      .type(type)
      .header('cache-control', 'no-cache')
      .header('content-security-policy', "default-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; frame-ancestors 'none'")
      .header('x-content-type-options', 'nosniff')
      .send(body));
  }
}
