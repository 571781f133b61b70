// type-graphql and MikroORM decorators read design-time types through the reflect-metadata
// polyfill, which must load before any entity or resolver module. Loading it here spares each
// test file from having to import it first.
import 'reflect-metadata';
