// The mock's journal viewer: reads the admin API (GET /_mock/requests, /_mock/profiles, /_mock/segment/messages)
// and renders it.
// Every value from the journal is inserted as text (textContent), never as HTML: the journal holds what clients
// sent. No external script or style: the page works offline.
"use strict";

const state = { token: null, lastId: 0, filters: {}, entries: new Map(), selected: null, timer: null, segment: { filters: {}, shown: "" } };
const POSITION = /Skipped record number : (\d+)/;

function el(tag, attrs, ...children) {
  const node = document.createElement(tag);
  for (const [key, value] of Object.entries(attrs || {})) {
    if (key === "class") node.className = value;
    else if (key.startsWith("data-")) node.setAttribute(key, value);
    else node[key] = value;
  }
  for (const child of children) {
    if (child !== null && child !== undefined) node.append(child instanceof Node ? child : String(child));
  }
  return node;
}

function setStatus(text, cls) {
  const node = document.getElementById("status");
  node.textContent = text;
  node.className = cls || "";
}

async function api(path) {
  const headers = state.token ? { Authorization: "Bearer " + state.token } : {};
  const response = await fetch(path, { headers, cache: "no-store" });
  if (response.status === 401) {
    document.getElementById("token-box").hidden = false;
    throw new Error("the admin API needs the mock's admin token");
  }
  const data = await response.json();
  if (!response.ok) throw new Error(data.error || ("HTTP " + response.status));
  return data;
}

// --- records of a journal entry, each with what the mock answered for it -----------------------------------------
function records(entry) {
  const body = entry.body;
  const list = body && Array.isArray(body.d) ? body.d : [];
  const rejected = new Map();
  const response = entry.response || {};
  for (const item of response.unprocessed || []) {
    const match = POSITION.exec(String(item.error || ""));
    if (match) rejected.set(Number(match[1]), item);
  }
  return list.map((record, i) => {
    const rejection = rejected.get(i + 1) || null;
    const accepted = entry.status === 200 && rejection === null;
    return { position: i + 1, record, rejection, accepted };
  });
}

function summary(entry) {
  const recs = records(entry);
  if (!recs.length) return "";
  const bad = recs.filter((r) => !r.accepted);
  if (!bad.length) return recs.length + " accepted";
  const codes = [...new Set(bad.map((r) => (r.rejection ? r.rejection.code : entry.status)))].join(", ");
  return (recs.length - bad.length) + " accepted, " + bad.length + " rejected (" + codes + ")";
}

function row(entry) {
  const tr = el(
    "tr",
    { "data-id": String(entry.id) },
    el("td", {}, entry.id),
    el("td", {}, entry.time),
    el("td", {}, entry.method),
    el("td", {}, entry.path),
    el("td", {}, entry.region === null ? "" : entry.region),
    el("td", { class: entry.status < 300 ? "ok" : "bad" }, entry.status),
    el("td", { class: summary(entry).includes("rejected") ? "bad" : "" }, summary(entry))
  );
  tr.addEventListener("click", () => select(entry.id));
  return tr;
}

function select(id) {
  state.selected = id;
  for (const tr of document.querySelectorAll("#rows tr")) {
    tr.classList.toggle("selected", tr.getAttribute("data-id") === String(id));
  }
  const entry = state.entries.get(id);
  const detail = document.getElementById("detail");
  detail.replaceChildren();
  if (!entry) return;
  detail.append(
    el("h2", {}, "Request #" + entry.id + ": " + entry.method + " " + entry.path),
    el("p", {}, "region " + (entry.region || "default") + " · HTTP " + entry.status + " · " + entry.time)
  );
  const recs = records(entry);
  for (const r of recs) {
    const verdict = r.accepted
      ? "accepted"
      : r.rejection
        ? "rejected " + r.rejection.code + ": " + r.rejection.error
        : "request answered HTTP " + entry.status;
    detail.append(
      el(
        "div",
        { class: "record" + (r.accepted ? "" : " rejected"), "data-position": String(r.position) },
        el("strong", {}, "record " + r.position + " "),
        el("span", { class: r.accepted ? "ok verdict" : "bad verdict" }, verdict),
        el("pre", {}, JSON.stringify(r.record, null, 2))
      )
    );
  }
  if (!recs.length) detail.append(el("h3", {}, "body"), el("pre", {}, entry.body !== null ? JSON.stringify(entry.body, null, 2) : entry.raw_body || ""));
  detail.append(el("h3", {}, "response"), el("pre", {}, JSON.stringify(entry.response, null, 2)));
  detail.append(el("h3", {}, "headers"), el("pre", {}, JSON.stringify(entry.headers, null, 2)));
}

function query(extra) {
  const params = new URLSearchParams();
  for (const [key, value] of Object.entries({ ...state.filters, ...extra })) {
    if (value !== "" && value !== null && value !== undefined) params.set(key, value);
  }
  return params.toString();
}

