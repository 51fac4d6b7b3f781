import { describe, expect, it } from 'vitest';
import { domainKeyOf, normaliseAddress, normaliseDomain, normaliseTarget } from '../../src/util/address';

describe('address normalisation', () => {
  it.each([
    ['Foo.Bar@Example.COM', 'foo.bar@example.com'],
    ['<Foo.Bar@Example.COM>', 'foo.bar@example.com'],
    ['  a+tag@Sub.Example.org  ', 'a+tag@sub.example.org'],
    ['User@Bücher.DE', 'user@xn--bcher-kva.de'],
    ['"John Doe"@example.com', '"john doe"@example.com'],
    ['user@[192.0.2.1]', 'user@[192.0.2.1]'],
  ])('%s -> %s', (input, key) => {
    expect(normaliseAddress(input).key).toBe(key);
  });

  it('keeps the local part as is when configured case-sensitive', () => {
    expect(normaliseAddress('Foo@EXAMPLE.com', { caseSensitiveLocalPart: true }).key).toBe('Foo@example.com');
  });

  it('gives the same key on the fast path and through the RFC 5321 parser', () => {
    // The quoted form forces the grammar parser; both must agree on the domain handling.
    expect(normaliseAddress('"x"@Example.com').domain).toBe(normaliseAddress('x@Example.com').domain);
  });

  it.each(['', 'plain', 'a@', '@', 'a@@b.com', 'a b@example.com', 'a@exa mple.com', `${'x'.repeat(65)}@example.com`])(
    'rejects %j with an Error naming the input',
    (input) => {
      expect(() => normaliseAddress(input)).toThrow(/not an address/);
    },
  );

  it('reads @domain as a whole-domain target, and refuses a bare word', () => {
    expect(normaliseTarget('@Example.COM')).toEqual({ kind: 'domain', key: '@example.com', local: null, domain: 'example.com' });
    expect(normaliseTarget('@bücher.de.').key).toBe('@xn--bcher-kva.de');
    expect(() => normaliseTarget('example.com')).toThrow(/write @domain for a whole domain/);
    expect(normaliseTarget('A@Example.com')).toMatchObject({ kind: 'address', key: 'a@example.com', local: 'a' });
  });

  it('rejects a domain that is not one', () => {
    expect(() => normaliseDomain('exa mple.com')).toThrow(/not a domain/);
    expect(() => normaliseDomain('-bad-.com')).toThrow(/not a domain/);
  });

  it('finds the domain key of an address key', () => {
    expect(domainKeyOf('a@example.com')).toBe('@example.com');
    expect(domainKeyOf('"a@b"@example.com')).toBe('@example.com');
  });
});
