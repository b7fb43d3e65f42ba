// Drives CleverTap's official Node library (npm `clevertap`) against the mock and prints what each call returned.
// Input on stdin: {mockUrl, region, account, passcode, records, identity, query, deleteIdentity}.
// The library builds https://<region>.api.clevertap.com/1/...; its endpoint is pointed at the mock's
// /<region> path prefix, which the mock serves for exactly this purpose.
"use strict";
const CleverTap = require("clevertap");

const input = JSON.parse(require("fs").readFileSync(0, "utf8"));
const ct = CleverTap.init(input.account, input.passcode, input.region);
ct.api.apiEndpoint = `${input.mockUrl}/${input.region}/1`;

(async () => {
  const out = {};
  out.upload = await ct.upload(input.records, { batchSize: 2 });
  out.profile = await ct.profile({ identity: input.identity });
  out.events = await ct.events(input.query, { batchSize: 2 });
  out.profiles = await ct.profiles(input.query, { batchSize: 1 });
  out.eventsCount = await ct.getEventsCount(input.query);
  out.profilesCount = await ct.getProfilesCount(input.query);
  out.delete = await ct.delete({ identity: [input.deleteIdentity] });
  out.profileAfterDelete = await ct.profile({ identity: input.deleteIdentity });
  process.stdout.write(JSON.stringify(out));
})().catch((error) => {
  process.stderr.write(String((error && error.stack) || error));
  process.exit(1);
});
