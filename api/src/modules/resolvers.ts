/** Every module's GraphQL resolvers. */
export const resolvers: Function[] = [];
