// Tiny pure helpers every layer shares: one seeded RNG, one hash, one
// duration parser.
export { makeRng, pickWeighted, seedOf, type Rng } from './rng';
export { fnv1a } from './hash';
export { parseDuration, formatMs } from './duration';
