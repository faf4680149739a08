import * as z from 'zod'

/** Schemas shared by the REST routes (they also feed the OpenAPI document). */
export const errorBody = z.object({ error: z.object({ code: z.string(), message: z.string() }) })
/** The refusals every workbook route may answer: bad input, no token, no access, not found. */
export const accessErrors = {
  400: errorBody,
  401: errorBody,
  403: errorBody,
  404: errorBody,
  429: errorBody,
} as const
export const sheetInfo = z.object({ id: z.string(), name: z.string() })
export const workbookSummary = z.object({
  id: z.string(),
  title: z.string(),
  sheets: z.array(sheetInfo),
})
export const workbookParams = z.object({ id: z.string().regex(/^[A-Za-z0-9_-]{1,64}$/) })
export const sheetParams = workbookParams.extend({
  sheetId: z.string().regex(/^[A-Za-z0-9_.-]{1,64}$/),
})
export const authHeader = z.object({
  authorization: z
    .string()
    .regex(/^Bearer [A-Za-z0-9_-]+$/, 'expected "Bearer <token>"')
    .optional()
    .describe('Capability token of a workbook link: `Bearer <token>`'),
})
