// flow-db board: lanes, a dependency graph, a feature's history, live updates from /api/v1/stream.
// Plain browser JavaScript, no framework and no CDN, so the page works offline from the jar.
"use strict";

const LANES = ["pending", "in_progress", "needs_human_input", "done"];
const state = { project: null, features: [], byId: new Map(), view: "board", open: null, reloading: null };

function el(tag, attrs, ...children) {
  const node = document.createElement(tag);
  for (const [key, value] of Object.entries(attrs || {})) {
    if (key === "class") node.className = value;
    else if (key.startsWith("on")) node.addEventListener(key.slice(2), value);
    else if (value !== null && value !== undefined && value !== false) node.setAttribute(key, value === true ? "" : value);
  }
  for (const child of children.flat()) {
    if (child !== null && child !== undefined) node.append(child instanceof Node ? child : String(child));
  }
  return node;
}

async function api(method, path, body) {
  const options = { method, headers: { "Accept": "application/json" }, credentials: "same-origin" };
  if (body !== undefined) {
    options.headers["Content-Type"] = "application/json";
    options.body = JSON.stringify(body);
  }
  const response = await fetch(path, options);
  const text = await response.text();
  const data = text ? JSON.parse(text) : null;
  if (!response.ok) {
    const detail = data && data.detail;
    throw new Error(Array.isArray(detail) ? detail.map(d => (d.loc || []).join(".") + ": " + d.msg).join("; ")
      : detail || ("HTTP " + response.status));
  }
  return data;
}

const original = path => "/api/projects/" + encodeURIComponent(state.project) + "/features" + path;

function showError(error) {
  const box = document.getElementById("error");
  box.textContent = error ? String(error.message || error) : "";
  box.hidden = !error;
}

function lane(f) {
  if (f.passes) return "done";
  if (f.needs_human_input) return "needs_human_input";
  if (f.in_progress) return "in_progress";
  return "pending";
}

function since(iso) {
  if (!iso) return "";
  const seconds = Math.max(0, Math.round((Date.now() - Date.parse(iso)) / 1000));
  if (seconds < 60) return seconds + " s";
  if (seconds < 3600) return Math.round(seconds / 60) + " min";
  return Math.round(seconds / 3600) + " h";
}

async function reload() {
  try {
    const data = await api("GET", "/api/v1/features");
    state.features = data.features;
    state.byId = new Map(data.features.map(f => [f.id, f]));
    render(data.stats);
    showError(null);
    if (state.open !== null && document.getElementById("detail").open) showDetail(state.open, false);
  } catch (e) {
    showError(e);
  }
}

function scheduleReload() {
  if (state.reloading) return;
  state.reloading = setTimeout(() => { state.reloading = null; reload(); }, 50);
}

function render(stats) {
  const fill = document.getElementById("progress-fill");
  fill.style.width = (stats.total ? (100 * stats.passing / stats.total) : 0) + "%";
  document.getElementById("progress-text").textContent =
    stats.passing + " / " + stats.total + " passing (" + stats.percentage + " %)";
  const groups = Object.fromEntries(LANES.map(l => [l, []]));
  for (const f of state.features) groups[lane(f)].push(f);
  for (const name of LANES) {
    const section = document.getElementById("lane-" + name);
    section.querySelector(".count").textContent = groups[name].length;
    section.querySelector(".cards").replaceChildren(...groups[name].map(card));
  }
  if (state.view === "graph") renderGraph();
}

function card(f) {
  const meta = [el("span", { class: "badge" }, f.category), el("span", { class: "badge" }, "priority " + f.priority)];
  if (f.dependencies.length) meta.push(el("span", { class: "badge" + (f.blocked ? " blocked" : "") },
    (f.blocked ? "blocked by " + f.blocking_dependencies.map(d => "#" + d).join(", ") : "needs " + f.dependencies.map(d => "#" + d).join(", "))));
  if (f.claimed_by && f.in_progress) meta.push(el("span", { class: "badge claim" }, f.claimed_by + " · " + since(f.claim_renewed_at || f.claimed_at)));
  return el("li", { class: "card", "data-id": f.id, "data-status": f.status, tabindex: 0, onclick: () => showDetail(f.id, true),
    onkeydown: e => { if (e.key === "Enter") showDetail(f.id, true); } },
    el("div", { class: "top" }, el("span", {}, "#" + f.id), el("span", {}, f.status.replace(/_/g, " "))),
    el("div", { class: "name" }, f.name),
    el("div", { class: "meta" }, meta));
}

