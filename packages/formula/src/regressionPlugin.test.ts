import { describe, expect, it } from 'vitest'
import { evaluate, evaluateArea } from './__tests__/engineBed.js'

const err = (error: string) => expect.objectContaining({ error })

/** The office-building data of Microsoft's LINEST example 3: x1..x4 in A:D, value in E. */
const OFFICES = [
  [2310, 2, 2, 20, 142000],
  [2333, 2, 2, 12, 144000],
  [2356, 3, 1.5, 33, 151000],
  [2379, 3, 2, 43, 150000],
  [2402, 2, 3, 53, 139000],
  [2425, 4, 2, 23, 169000],
  [2448, 2, 1.5, 99, 126000],
  [2471, 2, 2, 34, 142900],
  [2494, 3, 3, 23, 163000],
  [2517, 4, 4, 55, 169000],
  [2540, 2, 3, 22, 149000],
]

/** Units sold in months 11–16 (Microsoft's LOGEST and GROWTH examples): month in A, units in B. */
const UNITS = [
  [11, 33100],
  [12, 47300],
  [13, 69000],
  [14, 102000],
  [15, 150000],
  [16, 220000],
]

function expectClose(actual: unknown[][], expected: unknown[][], digits: number): void {
  expect(actual.length).toBe(expected.length)
  actual.forEach((row, r) =>
    row.forEach((v, c) => {
      const want = expected[r]?.[c]
      if (typeof want === 'number') {
        expect(typeof v, `[${r}][${c}]`).toBe('number')
        expect(Math.abs((v as number) - want) / Math.max(1, Math.abs(want))).toBeLessThan(
          10 ** -digits,
        )
      } else expect(v, `[${r}][${c}]`).toEqual(want)
    }),
  )
}

describe('LINEST', () => {
  it('slope and intercept (Microsoft example 1, const left empty means TRUE)', () => {
    const data = [
      [1, 0],
      [9, 4],
      [5, 2],
      [7, 3],
    ]
    expectClose(evaluateArea('=LINEST(A1:A4,B1:B4,,FALSE)', data, 1, 2), [[2, 1]], 12)
    // Without an intercept the line goes through the origin.
    const through = evaluateArea('=LINEST(A1:A4,B1:B4,FALSE)', data, 1, 2)
    expect(through[0]?.[1]).toBe(0)
  })

  it('multiple regression with statistics (Microsoft example 3, to the digits shown)', () => {
    const got = evaluateArea('=LINEST(E1:E11,A1:D11,TRUE,TRUE)', OFFICES, 5, 5)
    expectClose(
      got,
      [
        [-234.2371645, 2553.21066, 12529.76817, 27.64138737, 52317.83051],
        [13.26801148, 530.6691519, 400.0668382, 5.429374042, 12237.3616],
        [0.996747993, 970.5784629, err('#N/A'), err('#N/A'), err('#N/A')],
        [459.7536742, 6, err('#N/A'), err('#N/A'), err('#N/A')],
        [1732393319, 5652135.316, err('#N/A'), err('#N/A'), err('#N/A')],
      ],
      8,
    )
  })

  it('a collinear variable gets 0 and the degrees of freedom drop by one', () => {
    // C = 2·B: the fit is the one on B alone.
    const data = [
      [3, 1, 2],
      [5, 2, 4],
      [8, 3, 6],
      [9, 4, 8],
      [12, 5, 10],
    ]
    const both = evaluateArea('=LINEST(A1:A5,B1:C5,TRUE,TRUE)', data, 5, 3)
    const one = evaluateArea('=LINEST(A1:A5,B1:B5,TRUE,TRUE)', data, 5, 2)
    expect(both[0]?.[0]).toBe(0)
    expect(both[1]?.[0]).toBe(0)
    expect(both[0]?.[1]).toBeCloseTo(one[0]?.[0] as number, 10)
    expect(both[3]?.[1]).toBe(one[3]?.[1])
  })

  it('omitted known_xs are 1, 2, 3…; a y row takes one variable per row of x', () => {
    expectClose(evaluateArea('=LINEST({2,4,6,8})', [], 1, 2), [[2, 0]], 12)
    expectClose(evaluateArea('=LINEST({3,5,7},{1,2,3;0,1,1})', [], 1, 3), [[0, 2, 1]], 9)
  })

  it('refuses text and mismatched sizes', () => {
    expect(
      evaluate('=LINEST(A1:A3,B1:B3)', [
        [1, 1],
        ['x', 2],
        [3, 3],
      ]),
    ).toEqual(err('#VALUE!'))
    expect(evaluate('=LINEST({1;2;3},{1;2})')).toEqual(err('#REF!'))
  })

  it('works inside another function (Microsoft example 2: 11,000 in month 9)', () => {
    const sales = [
      [1, 3100],
      [2, 4500],
      [3, 4400],
      [4, 5400],
      [5, 7500],
      [6, 8100],
    ]
    expect(evaluate('=SUM(LINEST(B1:B6,A1:A6)*{9,1})', sales)).toBeCloseTo(11000, 6)
  })
})

