// Entry of the worker thread started by `checkDistrictBoundaries`. UserError carries type-graphql
// decorators, which need the reflect-metadata polyfill loaded first.
import 'reflect-metadata';
import { parentPort, workerData } from 'node:worker_threads';
import { parseDistrictBoundaries, type BoundaryProperties } from './district-boundaries';

const { input, properties } = workerData as { input: unknown; properties: BoundaryProperties };
// The time limit starts here, so loading the modules above does not count against it.
parentPort!.postMessage({ type: 'started' });
const parsed = parseDistrictBoundaries(input, properties);

// Structured clone drops the UserError class, so only its fields are sent.
parentPort!.postMessage({
  type: 'result',
  boundaries: parsed.boundaries,
  errors: parsed.errors.map(({ code, message, field }) => ({ code, message, field })),
});
