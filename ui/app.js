// Checkup's screens. Texts come from the engine's catalog (appInfo().texts) or are already
// rendered in the report; this file only lays them out.
import * as api from './api.js';

let texts = {};
let lastRun = { areas: [], url: null };
// "Since it last worked (Tuesday 09:12):", by the time of that run, for the shown results.
let sinceLabels = {};
// True while the shown results are this computer's own last run: only then can they be fixed.
let live = false;

const $ = (id) => document.getElementById(id);
// A text without arguments, from the engine's catalog.
const t = (id) => texts[id] ?? id;
// A text with arguments, rendered by the engine (plural rules included), never here.
async function tr(id, args) {
  try {
    return await api.text(id, args);
  } catch {
    return Object.values(args).join(' ');
  }
}
const errorText = (error) => tr('ui-error', { message: error?.message ?? String(error) });

function el(tag, props = {}, ...children) {
  const node = document.createElement(tag);
  for (const [key, value] of Object.entries(props)) {
    if (key === 'class') node.className = value;
    else if (key.startsWith('data-')) node.setAttribute(key, value);
    else node[key] = value;
  }
  for (const child of children.flat()) {
    if (child !== null && child !== undefined) node.append(child);
  }
  return node;
}

const SYMBOLS = { pass: '✓', warn: '!', fail: '✗', skipped: '–', not_applicable: '·', error: '?' };
const statusLabel = (status) => t(`status-${status.replaceAll('_', '-')}`);

function announce(message) {
  $('announce').textContent = message;
}

function show(screen, focusId) {
  for (const section of document.querySelectorAll('.screen')) section.hidden = section.id !== `screen-${screen}`;
  const target = focusId && $(focusId);
  if (target) target.focus();
}

async function showError(error) {
  $('error').textContent = await errorText(error);
  $('error').hidden = false;
  show('start', 'check-all');
}

async function start(areas, url) {
  lastRun = { areas, url };
  $('error').hidden = true;
  $('planned').replaceChildren();
  $('progress').value = 0;
  show('running', 'running-heading');
  const rows = new Map();
  let done = 0;
  let total = 0;
  const onProgress = (event) => {
    if (event.event === 'planned') {
      total = event.checks.length;
      $('progress').max = Math.max(total, 1);
      for (const check of event.checks) {
        const state = el('span', { class: 'state waiting' }, t('ui-waiting'));
        const row = el('li', { 'data-id': check.id }, el('span', { class: 'title' }, check.title), state);
        rows.set(check.id, state);
        $('planned').append(row);
      }
    } else if (event.event === 'started') {
      const state = rows.get(event.id);
      if (state) { state.className = 'state running'; state.textContent = t('ui-running'); }
    } else if (event.event === 'finished') {
      done += 1;
      const worst = worstStatus(event.findings.map((f) => f.status));
      const state = rows.get(event.id);
      if (state) {
        state.className = `state ${worst}`;
        state.textContent = `${SYMBOLS[worst]} ${statusLabel(worst)}`;
      }
      $('progress').value = done;
      const counted = done;
      tr('ui-progress', { done: counted, total }).then((text) => {
        // Texts may come back out of order: only the latest count is shown.
        if (counted !== done) return;
        $('progress-text').textContent = text;
        if (counted % 5 === 0 || counted === total) announce(text);
      });
    }
  };
  try {
    const view = await api.startRun(areas, url, onProgress);
    renderResults(view);
  } catch (error) {
    showError(error);
  }
}

const ORDER = ['fail', 'error', 'warn', 'pass', 'skipped', 'not_applicable'];
function worstStatus(statuses) {
  return ORDER.find((s) => statuses.includes(s)) ?? 'pass';
}

function findingHeading(finding) {
  return finding.subject ? `${finding.title} (${finding.subject})` : finding.title;
}

function evidenceTable(finding) {
  const rows = finding.evidence.map((e) => el('tr', {},
    el('th', { scope: 'row' }, e.key),
    el('td', {}, Array.isArray(e.value) ? e.value.join(', ') : String(e.value))));
  return el('details', { class: 'technical' },
    el('summary', {}, t('ui-technical-details')),
    el('table', {}, el('tbody', {}, rows, el('tr', {}, el('th', { scope: 'row' }, 'id'), el('td', {}, finding.id)))));
}

// What changed since the check last passed, from the local history.
function changesBox(finding) {
  const changes = finding.changes ?? [];
  if (!changes.length) return null;
  return el('div', { class: 'changes' },
    el('p', {}, sinceLabels[changes[0].since] ?? ''),
    el('ul', {}, changes.map((c) => el('li', { 'data-fact': c.fact }, c.text))));
}

