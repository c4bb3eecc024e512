/**
 * The traces main is asked to open by itself (the command line, a second launch, macOS's
 * open-file, Open Recent), held until the page can take them: a trace sent before the page
 * subscribed to events would be lost. The page says it is ready by asking for its preferences.
 */
export class TraceInbox {
  #queued: string[];
  #ready = false;

  constructor(
    private readonly deliver: (path: string) => void,
    initial: readonly string[] = [],
  ) {
    this.#queued = [...initial];
  }

  add(path: string): void {
    if (this.#ready) this.deliver(path);
    else this.#queued.push(path);
  }

  /** The page listens now: what waited goes, after the reply that said so. */
  pageReady(): void {
    this.#ready = true;
    const waiting = this.#queued.splice(0);
    if (waiting.length) setImmediate(() => waiting.forEach((path) => this.deliver(path)));
  }

  /** A new page is loading (a re-created window): hold traces again until it is ready. */
  pageGone(): void {
    this.#ready = false;
  }
}
