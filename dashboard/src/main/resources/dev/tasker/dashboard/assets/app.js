// Tasker dashboard: plain JavaScript, no build step. Pages are drawn from the JSON API with DOM calls
// (never innerHTML), so values from tasks cannot inject markup.
'use strict';

const SVGNS = 'http://www.w3.org/2000/svg';
let session = { authenticated: false, readOnly: true };
let timer = null;

function el(tag, attrs, ...children) {
  const e = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs || {})) {
    if (v === null || v === undefined || v === false) continue;
    if (k === 'onclick' || k === 'onchange' || k === 'onsubmit') e.addEventListener(k.slice(2), v);
    else e.setAttribute(k, v === true ? '' : v);
  }
  for (const c of children.flat()) {
    if (c === null || c === undefined) continue;
    e.append(c instanceof Node ? c : document.createTextNode(String(c)));
  }
  return e;
}
function svg(tag, attrs, ...children) {
  const e = document.createElementNS(SVGNS, tag);
  for (const [k, v] of Object.entries(attrs || {})) if (v !== null && v !== undefined) e.setAttribute(k, v);
  for (const c of children.flat()) if (c !== null && c !== undefined) e.append(c instanceof Node ? c : document.createTextNode(String(c)));
  return e;
}
function badge(state) { return el('span', { class: 'badge s-' + state, 'data-state': state }, state); }
function fmt(t) { return t ? new Date(t).toISOString().replace('T', ' ').replace('Z', '').slice(0, 19) : ''; }
function pretty(v) { return v === null || v === undefined ? '' : JSON.stringify(v, null, 2); }

async function api(path, options) {
  const res = await fetch('api/' + path, Object.assign({ credentials: 'same-origin', headers: { Accept: 'application/json' } }, options || {}));
  let body = null;
  try { body = await res.json(); } catch (e) { body = { error: res.statusText }; }
  if (!res.ok) { const err = new Error(body && body.error ? body.error : res.statusText); err.status = res.status; throw err; }
  return body;
}
async function act(path, payload) {
  const headers = { 'Content-Type': 'application/json', Accept: 'application/json' };
  if (session.csrf) headers['X-CSRF-Token'] = session.csrf;
  return api(path, { method: 'POST', headers, body: JSON.stringify(payload || {}) });
}

async function loadSession() {
  session = await api('session');
  const who = document.getElementById('who');
  who.replaceChildren();
  if (session.readOnly) who.append('read-only');
  else if (session.authenticated) who.append('signed in as ', el('b', { id: 'actor' }, session.actor), el('button', { id: 'logout', onclick: logout }, 'Sign out'));
  else who.append(el('button', { id: 'signin', onclick: () => login() }, 'Sign in to act'));
}
function login() {
  return new Promise((resolve) => {
    const d = document.getElementById('login');
    const form = document.getElementById('login-form');
    document.getElementById('login-error').textContent = '';
    document.getElementById('login-cancel').onclick = () => { d.close(); resolve(false); };
    form.onsubmit = async (ev) => {
      ev.preventDefault();
      try {
        await act('login', { name: document.getElementById('login-name').value, token: document.getElementById('login-token').value });
        document.getElementById('login-token').value = '';
        d.close();
        await loadSession();
        resolve(true);
        render();
      } catch (e) { document.getElementById('login-error').textContent = e.message; }
    };
    d.showModal();
  });
}
async function logout() { try { await act('logout', {}); } finally { await loadSession(); render(); } }