// "Fix it" for each repair a finding offers: a confirmation that says exactly what will
// happen, then the repair, then the re-checked results.
function repairBoxes(finding) {
  if (!live) return [];
  return (finding.repairs_offered ?? []).map((offer) => {
    const box = el('div', { class: 'repair', 'data-repair': offer.id, role: 'group', 'aria-label': offer.title });
    const ask = () => {
      const question = el('p', { class: 'repair-action', tabIndex: -1 }, offer.action);
      box.replaceChildren(
        question,
        el('button', { type: 'button', class: 'repair-yes', onclick: () => repair(box, offer, true) }, t('ui-fix-yes')),
        el('button', { type: 'button', class: 'repair-no', onclick: () => repair(box, offer, false) }, t('ui-fix-no')));
      question.focus();
    };
    box.append(el('button', { type: 'button', class: 'repair-start', onclick: ask }, `${t('ui-fix-it')}: ${offer.title}`));
    return box;
  });
}

async function repair(box, offer, agreed) {
  const working = el('p', { class: 'repair-working', role: 'status' }, t('ui-fixing'));
  box.replaceChildren(working,
    el('button', { type: 'button', class: 'repair-cancel', onclick: () => api.cancelRun() }, t('ui-cancel')));
  try {
    const done = await api.makeRepair(offer.id, offer.subject ?? null, agreed, () => {});
    renderResults(done.view);
    $('repair-result').textContent = done.message;
    $('repair-result').hidden = false;
    $('repair-result').dataset.result = done.result;
    $('repair-result').focus();
    announce(done.message);
  } catch (error) {
    box.replaceChildren(el('p', { class: 'repair-error', role: 'alert' }, await errorText(error)));
  }
}

function findingCard(finding, withFixes) {
  const status = el('span', { class: `status ${finding.status}` }, `${SYMBOLS[finding.status]} ${statusLabel(finding.status)}`);
  const card = el('article', { class: `finding ${finding.status}`, 'data-check': finding.id },
    el('h3', {}, status, ' ', findingHeading(finding)),
    el('p', { class: 'summary' }, finding.summary));
  if (finding.status !== 'pass' && finding.explanation) card.append(el('p', {}, finding.explanation));
  const changes = changesBox(finding);
  if (changes) card.append(changes);
  if (withFixes && finding.fixes.length) {
    card.append(el('h4', {}, t('ui-what-to-try')), el('ol', { class: 'fixes' }, finding.fixes.map((f) => el('li', {}, f))));
  }
  // Offered once: on the card that shows the steps.
  if (withFixes) card.append(...repairBoxes(finding));
  card.append(evidenceTable(finding));
  return card;
}

// One card for a check with several root-cause findings (two names that do not resolve):
// each subject's summary, then the steps, which the subjects share.
function causeCard(findings) {
  if (findings.length === 1) return findingCard(findings[0], true);
  const [first] = findings;
  const worst = worstStatus(findings.map((f) => f.status));
  const status = el('span', { class: `status ${worst}` }, `${SYMBOLS[worst]} ${statusLabel(worst)}`);
  const card = el('article', { class: `finding ${worst}`, 'data-check': first.id },
    el('h3', {}, status, ' ', first.title),
    el('ul', { class: 'subjects' }, findings.map((f) => el('li', { class: 'summary' }, f.summary))));
  if (first.explanation) card.append(el('p', {}, first.explanation));
  for (const finding of findings) {
    const changes = changesBox(finding);
    if (changes) card.append(changes);
  }
  if (first.fixes.length) {
    card.append(el('h4', {}, t('ui-what-to-try')), el('ol', { class: 'fixes' }, first.fixes.map((f) => el('li', {}, f))));
  }
  for (const finding of findings) card.append(...repairBoxes(finding));
  for (const finding of findings) card.append(evidenceTable(finding));
  return card;
}