async function showDetail(id, fresh) {
  const f = state.byId.get(id);
  if (!f) return;
  state.open = id;
  const body = document.getElementById("detail-body");
  const dialog = document.getElementById("detail");
  let history = [];
  try { history = (await api("GET", "/api/v1/features/" + id + "/events")).events; } catch (e) { showError(e); }
  const parts = [
    el("h2", {}, "#" + f.id + " " + f.name),
    el("p", {}, el("span", { class: "badge" }, f.category), " ", el("span", { class: "badge" }, f.status.replace(/_/g, " ")),
      " priority " + f.priority, f.claimed_by && f.in_progress ? " · held by " + f.claimed_by + " since " + f.claimed_at : ""),
    el("p", {}, f.description),
    el("ol", { class: "steps" }, f.steps.map(s => el("li", {}, s))),
    f.dependencies.length ? el("p", {}, "Depends on: ", f.dependencies.map(d => {
      const dep = state.byId.get(d);
      return el("span", { class: "badge" + (f.blocking_dependencies.includes(d) ? " blocked" : "") }, "#" + d + (dep ? " " + dep.name : " (missing)"));
    })) : null,
    actions(f),
    f.needs_human_input && f.human_input_request ? answerForm(f) : null,
    lane(f) === "pending" ? editForm(f) : null,
    el("h3", {}, "History"),
    el("table", { class: "history" }, el("tbody", {}, history.slice().reverse().map(e => el("tr", {},
      el("td", {}, new Date(e.created_at).toLocaleString()),
      el("td", {}, e.event_type + (e.field ? " " + e.field : "")),
      el("td", {}, e.new_value === null ? "" : JSON.stringify(e.new_value)),
      el("td", {}, e.agent + " via " + e.source))))),
  ];
  body.replaceChildren(...parts.filter(Boolean));
  if (fresh && !dialog.open) dialog.showModal();
}

function act(work) {
  return async () => {
    try { await work(); showError(null); } catch (e) { showError(e); }
    scheduleReload();
  };
}

function actions(f) {
  const buttons = [];
  if (!f.passes) buttons.push(el("button", { type: "button", id: "action-skip", onclick: act(() => api("PATCH", original("/" + f.id + "/skip"))) }, "Skip to end"));
  if (lane(f) === "pending") buttons.push(el("button", { type: "button", id: "action-claim", onclick: act(() => api("POST", "/api/v1/features/" + f.id + "/claim")) }, "Claim"));
  if (f.in_progress) buttons.push(el("button", { type: "button", id: "action-release", onclick: act(() => api("POST", "/api/v1/features/" + f.id + "/release")) }, "Release"));
  if (!f.passes) buttons.push(el("button", { type: "button", id: "action-pass", onclick: act(() => api("POST", "/api/v1/features/" + f.id + "/pass")) }, "Mark passing"));
  if (f.passes) buttons.push(el("button", { type: "button", id: "action-fail", onclick: act(() => api("POST", "/api/v1/features/" + f.id + "/fail")) }, "Mark failing"));
  return el("div", { class: "actions" }, buttons);
}

function answerForm(f) {
  const request = f.human_input_request;
  const inputs = [];
  const rows = (request.fields || []).map(field => {
    const id = "answer-" + field.id;
    const required = field.required !== false;
    let input;
    if (field.type === "textarea") input = el("textarea", { id, name: field.id, placeholder: field.placeholder || null, required, rows: 3 });
    else if (field.type === "select") input = el("select", { id, name: field.id, required },
      el("option", { value: "" }, "—"), (field.options || []).map(o => el("option", { value: o.value }, o.label || o.value)));
    else if (field.type === "boolean") input = el("input", { id, name: field.id, type: "checkbox" });
    else input = el("input", { id, name: field.id, type: "text", placeholder: field.placeholder || null, required });
    inputs.push([field, input]);
    return el("div", {}, el("label", { for: id }, (field.label || field.id) + (required && field.type !== "boolean" ? " *" : "")), input);
  });
  const form = el("form", { class: "fields", id: "answer-form" }, el("h3", {}, "An agent asks"), el("p", {}, request.prompt || ""),
    rows, el("button", { type: "submit", id: "answer-submit" }, "Send answer"));
  form.addEventListener("submit", async event => {
    event.preventDefault();
    const fields = {};
    for (const [field, input] of inputs) fields[field.id] = field.type === "boolean" ? input.checked : input.value;
    await act(() => api("POST", original("/" + f.id + "/resolve-human-input"), { fields }))();
  });
  return form;
}

