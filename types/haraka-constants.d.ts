/** Haraka's hook return codes (haraka-constants ships no types); the names are Haraka's, in lower case. */
declare module 'haraka-constants' {
  export const cont: number;
  export const stop: number;
  export const deny: number;
  export const denysoft: number;
  export const denydisconnect: number;
  export const disconnect: number;
  export const ok: number;
  export const next_hook: number;
  export const delay: number;
  export const denysoftdisconnect: number;
}
