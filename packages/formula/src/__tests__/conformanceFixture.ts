import type { ErrorCode } from '../cellValue.js'

/**
 * The data every conformance formula reads, typed into `Sheet1` as a user would (so dates go
 * through value inference). Rows 1–5, columns A–H; a second sheet named `My sheet` holds
 * 7, 8, 9 in A1:A3.
 *
 *      A   B            C     D      E           F    G     H
 *   1  10  apple        1.5   TRUE   2026-01-31  101  Ann   5.5
 *   2  20  banana       -2    FALSE  2024-02-29  102  Bob   6.5
 *   3  30  cherry       0     TRUE   2000-01-01  103  Cid   7.5
 *   4  40  date         3.25  x      1999-12-31  104  Dee   8.5
 *   5  50  elderberry   8            2026-03-15  105  Eve   9.5
 */
export const FIXTURE: readonly (readonly string[])[] = [
  ['10', 'apple', '1.5', 'TRUE', '2026-01-31', '101', 'Ann', '5.5'],
  ['20', 'banana', '-2', 'FALSE', '2024-02-29', '102', 'Bob', '6.5'],
  ['30', 'cherry', '0', 'TRUE', '2000-01-01', '103', 'Cid', '7.5'],
  ['40', 'date', '3.25', 'x', '1999-12-31', '104', 'Dee', '8.5'],
  ['50', 'elderberry', '8', '', '2026-03-15', '105', 'Eve', '9.5'],
]

export const OTHER_SHEET = { name: 'My sheet', column: ['7', '8', '9'] }

/** An expected result: a value as Excel computes it, or an error code. */
export type Expected = number | string | boolean | { error: ErrorCode }

/** One conformance case: `[formula, what Excel shows]`. */
export type Case = readonly [string, Expected]

export const err = (code: ErrorCode): Expected => ({ error: code })

/**
 * Where Cellmate (HyperFormula) still differs from Excel. Each is asserted to differ, so the
 * day one is fixed the suite says so and the case moves to the conformance lists.
 */
export const KNOWN_GAPS: readonly Case[] = [
  // MATCH has no wildcards (VLOOKUP, COUNTIF and SUMIF do).
  ['=MATCH("c*",B1:B5,0)', 3],
  // An index past the range is #NUM! instead of #REF!.
  ['=INDEX(A1:A5,10)', { error: '#REF!' }],
  ['=ISREF(A1)', true],
  ['=VALUE("1,234")', 1234],
]
