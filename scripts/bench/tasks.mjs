// The benchmark's tasks: all cost is the pool's, none the task's.
export function echo(x) {
  return x;
}

/** Prints two lines, as the tutorial's functions do, and returns at once. */
export function chatty(x) {
  console.log(`Process ${process.pid} going to sleep for 0 second(s)`);
  console.log(`Process ${process.pid} waking up`);
  return x;
}