// An action: asks for confirmation and a reason, then POSTs; the page refreshes after.
async function confirmAction(title, text, path, extra, fixed) {
  if (!session.authenticated) { if (!(await login())) return; }
  const d = document.getElementById('confirm');
  document.getElementById('confirm-title').textContent = title;
  document.getElementById('confirm-text').textContent = text;
  document.getElementById('confirm-reason').value = '';
  document.getElementById('confirm-error').textContent = '';
  const extraLabel = document.getElementById('confirm-extra-label');
  extraLabel.hidden = !extra;
  document.getElementById('confirm-extra').value = extra ? '{}' : '';
  document.getElementById('confirm-cancel').onclick = () => d.close();
  document.getElementById('confirm-form').onsubmit = async (ev) => {
    ev.preventDefault();
    const payload = Object.assign({}, fixed || {}, { reason: document.getElementById('confirm-reason').value });
    try {
      if (extra) payload.result = JSON.parse(document.getElementById('confirm-extra').value || 'null');
      await act(path, payload);
      d.close();
      render();
    } catch (e) { document.getElementById('confirm-error').textContent = e.message; }
  };
  d.showModal();
}

// ---- router
function route() { const h = location.hash.replace(/^#\/?/, ''); const [page, ...rest] = h.split('/'); return { page: page || 'overview', arg: rest.join('/') }; }
async function render() {
  if (timer) { clearInterval(timer); timer = null; }
  const { page, arg } = route();
  document.querySelectorAll('header nav a').forEach((a) => a.classList.toggle('active', a.id === 'nav-' + (page === 'task' ? 'tasks' : page)));
  const main = document.getElementById('main');
  try {
    if (page === 'overview') await overview(main);
    else if (page === 'tasks') await tasks(main, new URLSearchParams(arg));
    else if (page === 'task') await task(main, arg);
    else if (page === 'dlq') await dlq(main, new URLSearchParams(arg));
    else if (page === 'templates') await templates(main);
    else main.replaceChildren(el('p', {}, 'No such page.'));
  } catch (e) { main.replaceChildren(el('p', { class: 'error', id: 'page-error' }, e.message)); }
}

// ---- overview
async function overview(main) {
  const draw = async () => {
    const o = await api('overview');
    const cards = el('div', { class: 'cards', id: 'state-counts' });
    const total = Object.values(o.tasks).reduce((a, b) => a + b, 0);
    cards.append(el('div', { class: 'card' }, el('div', { class: 'n' }, total), el('div', { class: 'l' }, 'tasks')));
    for (const [state, n] of Object.entries(o.tasks)) {
      cards.append(el('a', { class: 'card', href: '#/tasks/state=' + state, 'data-state': state }, el('div', { class: 'n' }, n), el('div', { class: 'l' }, badge(state))));
    }
    const eng = o.engine || {};
    const live = el('div', { class: 'cards' },
      el('div', { class: 'card' }, el('div', { class: 'n', id: 'dlq-pending' }, o.dlqPending + (o.dlqMore ? '+' : '')), el('div', { class: 'l' }, 'DLQ pending')),
      el('div', { class: 'card' }, el('div', { class: 'n' }, eng.runningSteps ?? '–'), el('div', { class: 'l' }, 'steps running')),
      el('div', { class: 'card' }, el('div', { class: 'n' }, eng.queuedSteps ?? '–'), el('div', { class: 'l' }, 'steps queued')),
      el('div', { class: 'card' }, el('div', { class: 'n' }, eng.liveTasks ?? '–'), el('div', { class: 'l' }, 'tasks in memory')));
    const nodes = o.nodes.length === 0
      ? el('p', { class: 'muted' }, 'One engine owns this database (node ' + o.nodeId + ').')
      : el('table', {}, el('tr', {}, ['node', 'status', 'epoch', 'heartbeat', 'lease until', 'unfinished tasks'].map((h) => el('th', {}, h))),
        o.nodes.map((n) => el('tr', {}, el('td', { class: 'mono' }, n.id), el('td', {}, n.status), el('td', {}, n.epoch), el('td', {}, fmt(n.heartbeatAt)), el('td', {}, fmt(n.leaseExpiresAt)), el('td', {}, n.unfinishedTasks))));
    main.replaceChildren(el('h2', {}, 'Overview ', el('span', { class: 'muted', id: 'overview-at' }, 'as of ' + fmt(o.at) + ' UTC')), cards, live,
      el('div', { class: 'panel' }, el('h3', {}, 'Steps per second and failures, last hour'), activityChart(o.activity, o.activitySince)),
      el('div', { class: 'panel' }, el('h3', {}, 'Nodes'), nodes));
  };
  await draw();
  timer = setInterval(() => draw().catch(() => {}), 5000);
}
function activityChart(activity, since) {
  const W = 900, H = 180, L = 40, B = 20;
  const start = Math.floor(new Date(since).getTime() / 60000) + 1;
  const per = new Map(activity.map((a) => [Math.floor(new Date(a.minute).getTime() / 60000), a]));
  let max = 0.01;
  for (const a of activity) max = Math.max(max, (a.completed + a.failed) / 60);
  const bw = (W - L) / 60;
  const s = svg('svg', { viewBox: `0 0 ${W} ${H}`, width: '100%', id: 'activity-chart' });
  s.append(svg('line', { class: 'axis', x1: L, y1: H - B, x2: W, y2: H - B }));
  s.append(svg('text', { class: 'tick', x: 0, y: 12 }, max.toFixed(2) + '/s'));
  s.append(svg('text', { class: 'tick', x: 0, y: H - B }, '0'));
  for (let i = 0; i < 60; i++) {
    const a = per.get(start + i);
    const x = L + i * bw;
    if (i % 10 === 0) s.append(svg('text', { class: 'tick', x, y: H - 4 }, new Date((start + i) * 60000).toISOString().slice(11, 16)));
    if (!a) continue;
    const hOk = (a.completed / 60 / max) * (H - B - 10);
    const hBad = (a.failed / 60 / max) * (H - B - 10);
    s.append(svg('rect', { class: 'ok', x: x + 1, y: H - B - hOk, width: bw - 2, height: hOk }, svg('title', {}, `${a.completed} completed`)));
    s.append(svg('rect', { class: 'bad', x: x + 1, y: H - B - hOk - hBad, width: bw - 2, height: hBad }, svg('title', {}, `${a.failed} failed`)));
  }
  return s;
}

// ---- tasks
const TASK_STATES = ['pending', 'initializing', 'enqueuing_steps', 'steps_in_process', 'evaluating_results', 'waiting_for_dependencies', 'waiting_for_retry', 'blocked_by_failures', 'complete', 'error', 'cancelled', 'resolved_manually'];
async function tasks(main, params) {
  const limit = 50;
  const q = new URLSearchParams();
  for (const k of ['state', 'namespace', 'name', 'q', 'from', 'to', 'after']) if (params.get(k)) q.set(k, params.get(k));
  q.set('limit', limit);
  const page = await api('tasks?' + q);
  const input = (name, label, placeholder) => el('label', {}, label, el('br'), el('input', { name, id: 'filter-' + name, value: params.get(name) || '', placeholder: placeholder || '' }));
  const state = el('select', { name: 'state', id: 'filter-state' }, el('option', { value: '' }, 'any'), TASK_STATES.map((s) => el('option', { value: s, selected: params.get('state') === s }, s)));
  const form = el('form', { class: 'filters', onsubmit: (ev) => {
    ev.preventDefault();
    const p = new URLSearchParams();
    for (const [k, v] of new FormData(ev.target).entries()) if (v) p.set(k, v);
    location.hash = '#/tasks/' + p;
  } }, el('label', {}, 'state', el('br'), state), input('namespace', 'namespace'), input('name', 'template'),
    input('from', 'created from (UTC)', '2026-01-31T00:00:00Z'), input('to', 'created before (UTC)', ''), input('q', 'task id, or identity key with namespace and template'),
    el('button', { type: 'submit', class: 'primary' }, 'Filter'));
  const rows = page.tasks.map((t) => el('tr', { class: 'clickable task-row', 'data-task-id': t.id, 'data-state': t.state, onclick: () => { location.hash = '#/task/' + t.id; } },
    el('td', { class: 'mono' }, el('a', { href: '#/task/' + t.id }, t.id)), el('td', {}, t.namespace + '/' + t.name + ' ' + t.version), el('td', {}, badge(t.state)),
    el('td', {}, Object.entries(t.steps).map(([s, n]) => el('span', { class: 'badge s-' + s, title: s }, n))), el('td', {}, fmt(t.createdAt)), el('td', {}, fmt(t.completedAt))));
  const base = new URLSearchParams(q); base.delete('after'); base.delete('limit');
  const nav = el('p', {},
    params.get('after') ? el('a', { href: '#/tasks/' + base, id: 'first' }, '← newest') : null, ' ',
    page.more ? el('a', { href: '#/tasks/' + new URLSearchParams({ ...Object.fromEntries(base), after: page.next }), id: 'next' }, 'older →') : null);
  main.replaceChildren(el('h2', {}, 'Tasks'), form,
    el('div', { class: 'panel' }, el('table', { id: 'task-table' }, el('tr', {}, ['task', 'template', 'state', 'steps', 'created', 'finished'].map((h) => el('th', {}, h))), rows),
      rows.length ? null : el('p', { class: 'muted' }, 'No task matches.')), nav);
}

// ---- one task
async function task(main, id) {
  let last = null;
  let selected = null;
  const draw = async () => {
    const t = await api('tasks/' + id);
    const text = JSON.stringify(t);
    if (text === last) return;
    last = text;
    const canAct = !session.readOnly;
    const actions = el('div', { class: 'actions' },
      canAct && ['error', 'blocked_by_failures'].includes(t.state) ? el('button', { id: 'retry-task', class: 'primary', onclick: () => confirmAction('Retry task', 'Every failed step is reset and the task runs again.', `tasks/${t.id}/retry`) }, 'Retry task') : null,
      canAct && !['complete', 'error', 'cancelled', 'resolved_manually'].includes(t.state) ? el('button', { id: 'cancel-task', class: 'danger', onclick: () => confirmAction('Cancel task', 'Running handlers are interrupted and no step starts again.', `tasks/${t.id}/cancel`) }, 'Cancel task') : null);
    const steps = el('table', { id: 'step-table' }, el('tr', {}, ['step', 'state', 'attempts', 'last attempt', 'finished', 'actions'].map((h) => el('th', {}, h))),
      t.stepList.map((s) => el('tr', { 'data-step': s.name, 'data-state': s.state },
        el('td', {}, s.name, s.type && s.type !== 'standard' ? el('span', { class: 'muted' }, ' (' + s.type + ')') : null),
        el('td', {}, badge(s.state)), el('td', {}, s.attempts + '/' + s.maxAttempts), el('td', {}, fmt(s.lastAttemptedAt)), el('td', {}, fmt(s.completedAt)),
        el('td', { class: 'actions' }, canAct ? stepActions(t, s) : null))));
    const details = el('div', { id: 'step-details' });
    const showStep = (name) => {
      selected = name;
      const s = t.stepList.find((x) => x.name === name);
      details.replaceChildren();
      if (!s) return;
      details.append(el('h3', {}, 'Step ', name, ' ', badge(s.state)));
      if (s.waitingReason) details.append(el('p', { id: 'step-waiting', class: 'muted' }, 'Waiting: ' + s.waitingReason));
      if (s.result !== null && s.result !== undefined) details.append(el('div', {}, 'Result'), el('pre', { id: 'step-result' }, pretty(s.result)));
      if (s.error) details.append(el('div', {}, 'Error'), el('pre', { id: 'step-error', class: 'error' }, pretty(s.error)));
      document.querySelectorAll('#graph .node').forEach((n) => n.classList.toggle('selected', n.dataset.step === name));
    };
    main.replaceChildren(
      el('h2', {}, 'Task ', el('span', { class: 'mono' }, t.id), ' ', el('span', { id: 'task-state' }, badge(t.state))),
      el('p', { class: 'muted' }, `${t.namespace}/${t.name} ${t.version} · created ${fmt(t.createdAt)}` + (t.runAt ? ` · runs at ${fmt(t.runAt)}` : '') + (t.completedAt ? ` · finished ${fmt(t.completedAt)}` : '') + ' · correlation ' + t.correlationId),
      actions,
      el('div', { class: 'panel' }, el('h3', {}, 'Graph ', el('span', { class: 'muted' }, '(dashed: planned, not created; updated live)')), graph(t, showStep), legend()),
      details,
      el('div', { class: 'panel' }, el('h3', {}, 'Steps'), steps),
      el('div', { class: 'panel' }, el('h3', {}, 'Timeline of attempts'), gantt(t)),
      el('div', { class: 'panel' }, el('h3', {}, 'Context'), el('pre', { id: 'task-context' }, pretty(t.context))),
      el('div', { class: 'panel' }, el('h3', {}, 'Audit'), auditTable(t.audit)));
    if (selected) showStep(selected);
  };
  await draw();
  timer = setInterval(() => draw().catch(() => {}), 1000);
}
function stepActions(t, s) {
  const path = (a) => `tasks/${t.id}/steps/${encodeURIComponent(s.name)}/${a}`;
  const out = [];
  if (s.state === 'error') out.push(el('button', { class: 'reset-step', onclick: () => confirmAction('Reset step ' + s.name, 'The step goes back to pending with attempts 0.', path('reset')) }, 'Reset'));
  if (!['complete', 'resolved_manually', 'cancelled'].includes(s.state)) {
    out.push(el('button', { class: 'resolve-step', onclick: () => confirmAction('Resolve step ' + s.name, 'The step is marked resolved_manually; its dependents may run.', path('resolve')) }, 'Resolve'));
    out.push(el('button', { class: 'complete-step', onclick: () => confirmAction('Complete step ' + s.name, 'The step is marked complete with the result below.', path('complete'), true) }, 'Complete'));
  }
  return out;
}
function legend() {
  return el('p', { class: 'legend' }, ['pending', 'in_progress', 'waiting_for_retry', 'complete', 'error', 'cancelled', 'resolved_manually', 'planned'].map((s) => el('span', { class: 's-' + s }, el('i'), s)));
}

// The graph: the steps the task created (coloured by state) plus the template's steps it has not created
// (dashed), laid out in layers by longest path from a root.
function graph(t, onSelect) {
  const nodes = new Map();
  for (const s of t.stepList) nodes.set(s.name, { name: s.name, state: s.state, sub: s.type && s.type !== 'standard' ? s.type : s.attempts > 1 ? s.attempts + ' attempts' : '' });
  const edges = t.edges.map((e) => ({ from: e.from, to: e.to, planned: false }));
  const have = new Set(edges.map((e) => e.from + '\u0000' + e.to));
  for (const p of t.planned || []) {
    if (!nodes.has(p.name) && !t.stepList.some((s) => s.templateStep === p.name)) nodes.set(p.name, { name: p.name, state: 'planned', sub: p.type !== 'standard' ? p.type : '' });
    for (const d of p.dependencies) {
      const key = d + '\u0000' + p.name;
      if (nodes.has(d) && nodes.has(p.name) && !have.has(key) && (nodes.get(d).state === 'planned' || nodes.get(p.name).state === 'planned')) { edges.push({ from: d, to: p.name, planned: true }); have.add(key); }
    }
  }
  const parents = new Map([...nodes.keys()].map((n) => [n, []]));
  for (const e of edges) if (parents.has(e.to) && nodes.has(e.from)) parents.get(e.to).push(e.from);
  const depth = new Map();
  const depthOf = (n, seen) => {
    if (depth.has(n)) return depth.get(n);
    if (seen.has(n)) return 0;
    seen.add(n);
    const d = parents.get(n).reduce((m, p) => Math.max(m, depthOf(p, seen) + 1), 0);
    depth.set(n, d);
    return d;
  };
  for (const n of nodes.keys()) depthOf(n, new Set());
  const layers = [];
  for (const [n, d] of depth) (layers[d] = layers[d] || []).push(n);
  const NW = 170, NH = 44, GX = 60, GY = 16;
  const pos = new Map();
  layers.forEach((layer, i) => layer.forEach((n, j) => pos.set(n, { x: 10 + i * (NW + GX), y: 10 + j * (NH + GY) })));
  const width = 20 + layers.length * (NW + GX);
  const height = 20 + Math.max(1, ...layers.map((l) => l.length)) * (NH + GY);
  const s = svg('svg', { id: 'graph', viewBox: `0 0 ${width} ${height}`, width: Math.min(width, 1350), 'data-steps': nodes.size });
  for (const e of edges) {
    const a = pos.get(e.from), b = pos.get(e.to);
    if (!a || !b) continue;
    const x1 = a.x + NW, y1 = a.y + NH / 2, x2 = b.x, y2 = b.y + NH / 2;
    s.append(svg('path', { class: 'edge' + (e.planned ? ' planned' : ''), d: `M${x1},${y1} C${x1 + GX / 2},${y1} ${x2 - GX / 2},${y2} ${x2},${y2}`, 'marker-end': 'url(#arrow)' }));
  }
  s.prepend(svg('defs', {}, svg('marker', { id: 'arrow', viewBox: '0 0 10 10', refX: 9, refY: 5, markerWidth: 6, markerHeight: 6, orient: 'auto-start-reverse' }, svg('path', { d: 'M0,0 L10,5 L0,10 z', fill: '#9ca3af' }))));
  for (const [name, n] of nodes) {
    const p = pos.get(name);
    const g = svg('g', { class: 'node s-' + n.state, 'data-step': name, 'data-state': n.state, transform: `translate(${p.x},${p.y})` },
      svg('rect', { width: NW, height: NH, rx: 6 }), svg('rect', { class: 'bar', width: 6, height: NH, rx: 2 }),
      svg('text', { x: 14, y: 18 }, name.length > 22 ? name.slice(0, 21) + '…' : name),
      svg('text', { class: 'sub', x: 14, y: 34 }, n.state + (n.sub ? ' · ' + n.sub : '')),
      svg('title', {}, name + ': ' + n.state));
    g.addEventListener('click', () => onSelect(name));
    g.style.cursor = 'pointer';
    s.append(g);
  }
  return s;
}

// The timeline: for each step, how long it sat in each state (from the audit), one bar per stretch.
function gantt(t) {
  const rows = new Map();
  for (const r of t.audit.steps) (rows.get(r.step) || rows.set(r.step, []).get(r.step)).push(r);
  if (rows.size === 0) return el('p', { class: 'muted' }, 'No attempt yet.');
  const end = t.completedAt ? new Date(t.completedAt).getTime() : Date.now();
  let start = Infinity;
  for (const list of rows.values()) start = Math.min(start, new Date(list[0].at).getTime());
  const span = Math.max(1, end - start);
  const W = 1000, L = 170, RH = 20;
  const s = svg('svg', { id: 'gantt', viewBox: `0 0 ${W} ${rows.size * RH + 24}`, width: '100%' });
  let y = 0;
  for (const [step, list] of rows) {
    s.append(svg('text', { class: 'tick', x: 0, y: y + 14 }, step));
    list.forEach((r, i) => {
      const a = new Date(r.at).getTime();
      const b = i + 1 < list.length ? new Date(list[i + 1].at).getTime() : (['complete', 'error', 'cancelled', 'resolved_manually'].includes(r.to) ? a : end);
      const x = L + ((a - start) / span) * (W - L - 10);
      const w = Math.max(2, ((b - a) / span) * (W - L - 10));
      s.append(svg('rect', { class: 'seg s-' + r.to, x, y: y + 3, width: w, height: RH - 6, 'data-state': r.to }, svg('title', {}, `${r.to} from ${fmt(r.at)} (attempt ${r.attempt}) ${((b - a) / 1000).toFixed(3)} s`)));
    });
    y += RH;
  }
  s.append(svg('text', { class: 'tick', x: L, y: y + 16 }, fmt(new Date(start).toISOString())));
  s.append(svg('text', { class: 'tick', x: W - 150, y: y + 16 }, '+' + (span / 1000).toFixed(3) + ' s'));
  return s;
}
function auditTable(audit) {
  const all = audit.task.map((r) => ({ ...r, step: '(task)' })).concat(audit.steps).sort((a, b) => (a.at < b.at ? -1 : a.at > b.at ? 1 : 0));
  return el('table', { id: 'audit' }, el('tr', {}, ['at', 'what', 'from → to', 'attempt', 'who', 'why', 'details'].map((h) => el('th', {}, h))),
    all.map((r) => el('tr', {}, el('td', { class: 'mono' }, fmt(r.at)), el('td', {}, r.step), el('td', {}, r.from ? badge(r.from) : '', ' → ', badge(r.to)),
      el('td', {}, r.attempt ?? ''), el('td', { class: 'actor' }, r.actor || ''), el('td', {}, r.reason || ''), el('td', {}, r.details ? el('pre', {}, pretty(r.details)) : ''))));
}

// ---- DLQ
async function dlq(main, params) {
  const status = params.get('status') || 'pending';
  const offset = Number(params.get('offset') || 0);
  const page = await api('dlq?' + new URLSearchParams({ status: status === 'all' ? '' : status, offset }));
  const select = el('select', { id: 'dlq-status', onchange: (ev) => { location.hash = '#/dlq/status=' + ev.target.value; } },
    ['pending', 'manually_resolved', 'permanently_failed', 'cancelled', 'all'].map((s) => el('option', { value: s, selected: s === status }, s)));
  const rows = page.entries.map((e) => el('tr', { 'data-entry': e.id },
    el('td', { class: 'mono' }, el('a', { href: '#/task/' + e.taskId }, e.taskId)), el('td', {}, e.reason), el('td', {}, e.status), el('td', {}, fmt(e.createdAt)),
    el('td', {}, e.resolvedBy ? e.resolvedBy + ': ' + (e.notes || '') : ''),
    el('td', { class: 'actions' }, !session.readOnly && e.status === 'pending'
      ? ['manually_resolved', 'permanently_failed'].map((st) => el('button', { onclick: () => confirmAction('Resolve DLQ entry as ' + st, 'Records the outcome of the investigation; the task itself is repaired with the task actions.', `dlq/${e.id}/resolve`, false, { status: st }) }, st))
      : null)));
  main.replaceChildren(el('h2', {}, 'Dead letter queue'), el('p', {}, 'Status ', select),
    el('div', { class: 'panel' }, el('table', { id: 'dlq-table' }, el('tr', {}, ['task', 'reason', 'status', 'created', 'resolution', 'actions'].map((h) => el('th', {}, h))), rows),
      rows.length ? null : el('p', { class: 'muted' }, 'Empty.')),
    el('p', {}, offset > 0 ? el('a', { href: `#/dlq/status=${status}&offset=${Math.max(0, offset - 50)}` }, '← newer') : null, ' ', page.more ? el('a', { href: `#/dlq/status=${status}&offset=${offset + 50}` }, 'older →') : null));
}

// ---- templates
async function templates(main) {
  const list = await api('templates');
  main.replaceChildren(el('h2', {}, 'Templates'), list.map((tp) => el('div', { class: 'panel template', 'data-template': tp.namespace + '/' + tp.name },
    el('h3', {}, tp.namespace + '/' + tp.name + ' ' + tp.version), tp.description ? el('p', { class: 'muted' }, tp.description) : null,
    graph({ stepList: [], edges: [], planned: tp.steps }, () => {}))));
}

window.addEventListener('hashchange', render);
document.addEventListener('DOMContentLoaded', async () => { try { await loadSession(); } catch (e) { /* shown by the page */ } render(); });