async function poll() {
  try {
    // first the newest entries, then whatever arrives after the newest one shown
    const extra = state.lastId ? { since: state.lastId } : { order: "desc" };
    const data = await api("requests?" + query(extra));
    const body = document.getElementById("rows");
    const entries = data.requests.slice().sort((a, b) => a.id - b.id);
    for (const entry of entries) {
      if (state.entries.has(entry.id)) continue;
      state.entries.set(entry.id, entry);
      state.lastId = Math.max(state.lastId, entry.id);
      body.prepend(row(entry));
    }
    const limit = Number(state.filters.limit) || 0;
    while (limit && body.children.length > limit) {
      const last = body.lastElementChild;
      state.entries.delete(Number(last.getAttribute("data-id")));
      last.remove();
    }
    document.getElementById("empty").hidden = body.children.length > 0;
    await pollSegment();
    setStatus(state.entries.size + " request(s) shown" + (data.dropped ? ", " + data.dropped + " dropped by the journal cap" : ""), "");
  } catch (error) {
    setStatus("cannot read the journal: " + error.message, "bad");
  }
}

// --- Segment messages (GET /_mock/segment/messages), newest first ---------------------------------------------------
function segmentRow(message) {
  const verdict = message.rejected === null ? "accepted" : "rejected " + message.rejected;
  const text = (value) => (value === undefined || value === null ? "" : typeof value === "string" ? value : JSON.stringify(value));
  const tr = el(
    "tr",
    { "data-message-id": text(message.messageId) },
    el("td", {}, text(message.receivedAt)),
    el("td", {}, text(message.type)),
    el("td", {}, text(message.event)),
    el("td", {}, text(message.userId)),
    el("td", {}, text(message.anonymousId)),
    el("td", {}, text(message.writeKey)),
    el("td", {}, text(message.region)),
    el("td", { class: message.rejected === null ? "ok verdict" : "bad verdict" }, verdict)
  );
  tr.addEventListener("click", () => {
    const detail = document.getElementById("segment-detail");
    detail.textContent = JSON.stringify(message, null, 2);
    detail.hidden = false;
  });
  return tr;
}

async function pollSegment() {
  const params = new URLSearchParams({ order: "desc" });
  for (const [key, value] of Object.entries(state.segment.filters)) if (value !== "") params.set(key, value);
  const data = await api("segment/messages?" + params.toString());
  const signature = data.count + ":" + (data.count ? JSON.stringify(data.messages[data.count - 1]) : "");
  if (signature === state.segment.shown) return;
  state.segment.shown = signature;
  document.getElementById("segment-rows").replaceChildren(...data.messages.slice().reverse().map(segmentRow));
  document.getElementById("segment-empty").hidden = data.count > 0;
}

function readSegmentFilters() {
  const form = new FormData(document.getElementById("segment-filters"));
  state.segment.filters = {};
  for (const [key, value] of form.entries()) state.segment.filters[key] = String(value).trim();
  state.segment.shown = "";
}

function restart() {
  state.lastId = 0;
  state.entries.clear();
  document.getElementById("rows").replaceChildren();
  document.getElementById("detail").replaceChildren(el("p", { class: "hint" }, "Select a request to see its records."));
  poll();
}

function schedule() {
  clearInterval(state.timer);
  if (document.getElementById("live").checked) state.timer = setInterval(poll, 1000);
}

async function lookupProfile(event) {
  event.preventDefault();
  const form = new FormData(event.target);
  const by = form.get("by");
  const value = String(form.get("value"));
  const account = String(form.get("account") || "");
  const target = document.getElementById("profile-result");
  target.replaceChildren();
  try {
    const data = await api("profiles" + (account ? "?" + new URLSearchParams({ account }) : ""));
    const found = data.profiles.filter((p) => {
      const ids = by === "identity" ? [p.identity, ...(p.identities || [])] : [p[by], (p.profileData || {})[by === "email" ? "Email" : by]];
      return ids.some((id) => id !== undefined && id !== null && String(id) === value);
    });
    if (!found.length) {
      target.append(el("p", { class: "warn" }, "No profile with " + by + " " + value + "."));
      return;
    }
    for (const profile of found) {
      target.append(el("h3", {}, "profile " + profile.guid + " (account " + profile.account + ")"), el("pre", { class: "profile" }, JSON.stringify(profile, null, 2)));
    }
  } catch (error) {
    target.append(el("p", { class: "bad" }, "Lookup failed: " + error.message));
  }
}

function readFilters() {
  const form = new FormData(document.getElementById("filters"));
  state.filters = {};
  for (const [key, value] of form.entries()) state.filters[key] = String(value).trim();
}

document.addEventListener("DOMContentLoaded", () => {
  const fromHash = new URLSearchParams(location.hash.slice(1)).get("token");
  state.token = fromHash || sessionStorage.getItem("clevertap-mock-token");
  if (fromHash) {
    sessionStorage.setItem("clevertap-mock-token", fromHash);
    history.replaceState(null, "", location.pathname + location.search);
  }
  document.getElementById("token-form").addEventListener("submit", (event) => {
    event.preventDefault();
    state.token = document.getElementById("token").value;
    sessionStorage.setItem("clevertap-mock-token", state.token);
    document.getElementById("token-box").hidden = true;
    restart();
  });
  const filters = document.getElementById("filters");
  filters.addEventListener("submit", (event) => {
    event.preventDefault();
    readFilters();
    restart();
  });
  filters.addEventListener("reset", () => setTimeout(() => { readFilters(); restart(); }, 0));
  document.getElementById("live").addEventListener("change", schedule);
  document.getElementById("profile-form").addEventListener("submit", lookupProfile);
  document.getElementById("segment-filters").addEventListener("submit", (event) => {
    event.preventDefault();
    readSegmentFilters();
    pollSegment().catch((error) => setStatus("cannot read the Segment messages: " + error.message, "bad"));
  });
  readSegmentFilters();
  readFilters();
  restart();
  schedule();
});
