/**
 * The architecture of docs/architecture.md, written down as rules that `npm run check` and CI
 * enforce (`npm run lint:deps`). Each rule says why it exists; an exception must say why too.
 */

/** Tests and their helpers may reach into the code they test; production code may not. */
const testCode = ['\\.test\\.ts$', '\\.test-helper\\.ts$', '^src/test/', '^test/', '^e2e/'];

/** @type {import('dependency-cruiser').IConfiguration} */
module.exports = {
  forbidden: [
    {
      name: 'module-through-index',
      comment:
        'Modules talk to each other only through their index.ts, so a module can change its ' +
        'inside without breaking another.',
      severity: 'error',
      from: { path: '^src/modules/([^/]+)/', pathNot: testCode },
      to: {
        path: '^src/modules/[^/]+/',
        pathNot: ['^src/modules/$1/', '^src/modules/[^/]+/index\\.ts$'],
      },
    },
    {
      name: 'outside-through-index',
      comment:
        'The pipeline, the server, the CLI and the benchmarks use a module only through its ' +
        'index.ts, like other modules do.',
      severity: 'error',
      from: {
        path: '^(src/(pipeline|channels|server|cli|platform|nlp)|bench)/',
        pathNot: testCode,
      },
      to: { path: '^src/modules/[^/]+/', pathNot: '^src/modules/[^/]+/index\\.ts$' },
    },
    {
      name: 'no-module-imports-pipeline',
      comment:
        'The ingest path flows one way: the pipeline calls modules, never the reverse ' +
        '(a module that needs something of the pipeline is holding the pipeline in the wrong place).',
      severity: 'error',
      from: { path: '^src/modules/' },
      to: { path: '^src/pipeline/' },
    },
    {
      name: 'platform-is-the-bottom',
      comment: 'platform/ (config, database, jobs, events) knows nothing of the product above it.',
      severity: 'error',
      from: { path: '^src/platform/', pathNot: testCode },
      to: { path: '^src/(modules|pipeline|server|cli)/' },
    },
    {
      name: 'nlp-is-standalone',
      comment: 'nlp/ (tokeniser, models, training) is a library: no product code, no database.',
      severity: 'error',
      from: { path: '^src/nlp/' },
      to: { path: '^src/(modules|pipeline|server|cli|platform/database)/' },
    },
    {
      name: 'modules-below-server',
      comment:
        'Modules, the pipeline and the channel adapters do not know the HTTP app or the CLI that ' +
        'compose them.',
      severity: 'error',
      from: { path: '^src/(modules|pipeline|channels)/', pathNot: testCode },
      to: { path: '^src/(cli)/' },
    },
    {
      name: 'no-module-imports-channels',
      comment:
        'Channel adapters call the modules (ingest, replies, channels), never the reverse: the ' +
        'delivery job and the runner live with the adapters, as the ingest job lives in the pipeline.',
      severity: 'error',
      from: { path: '^src/(modules|pipeline)/' },
      to: { path: '^src/channels/' },
    },
    {
      name: 'sql-only-in-repositories',
      comment:
        "Kysely's sql template, adapters and helpers (anything but its types) are used only in " +
        'repositories and platform/: SQL lives in one place per module.',
      severity: 'error',
      from: {
        path: '^src/',
        pathNot: ['\\.repository\\.ts$', '^src/platform/', ...testCode],
      },
      to: { path: 'node_modules/kysely/', dependencyTypesNot: ['type-only'] },
    },
    {
      name: 'web-shares-only-the-contract',
      comment:
        'The web app imports no server code; its API types come from the generated contract ' +
        '(web/src/api), so they cannot drift from the server.',
      severity: 'error',
      from: { path: '^web/' },
      to: { path: '^(src|test|bench)/' },
    },
    {
      name: 'no-unresolvable',
      comment: 'An import that resolves to nothing is a typo or a missing dependency.',
      severity: 'error',
      from: {},
      to: { couldNotResolve: true },
    },
  ],
  options: {
    doNotFollow: { path: 'node_modules' },
    exclude: { path: '^web/dist/' },
    tsPreCompilationDeps: true,
    tsConfig: { fileName: 'tsconfig.json' },
    enhancedResolveOptions: {
      exportsFields: ['exports'],
      conditionNames: ['import', 'require', 'node', 'default', 'types'],
      extensions: ['.ts', '.tsx', '.js', '.d.ts'],
    },
  },
};
