/**
 * Keyboard shortcuts of the time bar: space = play/pause, → = step, + / − = speed up / down.
 * Never while the user types (inputs, selects, text areas, editable content), and space is left
 * to a focused button or link so that it still presses them.
 */
export type Shortcut = 'toggle' | 'step' | 'faster' | 'slower';

export interface KeyLike {
  readonly key: string;
  readonly ctrlKey: boolean;
  readonly metaKey: boolean;
  readonly altKey: boolean;
  /** Tag name of the focused element, upper case (`INPUT`), and whether it is editable. */
  readonly targetTag: string;
  readonly targetEditable: boolean;
}

const TYPING = new Set(['INPUT', 'TEXTAREA', 'SELECT']);
const PRESSABLE = new Set(['BUTTON', 'A', 'SUMMARY']);

export function shortcutFor(e: KeyLike): Shortcut | undefined {
  if (e.ctrlKey || e.metaKey || e.altKey) return undefined;
  if (TYPING.has(e.targetTag) || e.targetEditable) return undefined;
  switch (e.key) {
    case ' ':
    case 'Spacebar':
      return PRESSABLE.has(e.targetTag) ? undefined : 'toggle';
    case 'ArrowRight':
      return 'step';
    case '+':
    case '=':
      return 'faster';
    case '-':
    case '−':
    case '_':
      return 'slower';
    default:
      return undefined;
  }
}

/** Reads a DOM keyboard event into a `KeyLike`. */
export function keyLike(e: KeyboardEvent): KeyLike {
  const t = e.target instanceof HTMLElement ? e.target : undefined;
  return {
    key: e.key,
    ctrlKey: e.ctrlKey,
    metaKey: e.metaKey,
    altKey: e.altKey,
    targetTag: t?.tagName ?? '',
    targetEditable: t?.isContentEditable ?? false,
  };
}
