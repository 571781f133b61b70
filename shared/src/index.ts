export * from './live';
export * from './cases';
export * from './consultations';
export * from './budget';
export * from './opinion-groups';
export * from './text-keywords';
export * from './referendum';
export * from './seeded-random';
