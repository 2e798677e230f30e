// Opt-in Management: the settings page of the consent service. Plain DOM, no library, no build step.
// Every text that came from a person or a message is put in the page with textContent, never as markup.
'use strict';

(function () {
  const TOKEN_KEY = 'optin.adminToken';
  const BUSINESS_ID = /^[A-Za-z0-9._-]{1,128}$/;
  const DAYS = 30;
  // A language's English name, from the browser ("Spanish" for es), else its code.
  const LANGUAGE_NAMES = typeof Intl === 'object' && Intl.DisplayNames
    ? new Intl.DisplayNames(['en'], { type: 'language', fallback: 'none' }) : null;

  const $ = (id) => document.getElementById(id);
  const state = {
    businessId: null,
    builtIn: [],
    optOut: [],
    optIn: [],
    packs: {},
    languages: [],
    responseTexts: {}
  };

  // ---- small helpers ----

  function el(tag, attributes, text) {
    const node = document.createElement(tag);
    for (const [name, value] of Object.entries(attributes || {})) {
      node.setAttribute(name, value);
    }
    if (text !== undefined && text !== null) {
      node.textContent = String(text);
    }
    return node;
  }

  function svg(tag, attributes, text) {
    const node = document.createElementNS('http://www.w3.org/2000/svg', tag);
    for (const [name, value] of Object.entries(attributes || {})) {
      node.setAttribute(name, String(value));
    }
    if (text !== undefined) {
      node.textContent = String(text);
    }
    return node;
  }

  function problemsAt(field) {
    return document.querySelector('.problems[data-field="' + CSS.escape(field) + '"]');
  }

  function clearProblems(scope) {
    (scope || document).querySelectorAll('.problems').forEach((box) => box.replaceChildren());
  }

  function alertAt(field, message) {
    problemsAt(field).append(el('p', { role: 'alert', class: 'problem' }, message));
  }

  // Where a problem of the service is shown: the box of its field path (optOut.keywords[2]), else of the
  // nearest field that holds it (optOut.keywords), else the general place.
  function boxFor(path) {
    let field = typeof path === 'string' ? path : '';
    while (field) {
      if (problemsAt(field)) {
        return field;
      }
      const cut = Math.max(field.lastIndexOf('.'), field.lastIndexOf('['));
      field = cut > 0 ? field.slice(0, cut) : '';
    }
    return 'general';
  }

  function token() {
    return sessionStorage.getItem(TOKEN_KEY) || '';
  }

  async function api(method, path, body, withToken) {
    const headers = { Accept: 'application/json' };
    if (body !== undefined) {
      headers['Content-Type'] = 'application/json';
    }
    if (withToken && token()) {
      headers.Authorization = 'Bearer ' + token();
    }
    const response = await fetch(path, {
      method: method,
      headers: headers,
      body: body === undefined ? undefined : JSON.stringify(body),
      credentials: 'omit',
      cache: 'no-store'
    });
    let json = null;
    try {
      json = await response.json();
    } catch (notJson) {
      json = null;
    }
    return { status: response.status, json: json };
  }

  function businessPath(suffix) {
    return '/v1/businesses/' + encodeURIComponent(state.businessId) + suffix;
  }

  // ---- keyword chips ----

  function sameKeyword(a, b) {
    return a.trim().toLowerCase() === b.trim().toLowerCase();
  }

  function renderChips(list, keywords, fixed, onRemove) {
    const items = [];
    for (const keyword of fixed) {
      const chip = el('li', { class: 'chip fixed', title: 'Built in: works for every business' });
      chip.append(el('span', { class: 'chip-text' }, keyword), el('span', { class: 'tag' }, 'built-in'));
      items.push(chip);
    }
    keywords.forEach((keyword, index) => {
      const chip = el('li', { class: 'chip' });
      const remove = el('button', { type: 'button', 'aria-label': 'Remove ' + keyword, title: 'Remove ' + keyword }, '×');
      remove.addEventListener('click', () => onRemove(index));
      chip.append(el('span', { class: 'chip-text' }, keyword), remove);
      items.push(chip);
    });
    list.replaceChildren(...items);
  }

  function renderKeywords() {
    renderChips($('opt-out-chips'), state.optOut, state.builtIn, (i) => {
      state.optOut.splice(i, 1);
      renderKeywords();
      $('opt-out-keyword').focus();
    });
    renderChips($('opt-in-chips'), state.optIn, [], (i) => {
      state.optIn.splice(i, 1);
      renderKeywords();
      $('opt-in-keyword').focus();
    });
  }

  function addTyped(input, keywords) {
    const keyword = input.value.trim();
    if (keyword && !keywords.some((k) => sameKeyword(k, keyword))) {
      keywords.push(keyword);
    }
    input.value = '';
    renderKeywords();
  }

  function chipInput(input, keywords) {
    input.addEventListener('keydown', (event) => {
      if (event.key === 'Enter') {
        event.preventDefault();
        addTyped(input, keywords());
      }
    });
  }

  // ---- language packs ----

  // GET /v1/language-packs: each pack's code with its opt-out keywords, in the contract's order.
  async function loadPacks() {
    try {
      const answer = await api('GET', '/v1/language-packs');
      if (answer.status === 200 && answer.json) {
        state.packs = answer.json;
      } else {
        alertAt('languages', 'The language packs could not be read (' + answer.status + '). Load again in a moment.');
      }
    } catch (unreachable) {
      alertAt('languages', 'The language packs could not be read: the service does not answer.');
    }
    renderLanguages();
  }

  function renderLanguages() {
    const rows = Object.keys(state.packs).map((code) => {
      const row = el('div', { class: 'language' });
      const check = el('div', { class: 'check' });
      const box = el('input', { type: 'checkbox', id: 'language-' + code, value: code });
      box.checked = state.languages.includes(code);
      const english = LANGUAGE_NAMES ? LANGUAGE_NAMES.of(code) : null;
      const name = english ? english + ' (' + code + ')' : code;
      check.append(box, el('label', { for: 'language-' + code }, name));
      const words = el('p', { class: 'words', id: 'language-words-' + code },
        'Opt-out keywords: ' + state.packs[code].join(', '));
      box.setAttribute('aria-describedby', words.id);
      const textField = el('div', { class: 'field' });
      const textId = 'response-text-' + code;
      const text = el('textarea', { id: textId, rows: '2', maxlength: '4096' });
      text.value = state.responseTexts[code] || '';
      text.addEventListener('input', () => {
        state.responseTexts[code] = text.value;
      });
      textField.append(el('label', { for: textId }, 'Opt-out response text (' + code + ')'), text);
      textField.hidden = !box.checked;
      box.addEventListener('change', () => {
        if (box.checked) {
          state.languages.push(code);
        } else {
          state.languages = state.languages.filter((c) => c !== code);
        }
        textField.hidden = !box.checked;
      });
      row.append(check, words, textField);
      return row;
    });
    $('language-list').replaceChildren(...rows);
  }

  // ---- loading a business ----

  function fill(settings) {
    const optOut = settings.optOut || {};
    const optIn = settings.optIn || {};
    state.builtIn = Array.isArray(optOut.builtInKeywords) ? optOut.builtInKeywords.slice() : [];
    state.optOut = Array.isArray(optOut.keywords) ? optOut.keywords.slice() : [];
    state.optIn = Array.isArray(optIn.keywords) ? optIn.keywords.slice() : [];
    state.languages = Array.isArray(settings.languages) ? settings.languages.slice() : [];
    state.responseTexts = Object.assign({}, optOut.responseTexts || {});
    $('settings-business').textContent = state.businessId;
    $('business-name').value = settings.businessName || '';
    $('opt-out-response-enabled').checked = !!optOut.responseEnabled;
    $('opt-out-response-text').value = optOut.responseText || '';
    $('opt-in-enabled').checked = !!optIn.enabled;
    $('opt-in-response-enabled').checked = !!optIn.responseEnabled;
    $('opt-in-response-text').value = optIn.responseText || '';
    const template = optIn.confirmationTemplate || {};
    $('template-name').value = template.name || '';
    $('template-language').value = template.language || '';
    const outbound = settings.outbound || {};
    $('require-opt-in').checked = outbound.requireOptIn !== false;
    renderKeywords();
    renderLanguages();
  }

  async function loadBusiness(event) {
    if (event) {
      event.preventDefault();
    }
    clearProblems();
    $('save-status').textContent = '';
    const businessId = $('business-id').value.trim();
    if (!BUSINESS_ID.test(businessId)) {
      alertAt('load', 'A business ID is 1 to 128 letters, digits, dots, dashes or underscores.');
      return;
    }
    state.businessId = businessId;
    $('load-status').textContent = 'Loading ' + businessId + '…';
    let answer;
    try {
      answer = await api('GET', businessPath('/settings'));
    } catch (unreachable) {
      $('load-status').textContent = '';
      alertAt('load', 'The service does not answer.');
      return;
    }
    if (answer.status !== 200 || !answer.json) {
      $('load-status').textContent = '';
      alertAt('load', (answer.json && answer.json.error) || 'The settings could not be read (' + answer.status + ').');
      return;
    }
    fill(answer.json);
    $('load-status').textContent = answer.json.source === 'configured'
      ? 'Loaded the settings of ' + businessId + '.'
      : businessId + ' has no settings yet: the defaults are shown, and Save Settings creates them.';
    $('settings-form').hidden = false;
    $('contact-section').hidden = false;
    $('stats-section').hidden = false;
    $('contact-result').replaceChildren();
    $('contact-history').replaceChildren();
    loadStats();
  }

  async function loadBusinesses() {
    if (!token()) {
      return;
    }
    try {
      const answer = await api('GET', '/v1/businesses', undefined, true);
      if (answer.status === 200 && answer.json && Array.isArray(answer.json.businesses)) {
        $('business-ids').replaceChildren(...answer.json.businesses.map((id) => el('option', { value: id })));
      }
    } catch (unreachable) {
      // the list is a convenience
    }
  }

  // ---- saving ----

  function collect() {
    addTyped($('opt-out-keyword'), state.optOut);
    addTyped($('opt-in-keyword'), state.optIn);
    const optOut = {
      keywords: state.optOut.slice(),
      responseEnabled: $('opt-out-response-enabled').checked
    };
    const optOutText = $('opt-out-response-text').value;
    if (optOutText.trim()) {
      optOut.responseText = optOutText;
    }
    const optIn = {
      enabled: $('opt-in-enabled').checked,
      keywords: state.optIn.slice(),
      responseEnabled: $('opt-in-response-enabled').checked
    };
    const optInText = $('opt-in-response-text').value;
    if (optInText.trim()) {
      optIn.responseText = optInText;
    }
    const settings = { businessName: $('business-name').value.trim(), optOut: optOut, optIn: optIn };
    // The languages, the packs, the template and the gate's switch are sent only when they say more
    // than their absence does. Listed in the packs' order; a listed code the page has no pack for stays.
    const packs = Object.keys(state.packs);
    const languages = packs.filter((code) => state.languages.includes(code))
      .concat(state.languages.filter((code) => !packs.includes(code)));
    if (languages.length) {
      settings.languages = languages;
      const texts = {};
      for (const code of languages) {
        const text = (state.responseTexts[code] || '').trim();
        if (text) {
          texts[code] = state.responseTexts[code];
        }
      }
      if (Object.keys(texts).length) {
        optOut.responseTexts = texts;
      }
    }
    const templateName = $('template-name').value.trim();
    const templateLanguage = $('template-language').value.trim();
    if (templateName || templateLanguage) {
      optIn.confirmationTemplate = { name: templateName, language: templateLanguage };
    }
    if (!$('require-opt-in').checked) {
      settings.outbound = { requireOptIn: false };
    }
    return settings;
  }

  async function save(event) {
    event.preventDefault();
    clearProblems();
    const status = $('save-status');
    status.textContent = 'Saving…';
    if (!token()) {
      status.textContent = '';
      alertAt('token', 'Enter the admin token to save.');
      $('admin-token').focus();
      return;
    }
    let answer;
    try {
      answer = await api('PUT', businessPath('/settings'), collect(), true);
    } catch (unreachable) {
      status.textContent = '';
      alertAt('general', 'The service does not answer: nothing was saved.');
      return;
    }
    status.textContent = '';
    const error = answer.json && answer.json.error;
    if (answer.status === 200 || answer.status === 202) {
      status.textContent = answer.status === 200
        ? 'Saved: in effect now.'
        : 'Saved: Kafka has the settings; they take effect within seconds.';
      loadBusinesses();
    } else if (answer.status === 400) {
      const details = answer.json && Array.isArray(answer.json.details) ? answer.json.details : [];
      for (const problem of details) {
        alertAt(boxFor(problem.field), problem.message);
      }
      if (!details.length) {
        alertAt('general', 'Nothing was saved: ' + (error || 'the settings are invalid') + '.');
      }
      const first = document.querySelector('.problem');
      if (first) {
        first.scrollIntoView({ block: 'center' });
      }
    } else if (answer.status === 401) {
      alertAt('token', 'The admin token is wrong: nothing was saved.');
    } else if (answer.status === 403) {
      alertAt('token', 'The admin token is wrong: this service has no admin token set (optin.http.admin-token), so nothing can be saved here.');
    } else {
      alertAt('general', 'Nothing was saved: ' + (error || 'the service answered ' + answer.status) + '. Try again.');
    }
  }

  // ---- contact ----

  function fact(list, term, value) {
    list.append(el('dt', {}, term), el('dd', {}, value === null || value === undefined || value === '' ? '—' : value));
  }

  async function lookUp(event) {
    event.preventDefault();
    clearProblems($('contact-section'));
    const result = $('contact-result');
    const history = $('contact-history');
    result.replaceChildren();
    history.replaceChildren();
    const contactId = $('contact-id').value.trim();
    if (!contactId) {
      alertAt('contact', 'Enter the contact\'s WhatsApp number.');
      return;
    }
    const path = businessPath('/contacts/' + encodeURIComponent(contactId));
    let answer;
    try {
      answer = await api('GET', path, undefined, true);
    } catch (unreachable) {
      alertAt('contact', 'The service does not answer.');
      return;
    }
    if (answer.status === 401) {
      alertAt('contact', token() ? 'The token is wrong: contacts need the read token (optin.http.read-token) or the admin token.'
        : 'Contacts need a token here: enter the read token (optin.http.read-token) or the admin token above.');
      $('admin-token').focus();
      return;
    }
    if (answer.status !== 200 || !answer.json) {
      alertAt('contact', (answer.json && answer.json.error) || 'The contact could not be read (' + answer.status + ').');
      return;
    }
    const contact = answer.json;
    fact(result, 'Contact', contact.contactId);
    fact(result, 'Status', contact.status);
    fact(result, 'Marketing status', contact.marketingStatus || 'UNKNOWN');
    fact(result, 'Changed at', contact.changedAt);
    fact(result, 'By', [contact.trigger, contact.keyword ? '"' + contact.keyword + '"' : null].filter(Boolean).join(' '));
    try {
      const past = await api('GET', businessPath('/contacts/' + encodeURIComponent(contact.contactId) + '/history'), undefined, true);
      if (past.status === 200 && past.json && Array.isArray(past.json.changes)) {
        history.replaceChildren(...past.json.changes.map(historyLine));
      }
    } catch (unreachable) {
      // the lookup above is the answer; the history is its detail
    }
  }

  // One ConsentEvent of GET .../history: when, the scope when not ALL, the change, what made it.
  function historyLine(event) {
    const parts = [
      event.occurredAt,
      event.scope !== 'ALL' ? event.scope : null,
      event.previousStatus + ' → ' + event.status,
      event.trigger,
      event.keyword ? '"' + event.keyword + '"' : event.sourceRecordId
    ].filter(Boolean);
    return el('li', {}, parts.join(' · '));
  }

  // ---- chart ----

  async function loadStats() {
    const status = $('stats-status');
    status.textContent = '';
    let answer;
    try {
      answer = await api('GET', businessPath('/stats?days=' + DAYS));
    } catch (unreachable) {
      status.textContent = 'The counts could not be read: the service does not answer.';
      return;
    }
    if (answer.status !== 200 || !answer.json || !Array.isArray(answer.json.daily)) {
      status.textContent = 'The counts are not available right now'
        + (answer.json && answer.json.error ? ': ' + answer.json.error : '') + '. Load again in a moment.';
      return;
    }
    drawChart(answer.json.daily);
    fillTable(answer.json.daily);
  }

  function fillTable(days) {
    const rows = days.map((day) => {
      const row = el('tr', { 'data-date': day.date });
      row.append(el('th', { scope: 'row' }, day.date), el('td', { class: 'opt-ins' }, day.optIns),
        el('td', { class: 'opt-outs' }, day.optOuts), el('td', { class: 'marketing-stops' }, day.marketingStops));
      return row;
    });
    document.querySelector('#stats-table tbody').replaceChildren(...rows);
  }

  function drawChart(days) {
    const width = 720;
    const height = 220;
    const left = 36;
    const bottom = 24;
    const top = 10;
    const plot = height - top - bottom;
    const max = Math.max(1, ...days.map((d) => Math.max(d.optIns, d.optOuts, d.marketingStops)));
    const slot = (width - left - 8) / days.length;
    const bar = Math.max(2, (slot - 4) / 3);
    const chart = svg('svg', { viewBox: '0 0 ' + width + ' ' + height, 'aria-hidden': 'true', focusable: 'false' });
    const y = (value) => top + plot - (value / max) * plot;
    for (const value of [0, max / 2, max]) {
      chart.append(svg('line', { class: value ? 'grid' : 'axis', x1: left, x2: width - 4, y1: y(value), y2: y(value) }));
      if (value === 0 || Number.isInteger(value)) {
        chart.append(svg('text', { x: left - 6, y: y(value) + 4, 'text-anchor': 'end' }, value));
      }
    }
    days.forEach((day, i) => {
      const x = left + i * slot + 2;
      const series = [['bar-in', day.optIns, 'opt-ins'], ['bar-out', day.optOuts, 'opt-outs'],
        ['bar-marketing', day.marketingStops, 'marketing stops']];
      series.forEach(([kind, value, name], j) => {
        if (value > 0) {
          const rect = svg('rect', { class: kind, x: x + j * bar, y: y(value), width: bar - 1, height: y(0) - y(value) });
          rect.append(svg('title', {}, day.date + ': ' + value + ' ' + name));
          chart.append(rect);
        }
      });
      if (i === 0 || i === days.length - 1 || i === Math.floor(days.length / 2)) {
        chart.append(svg('text', { x: x + slot / 2, y: height - 6, 'text-anchor': 'middle' }, day.date.slice(5)));
      }
    });
    $('stats-drawing').replaceChildren(chart);
  }

  // ---- start ----

  function start() {
    const tokenInput = $('admin-token');
    tokenInput.value = token();
    tokenInput.addEventListener('input', () => {
      if (tokenInput.value) {
        sessionStorage.setItem(TOKEN_KEY, tokenInput.value);
      } else {
        sessionStorage.removeItem(TOKEN_KEY);
      }
    });
    tokenInput.addEventListener('change', loadBusinesses);
    $('load-form').addEventListener('submit', loadBusiness);
    $('settings-form').addEventListener('submit', save);
    $('contact-form').addEventListener('submit', lookUp);
    chipInput($('opt-out-keyword'), () => state.optOut);
    chipInput($('opt-in-keyword'), () => state.optIn);
    loadPacks();
    loadBusinesses();
  }

  if (document.readyState === 'loading') {
    document.addEventListener('DOMContentLoaded', start);
  } else {
    start();
  }
}());
