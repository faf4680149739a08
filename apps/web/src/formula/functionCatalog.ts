/**
 * What autocomplete says about a function: its arguments (optional ones in brackets, as
 * Google Sheets writes them) and one line on what it does. The list of names comes from the
 * engine itself (`engineFunctionNames`); this catalogue only adds help for the functions
 * people type most. A function missing here is still offered, with its name alone.
 */
export interface FunctionHelp {
  args: readonly string[]
  description: string
}

const h = (args: string, description: string): FunctionHelp => ({
  args: args === '' ? [] : args.split(', '),
  description,
})

export const FUNCTION_HELP: Readonly<Record<string, FunctionHelp>> = {
  ABS: h('value', 'The absolute value of a number.'),
  AND: h('logical1, [logical2, …]', 'TRUE if every argument is true.'),
  AREAS: h('reference', 'The number of areas in a reference (1 for a cell or a range).'),
  ARRAYFIT: h(
    'array, rows, columns',
    'An older Excel array formula ({=…} over a range): the array cut or repeated to fit, #N/A past its values.',
  ),
  AVERAGE: h('value1, [value2, …]', 'The mean of the numbers, ignoring text.'),
  AVERAGEIF: h(
    'criteria_range, criterion, [average_range]',
    'The mean of the cells that meet a condition.',
  ),
  AVERAGEIFS: h(
    'average_range, criteria_range1, criterion1, […]',
    'The mean of the cells that meet several conditions.',
  ),
  CEILING: h('value, [factor]', 'Rounds up to the nearest multiple of factor.'),
  CHOOSE: h('index, choice1, [choice2, …]', 'The choice at the given position.'),
  CONCAT: h('value1, [value2, …]', 'Joins texts end to end.'),
  CONCATENATE: h('string1, [string2, …]', 'Joins texts end to end.'),
  COUNT: h('value1, [value2, …]', 'How many of the values are numbers.'),
  COUNTA: h('value1, [value2, …]', 'How many of the values are not empty.'),
  COUNTBLANK: h('range', 'How many cells in the range are empty.'),
  COUNTIF: h('range, criterion', 'How many cells meet a condition.'),
  COUNTIFS: h('criteria_range1, criterion1, […]', 'How many cells meet several conditions.'),
  DATE: h('year, month, day', 'A date from its year, month and day.'),
  DATEDIF: h('start_date, end_date, unit', 'The time between two dates in years, months or days.'),
  DAY: h('date', 'The day of the month of a date.'),
  DAYS: h('end_date, start_date', 'The number of days between two dates.'),
  EDATE: h('start_date, months', 'The date a number of months before or after another.'),
  EOMONTH: h('start_date, months', 'The last day of a month before or after a date.'),
  EXP: h('exponent', 'e raised to a power.'),
  FILTER: h(
    'range, condition1, [condition2, …]',
    'The rows or columns of a range that meet conditions.',
  ),
  FIND: h(
    'search_for, text_to_search, [starting_at]',
    'Where a text first appears (case-sensitive).',
  ),
  FLOOR: h('value, [factor]', 'Rounds down to the nearest multiple of factor.'),
  GROUPBY: h(
    'row_fields, values, function, [field_headers], [total_depth], [sort_order], [filter_array]',
    'Groups rows by their fields and aggregates each group’s values (SUM, COUNT, a LAMBDA…), with totals.',
  ),
  HLOOKUP: h(
    'search_key, range, index, [is_sorted]',
    'Finds a value in the first row of a range and returns a cell below it.',
  ),
  HOUR: h('time', 'The hour of a time, 0 to 23.'),
  IF: h(
    'logical_expression, value_if_true, value_if_false',
    'One value if a condition is true, another if it is false.',
  ),
  IFERROR: h('value, [value_if_error]', 'The value, or another one if it is an error.'),
  IFNA: h('value, value_if_na', 'The value, or another one if it is #N/A.'),
  IFS: h(
    'condition1, value1, [condition2, value2, …]',
    'The value of the first condition that is true.',
  ),
  INDEX: h('reference, [row], [column]', 'The cell at a row and column of a range.'),
  INT: h('value', 'Rounds down to an integer.'),
  ISBLANK: h('value', 'TRUE if the cell is empty.'),
  ISERROR: h('value', 'TRUE if the value is any error.'),
  ISNUMBER: h('value', 'TRUE if the value is a number.'),
  ISTEXT: h('value', 'TRUE if the value is text.'),
  LEFT: h('string, [number_of_characters]', 'The first characters of a text.'),
  LEN: h('text', 'The number of characters in a text.'),
  LINEST: h(
    'known_data_y, [known_data_x], [calculate_b], [verbose]',
    'The slope(s) and intercept of the least-squares line, with statistics if verbose.',
  ),
  LN: h('value', 'The natural logarithm of a number.'),
  LOG: h('value, [base]', 'The logarithm of a number to a base (10 by default).'),
  LOOKUP: h('search_key, search_range, [result_range]', 'Finds a value in a sorted row or column.'),
  LOWER: h('text', 'The text in lower case.'),
  MATCH: h('search_key, range, [search_type]', 'The position of a value in a row or column.'),
  MAX: h('value1, [value2, …]', 'The largest number.'),
  MAXIFS: h(
    'range, criteria_range1, criterion1, […]',
    'The largest number among cells that meet conditions.',
  ),
  MEDIAN: h('value1, [value2, …]', 'The middle number.'),
  MID: h('string, starting_at, extract_length', 'Characters from the middle of a text.'),
  MIN: h('value1, [value2, …]', 'The smallest number.'),
  MINIFS: h(
    'range, criteria_range1, criterion1, […]',
    'The smallest number among cells that meet conditions.',
  ),
  MINUTE: h('time', 'The minute of a time, 0 to 59.'),
  MOD: h('dividend, divisor', 'The remainder of a division.'),
  MONTH: h('date', 'The month of a date, 1 to 12.'),
  NETWORKDAYS: h('start_date, end_date, [holidays]', 'Working days between two dates.'),
  NOT: h('logical_expression', 'The opposite of a logical value.'),
  NOW: h('', 'The current date and time.'),
  OR: h('logical1, [logical2, …]', 'TRUE if any argument is true.'),
  PERCENTOF: h(
    'data_subset, data_all',
    'The sum of a subset as a fraction of the sum of all the data.',
  ),
  PIVOTBY: h(
    'row_fields, col_fields, values, function, [field_headers], [row_total_depth], [row_sort_order], [col_total_depth], [col_sort_order], [filter_array], [relative_to]',
    'A cross table: rows grouped by some fields, columns by others, each cell the aggregate of its values, with totals.',
  ),
  PMT: h(
    'rate, number_of_periods, present_value, [future_value], [end_or_beginning]',
    'The payment per period of a loan or an investment.',
  ),
  POWER: h('base, exponent', 'A number raised to a power.'),
  PRODUCT: h('factor1, [factor2, …]', 'The numbers multiplied together.'),
  PROPER: h('text_to_capitalize', 'Capitalizes the first letter of each word.'),
  RAND: h('', 'A random number from 0 up to 1.'),
  RANDBETWEEN: h('low, high', 'A random integer between two values.'),
  RANK: h('value, data, [is_ascending]', 'The rank of a value among others.'),
  REPLACE: h('text, position, length, new_text', 'Replaces part of a text.'),
  RIGHT: h('string, [number_of_characters]', 'The last characters of a text.'),
  ROUND: h('value, [places]', 'Rounds to a number of decimal places.'),
  ROUNDDOWN: h('value, [places]', 'Rounds towards zero.'),
  ROUNDUP: h('value, [places]', 'Rounds away from zero.'),
  ROW: h('[cell_reference]', 'The row number of a cell.'),
  COLUMN: h('[cell_reference]', 'The column number of a cell.'),
  SEARCH: h('search_for, text_to_search, [starting_at]', 'Where a text first appears (any case).'),
  SECOND: h('time', 'The second of a time, 0 to 59.'),
  SINGLE: h('value', "What @ gives: a range's cell in the formula's row or column."),
  SQRT: h('value', 'The positive square root.'),
  STDEV: h('value1, [value2, …]', 'The standard deviation of a sample.'),
  SUBSTITUTE: h(
    'text_to_search, search_for, replace_with, [occurrence_number]',
    'Replaces one text with another.',
  ),
  SUM: h('value1, [value2, …]', 'The sum of the numbers.'),
  SUMIF: h('range, criterion, [sum_range]', 'The sum of the cells that meet a condition.'),
  SUMIFS: h(
    'sum_range, criteria_range1, criterion1, […]',
    'The sum of the cells that meet several conditions.',
  ),
  SUMPRODUCT: h('array1, [array2, …]', 'The sum of the products of matching entries.'),
  TEXT: h('number, format', 'A number as text in a format.'),
  TEXTJOIN: h(
    'delimiter, ignore_empty, text1, [text2, …]',
    'Joins texts with a delimiter between them.',
  ),
  TODAY: h('', "Today's date."),
  TREND: h(
    'known_data_y, [known_data_x], [new_data_x], [b]',
    'Values on the least-squares line through known data, for new x values.',
  ),
  TRIM: h('text', 'Removes leading, trailing and repeated spaces.'),
  TRUNC: h('value, [places]', 'Cuts off the decimals beyond a place.'),
  UNIQUE: h('range', 'The distinct rows of a range.'),
  UPPER: h('text', 'The text in upper case.'),
  VALUE: h('text', 'A text that looks like a number, as a number.'),
  VLOOKUP: h(
    'search_key, range, index, [is_sorted]',
    'Finds a value in the first column of a range and returns a cell in its row.',
  ),
  WEEKDAY: h('date, [type]', 'The day of the week of a date, as a number.'),
  WORKDAY: h('start_date, num_days, [holidays]', 'The date a number of working days away.'),
  XLOOKUP: h(
    'search_key, lookup_range, result_range, [missing_value], [match_mode], [search_mode]',
    'Finds a value in a range and returns the matching item of another.',
  ),
  YEAR: h('date', 'The year of a date.'),
}

/** `VLOOKUP(search_key, range, index, [is_sorted])`, or `NAME()` when there is no help. */
export function signatureText(name: string): string {
  const help = FUNCTION_HELP[name]
  return `${name}(${help ? help.args.join(', ') : ''})`
}

let names: Promise<readonly string[]> | null = null

/** The engine's function names, sorted; fetched with the engine's chunk, once. */
export function loadFunctionNames(): Promise<readonly string[]> {
  names ??= import('./formulaEngine')
    .then((m) => [...new Set(m.engineFunctionNames())].sort())
    .catch(() => {
      names = null
      return Object.keys(FUNCTION_HELP).sort()
    })
  return names
}
