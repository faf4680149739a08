/**
 * Share links carry the capability token in the URL fragment (`/w/<id>#token=…`): browsers
 * never send the fragment to the server, so it stays out of access logs and `Referer` headers.
 */

const TOKEN_RE = /^[A-Za-z0-9_-]{1,256}$/

function fragmentParams(hash: string): URLSearchParams {
  return new URLSearchParams(hash.startsWith('#') ? hash.slice(1) : hash)
}

/** The token in a location fragment such as `#token=abc`, or null when absent or malformed. */
export function tokenFromFragment(hash: string): string | null {
  const token = fragmentParams(hash).get('token')
  return token !== null && TOKEN_RE.test(token) ? token : null
}

/** The fragment with the token removed (other parameters kept), `''` when nothing remains. */
export function fragmentWithoutToken(hash: string): string {
  const params = fragmentParams(hash)
  params.delete('token')
  const rest = params.toString()
  return rest === '' ? '' : `#${rest}`
}

/**
 * Reads the token from the address bar and removes it there, so it is neither bookmarked nor
 * shared by accident. The page is not reloaded and the router's history state is kept.
 */
export function takeTokenFromLocation(loc: Location, hist: History): string | null {
  const token = tokenFromFragment(loc.hash)
  if (token !== null) {
    const url = `${loc.pathname}${loc.search}${fragmentWithoutToken(loc.hash)}`
    hist.replaceState(hist.state, '', url)
  }
  return token
}
