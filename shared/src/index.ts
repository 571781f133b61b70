export * from './live';
export * from './cases';
export * from './consultations';
export * from './budget';
export * from './case-lifecycle';
export * from './business-hours';
