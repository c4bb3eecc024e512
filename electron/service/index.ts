export { RunService, SHUTDOWN_GRACE_MS, type RunServiceOptions } from './service';
