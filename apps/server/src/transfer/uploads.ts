import type { FastifyRequest } from 'fastify'
import type { UploadedFile } from './importParser.js'
import { ImportError, badFile, tooBig } from './parsedSheet.js'

/** Files one import request may carry (each becomes one or more sheets). */
export const MAX_FILES_PER_IMPORT = 20

/**
 * The files of a `multipart/form-data` upload (every file part, whatever its field name),
 * each read whole into memory up to `maxBytes`. Refuses a request that is not multipart,
 * carries no file, or a file past the limit (413) — before anything is parsed or stored.
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
  try {
    for await (const part of request.parts()) {
      if (part.type !== 'file') continue
      const bytes = await part.toBuffer()
      files.push({ filename: part.filename || 'import', bytes })
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

function formatBytes(n: number): string {
  return n >= 1024 * 1024
    ? `${Math.round((n / 1024 / 1024) * 10) / 10} MB`
    : `${Math.round(n / 1024)} KB`
}
