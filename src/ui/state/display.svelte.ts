/**
 * How the page is shown: presenter mode (a projector at 1280×720: large type, high contrast,
 * secondary controls faded until hovered) and reduced motion (a live table instead of moving
 * particles; on by default when the system asks for it with `prefers-reduced-motion`). Both are
 * remembered in this browser and can be set by URL (`?presenter=1`, `?motion=reduced`).
 */
const KEY = 'shardlab:display';

interface Saved {
  readonly presenter?: boolean;
  readonly reducedMotion?: boolean;
}

export class Display {
  presenter = $state(false);
  reducedMotion = $state(false);

  constructor(win: Pick<Window, 'matchMedia' | 'localStorage' | 'location'> | undefined = typeof window === 'undefined' ? undefined : window) {
    if (!win) return;
    let saved: Saved = {};
    try {
      saved = JSON.parse(win.localStorage.getItem(KEY) ?? '{}') as Saved;
    } catch {
      saved = {}; // unreadable: defaults
    }
    const params = new URLSearchParams(win.location.search);
    const systemReduced = win.matchMedia?.('(prefers-reduced-motion: reduce)').matches ?? false;
    this.presenter = params.has('presenter') ? params.get('presenter') !== '0' : saved.presenter ?? false;
    this.reducedMotion = params.has('motion') ? params.get('motion') === 'reduced' : saved.reducedMotion ?? systemReduced;
    this.save = () => {
      try {
        win.localStorage.setItem(KEY, JSON.stringify({ presenter: this.presenter, reducedMotion: this.reducedMotion }));
      } catch {
        // storage full or blocked: the choice lasts for this page only
      }
    };
  }

  private save: () => void = () => undefined;

  togglePresenter(): void {
    this.presenter = !this.presenter;
    this.save();
  }

  toggleMotion(): void {
    this.reducedMotion = !this.reducedMotion;
    this.save();
  }
}
