// clevertap-harness: serve a built rudder-transformer checkout's destination routes on a loopback port.
//
//   node runner.js <checkout>        (TZ=UTC recommended: rudder-transformer's containers run in UTC)
//
// The checkout is the user's own clone of https://github.com/rudderlabs/rudder-transformer after
// `npm ci && npm run build`. This file only wires that checkout's own pieces the way its src/index.ts does for
// these routes: its error-handling middleware, koa-bodyparser (whose JSON reading refuses "__proto__" keys) and
// the destination router (`POST /:version/destinations/:destination`, `POST /routerTransform`). It skips what
// is irrelevant to transforming (metrics, cluster, profiling, swagger), listens on 127.0.0.1 with a port the
// system picks, prints one line "@@clevertap-harness-peer@@ {"port": N}" and serves until stdin closes.
'use strict';

const path = require('path');

const checkout = path.resolve(process.argv[2] || '.');
const fromCheckout = (name) => require(require.resolve(name, { paths: [checkout] }));
const built = (rel) => require(path.join(checkout, 'dist', 'src', rel));

const MARK = '@@clevertap-harness-peer@@ ';

function main() {
  const Koa = fromCheckout('koa');
  const bodyParser = fromCheckout('koa-bodyparser');
  const { errorHandlerMiddleware } = built('middlewares/errorHandler');
  const destinationRoutes = built('routes/destination').default;

  const app = new Koa();
  app.silent = true; // errors are answered, not printed
  app.use(errorHandlerMiddleware());
  app.use(bodyParser({ jsonLimit: '200mb' }));
  app.use(destinationRoutes);

  const server = app.listen(0, '127.0.0.1', () => {
    process.stdout.write(`${MARK}${JSON.stringify({ port: server.address().port })}\n`);
  });
  process.stdin.resume();
  process.stdin.on('end', () => {
    server.close();
    process.exit(0);
  });
}

main();
