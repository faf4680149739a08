import type * as z from 'zod/mini'

/** A protocol schema that is built the first time it validates something. */
export interface LazySchema<S extends z.ZodMiniType> {
  /** The zod schema itself (built now if it was not yet). */
  readonly schema: S
  parse(data: unknown): z.output<S>
  safeParse(data: unknown): ReturnType<S['safeParse']>
}

/**
 * Wraps `build` so the schema is made on first use. zod builds a schema's objects when the
 * schema is made, and the protocol's schemas, all made at import, were a third of the web
 * app's entry script's evaluation (issues 14 and 19), though a browser uses a few of them,
 * and only once messages arrive; the server builds each once, on its first connection.
 */
export function lazySchema<S extends z.ZodMiniType>(build: () => S): LazySchema<S> {
  let built: S | undefined
  const schema = (): S => (built ??= build())
  return {
    get schema() {
      return schema()
    },
    parse: (data) => schema().parse(data),
    safeParse: (data) => schema().safeParse(data) as ReturnType<S['safeParse']>,
  }
}
