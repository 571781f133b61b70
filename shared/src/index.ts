export * from './live';
export * from './cases';
export * from './consultations';
export * from './budget';
export * from './consultation-phase';
export * from './margin-of-error';
export * from './questionnaire';
export * from './questionnaire-results';
