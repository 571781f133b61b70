export * from './live';
export * from './cases';
export * from './consultations';
