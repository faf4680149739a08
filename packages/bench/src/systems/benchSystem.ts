import type { SystemName } from '../report/benchResults.js'
import type { RoomRef } from './roomRef.js'
import type { ServerProcess } from './serverProcess.js'

/**
 * One system under test: its server as a child process on 127.0.0.1 and a way to make a fresh
 * shared sheet on it. Each implementation lives in its own file.
 */
export interface BenchSystem {
  readonly name: SystemName
  /** Whether the server stores documents (acknowledged edits should survive a restart). */
  readonly persistent: boolean
  readonly server: ServerProcess
  readonly url: string
  start(): Promise<void>
  /** A new empty sheet of 1,000 rows x 26 columns, ready for clients. */
  createRoom(): Promise<RoomRef>
  /** Files the system stores, for size measurements (empty when it stores nothing). */
  storedFiles(): string[]
  /** Stops the server and removes what it stored. */
  dispose(): Promise<void>
}
