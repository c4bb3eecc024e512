/**
 * How the tutorial's future.py ends its transcript, as CPython prints it: 13, 3, 9 and 7, then the
 * held ValueError. One copy for every test that reads that ending (traced, computed, on screen).
 */
export const FUTURE_PY_RESULTS = [
  'Here are the results.',
  'Task 0 was successful. Result is 13',
  'Task 1 was successful. Result is 3',
  'Task 2 was successful. Result is 9',
  'Task 3 was successful. Result is 7',
  'Task 4 failed!',
  "    Error = <class 'ValueError'> : Called broken function",
] as const;
