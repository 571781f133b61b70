export * from './live';
export * from './consultations';