function renderResults(view, opened = false) {
  const { report, headline } = view;
  live = !opened;
  $('repair-result').hidden = true;
  sinceLabels = view.since ?? {};
  const notes = view.history_notes ?? [];
  $('history-notes').textContent = notes.join(' ');
  $('history-notes').hidden = notes.length === 0;
  $('results-reference').textContent = report.reference;
  const causes = report.root_causes
    .map((c) => report.findings.find((f) => f.id === c.id && f.subject === c.subject))
    .filter(Boolean);
  // Every root-cause check gets its own card, in root-cause order.
  const byCheck = [];
  for (const cause of causes) {
    const group = byCheck.find((g) => g[0].id === cause.id);
    if (group) group.push(cause); else byCheck.push([cause]);
  }
  const warning = report.findings.find((f) => f.status === 'warn');
  const lead = causes[0] ?? warning;
  $('headline').textContent = lead ? `${headline} ${lead.summary}` : headline;
  $('cancelled').hidden = report.complete;
  const cards = byCheck.length ? byCheck.map(causeCard) : (warning ? [findingCard(warning, true)] : []);
  for (const card of cards) card.classList.add('cause');
  $('lead').replaceChildren(...cards);
  const leading = new Set(byCheck.length ? causes : (warning ? [warning] : []));
  const areas = [];
  for (const area of ['network', 'dns', 'printer', 'disk', 'system']) {
    const findings = report.findings.filter((f) => f.area === area);
    if (!findings.length) continue;
    const worst = worstStatus(findings.map((f) => f.status));
    const group = el('details', { class: `area ${worst}`, open: !['pass', 'not_applicable'].includes(worst) },
      el('summary', {}, el('h3', { class: 'area-title' }, `${SYMBOLS[worst]} ${t(`area-${area}`)}`)),
      findings.map((f) => findingCard(f, !leading.has(f) && ['fail', 'warn', 'error'].includes(f.status))));
    areas.push(group);
  }
  $('areas').replaceChildren(...areas);
  $('report').hidden = opened;
  $('again').hidden = opened;
  show('results', 'headline');
  announce($('headline').textContent);
}

async function openReportScreen() {
  try {
    const preview = await api.previewReport();
    $('report-reference').textContent = preview.reference;
    const kinds = preview.hidden.map(([kind, count]) => el('li', {}, `${t(`redaction-kind-${kind}`)}: ${count}`));
    $('hidden-kinds').replaceChildren(...(kinds.length ? kinds : [el('li', {}, t('ui-report-nothing-hidden'))]));
    $('report-status').textContent = '';
    // Exactly what will be shared: the redacted summary as text, and the redacted page in a
    // sandbox with scripts and outside resources off.
    $('preview-summary').textContent = preview.summary;
    $('preview-html').srcdoc = preview.html;
    show('report', 'report-heading');
  } catch (error) {
    showError(error);
  }
}

async function save() {
  try {
    const saved = await api.saveReport();
    if (saved) $('report-status').textContent = saved.message;
  } catch (error) {
    $('report-status').textContent = await errorText(error);
  }
}

// The start screen's line about the last result, if any.
async function showLastResult() {
  try {
    const last = await api.lastResult();
    $('last-result').textContent = last ?? '';
    $('last-result').hidden = !last;
  } catch {
    $('last-result').hidden = true;
  }
}

async function forgetHistory() {
  try {
    const done = await api.forgetHistory();
    if (!done) return;
    $('settings-status').textContent = done;
    await showLastResult();
  } catch (error) {
    $('settings-status').textContent = await errorText(error);
  }
}

async function init() {
  try {
    const info = await api.appInfo();
    texts = info.texts;
    for (const node of document.querySelectorAll('[data-text]')) node.textContent = t(node.dataset.text);
    for (const node of document.querySelectorAll('[data-title]')) node.title = t(node.dataset.title);
    if (info.organization || info.support_contact) {
      $('organization').hidden = false;
      $('organization').textContent = [info.organization, info.support_contact]
        .filter(Boolean).join(' · ');
    }
    $('symptoms').replaceChildren(...info.symptoms.map((symptom) => el('li', {},
      el('button', {
        type: 'button', class: 'symptom', 'data-symptom': symptom.id,
        onclick: () => start([...symptom.areas], symptom.takes_url ? $('website-url').value.trim() : null),
      }, symptom.label))));
  } catch (error) {
    showError(error);
  }
  $('check-all').addEventListener('click', () => start([], null));
  $('cancel').addEventListener('click', () => api.cancelRun());
  $('again').addEventListener('click', () => start(lastRun.areas, lastRun.url));
  $('home').addEventListener('click', () => {
    showLastResult();
    show('start', 'check-all');
  });
  $('forget-history').addEventListener('click', forgetHistory);
  $('report').addEventListener('click', openReportScreen);
  $('back').addEventListener('click', () => show('results', 'headline'));
  $('save').addEventListener('click', () => save());
  $('copy').addEventListener('click', async () => {
    try {
      await api.copySummary();
      $('report-status').textContent = t('ui-copied');
    } catch (error) {
      $('report-status').textContent = await errorText(error);
    }
  });
  $('open-report').addEventListener('click', async () => {
    try {
      const view = await api.openReport();
      if (view) renderResults(view, true);
    } catch (error) {
      showError(error);
    }
  });
  await showLastResult();
  document.body.dataset.ready = 'true';
  $('check-all').focus();
}

init();