describe('LOGEST', () => {
  it('exponential fit with statistics (Microsoft example)', () => {
    const got = evaluateArea('=LOGEST(B1:B6,A1:A6,TRUE,TRUE)', UNITS, 5, 2)
    expectClose(
      got.slice(0, 2),
      [
        [1.463275628, 495.3047702],
        [0.002633403, 0.035834282],
      ],
      8,
    )
    // The statistics are those of the linear fit of ln(y), as Excel documents.
    const logs = UNITS.map(([x, y]) => [x as number, Math.log(y as number)])
    const linear = evaluateArea('=LINEST(B1:B6,A1:A6,TRUE,TRUE)', logs, 5, 2)
    expectClose(got.slice(2), linear.slice(2), 12)
    expect(got[3]?.[1]).toBe(4)
    expectClose(
      evaluateArea('=LOGEST(B1:B6,A1:A6,FALSE)', UNITS, 1, 2).map((r) => [r[1]]),
      [[1]],
      12,
    )
    expect(evaluate('=INDEX(LOGEST({1;-2;3}),1)')).toEqual(err('#NUM!'))
  })
})

describe('TREND and GROWTH', () => {
  const costs = [
    133890, 135000, 135790, 137300, 138130, 139100, 139900, 141120, 141890, 143230, 144000, 145290,
  ]
  const months = costs.map((c, i) => [i + 1, c])

  it('TREND fits the known months and predicts new ones (Microsoft example)', () => {
    const fitted = evaluateArea('=TREND(B1:B12,A1:A12)', months, 12, 1).map((r) => r[0])
    expect(fitted[0]).toBeCloseTo(133953.3333, 3)
    expect(fitted[11]).toBeCloseTo(145153.3333, 3)
    const ahead = evaluateArea('=TREND(B1:B12,A1:A12,{13;14;15;16;17})', months, 5, 1)
    expectClose(
      ahead,
      [[146171.5152], [147189.697], [148207.8788], [149226.0606], [150244.2424]],
      9,
    )
  })

  it('GROWTH fits and predicts exponential growth (Microsoft example)', () => {
    const fitted = evaluateArea('=GROWTH(B1:B6,A1:A6)', UNITS, 6, 1)
    expectClose(
      fitted,
      [[32618.20377], [47729.42261], [69841.30086], [102197.0734], [149542.4867], [218821.8762]],
      9,
    )
    expectClose(
      evaluateArea('=GROWTH(B1:B6,A1:A6,{17;18})', UNITS, 2, 1),
      [[320196.7184], [468536.0542]],
      9,
    )
  })

  it('several variables: one estimate per row of new_xs', () => {
    const got = evaluateArea('=TREND(E1:E11,A1:D11,{2500,3,2,25;2400,2,3,40})', OFFICES, 2, 1)
    const linest = [-234.2371645, 2553.21066, 12529.76817, 27.64138737, 52317.83051]
    const at = (x: number[]) =>
      linest[4]! + linest[3]! * x[0]! + linest[2]! * x[1]! + linest[1]! * x[2]! + linest[0]! * x[3]!
    expect(got[0]?.[0]).toBeCloseTo(at([2500, 3, 2, 25]), 2)
    expect(got[1]?.[0]).toBeCloseTo(at([2400, 2, 3, 40]), 2)
  })
})
