export * from './live';
export * from './cases';
