/** What the experiment stores need from the session: the API's requests, and the status line. */
import type { PoolScopeApi } from '../../../../shared/contract';

export type Say = (text: string, tone?: 'info' | 'error') => void;

export type HistoryApi = Pick<
  PoolScopeApi,
  'historyList' | 'historyGet' | 'historyRename' | 'historyDelete'
>;
export type SweepApi = Pick<PoolScopeApi, 'sweepStart' | 'sweepCancel' | 'historyGet'>;
