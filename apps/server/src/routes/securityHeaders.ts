import type { IncomingMessage } from 'node:http'

const HOST_RE = /^(?:[A-Za-z0-9.-]{1,253}|\[[0-9A-Fa-f:.]{2,45}\])(?::\d{1,5})?$/

/** True for a `Host` header that is a plain name or address with an optional port. */
export function isPlainHost(host: string): boolean {
  return HOST_RE.test(host)
}

/**
 * Content-Security-Policy of every response. The built web app is one module script and
 * stylesheets of its own origin (Vite emits no inline script or style), so scripts and styles
 * come from `'self'` only and nothing inline runs: a cell's text can never become code. The
 * sync connection is WebSocket or long-polling to this same origin; `ws(s)://<host>` is listed
 * besides `'self'` for browsers whose `'self'` does not cover WebSocket schemes.
 */
export function contentSecurityPolicy(): Record<
  string,
  Array<string | ((req: IncomingMessage) => string)>
> {
  const sameHostSocket = (scheme: 'ws' | 'wss') => (req: IncomingMessage) => {
    const host = req.headers.host ?? ''
    return isPlainHost(host) ? `${scheme}://${host}` : "'self'"
  }
  return {
    defaultSrc: ["'self'"],
    scriptSrc: ["'self'"],
    styleSrc: ["'self'"],
    imgSrc: ["'self'", 'data:'],
    fontSrc: ["'self'"],
    connectSrc: ["'self'", sameHostSocket('ws'), sameHostSocket('wss')],
    objectSrc: ["'none'"],
    baseUri: ["'self'"],
    formAction: ["'self'"],
    frameAncestors: ["'none'"],
  }
}
