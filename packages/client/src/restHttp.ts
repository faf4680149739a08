import type { ErrorBody } from '@cellmate/protocol'

/** A REST call answered with an error status. */
export class RestError extends Error {
  override name = 'RestError'
  constructor(
    readonly status: number,
    readonly body: ErrorBody | null,
  ) {
    super(body?.message ?? `HTTP ${status}`)
  }
}

/** A downloaded export: the file name the server suggests and the content. */
export interface Download {
  filename: string
  blob: Blob
}

/**
 * The HTTP core every group of `RestClient` methods is built on: sends requests with the
 * client's token and session key, and turns an error status into a `RestError`.
 */
export class RestHttp {
  constructor(
    protected readonly baseUrl: string,
    protected readonly token?: string,
    protected readonly clientKey?: string,
  ) {}

  protected async call<T>(method: string, path: string, body?: unknown): Promise<T> {
    const headers: Record<string, string> = {}
    if (body !== undefined) headers['content-type'] = 'application/json'
    const res = await this.send(path, {
      method,
      headers,
      body: body === undefined ? undefined : JSON.stringify(body),
    })
    const text = await res.text()
    return (text ? JSON.parse(text) : null) as T
  }

  protected async upload<T>(path: string, form: FormData): Promise<T> {
    // fetch sets the multipart content type with its boundary.
    const res = await this.send(path, { method: 'POST', body: form })
    return (await res.json()) as T
  }

  protected async download(path: string): Promise<Download> {
    const res = await this.send(path, { method: 'GET' })
    return {
      filename: filenameOf(res.headers.get('content-disposition')) ?? path.replace(/^.*\//, ''),
      blob: await res.blob(),
    }
  }

  /** Sends a request with the token in the Authorization header; throws RestError unless 2xx. */
  private async send(path: string, init: RequestInit & { headers?: Record<string, string> }) {
    const headers: Record<string, string> = { ...init.headers }
    if (this.token) headers.authorization = `Bearer ${this.token}`
    if (this.clientKey) headers['x-cellmate-client-key'] = this.clientKey
    const res = await fetch(`${this.baseUrl}${path}`, { ...init, headers })
    if (!res.ok) {
      const text = await res.text()
      let err: ErrorBody | null = null
      try {
        err = (JSON.parse(text) as { error?: ErrorBody } | null)?.error ?? null
      } catch {
        // Not a Cellmate answer (a proxy's error page): the status says it all.
      }
      throw new RestError(res.status, err)
    }
    return res
  }
}

/** The file name of a `Content-Disposition` header (RFC 6266 `filename*` preferred). */
export function filenameOf(header: string | null): string | null {
  if (!header) return null
  const extended = /filename\*=UTF-8''([^;]+)/i.exec(header)
  if (extended?.[1]) {
    try {
      return decodeURIComponent(extended[1])
    } catch {
      // Malformed escapes: fall back to the plain name.
    }
  }
  return /filename="([^"]*)"/i.exec(header)?.[1] ?? null
}

export const enc = encodeURIComponent

export function sheetPath(workbookId: string, sheetId: string): string {
  return `/api/workbooks/${enc(workbookId)}/sheets/${enc(sheetId)}`
}
