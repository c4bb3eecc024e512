/**
 * Draws at most once per animation frame: a frame may see several event batches and view changes,
 * and each would otherwise re-plan and repaint every bar in view. Requests made before the frame
 * collapse into one draw of the latest input.
 */
import { browserTicker, type Ticker } from '../run.svelte';

export class FrameDraw {
  #draw: (() => void) | null = null;
  #handle: number | null = null;
  readonly #ticker: Ticker;

  constructor(ticker: Ticker = browserTicker) {
    this.#ticker = ticker;
  }

  /** Draws with `draw` in the next frame, unless a later request replaces it first. */
  request(draw: () => void): void {
    this.#draw = draw;
    this.#handle ??= this.#ticker.frame(this.#run);
  }

  /** Drops a pending draw (the canvas is going away). */
  cancel(): void {
    if (this.#handle !== null) this.#ticker.cancel(this.#handle);
    this.#handle = null;
    this.#draw = null;
  }

  readonly #run = () => {
    this.#handle = null;
    const draw = this.#draw;
    this.#draw = null;
    draw?.();
  };
}
