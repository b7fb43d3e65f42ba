'use strict';
/**
 * Shared by the device-mode runners: how an SDK call's arguments are written as JSON (the `calls` of a device-mode transform result).
 * A Date becomes {"$date": ISO-8601}; everything else follows JSON.stringify (undefined and functions are left
 * out of objects and become null in argument lists), so the Python side can compare by value.
 */
function toJson(value) {
  if (value instanceof Date) {
    return { $date: Number.isNaN(value.getTime()) ? null : value.toISOString() };
  }
  if (Array.isArray(value)) {
    return value.map(v => {
      const out = toJson(v);
      return out === undefined ? null : out;
    });
  }
  if (value === null || value === undefined) return value === null ? null : undefined;
  if (typeof value === 'function') return undefined;
  if (typeof value === 'number') return Number.isFinite(value) ? value : null;
  if (typeof value === 'object') {
    const out = {};
    for (const key of Object.keys(value)) {
      const v = toJson(value[key]);
      // defineProperty, not assignment: an own "__proto__" key stays a key instead of setting the prototype
      if (v !== undefined) Object.defineProperty(out, key, { value: v, enumerable: true, writable: true, configurable: true });
    }
    return out;
  }
  return value;
}

function call(sdk, method, args) {
  return { sdk, method, args: args.map(a => (toJson(a) === undefined ? null : toJson(a))) };
}

/** Read JSON Lines (one {"settings", "event"} per line) from stdin and hand each to `run`, printing one line each. */
async function serveLines(run) {
  let input = '';
  for await (const chunk of process.stdin) input += chunk;
  const out = [];
  for (const line of input.split('\n')) {
    if (!line.trim()) continue;
    const job = JSON.parse(line);
    let result;
    try {
      result = await run(job);
    } catch (err) {
      result = { error: { status: 500, message: `${err && err.name}: ${err && err.message}` } };
    }
    out.push(JSON.stringify(result));
  }
  process.stdout.write(out.join('\n') + (out.length ? '\n' : ''));
}

module.exports = { toJson, call, serveLines };
