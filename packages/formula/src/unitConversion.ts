/**
 * The units of Excel's CONVERT (Microsoft Support, "CONVERT function"), as factors to one base
 * unit per quantity, from their exact definitions (international yard and pound, SI,
 * CODATA 2018 constants).
 */

const INCH = 0.0254
const FOOT = 0.3048
const YARD = 0.9144
const MILE = 1609.344
const NAUTICAL_MILE = 1852
const ANGSTROM = 1e-10
const LIGHT_YEAR = 9_460_730_472_580_800
const PICA_POINT = INCH / 72
/** The IAU definition: 648000/π astronomical units. */
const PARSEC = (648_000 / Math.PI) * 149_597_870_700
const POUND = 453.59237
const LBF = 4.4482216152605
const SURVEY_FOOT = 1200 / 3937
const US_GALLON = 231 * INCH ** 3
const HORSEPOWER = 550 * FOOT * LBF

interface Unit {
  quantity: string
  factor: number
  /** Accepts a decimal prefix (`km`); for areas and volumes the prefix is squared/cubed. */
  prefixes?: boolean
  /** Accepts binary prefixes too (`Mibyte`). */
  binary?: boolean
  power?: 1 | 2 | 3
}

function units(
  quantity: string,
  table: Record<string, number>,
  options: Omit<Unit, 'quantity' | 'factor'> & { prefixed?: readonly string[] } = {},
): [string, Unit][] {
  const { prefixed = [], ...rest } = options
  return Object.entries(table).map(([name, factor]) => [
    name,
    { quantity, factor, ...rest, prefixes: prefixed.includes(name) },
  ])
}

/** Lengths that also have squared and cubed forms (`ft2`, `ft^2`, `ft3`, `ft^3`). */
const LENGTHS: Record<string, number> = {
  m: 1,
  mi: MILE,
  Nmi: NAUTICAL_MILE,
  in: INCH,
  ft: FOOT,
  yd: YARD,
  ang: ANGSTROM,
  ly: LIGHT_YEAR,
  Pica: PICA_POINT,
}

function powers(power: 2 | 3): Record<string, number> {
  const out: Record<string, number> = {}
  for (const [name, factor] of Object.entries(LENGTHS)) {
    out[`${name}${power}`] = factor ** power
    out[`${name}^${power}`] = factor ** power
  }
  return out
}

const UNITS = new Map<string, Unit>([
  ...units(
    'mass',
    {
      g: 1,
      sg: (LBF / FOOT) * 1000,
      lbm: POUND,
      u: 1.6605390666e-24,
      ozm: POUND / 16,
      grain: POUND / 7000,
      cwt: POUND * 100,
      shweight: POUND * 100,
      uk_cwt: POUND * 112,
      lcwt: POUND * 112,
      hweight: POUND * 112,
      stone: POUND * 14,
      ton: POUND * 2000,
      uk_ton: POUND * 2240,
      LTON: POUND * 2240,
      brton: POUND * 2240,
    },
    { prefixed: ['g', 'u'] },
  ),
  ...units(
    'distance',
    {
      ...LENGTHS,
      ell: 45 * INCH,
      parsec: PARSEC,
      pc: PARSEC,
      pica: INCH / 6,
      survey_mi: 5280 * SURVEY_FOOT,
    },
    { prefixed: ['m', 'ang', 'ly', 'parsec', 'pc', 'ell'] },
  ),
  ...units(
    'time',
    { yr: 365.25 * 86400, day: 86400, d: 86400, hr: 3600, mn: 60, min: 60, sec: 1, s: 1 },
    { prefixed: ['yr', 'day', 'd', 'hr', 'mn', 'min', 'sec', 's'] },
  ),
  ...units(
    'pressure',
    {
      Pa: 1,
      p: 1,
      atm: 101325,
      at: 101325,
      mmHg: 133.322387415,
      psi: LBF / INCH ** 2,
      Torr: 101325 / 760,
    },
    { prefixed: ['Pa', 'p', 'atm', 'at', 'mmHg', 'Torr'] },
  ),
  ...units(
    'force',
    { N: 1, dyn: 1e-5, dy: 1e-5, lbf: LBF, pond: 9.80665e-3 },
    { prefixed: ['N', 'dyn', 'dy', 'pond'] },
  ),
  ...units(
    'energy',
    {
      J: 1,
      e: 1e-7,
      c: 4.184,
      cal: 4.1868,
      eV: 1.602176634e-19,
      ev: 1.602176634e-19,
      HPh: HORSEPOWER * 3600,
      hh: HORSEPOWER * 3600,
      Wh: 3600,
      wh: 3600,
      flb: FOOT * LBF,
      BTU: 1055.05585262,
      btu: 1055.05585262,
    },
    { prefixed: ['J', 'e', 'c', 'cal', 'eV', 'ev', 'Wh', 'wh'] },
  ),
  ...units(
    'power',
    { HP: HORSEPOWER, h: HORSEPOWER, PS: 735.49875, W: 1, w: 1 },
    { prefixed: ['W', 'w'] },
  ),
  ...units('magnetism', { T: 1, ga: 1e-4 }, { prefixed: ['T', 'ga'] }),
  ...units(
    'volume',
    {
      tsp: US_GALLON / 768,
      tspm: 5e-6,
      tbs: US_GALLON / 256,
      oz: US_GALLON / 128,
      cup: US_GALLON / 16,
      pt: US_GALLON / 8,
      us_pt: US_GALLON / 8,
      uk_pt: 4.54609e-3 / 8,
      qt: US_GALLON / 4,
      uk_qt: 4.54609e-3 / 4,
      gal: US_GALLON,
      uk_gal: 4.54609e-3,
      l: 1e-3,
      L: 1e-3,
      lt: 1e-3,
      barrel: US_GALLON * 42,
      bushel: 0.03523907016688,
      GRT: 100 * FOOT ** 3,
      regton: 100 * FOOT ** 3,
      MTON: 40 * FOOT ** 3,
      ...powers(3),
    },
    { prefixed: ['l', 'L', 'lt', 'm3', 'm^3', 'ang3', 'ang^3', 'ly3', 'ly^3'] },
  ),
  ...units(
    'area',
    {
      uk_acre: 4840 * YARD ** 2,
      us_acre: 43560 * SURVEY_FOOT ** 2,
      ar: 100,
      ha: 10000,
      Morgen: 2500,
      ...powers(2),
    },
    { prefixed: ['ar', 'm2', 'm^2', 'ang2', 'ang^2', 'ly2', 'ly^2'] },
  ),
  ...units('information', { bit: 1, byte: 8 }, { prefixed: ['bit', 'byte'], binary: true }),
  ...units(
    'speed',
    {
      admkn: (6080 * FOOT) / 3600,
      kn: NAUTICAL_MILE / 3600,
      'm/h': 1 / 3600,
      'm/hr': 1 / 3600,
      'm/s': 1,
      'm/sec': 1,
      mph: MILE / 3600,
    },
    { prefixed: ['m/h', 'm/hr', 'm/s', 'm/sec'] },
  ),
])

