import { afterEach, describe, expect, it } from 'vitest';
import { BounceguardMetrics, parseMetricsConfig, startMetricsServer, type MetricsServer } from '../../src/metrics';

describe('BounceguardMetrics', () => {
  it('counts outcomes by kind, reason and rule, and policy actions', async () => {
    const m = new BounceguardMetrics();
    m.outcomeRecorded('bounce', { reason: 'userunknown', rule: 'text.user-unknown' }, 'suppressed');
    m.outcomeRecorded('bounce', { reason: 'userunknown', rule: 'text.user-unknown' }, 'suppressed');
    m.outcomeRecorded('deferred', { reason: 'mailboxfull', rule: 'text.mailbox-full' }, 'counted');
    m.recipientRefused('rcpt', 'userunknown');
    m.storeUnavailable('check');
    m.paceChanged('cut');
    m.messageHeld();
    m.throttleDeferralRetried();
    const text = await m.registry.metrics();
    expect(text).toContain('bounceguard_outcomes_total{kind="bounce",reason="userunknown",rule="text.user-unknown"} 2');
    expect(text).toContain('bounceguard_outcomes_total{kind="deferred",reason="mailboxfull",rule="text.mailbox-full"} 1');
    expect(text).toContain('bounceguard_suppression_actions_total{action="suppressed"} 2');
    expect(text).toContain('bounceguard_refused_total{stage="rcpt",reason="userunknown"} 1');
    expect(text).toContain('bounceguard_store_unavailable_total{operation="check"} 1');
    expect(text).toContain('bounceguard_throttle_changes_total{kind="cut"} 1');
    expect(text).toContain('bounceguard_throttle_holds_total 1');
    expect(text).toContain('bounceguard_throttle_deferrals_total 1');
  });

  it('keeps each instance to its own registry', async () => {
    const a = new BounceguardMetrics();
    const b = new BounceguardMetrics();
    a.messageHeld();
    expect(await b.registry.metrics()).toContain('bounceguard_throttle_holds_total 0');
  });
});

describe('metrics config', () => {
  it('is off by default, on 127.0.0.1:9464/metrics', () => {
    expect(parseMetricsConfig({})).toEqual({ enabled: false, host: '127.0.0.1', port: 9464, path: '/metrics' });
    expect(parseMetricsConfig({ metrics: { enabled: 'true', listen: '[::1]:0', path: '/m' } })).toEqual({ enabled: true, host: '::1', port: 0, path: '/m' });
  });

  it.each<[Record<string, unknown>, RegExp]>([
    [{ listen: '9464' }, /^config\/bounceguard-metrics\.ini \[metrics\] listen=9464: must be host:port/],
    [{ listen: '127.0.0.1:70000' }, /listen=127.0.0.1:70000: port 70000 is above 65535/],
    [{ path: 'metrics' }, /\[metrics\] path=metrics: must start with '\/'/],
    [{ enabled: 'sometimes' }, /\[metrics\] enabled=sometimes: must be true or false/],
    [{ port: 9464 }, /\[metrics\] port=9464: unknown key/],
  ])('names the file, section and key of %j', (section, message) => {
    expect(() => parseMetricsConfig({ metrics: section })).toThrow(message);
  });
});

describe('startMetricsServer', () => {
  let server: MetricsServer | undefined;
  afterEach(async () => server?.close());

  it('serves the collected text at its path, 404 elsewhere, 500 when collecting fails', async () => {
    let fail = false;
    server = await startMetricsServer({ host: '127.0.0.1', port: 0, path: '/metrics' }, async () => {
      if (fail) throw new Error('workers did not answer');
      return { contentType: 'text/plain; version=0.0.4', body: 'bounceguard_throttle_holds_total 3\n' };
    });
    expect(server.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/metrics$/);
    const ok = await fetch(server.url);
    expect(ok.status).toBe(200);
    expect(ok.headers.get('content-type')).toBe('text/plain; version=0.0.4');
    expect(await ok.text()).toBe('bounceguard_throttle_holds_total 3\n');
    expect((await fetch(server.url.replace('/metrics', '/other'))).status).toBe(404);
    fail = true;
    const failed = await fetch(server.url);
    expect(failed.status).toBe(500);
    expect(await failed.text()).toMatch(/workers did not answer/);
  });

  it('rejects a port it cannot listen on', async () => {
    server = await startMetricsServer({ host: '127.0.0.1', port: 0, path: '/metrics' }, async () => ({ contentType: 'text/plain', body: '' }));
    const port = Number(new URL(server.url).port);
    await expect(startMetricsServer({ host: '127.0.0.1', port, path: '/metrics' }, async () => ({ contentType: 'text/plain', body: '' })))
      .rejects.toThrow(/EADDRINUSE/);
  });
});
