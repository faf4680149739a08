import { parentPort } from 'node:worker_threads'
import { CellmateError, ERROR_CODES, type DocRef } from '@cellmate/protocol'
import { validateUpdate } from './updateValidation.js'

/** Runs `validateUpdate` off the main thread; see `UpdateInspector`. */
interface Job {
  id: number
  update: Uint8Array
  kind: DocRef['kind']
}

parentPort?.on('message', (job: Job) => {
  try {
    validateUpdate(job.update, job.kind)
    parentPort?.postMessage({ id: job.id, ok: true })
  } catch (err) {
    const error =
      err instanceof CellmateError
        ? err.toBody()
        : { code: ERROR_CODES.INVALID_UPDATE, message: 'the update is not a valid Yjs update' }
    parentPort?.postMessage({ id: job.id, error })
  }
})

// Loaded: from now on the parent times each job (its start-up is not charged to an update).
parentPort?.postMessage({ ready: true })
