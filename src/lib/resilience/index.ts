// Public API of the resilience engine (outlier detection, connection pool,
// textbook breaker, local rate limit, Mixer quota, simulator, config).
export * from './machines';
export * from './outlier';
export * from './connpool';
export * from './breaker';
export * from './ratelimit';
export * from './quota';
export * from './generator';
export * from './config';
export * from './simulate';
export * from './options';
export * from './route';
