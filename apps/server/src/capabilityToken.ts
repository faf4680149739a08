import crypto from 'node:crypto'

/**
 * Capability tokens: the owner's and every share link's. 32 random bytes (256 bits) as
 * base64url, so they cannot be guessed or enumerated; only their SHA-256 is stored.
 */
export function newCapabilityToken(): string {
  return crypto.randomBytes(32).toString('base64url')
}

/** SHA-256 hex of a capability token. Tokens carry 256 random bits, so no salt is needed. */
export function hashToken(token: string): string {
  return crypto.createHash('sha256').update(token).digest('hex')
}

/** Compares two SHA-256 hex digests in constant time. */
export function sameTokenHash(a: string, b: string): boolean {
  const ba = Buffer.from(a, 'hex')
  const bb = Buffer.from(b, 'hex')
  return ba.length === bb.length && crypto.timingSafeEqual(ba, bb)
}

/**
 * The token of share link `linkId`, derived from the token of whoever made it (HMAC-SHA256,
 * 256 bits as base64url, like `newCapabilityToken`). Only its hash is stored, as for every
 * token, yet its maker can be shown the link again: presenting their own token re-derives it.
 * A copy of the database alone yields no link, and there is no server-wide key to keep.
 */
export function derivedLinkToken(makerToken: string, workbookId: string, linkId: string): string {
  return crypto
    .createHmac('sha256', makerToken)
    .update(`cellmate-link:${workbookId}:${linkId}`)
    .digest('base64url')
}
