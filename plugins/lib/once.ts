/**
 * next() at most once. A hook answers from a promise's result handler; if that handler throws after
 * answering, the catch that follows must not answer again, and if it throws before, the catch must
 * still answer: Haraka hangs on a hook that never calls next() and misbehaves on one that calls twice.
 */
export function once(next: Haraka.Next): Haraka.Next {
  let called = false;
  return (...args) => {
    if (called) return;
    called = true;
    next(...args);
  };
}
