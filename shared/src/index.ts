export * from './live';
export * from './consultations';
export * from './budget';
