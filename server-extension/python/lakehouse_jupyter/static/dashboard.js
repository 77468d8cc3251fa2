// Jobs dashboard: talks to /lakehouse/api/ (the jobs service behind Jupyter's login). Plain DOM, no framework.
// Everything from the service is inserted as text (textContent / attributes), never as HTML.
"use strict";

const meta = (name) => document.querySelector(`meta[name="${name}"]`).content;
const BASE = meta("lakehouse-base-url");
const XSRF = meta("xsrf-token");
const TERMINAL = new Set(["TERMINATED", "SKIPPED", "INTERNAL_ERROR"]);
const SVG_NS = "http://www.w3.org/2000/svg";

const state = { jobs: [], lastRuns: new Map(), jobId: null, runId: null, job: null, run: null, log: null };

async function api(method, path, body) {
  const headers = { "X-XSRFToken": XSRF };
  if (body !== undefined) headers["Content-Type"] = "application/json";
  const response = await fetch(BASE + "api/" + path, {
    method, headers, credentials: "same-origin", body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await response.text();
  let data = {};
  try { data = text ? JSON.parse(text) : {}; } catch (e) { data = { message: text }; }
  if (!response.ok) {
    const problems = Array.isArray(data.problems) ? "\n" + data.problems.join("\n") : "";
    throw new Error(`${method} ${path}: ${response.status} ${data.message || response.statusText}${problems}`);
  }
  return data;
}

function el(tag, attrs = {}, ...children) {
  const node = document.createElement(tag);
  for (const [key, value] of Object.entries(attrs)) {
    if (key === "class") node.className = value;
    else if (key.startsWith("on")) node.addEventListener(key.slice(2), value);
    else if (value !== undefined && value !== null) node.setAttribute(key, value);
  }
  for (const child of children) node.append(child instanceof Node ? child : document.createTextNode(String(child ?? "")));
  return node;
}

function badge(text) {
  return text ? el("span", { class: `badge ${text}` }, text) : el("span", { class: "muted" }, "—");
}

function when(ms) {
  return ms ? new Date(ms).toLocaleString(undefined, { dateStyle: "short", timeStyle: "medium" }) : "—";
}

function duration(start, end) {
  if (!start) return "—";
  const seconds = ((end || Date.now()) - start) / 1000;
  const text = seconds < 60 ? `${seconds.toFixed(1)} s` : `${Math.floor(seconds / 60)} min ${Math.round(seconds % 60)} s`;
  return end ? text : text + " …";
}

function say(message, isError = false) {
  const status = document.getElementById("status");
  status.textContent = message;
  status.classList.toggle("error", isError);
}

async function act(label, work) {
  try {
    say(label + " …");
    await work();
    say(label + ": done");
    await refresh();
  } catch (e) {
    say(e.message, true);
  }
}

function button(label, action, handler) {
  return el("button", { type: "button", "data-action": action, onclick: (event) => { event.stopPropagation(); handler(); } }, label);
}

// ---- jobs

async function loadJobs() {
  const [jobs, runs] = await Promise.all([api("GET", "jobs"), api("GET", "runs?limit=200")]);
  state.jobs = jobs.jobs || [];
  state.lastRuns = new Map();
  for (const run of runs.runs || []) if (!state.lastRuns.has(run.job_id)) state.lastRuns.set(run.job_id, run);
  renderJobs();
}

function schedule(job) {
  const s = job.settings.schedule;
  if (!s) return el("span", { class: "muted" }, "manual only");
  return el("span", {}, `${s.quartz_cron_expression} (${s.timezone_id || "UTC"})`, job.paused ? " · paused" : "");
}

function runResult(run) {
  if (!run) return badge(null);
  return badge(run.state.result_state || run.state.life_cycle_state);
}

function renderJobs() {
  const body = document.querySelector("#jobs tbody");
  body.replaceChildren(...state.jobs.map((job) => {
    const id = job.job_id;
    const actions = el("td", { class: "actions" },
      button("Run now", "run-now", () => act(`Run job ${id}`, async () => {
        const answer = await api("POST", `jobs/${id}/run-now`, {});
        state.jobId = id;
        state.runId = answer.run_id;
      })),
      job.settings.schedule && (job.paused
        ? button("Resume", "resume", () => act(`Resume job ${id}`, () => api("POST", `jobs/${id}/resume`)))
        : button("Pause", "pause", () => act(`Pause job ${id}`, () => api("POST", `jobs/${id}/pause`)))) || "",
      button("Delete", "delete", () => {
        if (confirm(`Delete job ${id} (${job.settings.name}) and cancel its active runs?`)) {
          act(`Delete job ${id}`, async () => {
            await api("DELETE", `jobs/${id}`);
            if (state.jobId === id) { state.jobId = null; state.runId = null; }
          });
        }
      }));
    return el("tr", { "data-job-id": id, class: id === state.jobId ? "selected" : "", onclick: () => selectJob(id) },
      el("td", {}, id), el("td", { class: "job-name" }, job.settings.name), el("td", {}, schedule(job)),
      el("td", { class: "next-fire" }, job.paused ? "—" : when(job.next_fire_time)),
      el("td", { class: "last-result" }, runResult(state.lastRuns.get(id))), actions);
  }));
  if (state.jobs.length === 0) body.append(el("tr", {}, el("td", { colspan: 6, class: "muted" }, "No jobs yet.")));
}

function selectJob(id) {
  state.jobId = id;
  state.runId = null;
  document.getElementById("output-section").hidden = true;
  stopFollowingLog();
  refresh();
}

// ---- one job: DAG and runs

async function loadJob() {
  const section = document.getElementById("job-detail");
  const job = state.jobs.find((j) => j.job_id === state.jobId);
  if (!job) { section.hidden = true; return; }
  section.hidden = false;
  state.job = job;
  document.getElementById("job-title").textContent = `Job ${job.job_id}: ${job.settings.name}`;
  const runs = (await api("GET", `runs?job_id=${job.job_id}&limit=20`)).runs || [];
  renderRuns(runs);
  const run = state.runId ? await api("GET", `runs/${state.runId}`) : null;
  state.run = run;
  drawDag(job.settings.tasks || [], run);
  renderRun(run);
}

function renderRuns(runs) {
  const body = document.querySelector("#runs tbody");
  body.replaceChildren(...runs.map((run) => {
    const id = run.run_id;
    const life = run.state.life_cycle_state;
    const result = run.state.result_state;
    const actions = el("td", { class: "actions" });
    if (!TERMINAL.has(life)) {
      actions.append(button("Cancel", "cancel", () => act(`Cancel run ${id}`, () => api("POST", `runs/${id}/cancel`))));
    }
    if (life === "TERMINATED" && result && result !== "SUCCESS") {
      actions.append(button("Repair", "repair", () => act(`Repair run ${id}`, async () => {
        await api("POST", `runs/${id}/repair`, {});
        state.runId = id;
      })));
    }
    return el("tr", { "data-run-id": id, class: id === state.runId ? "selected" : "", onclick: () => { if (state.runId !== id) stopFollowingLog(); state.runId = id; refresh(); } },
      el("td", {}, id), el("td", {}, run.trigger), el("td", { class: "life" }, badge(life)),
      el("td", { class: "result" }, badge(result)), el("td", {}, when(run.start_time)),
      el("td", {}, duration(run.start_time, run.end_time)), actions);
  }));
  if (runs.length === 0) body.append(el("tr", {}, el("td", { colspan: 7, class: "muted" }, "No runs yet: press Run now.")));
}

// Layered drawing: a task's column is the length of the longest dependency chain before it.
function drawDag(tasks, run) {
  const states = new Map((run?.tasks || []).map((t) => [t.task_key, t.state]));
  const depends = new Map(tasks.map((t) => [t.task_key, (t.depends_on || []).map((d) => d.task_key)]));
  const level = new Map();
  const levelOf = (key, seen = new Set()) => {
    if (level.has(key)) return level.get(key);
    if (seen.has(key)) return 0;
    seen.add(key);
    const parents = (depends.get(key) || []).filter((p) => depends.has(p));
    const value = parents.length ? 1 + Math.max(...parents.map((p) => levelOf(p, seen))) : 0;
    level.set(key, value);
    return value;
  };
  tasks.forEach((t) => levelOf(t.task_key));
  const columns = [];
  for (const t of tasks) (columns[level.get(t.task_key)] ||= []).push(t.task_key);
  const W = 140, H = 40, GAP_X = 70, GAP_Y = 22, PAD = 12;
  const position = new Map();
  columns.forEach((keys, c) => keys.forEach((key, r) => position.set(key, { x: PAD + c * (W + GAP_X), y: PAD + r * (H + GAP_Y) })));
  const rows = Math.max(1, ...columns.map((keys) => keys.length));
  const svg = document.createElementNS(SVG_NS, "svg");
  const width = PAD * 2 + columns.length * W + Math.max(0, columns.length - 1) * GAP_X;
  const height = PAD * 2 + rows * H + (rows - 1) * GAP_Y;
  svg.setAttribute("width", width);
  svg.setAttribute("height", height);
  svg.setAttribute("viewBox", `0 0 ${width} ${height}`);
  svg.setAttribute("role", "img");
  const marker = svgEl("marker", { id: "arrow", viewBox: "0 0 10 10", refX: 10, refY: 5, markerWidth: 7, markerHeight: 7, orient: "auto" });
  marker.append(svgEl("path", { d: "M0,0 L10,5 L0,10 z", class: "arrow" }));
  const defs = svgEl("defs");
  defs.append(marker);
  svg.append(defs);
  for (const [key, parents] of depends) {
    for (const parent of parents) {
      const from = position.get(parent), to = position.get(key);
      if (!from || !to) continue;
      const x1 = from.x + W, y1 = from.y + H / 2, x2 = to.x, y2 = to.y + H / 2, mid = (x1 + x2) / 2;
      svg.append(svgEl("path", { class: "edge", d: `M${x1},${y1} C${mid},${y1} ${mid},${y2} ${x2},${y2}`, "marker-end": "url(#arrow)" }));
    }
  }
  for (const t of tasks) {
    const p = position.get(t.task_key);
    const s = states.get(t.task_key);
    const shown = s ? (s.result_state || s.life_cycle_state) : "";
    const group = svgEl("g", { class: `node ${shown}`, "data-task-key": t.task_key, transform: `translate(${p.x},${p.y})` });
    group.append(svgEl("rect", { width: W, height: H, rx: 6 }));
    const label = svgEl("text", { x: W / 2, y: shown ? 16 : H / 2 + 4, "text-anchor": "middle" });
    label.textContent = t.task_key;
    group.append(label);
    if (shown) {
      const sub = svgEl("text", { x: W / 2, y: 31, "text-anchor": "middle", class: "muted" });
      sub.textContent = shown.toLowerCase();
      group.append(sub);
    }
    const title = svgEl("title");
    title.textContent = `${t.task_key}${shown ? ": " + shown : ""}`;
    group.append(title);
    svg.append(group);
  }
  document.getElementById("dag").replaceChildren(svg);
}

function svgEl(tag, attrs = {}) {
  const node = document.createElementNS(SVG_NS, tag);
  for (const [key, value] of Object.entries(attrs)) node.setAttribute(key, value);
  return node;
}

// ---- one run: tasks

function renderRun(run) {
  const section = document.getElementById("run-detail");
  if (!run) { section.hidden = true; return; }
  section.hidden = false;
  const result = run.state.result_state ? ` · ${run.state.result_state}` : "";
  document.getElementById("run-title").textContent = `Run ${run.run_id}: ${run.state.life_cycle_state}${result}`;
  document.getElementById("run-message").textContent = run.state.state_message || "";
  const body = document.querySelector("#tasks tbody");
  body.replaceChildren(...(run.tasks || []).map((task) => {
    const s = task.state || {};
    const output = el("td");
    if (task.has_output) {
      output.append(button("Output", "output", () => showOutput(run.run_id, task.task_key)));
    }
    if (task.attempt_number) {
      output.append(button("Log", "log", () => followLog(run.run_id, task.task_key)));
    }
    return el("tr", { "data-task-key": task.task_key },
      el("td", {}, task.task_key), el("td", {}, (task.depends_on || []).map((d) => d.task_key).join(", ") || "—"),
      el("td", { class: "life" }, badge(s.life_cycle_state || "PENDING")), el("td", { class: "result" }, badge(s.result_state)),
      el("td", {}, task.attempt_number || 0), el("td", {}, duration(task.start_time, task.end_time)), output);
  }));
}

function showOutput(runId, taskKey) {
  const section = document.getElementById("output-section");
  section.hidden = false;
  document.getElementById("output-title").textContent = `Output of task ${taskKey}, run ${runId}`;
  document.getElementById("output-frame").src = `${BASE}runs/${runId}/tasks/${encodeURIComponent(taskKey)}/output.html`;
  section.scrollIntoView({ behavior: "smooth" });
}

// Follows a task's log as it grows (the service answers from a byte offset), until its attempt has ended and
// everything is shown. Opening another log, job or run stops following this one.
async function followLog(runId, taskKey) {
  const follow = { runId, taskKey, offset: 0 };
  state.log = follow;
  const section = document.getElementById("log-section");
  const text = document.getElementById("log-text");
  const badgeOf = document.getElementById("log-state");
  section.hidden = false;
  document.getElementById("log-title").textContent = `Log of task ${taskKey}, run ${runId}`;
  text.textContent = "";
  section.scrollIntoView({ behavior: "smooth" });
  while (state.log === follow) {
    let chunk;
    try {
      chunk = await api("GET", `runs/${runId}/tasks/${encodeURIComponent(taskKey)}/logs?offset=${follow.offset}`);
    } catch (e) {
      say(e.message, true);
      return;
    }
    if (state.log !== follow) return;
    if (chunk.text) {
      const atBottom = text.scrollTop + text.clientHeight >= text.scrollHeight - 4;
      text.append(chunk.text);
      if (atBottom) text.scrollTop = text.scrollHeight;
    }
    follow.offset = chunk.next_offset;
    const done = chunk.complete && !chunk.text;
    badgeOf.textContent = done ? "complete" : "following";
    badgeOf.className = `badge ${done ? "SUCCESS" : "RUNNING"}`;
    if (done) return;
    if (!chunk.text) await new Promise((resolve) => setTimeout(resolve, 1000));
  }
}

function stopFollowingLog() {
  state.log = null;
  document.getElementById("log-section").hidden = true;
}

// ---- create

function parseParameters(text) {
  const parameters = {};
  for (const line of text.split("\n").map((l) => l.trim()).filter(Boolean)) {
    const eq = line.indexOf("=");
    if (eq <= 0) throw new Error(`parameter line "${line}" is not name=value`);
    parameters[line.slice(0, eq).trim()] = line.slice(eq + 1).trim();
  }
  return parameters;
}

async function createJob(form) {
  const field = (id) => document.getElementById(id).value.trim();
  const parameters = parseParameters(field("parameters"));
  const body = { notebook: field("notebook") };
  if (field("job-name")) body.name = field("job-name");
  if (field("cron")) {
    body.cron = field("cron");
    body.timezone = field("timezone") || "UTC";
  }
  const job = await api("POST", "jobs", body);
  const names = Object.keys(parameters);
  if (names.length) {
    const declared = job.settings.parameters || [];
    const unknown = names.filter((n) => !declared.some((p) => p.name === n));
    if (unknown.length) {
      await api("DELETE", `jobs/${job.job_id}`);
      throw new Error(`the notebook declares no parameter ${unknown.join(", ")}; it declares: ` +
        (declared.map((p) => p.name).join(", ") || "none") + ". The job was not created.");
    }
    // The job's defaults for the API and the record; and each task's base_parameters, which is what the
    // service passes to a task run (it does not apply job-level defaults by itself).
    const tasks = (job.settings.tasks || []).map((t) => ({
      ...t, notebook_task: { ...t.notebook_task, base_parameters: { ...(t.notebook_task.base_parameters || {}), ...parameters } },
    }));
    const settings = {
      ...job.settings, tasks,
      parameters: declared.map((p) => (p.name in parameters ? { ...p, default: parameters[p.name] } : p)),
    };
    await api("PUT", `jobs/${job.job_id}`, { spec: settings });
  }
  state.jobId = job.job_id;
  state.runId = null;
  form.reset();
}

async function fillNotebookList() {
  // Jupyter's contents API (same login): notebooks at the top and one folder down.
  const root = meta("jupyter-base-url");
  const list = async (path) => {
    const response = await fetch(`${root}api/contents/${path}?content=1`, { headers: { "X-XSRFToken": XSRF } });
    return response.ok ? (await response.json()).content || [] : [];
  };
  const paths = [];
  for (const item of await list("")) {
    if (item.type === "notebook") paths.push(item.path);
    if (item.type === "directory" && !item.name.startsWith(".")) {
      for (const sub of await list(item.path)) if (sub.type === "notebook") paths.push(sub.path);
    }
  }
  document.getElementById("notebook-list").replaceChildren(...paths.sort().map((p) => el("option", { value: p })));
}

// ---- refresh loop

let refreshing = false;
async function refresh() {
  if (refreshing) return;
  refreshing = true;
  try {
    await loadJobs();
    if (state.jobId !== null) await loadJob();
    else document.getElementById("job-detail").hidden = true;
    if (state.runId === null) document.getElementById("run-detail").hidden = true;
  } catch (e) {
    say(e.message, true);
  } finally {
    refreshing = false;
  }
}

document.addEventListener("DOMContentLoaded", () => {
  document.getElementById("lab-link").href = meta("jupyter-base-url") + "lab";
  document.getElementById("create-form").addEventListener("submit", (event) => {
    event.preventDefault();
    act("Create job", () => createJob(event.target));
  });
  fillNotebookList().catch(() => {});
  refresh();
  setInterval(() => { if (!document.hidden) refresh(); }, 2000);
});
