/**
 * The slice of Haraka 3.3's plugin API that bounceguard's adapters use. Haraka ships no types; these
 * are written from its source (plugins.js, outbound/hmail.js, connection.js) and checked by the e2e tests.
 */
declare namespace Haraka {
  type Next = (code?: number, msg?: string | number | string[]) => void;

  interface ConfigGetter {
    get(name: string, type: 'ini', opts?: { booleans?: string[] }, cb?: () => void): Record<string, unknown>;
    get(name: string, type: 'ini', cb?: () => void): Record<string, unknown>;
    get(name: string, type?: 'value' | 'list' | 'data' | 'json'): unknown;
  }

  interface Logger {
    logdebug(...args: unknown[]): void;
    loginfo(...args: unknown[]): void;
    lognotice(...args: unknown[]): void;
    logwarn(...args: unknown[]): void;
    logerror(...args: unknown[]): void;
    logcrit(...args: unknown[]): void;
  }

  interface Plugin extends Logger {
    name: string;
    config: ConfigGetter;
    register_hook(hook: string, method: string, priority?: number): void;
    [key: string]: unknown;
  }

  /** An envelope address (address-rfc2821), with the DSN fields Haraka's outbound sets. */
  interface Address {
    user: string | null;
    host: string | null;
    /** A method in some address-rfc2821 versions, a string property in others. */
    address: string | (() => string);
    original?: string;
    reason?: string;
    dsn_action?: string;
    dsn_status?: string;
    dsn_code?: number | string;
    dsn_msg?: string;
    dsn_smtp_code?: string | number;
    dsn_smtp_extc?: string;
    dsn_smtp_response?: string;
    dsn_remote_mta?: string;
  }

  interface Todo {
    uuid: string;
    queue_time: number;
    domain: string;
    mail_from: Address;
    rcpt_to: Address[];
    notes: Record<string, unknown>;
  }

  interface HMailItem extends Logger {
    todo?: Todo;
    num_failures: number;
    filename: string;
  }

  interface DeferredParams {
    delay: number;
    err: unknown;
    fail_recips?: Address[];
    mx?: { exchange?: string };
  }

  interface Transaction {
    uuid: string;
    mail_from: Address;
    rcpt_to: Address[];
    notes: Record<string, unknown>;
    /** The message header (after DATA). */
    header: { get(name: string): string };
  }

  interface Connection extends Logger {
    uuid: string;
    relaying: boolean;
    remote: { ip: string };
    transaction?: Transaction;
  }
}
