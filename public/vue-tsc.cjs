// Type-checks the pages, .vue files included. vue-tsc drives TypeScript's JavaScript API, which the
// native TypeScript 7 compiler the server is built with no longer ships, so it runs on TypeScript 5
// (the `typescript5` alias in package.json).
const path = require('node:path');

process.argv.splice(2, 0, '-p', path.join(__dirname, 'tsconfig.json'), '--noEmit');
require('vue-tsc').run(require.resolve('typescript5/lib/tsc'));
