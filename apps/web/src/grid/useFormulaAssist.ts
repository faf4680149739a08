import { computed, ref, shallowRef, watch } from 'vue'
import { callAt, nameAt } from '../formula/formulaCompletion'
import { FUNCTION_HELP, loadFunctionNames, type FunctionHelp } from '../formula/functionCatalog'
import { enterKeepsTyped, rankNames } from '../formula/functionSuggestions'
import { useFormulaPointStore } from '../stores/formulaPointStore'
import { useSelectionStore } from '../stores/selectionStore'
import { useNamedRangeStore } from '../namedRanges/namedRangeStore'

const MAX_SUGGESTIONS = 8

export interface Suggestion {
  name: string
  help: FunctionHelp | undefined
  /** A defined name (inserted as is), not a function (inserted with its `(`). */
  definedName?: boolean
}

/** The argument hint of the call the caret is in: its name, arguments and the current one. */
export interface ArgumentHint {
  name: string
  args: readonly string[]
  /** The argument being typed; the last one when it repeats (`value1, [value2, …]`). */
  current: number
  description: string
}

/**
 * Function autocomplete for the draft being typed: the engine's functions and the workbook's
 * defined names that start with the name at the caret, the most used functions first
 * (`rankNames`; ArrowUp/Down choose, Tab or Enter insert `NAME(` or the name, Escape hides), and,
 * inside a call, its arguments with the one being typed picked out.
 */
export function useFormulaAssist() {
  const selection = useSelectionStore()
  const point = useFormulaPointStore()
  const definedNames = useNamedRangeStore()
  const names = shallowRef<readonly string[]>([])
  const index = ref(0)
  /** Escape hid the list for this name; typing more shows it again. */
  const dismissed = ref<string | null>(null)

  watch(
    () => selection.editing && selection.draft.startsWith('='),
    (formula) => {
      if (formula && names.value.length === 0) {
        void loadFunctionNames().then((list) => (names.value = list))
      }
    },
    { immediate: true },
  )

  const typing = computed(() => (selection.editing ? nameAt(selection.draft, point.caret) : null))

  const suggestions = computed<Suggestion[]>(() => {
    const at = typing.value
    if (!at || dismissed.value === `${at.start}:${at.prefix}`) return []
    const defined = definedNames.names.filter((n) => !n.duplicate).map((n) => n.name)
    return rankNames(at.prefix, names.value, defined, MAX_SUGGESTIONS).map((c) => ({
      ...c,
      help: c.definedName ? undefined : FUNCTION_HELP[c.name],
    }))
  })

  watch(suggestions, () => (index.value = 0))

  const hint = computed<ArgumentHint | null>(() => {
    if (!selection.editing || suggestions.value.length > 0) return null
    const call = callAt(selection.draft, point.caret)
    const help = call ? FUNCTION_HELP[call.name] : undefined
    if (!call || !help || help.args.length === 0) return null
    const last = help.args.length - 1
    const repeats = help.args[last]?.includes('…') ?? false
    const current = call.arg <= last ? call.arg : repeats ? last : -1
    return { name: call.name, args: help.args, current, description: help.description }
  })

  /** Moves the highlighted suggestion, wrapping around. */
  function move(delta: number): void {
    const n = suggestions.value.length
    if (n > 0) index.value = (index.value + delta + n) % n
  }

  /** Replaces the name being typed with the chosen function and an opening parenthesis. */
  function accept(at = index.value): void {
    const typed = typing.value
    const chosen = suggestions.value[at]
    if (!typed || !chosen) return
    const text = selection.draft
    const end = typed.start + typed.prefix.length
    const call = chosen.definedName ? chosen.name : `${chosen.name}(`
    selection.setDraft(text.slice(0, typed.start) + call + text.slice(end))
    point.moveCaret(typed.start + call.length)
  }

  /**
   * Enter with the list open: commits the draft as typed when the highlighted name is the one
   * typed in full and needs no parentheses (`=TaxRate`, `=A1=TRUE`), else takes it (`=sum` →
   * `=SUM(`), as Google Sheets does. False when Enter is left to commit.
   */
  function acceptOnEnter(): boolean {
    const typed = typing.value
    if (!typed || enterKeepsTyped(typed.prefix, suggestions.value[index.value])) return false
    accept()
    return true
  }

  function dismiss(): void {
    const at = typing.value
    if (at) dismissed.value = `${at.start}:${at.prefix}`
  }

  return { suggestions, index, hint, move, accept, acceptOnEnter, dismiss }
}
