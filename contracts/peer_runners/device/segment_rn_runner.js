'use strict';
/**
 * Runs Segment's published React Native CleverTap plugin (@segment/analytics-react-native-plugin-clevertap) on
 * Segment messages, one fresh plugin per event, and prints the clevertap-react-native calls it makes.
 *
 * `react-native` and the other native-only modules are replaced by inert stand-ins (there is no device here);
 * `clevertap-react-native` is replaced by a recorder of its JS API. The plugin runs through its own
 * DestinationPlugin.execute, so the `integrations.CleverTap === false` switch and the type dispatch are the SDK's.
 *
 * Input (stdin, JSON Lines): {"settings": {...}, "event": {...}}. Output: one {"calls": [...]} line per input.
 * Run with TZ=UTC: the plugin's `new Date(birthday)` reads local time.
 */
const Module = require('module');
const { call, serveLines } = require('./calls');

let recorded = [];
const clevertap = new Proxy(
  {},
  {
    get(_target, method) {
      if (method === '__esModule') return false;
      if (method === 'default') return clevertap;
      return (...args) => {
        recorded.push(call('react-native', String(method), args));
      };
    },
  },
);
const inert = new Proxy(function inertModule() {}, {
  get(_t, key) {
    if (key === '__esModule') return true;
    if (key === 'Platform') return { OS: 'ios', select: o => o.ios };
    if (key === 'NativeModules') return {};
    return inert;
  },
  apply() {
    return inert;
  },
  construct() {
    return inert;
  },
});
const STUBS = {
  'clevertap-react-native': clevertap,
  'react-native': inert,
  '@react-native-async-storage/async-storage': inert,
  '@segment/sovran-react-native': inert,
  'react-native-get-random-values': inert,
  react: inert,
};
const load = Module._load;
Module._load = function stubbedLoad(request, parent, isMain) {
  if (Object.prototype.hasOwnProperty.call(STUBS, request)) return STUBS[request];
  return load.call(this, request, parent, isMain);
};

const { ClevertapPlugin } = require('@segment/analytics-react-native-plugin-clevertap');

const silentLogger = { warn() {}, info() {}, error() {}, debug() {}, log() {} };

async function run({ settings, event }) {
  const plugin = new ClevertapPlugin();
  plugin.configure({
    settings: { get: () => ({ CleverTap: settings || {} }) },
    logger: silentLogger,
  });
  recorded = [];
  await plugin.execute(event);
  return { calls: recorded };
}

serveLines(run);
