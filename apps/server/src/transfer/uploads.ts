import type { FastifyRequest } from 'fastify'
import type { UploadedFile } from './importParser.js'
import { ImportError, badFile, tooBig } from './parsedSheet.js'

/** Files one import request may carry (each becomes one or more sheets). */
export const MAX_FILES_PER_IMPORT = 20

/**
 * The files of a `multipart/form-data` upload (every file part, whatever its field name),
 * read into memory up to `maxBytes` for all of them together. Refuses a request that is not
 * multipart, carries no file, or more bytes than the limit (413, as soon as the byte past it
 * arrives: the rest is never read) — before anything is parsed or stored.
 */
export async function readUploads(
  request: FastifyRequest,
  maxBytes: number,
): Promise<UploadedFile[]> {
  if (!request.isMultipart()) {
    throw new ImportError({
      status: 415,
      code: 'BAD_REQUEST',
      message: 'send the file as multipart/form-data (a form field named "file")',
    })
  }
  const files: UploadedFile[] = []
  let total = 0
  try {
    for await (const part of request.parts()) {
      if (part.type !== 'file') continue
      const chunks: Buffer[] = []
      const file = part.file
      // Past the per-file limit the parser stops passing bytes on without ending the file:
      // end it, or this would wait for a body that may never finish.
      file.once('limit', () => file.destroy(overLimit(maxBytes)))
      for await (const chunk of file as AsyncIterable<Buffer>) {
        total += chunk.length
        if (total > maxBytes) throw overLimit(maxBytes)
        chunks.push(chunk)
      }
      files.push({ filename: part.filename || 'import', bytes: Buffer.concat(chunks) })
    }
  } catch (err) {
    if (err instanceof ImportError) throw err
    const code = (err as { code?: string }).code
    if (code === 'FST_REQ_FILE_TOO_LARGE') {
      throw tooBig(`the file is larger than ${formatBytes(maxBytes)}, the import limit`, 413)
    }
    if (code === 'FST_FILES_LIMIT' || code === 'FST_PARTS_LIMIT') {
      throw tooBig(`an import carries at most ${MAX_FILES_PER_IMPORT} files`)
    }
    throw badFile(
      `the upload could not be read (${err instanceof Error ? err.message : String(err)})`,
    )
  }
  if (files.length === 0)
    throw badFile('the request has no file; send it in a form field named "file"')
  return files
}

function overLimit(maxBytes: number): ImportError {
  return tooBig(`the upload is larger than ${formatBytes(maxBytes)}, the import limit`, 413)
}

/** `n` bytes for a message: `20 MB`, `256 KB`. */
export function formatBytes(n: number): string {
  return n >= 1024 * 1024
    ? `${Math.round((n / 1024 / 1024) * 10) / 10} MB`
    : `${Math.round(n / 1024)} KB`
}
