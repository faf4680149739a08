import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { spawn, spawnSync, type ChildProcess } from 'node:child_process'
import pg from 'pg'
import { freeLoopbackPort, waitFor, whichBinary } from './localProcess.js'

/**
 * Where Postgres's server binaries are: `$PG_BIN`, else Debian's `/usr/lib/postgresql/<ver>/bin`
 * (newest version), else `initdb` on `PATH`. Null when Postgres is not installed.
 */
export function findPostgresBin(): string | null {
  const candidates: string[] = []
  if (process.env.PG_BIN) candidates.push(process.env.PG_BIN)
  const debian = '/usr/lib/postgresql'
  if (fs.existsSync(debian)) {
    const versions = fs
      .readdirSync(debian)
      .filter((v) => /^\d+$/.test(v))
      .sort((a, b) => Number(b) - Number(a))
    for (const v of versions) candidates.push(path.join(debian, v, 'bin'))
  }
  const onPath = whichBinary('initdb')
  if (onPath) candidates.push(path.dirname(onPath))
  return (
    candidates.find(
      (dir) => fs.existsSync(path.join(dir, 'initdb')) && fs.existsSync(path.join(dir, 'postgres')),
    ) ?? null
  )
}

/** uid and gid of `nobody`: Postgres refuses to run as root, so as root it runs as nobody. */
function unprivilegedUser(): { uid: number; gid: number } {
  const line = fs
    .readFileSync('/etc/passwd', 'utf8')
    .split('\n')
    .find((l) => l.startsWith('nobody:'))
  const [, , uid, gid] = line?.split(':') ?? []
  return { uid: Number(uid ?? 65534), gid: Number(gid ?? 65534) }
}

/**
 * A throwaway Postgres cluster: `initdb` in a temp dir, the server on a free loopback port,
 * trust authentication for the superuser `cellmate`. For tests and benchmarks only.
 */
export class LocalPostgres {
  private child: ChildProcess | null = null
  private output = ''

  private constructor(
    readonly dir: string,
    readonly port: number,
    private readonly bin: string,
    private readonly user: { uid: number; gid: number } | null,
  ) {}

  /** `postgres://cellmate@127.0.0.1:<port>/<database>`. */
  url(database = 'postgres'): string {
    return `postgres://cellmate@127.0.0.1:${this.port}/${database}`
  }

  /** Initialises and starts a cluster; throws if Postgres is not installed. */
  static async start(): Promise<LocalPostgres> {
    const bin = findPostgresBin()
    if (!bin) throw new Error('Postgres is not installed (apt-get install -y postgresql)')
    const user = process.getuid?.() === 0 ? unprivilegedUser() : null
    // As root the cluster runs as nobody, who must reach its directory: /tmp, not $TMPDIR.
    const dir = fs.mkdtempSync(path.join(user ? '/tmp' : os.tmpdir(), 'cellmate-pg-'))
    if (user) fs.chownSync(dir, user.uid, user.gid)
    const dataDir = path.join(dir, 'data')
    const init = spawnSync(
      path.join(bin, 'initdb'),
      ['-D', dataDir, '-U', 'cellmate', '--auth=trust', '-E', 'UTF8', '--locale=C', '--no-sync'],
      { cwd: dir, encoding: 'utf8', env: { PATH: process.env.PATH ?? '' }, ...(user ?? {}) },
    )
    if (init.status !== 0) {
      fs.rmSync(dir, { recursive: true, force: true })
      throw new Error(`initdb failed:\n${init.stdout}\n${init.stderr}`)
    }
    const pgServer = new LocalPostgres(dir, await freeLoopbackPort(), bin, user)
    await pgServer.run()
    return pgServer
  }

  private async run(): Promise<void> {
    const child = spawn(
      path.join(this.bin, 'postgres'),
      [
        '-D',
        path.join(this.dir, 'data'),
        '-p',
        String(this.port),
        '-c',
        'listen_addresses=127.0.0.1',
        '-c',
        `unix_socket_directories=${this.dir}`,
        '-c',
        'max_connections=100',
      ],
      {
        cwd: this.dir,
        env: { PATH: process.env.PATH ?? '' },
        stdio: ['ignore', 'pipe', 'pipe'],
        ...(this.user ?? {}),
      },
    )
    this.child = child
    const keep = (d: Buffer): void => {
      this.output = (this.output + d.toString()).slice(-8000)
    }
    child.stdout?.on('data', keep)
    child.stderr?.on('data', keep)
    const reap = (): void => void child.kill('SIGKILL')
    process.once('exit', reap)
    child.once('exit', () => process.off('exit', reap))
    await waitFor(async () => {
      if (child.exitCode !== null) throw new Error(`postgres exited:\n${this.output}`)
      const client = new pg.Client({ connectionString: this.url() })
      try {
        await client.connect()
        await client.end()
        return true
      } catch {
        await client.end().catch(() => {})
        return false
      }
    }, 30_000)
  }

  /** Creates an empty database and returns its URL. */
  async createDatabase(name: string): Promise<string> {
    if (!/^[a-z_][a-z0-9_]*$/.test(name)) throw new Error(`bad database name ${name}`)
    const client = new pg.Client({ connectionString: this.url() })
    await client.connect()
    try {
      await client.query(`CREATE DATABASE ${name}`)
    } finally {
      await client.end()
    }
    return this.url(name)
  }

  /** Stops the server (fast shutdown) and removes the cluster. */
  async stop(): Promise<void> {
    const child = this.child
    this.child = null
    if (child && child.exitCode === null && child.signalCode === null) {
      const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()))
      child.kill('SIGINT')
      const timer = setTimeout(() => child.kill('SIGKILL'), 10_000)
      await exited
      clearTimeout(timer)
    }
    fs.rmSync(this.dir, { recursive: true, force: true })
  }
}
