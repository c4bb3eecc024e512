/**
 * Browser mode's keyboard shortcuts, parsed from the action table's accelerators (the desktop
 * app's menu owns them there, so the page binds none and nothing fires twice).
 */
import {
  ACTIONS,
  parseAccelerator,
  type ActionId,
  type KeyChord,
} from '../../../../shared/actions';

/** Whether Cmd, not Ctrl, is the shortcut key (`platform`: navigator.platform). */
export const isMac = (platform: string) => /^Mac|iPhone|iPad/.test(platform);

/** What a shortcut reads of a KeyboardEvent. */
export interface KeyInput {
  key: string;
  ctrlKey: boolean;
  metaKey: boolean;
  shiftKey: boolean;
  altKey: boolean;
}

const BOUND: { id: ActionId; chord: KeyChord }[] = ACTIONS.filter(
  (a) => a.inBrowser && a.accelerator,
).map((a) => ({ id: a.id, chord: parseAccelerator(a.accelerator!) }));

/** The action a key press stands for, or null. `mac` picks Cmd over Ctrl. */
export function actionForKey(e: KeyInput, mac: boolean): ActionId | null {
  const mod = mac ? e.metaKey : e.ctrlKey;
  if (!mod) return null; // every shortcut in the table has Cmd/Ctrl: plain typing is never one
  const key = e.key.length === 1 ? e.key.toLowerCase() : e.key;
  // Shift+= types "+" on most layouts: zoom in answers both.
  const keys = key === '+' ? ['+', '='] : [key];
  const hit = BOUND.find(
    ({ chord }) =>
      chord.mod && keys.includes(chord.key) && chord.shift === e.shiftKey && chord.alt === e.altKey,
  );
  return hit?.id ?? (key === '+' ? 'view.zoomIn' : null);
}