for (const [name, unit] of UNITS) {
  if (/\^?[23]$/.test(name)) unit.power = Number(name.at(-1)) as 2 | 3
}

const DECIMAL: Record<string, number> = {
  Y: 1e24,
  Z: 1e21,
  E: 1e18,
  P: 1e15,
  T: 1e12,
  G: 1e9,
  M: 1e6,
  k: 1e3,
  h: 1e2,
  da: 1e1,
  e: 1e1,
  d: 1e-1,
  c: 1e-2,
  m: 1e-3,
  u: 1e-6,
  n: 1e-9,
  p: 1e-12,
  f: 1e-15,
  a: 1e-18,
  z: 1e-21,
  y: 1e-24,
}

const BINARY: Record<string, number> = {
  Yi: 2 ** 80,
  Zi: 2 ** 70,
  Ei: 2 ** 60,
  Pi: 2 ** 50,
  Ti: 2 ** 40,
  Gi: 2 ** 30,
  Mi: 2 ** 20,
  ki: 2 ** 10,
}

/** A unit name, maybe prefixed (`km`, `Mibyte`, `cm^2`), as quantity and factor. */
function lookup(name: string): { quantity: string; factor: number } | undefined {
  const plain = UNITS.get(name)
  if (plain) return plain
  for (const [table, binary] of [
    [BINARY, true],
    [DECIMAL, false],
  ] as const) {
    for (const [prefix, scale] of Object.entries(table)) {
      if (!name.startsWith(prefix)) continue
      const unit = UNITS.get(name.slice(prefix.length))
      if (!unit?.prefixes || (binary && !unit.binary)) continue
      return { quantity: unit.quantity, factor: unit.factor * scale ** (unit.power ?? 1) }
    }
  }
  return undefined
}

const TO_KELVIN: Record<string, (t: number) => number> = {
  C: (t) => t + 273.15,
  cel: (t) => t + 273.15,
  F: (t) => ((t - 32) * 5) / 9 + 273.15,
  fah: (t) => ((t - 32) * 5) / 9 + 273.15,
  K: (t) => t,
  kel: (t) => t,
  Rank: (t) => (t * 5) / 9,
  Reau: (t) => t * 1.25 + 273.15,
}

const FROM_KELVIN: Record<string, (k: number) => number> = {
  C: (k) => k - 273.15,
  cel: (k) => k - 273.15,
  F: (k) => ((k - 273.15) * 9) / 5 + 32,
  fah: (k) => ((k - 273.15) * 9) / 5 + 32,
  K: (k) => k,
  kel: (k) => k,
  Rank: (k) => (k * 9) / 5,
  Reau: (k) => (k - 273.15) * 0.8,
}

function temperature(value: number, from: string, to: string): number | undefined {
  // Kelvin takes prefixes (`mK`); the other scales do not.
  const scale = (name: string): [string, number] | undefined => {
    if (name in TO_KELVIN) return [name, 1]
    const prefix = Object.keys(DECIMAL).find((p) => name === `${p}K` || name === `${p}kel`)
    return prefix === undefined ? undefined : [name.slice(prefix.length), DECIMAL[prefix] as number]
  }
  const a = scale(from)
  const b = scale(to)
  if (!a || !b) return undefined
  const kelvin = (TO_KELVIN[a[0]] as (t: number) => number)(value * a[1])
  return (FROM_KELVIN[b[0]] as (k: number) => number)(kelvin) / b[1]
}

/**
 * `value` in unit `from` expressed in unit `to` (names are case-sensitive, as in Excel);
 * undefined when either is unknown or they measure different quantities (Excel's #N/A).
 */
export function convertUnits(value: number, from: string, to: string): number | undefined {
  const t = temperature(value, from, to)
  if (t !== undefined) return t
  const a = lookup(from)
  const b = lookup(to)
  if (!a || !b || a.quantity !== b.quantity) return undefined
  return (value * a.factor) / b.factor
}
