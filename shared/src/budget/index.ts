export * from './ballot';
export * from './select';
export * from './tally';
export * from './types';
export * from './equal-shares';
export * from './rational';
