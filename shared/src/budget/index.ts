export * from './ballot';
export * from './select';
export * from './tally';
export * from './types';
