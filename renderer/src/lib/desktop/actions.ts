/**
 * What each action of the table (shared/actions.ts) does in the page: the menu's clicks (the
 * desktop app's `app:action` events), the toolbar's buttons and browser mode's shortcuts all
 * end here.
 */
import { themeOf, type ActionId } from '../../../../shared/actions';
import type { Theme } from '../../../../shared/contract';
import { checkRange } from '../experiments/sweep-range';
import type { Session } from '../session.svelte';

export interface ActionHost {
  session: Session;
  /** Open…: a dialog or the browser's picker. */
  open(): void;
  /** Applies a theme (the desktop app asks main, browser mode keeps it itself). */
  setTheme(theme: Theme): void;
  about(): void;
  tutorial(): void;
}

export function runAction(host: ActionHost, id: ActionId): void {
  const { session } = host;
  const theme = themeOf(id);
  if (theme) return host.setTheme(theme);
  if (id.startsWith('file.export.')) {
    return void session.exportAs(id.slice('file.export.'.length) as never);
  }
  switch (id) {
    case 'file.open':
      return host.open();
    case 'file.save':
      return void session.exportAs('poolscope-json');
    case 'file.close':
      return session.closeFile();
    case 'run.start': {
      if (session.busy) return session.say('A run or a sweep is in progress.', 'error');
      const workload = session.draft.check.workload;
      if (!workload) return session.say('Cannot run: fix the flagged fields first.', 'error');
      return void session.startRun(workload);
    }
    case 'run.cancel':
      return void session.cancelRun();
    case 'run.sweep': {
      const sweep = session.sweep;
      const workload = session.draft.check.workload;
      const range = checkRange(sweep.fromText, sweep.toText, session.info.maxWorkersLimit).range;
      session.tab = 'sweep';
      if (session.busy || !workload || !range) return; // the Sweep tab says what is missing
      return void sweep.start(workload, range);
    }
    case 'view.zoomIn':
      return session.chart.zoom(1.5);
    case 'view.zoomOut':
      return session.chart.zoom(1 / 1.5);
    case 'view.fit':
      return session.chart.fit();
    case 'help.about':
      return host.about();
    case 'help.tutorial':
      return host.tutorial();
  }
}
