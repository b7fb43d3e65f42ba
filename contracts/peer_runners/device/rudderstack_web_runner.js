'use strict';
/**
 * Runs RudderStack's CleverTap web integration (rudder-sdk-js
 * packages/analytics-js-integrations/src/integrations/Clevertap/browser.js) in jsdom, from a checkout of
 * rudderlabs/rudder-sdk-js that the user names in RUDDER_SDK_JS_DIR (nothing is downloaded here). The integration
 * is bundled with esbuild as it is in the repository (its own utils, its ScriptLoader, get-value 4.1.0 pinned in
 * package.json as upstream pins it); only `@lukeed/uuid`, which the CleverTap path never calls, is a stand-in.
 *
 * Per event: a new integration, constructed as the v3 SDK does (config, analytics with loadOnlyIntegrations and
 * logLevel, destination info), `init()`, then the `window.clevertap` queues' `push` are recorded while
 * `integration[type]({message})` runs. Input/output: JSON Lines, as the other device runners.
 */
const path = require('path');
const fs = require('fs');
const { JSDOM, VirtualConsole } = require('jsdom');
const esbuild = require('esbuild');
const { call, serveLines } = require('./calls');

const checkout = process.env.RUDDER_SDK_JS_DIR;
if (!checkout || !fs.existsSync(path.join(checkout, 'packages', 'analytics-js-integrations'))) {
  process.stderr.write('RUDDER_SDK_JS_DIR must name a checkout of rudderlabs/rudder-sdk-js\n');
  process.exit(3);
}
const integrations = path.join(checkout, 'packages', 'analytics-js-integrations', 'src');
const stubDir = fs.mkdtempSync(path.join(require('os').tmpdir(), 'rs-web-stub-'));
fs.writeFileSync(path.join(stubDir, 'uuid.js'), 'export const v4 = () => "00000000-0000-4000-8000-000000000000";\n');

const bundle = esbuild.buildSync({
  entryPoints: [path.join(integrations, 'integrations', 'Clevertap', 'browser.js')],
  bundle: true,
  write: false,
  format: 'iife',
  globalName: 'RudderClevertap',
  platform: 'browser',
  logLevel: 'silent',
  nodePaths: [path.join(__dirname, 'node_modules')],
  alias: {
    '@rudderstack/analytics-js-legacy-utilities': path.join(checkout, 'packages', 'analytics-js-legacy-utilities', 'src'),
    '@lukeed/uuid/secure': path.join(stubDir, 'uuid.js'),
    '@lukeed/uuid': path.join(stubDir, 'uuid.js'),
  },
}).outputFiles[0].text;
fs.rmSync(stubDir, { recursive: true, force: true }); // the bundle is in memory: the stub has done its job

const dom = new JSDOM('<!DOCTYPE html><html><head><script id="dummyScript"></script></head><body></body></html>', {
  url: 'https://example.com/',
  runScripts: 'outside-only',
  virtualConsole: new VirtualConsole(),
});
const { window } = dom;
window.eval(bundle);
const Clevertap = window.RudderClevertap.default;
const QUEUES = ['event', 'profile', 'account', 'onUserLogin', 'notifications', 'privacy'];
const TYPES = new Set(['identify', 'track', 'page', 'screen', 'group', 'alias']);

async function run({ settings, event }) {
  const integration = new Clevertap(settings || {}, { loadOnlyIntegrations: {}, logLevel: 'ERROR' }, {
    shouldApplyDeviceModeTransformation: false,
    propagateEventsUntransformedOnError: false,
    destinationId: 'harness',
  });
  integration.init();
  const calls = [];
  for (const q of QUEUES) {
    window.clevertap[q].push = (...args) => {
      calls.push(call('web', `${q}.push`, args));
    };
  }
  const message = window.JSON.parse(JSON.stringify(event)); // the page's own objects, as an app would pass them
  const type = message && message.type;
  if (TYPES.has(type) && typeof integration[type] === 'function') {
    try {
      integration[type]({ message });
    } catch (err) {
      return { error: { status: 400, message: String(err && err.message) } };
    }
  }
  return { calls };
}

serveLines(run);
