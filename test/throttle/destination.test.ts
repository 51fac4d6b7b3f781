import { describe, expect, it } from 'vitest';
import { parseThrottleConfig } from '../../src/throttle/config';
import { destinationFromKey, destinationOf } from '../../src/throttle/destination';

const config = parseThrottleConfig({
  'throttle.provider.google': { floor: '10/m' },
  'throttle.domain.bigcustomer.com': { floor: '1/s' },
});

describe('destinationOf', () => {
  it('groups every domain whose MX is at one provider under one pace', () => {
    const a = destinationOf({ recipientDomain: 'gmail.com', mx: 'gmail-smtp-in.l.google.com' }, config);
    const b = destinationOf({ recipientDomain: 'Startup.IO', mx: 'ASPMX.L.GOOGLE.COM.' }, config);
    expect(a.key).toBe('provider:google');
    expect(b.key).toBe('provider:google');
    expect(b.settings.floor).toBeCloseTo(10 / 60);
    const m = destinationOf({ recipientDomain: 'contoso.com', mx: 'contoso-com.mail.protection.outlook.com' }, config);
    expect(m.key).toBe('provider:microsoft');
  });

  it('falls back to the recipient domain, normalised, when the MX is unknown or missing', () => {
    expect(destinationOf({ recipientDomain: 'Example.ORG.', mx: 'mx1.example.org' }, config).key).toBe('domain:example.org');
    expect(destinationOf({ recipientDomain: 'example.org' }, config).key).toBe('domain:example.org');
    expect(destinationOf({ recipientDomain: 'example.org', mx: null }, config).settings).toEqual(config.defaults);
  });

  it('paces a domain with its own section on its own, over its provider\'s settings', () => {
    const d = destinationOf({ recipientDomain: 'bigcustomer.com', mx: 'aspmx.l.google.com' }, config);
    expect(d).toMatchObject({ key: 'domain:bigcustomer.com', provider: 'google', domain: 'bigcustomer.com' });
    expect(d.settings.floor).toBe(1);
  });
});

describe('destinationFromKey', () => {
  it('rebuilds what a stored key says', () => {
    expect(destinationFromKey('provider:google', config)).toMatchObject({ provider: 'google', domain: null });
    expect(destinationFromKey('domain:bigcustomer.com', config).settings.floor).toBe(1);
  });

  it('refuses a key that is not a destination', () => {
    expect(() => destinationFromKey('google', config)).toThrow(/not a throttle destination key: "google"/);
  });
});
