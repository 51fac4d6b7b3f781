import { z } from 'zod';
import { DEFAULT_MAX_BYTES } from '../dsn';
import { INBOUND_FILE } from '../config/files';
import { iniBoolean, parseSection } from '../config/schema';

export interface InboundConfig {
  /** false: a return path with a missing or bad signature is accepted and dropped instead of refused. */
  rejectUnsigned: boolean;
  /** Lower-cased addresses that take bounces without a signature: only recorded messages count there. */
  bounceAddresses: ReadonlySet<string>;
  /** Lower-cased feedback-loop addresses (ARF complaints). */
  feedbackAddresses: ReadonlySet<string>;
  /** Where a copy goes: an address, `sender` (the original sender a signature names), or null (consumed). */
  forwardTo: string | null;
  maxBytes: number;
}

const addresses = z
  .union([z.string(), z.array(z.string())])
  .transform((v) => (Array.isArray(v) ? v : v.split(/[\s,]+/)).map((s) => s.trim().toLowerCase()).filter(Boolean))
  .pipe(z.array(z.string().regex(/^[^@\s]+@[^@\s]+$/, 'an address local@domain')));

const mainSection = z.object({
  reject_unsigned: iniBoolean.default(true),
  bounce_addresses: addresses.default([]),
  feedback_addresses: addresses.default([]),
  forward_to: z.string().trim().regex(/^(sender|[^@\s]+@[^@\s]+)?$/, 'an address, or sender').default(''),
  max_bytes: z.number().int().positive().default(DEFAULT_MAX_BYTES),
}).strict();

/** Validates bounceguard-inbound.ini. */
export function parseInboundConfig(ini: Record<string, unknown>): InboundConfig {
  const m = parseSection(mainSection, ini.main, INBOUND_FILE, 'main');
  return {
    rejectUnsigned: m.reject_unsigned,
    bounceAddresses: new Set(m.bounce_addresses),
    feedbackAddresses: new Set(m.feedback_addresses),
    forwardTo: m.forward_to || null,
    maxBytes: m.max_bytes,
  };
}