function editForm(f) {
  const name = el("input", { type: "text", id: "edit-name", value: f.name });
  const category = el("input", { type: "text", id: "edit-category", value: f.category });
  const description = el("textarea", { id: "edit-description", rows: 3 }, f.description);
  const steps = el("textarea", { id: "edit-steps", rows: 4 }, f.steps.join("\n"));
  const priority = el("input", { type: "text", id: "edit-priority", value: f.priority, inputmode: "numeric" });
  const form = el("form", { class: "fields", id: "edit-form" }, el("h3", {}, "Edit"),
    el("label", { for: "edit-name" }, "Name"), name, el("label", { for: "edit-category" }, "Category"), category,
    el("label", { for: "edit-description" }, "Description"), description,
    el("label", { for: "edit-steps" }, "Steps, one per line"), steps, el("label", { for: "edit-priority" }, "Priority"), priority,
    el("button", { type: "submit", id: "edit-submit" }, "Save"));
  form.addEventListener("submit", async event => {
    event.preventDefault();
    const change = { name: name.value.trim(), category: category.value.trim(), description: description.value.trim(),
      steps: steps.value.split("\n").map(s => s.trim()).filter(Boolean) };
    if (priority.value.trim() !== "") change.priority = Number(priority.value.trim());
    await act(() => api("PATCH", original("/" + f.id), change))();
  });
  return form;
}

function renderGraph() {
  const svg = document.getElementById("graph");
  const ns = "http://www.w3.org/2000/svg";
  const depth = new Map();
  const visiting = new Set();
  const level = id => {
    if (depth.has(id)) return depth.get(id);
    const f = state.byId.get(id);
    if (!f || visiting.has(id)) return 0;
    visiting.add(id);
    const d = f.dependencies.reduce((max, dep) => Math.max(max, state.byId.has(dep) ? level(dep) + 1 : 0), 0);
    visiting.delete(id);
    depth.set(id, d);
    return d;
  };
  const columns = [];
  for (const f of [...state.features].sort((a, b) => a.id - b.id)) {
    const d = level(f.id);
    (columns[d] = columns[d] || []).push(f);
  }
  const W = 170, H = 34, GX = 60, GY = 12;
  const place = new Map();
  columns.forEach((column, x) => column.forEach((f, y) => place.set(f.id, { x: 10 + x * (W + GX), y: 10 + y * (H + GY) })));
  const width = 20 + columns.length * (W + GX), height = 20 + Math.max(1, ...columns.map(c => c.length)) * (H + GY);
  svg.setAttribute("width", width);
  svg.setAttribute("height", height);
  const make = (tag, attrs) => { const n = document.createElementNS(ns, tag); for (const [k, v] of Object.entries(attrs)) n.setAttribute(k, v); return n; };
  const defs = make("defs", {});
  const marker = make("marker", { id: "arrow", viewBox: "0 0 10 10", refX: 10, refY: 5, markerWidth: 6, markerHeight: 6, orient: "auto" });
  marker.append(make("path", { d: "M0,0 L10,5 L0,10 z", fill: "#94a3b8" }));
  defs.append(marker);
  const parts = [defs];
  for (const f of state.features) for (const dep of f.dependencies) {
    const from = place.get(dep), to = place.get(f.id);
    if (from && to) parts.push(make("line", { x1: from.x + W, y1: from.y + H / 2, x2: to.x, y2: to.y + H / 2 }));
  }
  for (const f of state.features) {
    const at = place.get(f.id);
    const g = make("g", { class: "node", "data-id": f.id, "data-status": f.status, transform: "translate(" + at.x + "," + at.y + ")" });
    g.append(make("rect", { width: W, height: H }));
    const label = make("text", { x: 6, y: 21 });
    label.textContent = ("#" + f.id + " " + f.name).slice(0, 28);
    g.append(label);
    g.addEventListener("click", () => showDetail(f.id, true));
    parts.push(g);
  }
  svg.replaceChildren(...parts);
}

function switchView(view) {
  state.view = view;
  document.getElementById("board-view").hidden = view !== "board";
  document.getElementById("graph-view").hidden = view !== "graph";
  document.getElementById("tab-board").classList.toggle("active", view === "board");
  document.getElementById("tab-graph").classList.toggle("active", view === "graph");
  if (view === "graph") renderGraph();
}

function listen() {
  const live = document.getElementById("live");
  const stream = new EventSource("/api/v1/stream");
  stream.addEventListener("open", () => { live.textContent = "live"; live.className = "live on"; });
  stream.addEventListener("change", scheduleReload);
  // EventSource reconnects by itself, resuming after the last id it saw (Last-Event-ID)
  stream.addEventListener("error", () => { live.textContent = "reconnecting"; live.className = "live off"; });
}

async function start() {
  document.getElementById("tab-board").addEventListener("click", () => switchView("board"));
  document.getElementById("tab-graph").addEventListener("click", () => switchView("graph"));
  try {
    const info = await api("GET", "/api/v1/info");
    state.project = info.project;
    document.getElementById("project").textContent = info.project;
    document.title = info.project + " · flow-db board";
  } catch (e) {
    showError(e);
    return;
  }
  listen();
  await reload();
  document.body.dataset.ready = "true";
}

document.addEventListener("DOMContentLoaded", start);
