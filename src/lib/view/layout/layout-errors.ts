// Replies the layout worker and its client agree on (a module of its own, so
// the client does not import the worker's code).
/** the worker has no cluster of that key (it was restarted): send it again */
export const NO_CLUSTER = 'no-cluster';
