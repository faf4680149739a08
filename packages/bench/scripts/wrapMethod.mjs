/**
 * Wraps `proto[name]` so that `before` runs with the call's arguments before it and `after`
 * with the arguments and the result after it (both with the call's `this`). For the timing
 * preloads (`updatePathTimeline.mjs`, `propagationMarks.mjs`); nothing here ships with the
 * server.
 */
export function wrapMethod(proto, name, before, after) {
  const original = proto[name]
  proto[name] = function (...args) {
    before?.call(this, args)
    const result = original.apply(this, args)
    after?.call(this, args, result)
    return result
  }
}
