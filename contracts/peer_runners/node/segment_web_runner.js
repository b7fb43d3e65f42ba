#!/usr/bin/env node
// Runs Segment's analytics.js "CleverTap" integration (classic device mode, web) on Segment messages and prints,
// per message, the CleverTap SDK calls it made: a `verify --against command=...` / differential peer.
//
//   node segment_web_runner.js --settings FILE [--integrations DIR]   < events.json   > results.json
//
// The integration itself is not on npm: DIR (or the environment variable SEGMENT_INTEGRATIONS_DIR) is the user's
// checkout of https://github.com/segmentio/analytics.js-integrations; its `integrations/clevertap/lib/index.js` is
// loaded. Its dependencies (@segment/analytics.js-integration, @ndhoule/each, is, use-https) and the message facade
// (@segment/facade) come from this folder's package.json, pinned, so a checkout needs no install of its own.
//
// Each message becomes the facade analytics.js builds (`new Identify(msg)`, `new Track(msg)`, ...: the facade clones
// the message and turns ISO-looking strings into Dates), and the integration's method for its type is invoked as
// analytics.js classic does after the SDK loaded (integration.invoke(type, facade); an exception is caught and only
// logged by analytics.js, so the calls made before it stand and nothing else happens). Every push onto the
// `window.clevertap` queues is recorded as {"sdk": "web", "method": "<queue>.push", "args": [...]}, a Date written
// {"$date": toISOString()}. stdout: one transform result entry per message (README.md, "Transforming events"), `{"calls": [...]}`, with
// `"skipped": "<why>"` when nothing was called because the type has no method or the integration threw.
//
// The browser is jsdom; TZ is the settings' `timezone` (default UTC), the zone a browser's Date would use.
'use strict'

const fs = require('fs')
const path = require('path')
const Module = require('module')

function arg(name) {
  const at = process.argv.indexOf(name)
  return at === -1 ? undefined : process.argv[at + 1]
}

// Bare module names resolve from this folder first (pinned versions), then from the requiring file.
function preferOurModules() {
  const resolve = Module._resolveFilename
  const here = module
  Module._resolveFilename = function (request, parent, ...rest) {
    if (!request.startsWith('.') && !path.isAbsolute(request)) {
      try {
        return resolve.call(this, request, here, ...rest)
      } catch (err) {
        // fall through to the requiring file's own resolution
      }
    }
    return resolve.call(this, request, parent, ...rest)
  }
}

function installBrowser() {
  const { JSDOM } = require('jsdom')
  const dom = new JSDOM('<!DOCTYPE html><html><head><script></script></head><body></body></html>', {
    url: 'https://example.com/'
  })
  global.window = dom.window
  global.document = dom.window.document
  global.navigator = dom.window.navigator
  global.location = dom.window.location
}

const QUEUES = ['event', 'profile', 'account', 'onUserLogin', 'notifications']
const FACADES = {
  identify: 'Identify',
  track: 'Track',
  page: 'Page',
  screen: 'Screen',
  alias: 'Alias',
  group: 'Group'
}

// JSON for SDK arguments: Dates as {"$date": ISO}, undefined members left out (as JSON.stringify does).
function plain(value) {
  if (value instanceof Date) {
    return { $date: isNaN(value.getTime()) ? null : value.toISOString() }
  }
  if (Array.isArray(value)) return value.map((v) => (v === undefined || typeof v === 'function' ? null : plain(v)))
  if (value && typeof value === 'object') {
    const out = {}
    for (const key of Object.keys(value)) {
      const v = value[key]
      if (v === undefined || typeof v === 'function') continue
      out[key] = plain(v)
    }
    return out
  }
  if (typeof value === 'number' && !isFinite(value)) return null
  return value
}

async function main() {
  const settings = JSON.parse(fs.readFileSync(arg('--settings'), 'utf8'))
  process.env.TZ = settings.timezone || 'UTC'
  const dir = arg('--integrations') || process.env.SEGMENT_INTEGRATIONS_DIR
  if (!dir) throw new Error('give the analytics.js-integrations checkout: --integrations DIR or SEGMENT_INTEGRATIONS_DIR')
  const entry = path.join(path.resolve(dir), 'integrations', 'clevertap', 'lib', 'index.js')
  if (!fs.existsSync(entry)) throw new Error(`no CleverTap integration at ${entry}`)
  preferOurModules()
  installBrowser()
  const facade = require('@segment/facade')
  const CleverTap = require(entry)

  const chunks = []
  for await (const chunk of process.stdin) chunks.push(chunk)
  const events = JSON.parse(Buffer.concat(chunks).toString('utf8'))

  const options = {
    clevertap_account_id: settings.accountId ?? settings.clevertap_account_id ?? '',
    region: settings.region ?? ''
  }
  const out = []
  for (const msg of events) {
    const integration = new CleverTap(options)
    integration.initialize()
    integration.emit('ready') // the SDK "loaded": analytics.js-integration flushes and invokes directly
    const calls = []
    for (const name of QUEUES) {
      const queue = window.clevertap[name]
      queue.push = function (...args) {
        calls.push({ sdk: 'web', method: `${name}.push`, args: plain(args) })
        return Array.prototype.push.apply(this, args)
      }
    }
    const entry = { calls }
    const type = msg && msg.type
    const Facade =
      typeof type === 'string' && Object.prototype.hasOwnProperty.call(FACADES, type) ? facade[FACADES[type]] : undefined
    if (!Facade) {
      entry.skipped = `the integration has no ${JSON.stringify(type ?? null)} method`
    } else {
      try {
        integration.invoke(type, new Facade(msg))
      } catch (err) {
        entry.skipped = `the integration threw: ${err && err.message}`
      }
    }
    out.push(entry)
  }
  process.stdout.write(JSON.stringify(out) + '\n')
}

main().catch((err) => {
  process.stderr.write(String((err && err.stack) || err) + '\n')
  process.exit(1)
})
