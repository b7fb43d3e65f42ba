#!/usr/bin/env node
// Runs Segment's published "CleverTap (Actions)" destination (npm @segment/action-destinations) on events and
// reports, per event, what the destination did. Used by tests/contracts/test_segment_actions_peer.py.
//
// stdin:  {"mockUrl": "http://127.0.0.1:PORT" | null,
//          "runs": [{"settings": {...}, "events": [{...}, ...]}, ...]}
// stdout: {"runs": [[{"ok": true, "results": [...]} | {"ok": false, "error": "<message>", "status": 400}, ...]]}
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
      return new fetchModule.Response('{}', { status: 200, headers: { 'content-type': 'application/json' } })
    }
    const target = mockUrl.replace(/\/$/, '') + '/' + m[1] + url.slice(m[0].length)
    const body = original.method === 'GET' || original.method === 'HEAD' ? undefined : await original.text()
    return realFetch(target, { method: original.method, headers: original.headers, body })
  }
}

async function main() {
  const chunks = []
  for await (const chunk of process.stdin) chunks.push(chunk)
  const input = JSON.parse(Buffer.concat(chunks).toString('utf8'))
  const { core, fetchModule, definition } = loadPeer()
  installRedirect(fetchModule, input.mockUrl || null)
  const destination = new core.Destination(definition)
  const subscriptions = definition.presets.map((p) => ({
    name: p.name,
    partnerAction: p.partnerAction,
    subscribe: p.subscribe,
    mapping: p.mapping,
    enabled: true
  }))
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
