// The layers, as rules that `npm test` checks (dependency-cruiser), so they cannot erode:
// graphql -> services -> db / policy / domain. Type-only imports count too.
/** @type {import('dependency-cruiser').IConfiguration} */
module.exports = {
  forbidden: [
    {
      name: 'graphql-through-services',
      comment: 'Resolvers call services only: no Prisma, database, or engine below them.',
      severity: 'error',
      from: { path: '^src/graphql/' },
      to: {
        path: ['^src/db/', '^src/generated/prisma/', '^src/policy/', '^node_modules/@prisma/', '^node_modules/pg/'],
        // The one edge that maps errors must recognise a database that did not answer, and text it cannot hold.
        pathNot: ['^src/db/unavailable\\.ts$', '^src/db/unstorable-text\\.ts$'],
      },
    },
    {
      name: 'services-below-graphql',
      comment: 'Services never see GraphQL: its types, resolvers or context.',
      severity: 'error',
      from: { path: '^src/(services|db|domain|policy|authorization)/' },
      to: { path: ['^src/graphql/', '^src/generated/graphql', '^node_modules/graphql/', '^node_modules/@apollo/'] },
    },
    {
      name: 'policy-engine-is-pure',
      comment: 'The policy engine depends on nothing but itself (test/policy/purity.test.ts checks IO too).',
      severity: 'error',
      from: { path: '^src/policy/' },
      to: { pathNot: ['^src/policy/'] },
    },
    {
      name: 'domain-is-pure',
      comment: 'Names, ARNs and ids: rules only, no IO and no layer above.',
      severity: 'error',
      from: { path: '^src/domain/' },
      to: { path: ['^src/(db|services|graphql|generated)/'] },
    },
    {
      name: 'catalog-is-data',
      comment: 'The authorization catalog: actions and ARNs from arguments, nothing below or above it but domain rules.',
      severity: 'error',
      from: { path: '^src/authorization/' },
      to: { path: ['^src/(db|services|graphql|generated|auth|policy)/'] },
    },
    {
      name: 'db-below-services',
      severity: 'error',
      from: { path: '^src/db/' },
      to: { path: ['^src/(services|graphql)/'] },
    },
    {
      name: 'no-cycles',
      severity: 'error',
      from: {},
      to: { circular: true },
    },
  ],
  options: {
    doNotFollow: { path: ['node_modules', '^src/generated/'] },
    tsPreCompilationDeps: true,
    tsConfig: { fileName: 'tsconfig.json' },
  },
};
