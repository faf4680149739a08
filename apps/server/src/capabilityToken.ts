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
