export { RunService, type RunServiceOptions } from './service';
