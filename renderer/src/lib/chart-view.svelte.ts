/**
 * What part of the run the chart shows. Until the user zooms or pans, the view fits the run and,
 * while it runs, follows its live edge; once they do, it stays where they put it until "Fit".
 */
import { panBy, pxToMs, zoomAround, type Domain } from './zoom';

export class ChartView {
  /** Width of the plot area in CSS pixels (the chart binds it). */
  width = $state(800);
  /** The user's own domain; null while following the run. */
  #manual = $state.raw<Domain | null>(null);
  readonly #extent: () => Domain;

  /** `extent` is the whole run, from time zero to its last moment (or now, while it runs). */
  constructor(extent: () => Domain) {
    this.#extent = extent;
  }

  readonly extent: Domain = $derived.by(() => this.#extent());
  readonly domain: Domain = $derived(this.#manual ?? this.extent);
  readonly following = $derived(this.#manual === null);

  /** Zooms by `factor` (> 1 in) about pixel `anchorPx` of the plot (its middle by default). */
  zoom(factor: number, anchorPx = this.width / 2): void {
    const anchor = pxToMs(this.domain, this.width, anchorPx);
    this.#manual = zoomAround(this.domain, factor, anchor, this.extent);
  }

  /** Moves the view by `dxPx` pixels' worth of time (positive = later). */
  pan(dxPx: number): void {
    const ms = ((this.domain[1] - this.domain[0]) * dxPx) / Math.max(1, this.width);
    this.#manual = panBy(this.domain, ms, this.extent);
  }

  /** Back to the whole run, following it while it runs. */
  fit(): void {
    this.#manual = null;
  }
}
