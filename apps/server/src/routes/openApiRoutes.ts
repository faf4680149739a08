import Fastify, { type FastifyInstance, type RouteOptions } from 'fastify'
import type { SwaggerOptions } from '@fastify/swagger'
import {
  jsonSchemaTransform,
  serializerCompiler,
  validatorCompiler,
} from 'fastify-type-provider-zod'

const SWAGGER_OPTIONS: SwaggerOptions = {
  openapi: {
    info: { title: 'Cellmate API', version: '0.1.0' },
    components: {
      securitySchemes: { bearer: { type: 'http', scheme: 'bearer' } },
    },
  },
  transform: jsonSchemaTransform,
}

/**
 * Serves the OpenAPI document of every route registered after this call at
 * `/api/openapi.json`. `@fastify/swagger` (with `yaml`, ~1 MB of heap once loaded) is imported
 * by the first request for the document, not at start-up: the routes are recorded as they are
 * added, and that request registers them, with their schemas, on a Fastify instance of its
 * own that `@fastify/swagger` documents, as it would have documented this one.
 */
export function installOpenApiRoutes(app: FastifyInstance): void {
  const routes: RouteOptions[] = []
  app.addHook('onRoute', (route) => {
    routes.push(route)
  })
  let document: Promise<unknown> | null = null
  app.get('/api/openapi.json', { schema: { hide: true } }, () => {
    document ??= openApiDocument(routes, app).catch((err: unknown) => {
      document = null
      throw err
    })
    return document
  })
}

async function openApiDocument(
  routes: readonly RouteOptions[],
  app: FastifyInstance,
): Promise<unknown> {
  const { default: fastifySwagger } = await import('@fastify/swagger')
  // HEAD routes are replayed as they were recorded (Fastify added them for the GET routes).
  const docs = Fastify({ exposeHeadRoutes: false })
  docs.setValidatorCompiler(validatorCompiler)
  docs.setSerializerCompiler(serializerCompiler)
  for (const schema of Object.values(app.getSchemas())) docs.addSchema(schema)
  await docs.register(fastifySwagger, SWAGGER_OPTIONS)
  for (const { method, url, schema, config, links } of routes) {
    docs.route({ method, url, schema, config, links, handler: () => null })
  }
  await docs.ready()
  try {
    return docs.swagger()
  } finally {
    await docs.close()
  }
}
