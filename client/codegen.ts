// Typed operations for Gatehouse clients. `npm run codegen:client` reads the operations in
// client/operations/*.graphql and writes client/generated/: one TypedDocumentNode per operation,
// with its result and variables types, for graphql-request, Apollo Client, urql and the like
// (README.md, "Typed clients"). Copy this file next to your own operations to do the same.
import type { CodegenConfig } from '@graphql-codegen/cli';

// JSON arrives as any JSON value: the generated file defines the type, so it stands alone.
const JSON_VALUE = 'export type JsonValue = string | number | boolean | null | JsonValue[] | { [key: string]: JsonValue };\n';

/** The configuration that types `documents` (a glob of .graphql files) into the folder `outDir`. */
export function clientCodegenConfig(documents: string, outDir: string, schema = 'schema.graphql'): CodegenConfig {
  return {
    schema,
    documents,
    silent: true,
    generates: {
      [outDir.endsWith('/') ? outDir : `${outDir}/`]: {
        preset: 'client',
        presetConfig: { fragmentMasking: false },
        plugins: [{ add: { content: JSON_VALUE, placement: 'prepend' } }],
        config: {
          useTypeImports: true,
          // Imports written `./graphql.js`, as ECMAScript modules (and TypeScript's NodeNext) need.
          emitLegacyCommonJSImports: false,
          // Every scalar must be named here: a new one fails codegen instead of becoming `any`.
          strictScalars: true,
          // DateTime arrives over JSON as RFC 3339 text, e.g. 2026-12-01T10:15:30.000Z.
          scalars: { DateTime: 'string', JSON: 'JsonValue' },
        },
      },
    },
  };
}

export default clientCodegenConfig('client/operations/*.graphql', 'client/generated/');
