export * from './live';
export * from './cases';
export * from './consultations';
export * from './budget';
export * from './open311';
