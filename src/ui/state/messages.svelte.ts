/**
 * The message area: every failure the page meets ends up here as words — AWS's error name and
 * message — instead of a frozen or blank page. Repeats of the same text fold into one message
 * with a count, so a producer failing 20 times a second does not flood the screen.
 */
import { errorText } from './errors';

export type MessageKind = 'error' | 'warning' | 'info';

export interface Message {
  readonly id: number;
  readonly kind: MessageKind;
  /** What was being done (`Create stream demo`), shown before the text. */
  readonly context: string;
  readonly text: string;
  readonly count: number;
}

const MAX_MESSAGES = 6;

export class Messages {
  list = $state.raw<readonly Message[]>([]);
  private nextId = 1;

  push(kind: MessageKind, context: string, text: string): void {
    const same = this.list.find((m) => m.kind === kind && m.context === context && m.text === text);
    if (same) {
      this.list = [{ ...same, count: same.count + 1 }, ...this.list.filter((m) => m !== same)];
      return;
    }
    this.list = [{ id: this.nextId++, kind, context, text, count: 1 }, ...this.list].slice(0, MAX_MESSAGES);
  }

  /** A failed call: `context` says what was tried; the text is `ErrorName: message`. */
  error(context: string, e: unknown): void {
    this.push('error', context, errorText(e));
  }

  info(context: string, text: string): void {
    this.push('info', context, text);
  }

  dismiss(id: number): void {
    this.list = this.list.filter((m) => m.id !== id);
  }

  clear(): void {
    this.list = [];
  }
}
