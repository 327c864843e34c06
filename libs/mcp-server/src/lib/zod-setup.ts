import * as z from 'zod';

/**
 * zod compiles a fast parser for each object schema with `new Function` the first time it parses,
 * and decides whether to when the schema is built. This server parses a few small messages per
 * request: the compiled parser saves about 1 µs a request and its compilation costs a cold start
 * about 2 ms. So schemas are built jitless; this module must be evaluated before any schema is
 * built, which is why the package index imports it first and the apps import the package before
 * the SDK.
 */
z.config({ jitless: true });
