#!/usr/bin/env node
// Runs Segment's published "CleverTap (Actions)" destination (npm @segment/action-destinations) on events and
// reports, per event, what the destination did. Used by tests/contracts/test_segment_actions_peer.py.
//
// Two ways to call it:
//
// 1. Journal mode (no arguments), used by the golden parity test:
//    stdin:  {"mockUrl": "http://127.0.0.1:PORT" | null,
//             "runs": [{"settings": {...}, "events": [{...}, ...]}, ...]}
//    stdout: {"runs": [[{"ok": true, "results": [...]} | {"ok": false, "error": "<message>", "status": 400}, ...]]}
//
// 2. Command mode (`--settings FILE`), a `verify --against command=...` / differential peer: stdin holds a JSON
//    array of events, stdout gets one transform result per event, in order, made from what the destination
//    really did: `{"requests": [...]}` (each request as sent: method, URL, the CleverTap headers, parsed JSON body;
//    nothing leaves the machine), `{"requests": [], "skipped": "not subscribed"}` when no subscription took the
//    event (`skipped` gives actions-core's own words instead when it could not read a subscription, such as
//    "Invalid subscription : ..."), or `{"error": {"status", "message"}}` with actions-core's own message.
//
// The destination validates clevertapEndpoint against its five https hosts, so the settings keep a real host and
// actions-core's fetch is wrapped to send https://<region>.api.clevertap.com/... to <mockUrl>/<region>/... instead.
// With mockUrl null every request is answered locally with 200 {} and nothing leaves the machine.
'use strict'

const path = require('path')

function loadPeer() {
  const coreIndex = require.resolve('@segment/actions-core')
  const fetchModule = require(path.join(path.dirname(coreIndex), 'fetch.js'))
  const core = require('@segment/actions-core')
  // Load only the CleverTap destination (the package index would load every destination's dependencies).
  const definition = require(path.join(path.dirname(require.resolve('@segment/action-destinations')),
    'destinations', 'clevertap')).default
  return { core, fetchModule, definition }
}

// Requests captured in command mode (mockUrl null and capture on): reset before each event.
let captured = null

function installRedirect(fetchModule, mockUrl) {
  const realFetch = fetchModule.default
  const hostPattern = /^https:\/\/([a-z0-9]+)\.api\.clevertap\.com/
  fetchModule.default = async function redirectedFetch(input, init) {
    const Request = fetchModule.Request
    const original = input instanceof Request ? input : new Request(input, init)
    const url = original.url
    const m = hostPattern.exec(url)
    if (!m) throw new Error(`peer runner: refusing to fetch ${url}`)
    if (!mockUrl) {
      if (captured) captured.push(await describeRequest(original))
      return new fetchModule.Response('{}', { status: 200, headers: { 'content-type': 'application/json' } })
    }
    const target = mockUrl.replace(/\/$/, '') + '/' + m[1] + url.slice(m[0].length)
    const body = original.method === 'GET' || original.method === 'HEAD' ? undefined : await original.text()
    return realFetch(target, { method: original.method, headers: original.headers, body })
  }
}

const SENT_HEADERS = [
  ['x-clevertap-account-id', 'X-CleverTap-Account-Id'],
  ['x-clevertap-passcode', 'X-CleverTap-Passcode'],
  ['content-type', 'Content-Type']
]

async function describeRequest(request) {
  const headers = {}
  for (const [lower, name] of SENT_HEADERS) {
    const value = request.headers.get(lower)
    if (value !== null) headers[name] = value
  }
  const text = request.method === 'GET' || request.method === 'HEAD' ? '' : await request.text()
  let body = null
  try {
    body = text ? JSON.parse(text) : null
  } catch (err) {
    body = text
  }
  return { method: request.method.toUpperCase(), url: request.url, headers, body }
}

function presetSubscriptions(definition) {
  return definition.presets.map((p) => ({
    name: p.name,
    partnerAction: p.partnerAction,
    subscribe: p.subscribe,
    mapping: p.mapping,
    enabled: true
  }))
}

async function readStdin() {
  const chunks = []
  for await (const chunk of process.stdin) chunks.push(chunk)
  return JSON.parse(Buffer.concat(chunks).toString('utf8'))
}

// Command mode: one transform result per event. With `--pairs` instead, stdin holds [{"settings", "event"}, ...]
// (settings per event: the mapping-kit differential gives each event its own subscription).
async function commandMode(settingsFile) {
  const fs = require('fs')
  const pairs = settingsFile === null
  const baseSettings = pairs ? null : JSON.parse(fs.readFileSync(settingsFile, 'utf8'))
  const items = await readStdin()
  const { core, fetchModule, definition } = loadPeer()
  installRedirect(fetchModule, null)
  const destination = new core.Destination(definition)
  const subscriptions = presetSubscriptions(definition)
  const out = []
  for (const item of items) {
    const event = pairs ? item.event : item
    const settings = { ...(pairs ? item.settings : baseSettings) }
    if (!settings.subscriptions) settings.subscriptions = subscriptions
    captured = []
    try {
      const results = await destination.onEvent(event, settings)
      const entry = { requests: captured }
      if (captured.length === 0 && results.every((r) => r && typeof r.output === 'string')) {
        // what actions-core said instead of sending: a subscription it could not read, else "not subscribed"
        const other = results.find((r) => r.output !== 'not subscribed')
        entry.skipped = other ? other.output : 'not subscribed'
      }
      out.push(entry)
    } catch (err) {
      out.push({ error: { status: (err && err.status) || 500, message: String(err && err.message) } })
    }
    captured = null
  }
  process.stdout.write(JSON.stringify(out) + '\n')
}

async function main() {
  const at = process.argv.indexOf('--settings')
  if (at !== -1) return commandMode(process.argv[at + 1])
  if (process.argv.includes('--pairs')) return commandMode(null)
  const input = await readStdin()
  const { core, fetchModule, definition } = loadPeer()
  installRedirect(fetchModule, input.mockUrl || null)
  const destination = new core.Destination(definition)
  const subscriptions = presetSubscriptions(definition)
  const runs = []
  for (const run of input.runs) {
    const out = []
    for (const event of run.events) {
      const settings = { ...run.settings }
      if (!settings.subscriptions) settings.subscriptions = subscriptions
      try {
        const results = await destination.onEvent(event, settings)
        out.push({ ok: true, results: JSON.parse(JSON.stringify(results)) })
      } catch (err) {
        out.push({ ok: false, error: err && err.message, status: err && err.status })
      }
    }
    runs.push(out)
  }
  process.stdout.write(JSON.stringify({ runs }) + '\n')
}

main().catch((err) => {
  process.stderr.write(String((err && err.stack) || err) + '\n')
  process.exit(1)
})
