/** The AppShell reaches the few components that need it (toolbar, header) through context. */
import { getContext, setContext } from 'svelte';
import type { AppShell } from './shell.svelte';

const KEY = Symbol('poolscope.shell');

export interface ShellRef {
  readonly current: AppShell | null;
}

export const provideShell = (ref: ShellRef) => setContext(KEY, ref);
/** The shell, or null before it is made (and in component tests that give none). */
export const useShell = (): ShellRef => getContext<ShellRef | undefined>(KEY) ?? { current: null };
