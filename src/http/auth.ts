import { createHash, timingSafeEqual } from 'node:crypto';
import type { HttpToken, Scope } from './config';

/** Who made a request: a token's name, or `loopback` when no token is configured. */
export interface Caller {
  name: string;
  scope: Scope;
}

export type AuthResult = { ok: true; caller: Caller } | { ok: false; status: 401 | 403; message: string };

const digest = (s: string) => createHash('sha256').update(s).digest();

/**
 * Bearer tokens, compared in constant time: every configured token is compared (no early exit),
 * over digests of equal length, so neither a secret's content nor its length leaks through timing.
 */
export class TokenAuth {
  private readonly tokens: { token: HttpToken; digest: Buffer }[];

  constructor(tokens: HttpToken[]) {
    this.tokens = tokens.map((token) => ({ token, digest: digest(token.secret) }));
  }

  /** No token configured: the config allows that on loopback only, where callers are this machine's. */
  get open(): boolean {
    return this.tokens.length === 0;
  }

  check(authorization: string | undefined, needs: Scope): AuthResult {
    if (this.open) return { ok: true, caller: { name: 'loopback', scope: 'rw' } };
    const m = /^Bearer\s+(\S+)\s*$/i.exec(authorization ?? '');
    if (!m) return { ok: false, status: 401, message: 'a bearer token is required (Authorization: Bearer TOKEN)' };
    const given = digest(m[1]);
    let found: HttpToken | null = null;
    for (const t of this.tokens) if (timingSafeEqual(t.digest, given)) found = t.token;
    if (!found) return { ok: false, status: 401, message: 'unknown token' };
    if (needs === 'rw' && found.scope !== 'rw') return { ok: false, status: 403, message: `token "${found.name}" is read-only` };
    return { ok: true, caller: { name: found.name, scope: found.scope } };
  }
}
