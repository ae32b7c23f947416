// roleclass page: calls the JSON API of the server that served it and shows the answers.
// Everything the user typed or uploaded is put on the page with textContent, never as markup.
'use strict';

(function () {
  const $ = (id) => document.getElementById(id);

  /** A new element with an optional class and text (always as text, never as HTML). */
  function el(tag, className, text) {
    const node = document.createElement(tag);
    if (className) node.className = className;
    if (text !== undefined && text !== null) node.textContent = String(text);
    return node;
  }

  const fixed3 = (x) => Number(x).toFixed(3);
  const signed = (x) => (x >= 0 ? '+' : '\u2212') + Math.abs(x).toFixed(2);
  const plural = (n, word) => `${n} ${word}${n === 1 ? '' : 's'}`;

  function humanSize(bytes) {
    const units = [['GiB', 2 ** 30], ['MiB', 2 ** 20], ['KiB', 2 ** 10]];
    for (const [unit, scale] of units) {
      if (bytes >= scale) return `${(bytes / scale).toFixed(1).replace(/\.0$/, '')} ${unit}`;
    }
    return `${bytes} bytes`;
  }

  /** The JSON error of a failed response, or a sentence about the status. */
  async function errorOf(response) {
    try {
      const body = await response.json();
      if (body && typeof body.error === 'string') return body.error;
    } catch (_) { /* not JSON */ }
    return `the server answered ${response.status} ${response.statusText}`;
  }

  async function postJson(path, payload) {
    const response = await fetch(path, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify(payload),
    });
    if (!response.ok) throw new Error(await errorOf(response));
    return response.json();
  }

  // ---- results panel -------------------------------------------------------------------

  const results = $('results');
  const resultsBody = $('results-body');
  const resultsHeading = $('results-heading');

  function showResults(title, nodes) {
    resultsHeading.textContent = title;
    resultsBody.replaceChildren(...nodes);
    results.hidden = false;
    resultsHeading.focus({ preventScroll: true });
    results.scrollIntoView({ behavior: 'smooth', block: 'start' });
  }

  function showError(message) {
    showResults('Something is wrong', [el('p', 'error', message)]);
  }

  function badge(role) {
    return el('span', `badge ${role}`, role);
  }

  function confidence(role, value) {
    const wrap = el('span', 'conf');
    const bar = el('span', `bar ${role}`);
    const fill = el('span');
    fill.style.width = `${Math.round(value * 100)}%`;
    bar.appendChild(fill);
    bar.setAttribute('aria-hidden', 'true');
    wrap.append(bar, el('span', 'value', fixed3(value)));
    wrap.title = `confidence ${fixed3(value)}`;
    return wrap;
  }

  /**
   * The level a set of cue terms favours, by the sum of their per-occurrence log-odds in the
   * cue stage (the stage that decides whether and which way there is an answer).
   */
  function favoured(terms, indices) {
    let sum = 0;
    for (const i of indices) sum += terms[i].cue_log_odds / Math.max(1, terms[i].count);
    return sum > 0 ? 'vp' : 'director';
  }

  /** A cue term with what it adds to the cue stage, as `classify --explain` shows it. */
  function termLine(term) {
    const times = term.count > 1 ? ` \u00d7${term.count}` : '';
    return `“${term.term}”${times}: ${signed(term.cue_log_odds)} log-odds, favours ${term.favours}`;
  }

  /** The statement with its cue terms marked; hover, focus or tap shows their log-odds. */
  function highlighted(record) {
    const p = el('p', 'statement');
    const terms = record.explanation ? record.explanation.terms : [];
    const pieces = record.highlights || [{ text: record.text }];
    for (const piece of pieces) {
      const indices = piece.terms || [];
      if (indices.length === 0) {
        p.appendChild(document.createTextNode(piece.text));
        continue;
      }
      const level = favoured(terms, indices);
      const mark = el('mark', `cue ${level}`, piece.text);
      mark.tabIndex = 0;
      mark.dataset.favours = level;
      const tip = el('span', 'tip', indices.map((i) => termLine(terms[i])).join('\n'));
      tip.setAttribute('role', 'tooltip');
      mark.appendChild(tip);
      mark.addEventListener('click', () => mark.classList.toggle('open'));
      p.appendChild(mark);
    }
    return p;
  }

  /**
   * The level cues of an explanation, strongest first (its other terms weigh the wording as a
   * whole).
   */
  function cues(explanation) {
    return explanation ? explanation.terms.filter((t) => t.cue) : [];
  }

  function why(record) {
    if (cues(record.explanation).length === 0) return el('p', 'why', 'no level cue found');
    if (record.role === 'unsure') {
      return el('p', 'why', 'the cues are too weak or point both ways');
    }
    return null;
  }

  function resultCard(record) {
    const card = el('div', 'result');
    const left = el('div', 'verdict-line');
    left.append(badge(record.role), confidence(record.role, record.confidence));
    card.append(left, highlighted(record));
    const reason = why(record);
    if (reason) card.appendChild(reason);
    return card;
  }

  // ---- classify ------------------------------------------------------------------------

  const textBox = $('text');
  const classifyButton = $('classify');
  const auditButton = $('audit');

  async function busy(buttons, work) {
    buttons.forEach((b) => { b.disabled = true; });
    try {
      await work();
    } catch (err) {
      showError(err.message || String(err));
    } finally {
      buttons.forEach((b) => { b.disabled = false; });
    }
  }

  async function classifyLines() {
    const texts = textBox.value.split(/\r\n|\n|\r/).map((l) => l.trim()).filter((l) => l !== '');
    if (texts.length === 0) {
      showError('Paste at least one line first.');
      return;
    }
    const records = await postJson('/api/classify', { texts, highlight: true });
    const counts = { director: 0, vp: 0, unsure: 0 };
    records.forEach((r) => { counts[r.role] += 1; });
    const summary = el('p', 'summary');
    summary.append(
      el('span', null, `${counts.director} director`),
      el('span', null, `${counts.vp} vp`),
      el('span', null, `${counts.unsure} unsure`),
      el('span', null, 'Hover over or tap a marked word for its weight.'),
    );
    const list = el('div', 'results-list');
    records.forEach((r) => list.appendChild(resultCard(r)));
    showResults(plural(records.length, 'line'), [summary, list]);
  }

  // ---- audit ---------------------------------------------------------------------------

  function verdictWords(a) {
    const conf = fixed3(a.confidence);
    switch (a.verdict) {
      case 'consistent':
        return ['Consistent', `The duties read as ${a.content_level} (${conf}), as the title says.`];
      case 'mismatch':
        return ['Mismatch', `The title says ${a.claimed_level}, but the duties read as ${a.content_level} (${conf}).`];
      case 'no_duties_found':
        return ['No duties found', 'No duty lines were found under a duty-like heading, so there is nothing to weigh.'];
      default:
        if (a.claimed_level === 'unknown') {
          return ['Mixed', 'The title claims no level this tool knows (director or VP of engineering).'];
        }
        if (a.content_level === 'unknown') {
          return ['Mixed', 'No duty line carries a level cue.'];
        }
        return ['Mixed', `The duties lean ${a.content_level} (${conf}), not clearly enough to call.`];
    }
  }

  function gauge(a) {
    let vp = 0.5;
    if (a.content_level === 'vp') vp = a.confidence;
    else if (a.content_level === 'director') vp = 1 - a.confidence;
    const wrap = el('div', 'gauge');
    const track = el('div', 'gauge-track');
    const marker = el('div', 'gauge-marker');
    marker.style.left = `${(vp * 100).toFixed(1)}%`;
    track.appendChild(marker);
    track.setAttribute('role', 'img');
    track.setAttribute('aria-label', `content level: ${a.content_level}, probability VP ${fixed3(vp)}`);
    const labels = el('div', 'gauge-labels');
    labels.append(el('span', 'lvl director', 'director'), el('span', 'lvl vp', 'vp'));
    wrap.append(track, labels);
    return wrap;
  }

  function chips(explanation) {
    const list = el('ul', 'chips');
    const terms = cues(explanation).slice(0, 5);
    for (const t of terms) {
      const chip = el('li', `chip ${t.favours}`, `${t.term} ${signed(t.cue_log_odds)}`);
      chip.title = termLine(t);
      list.appendChild(chip);
    }
    return list;
  }

  function statementCard(s) {
    const card = el('div', 'result');
    const left = el('div', 'verdict-line');
    left.append(badge(s.role), confidence(s.role, s.confidence));
    const right = el('div');
    right.append(el('p', 'statement', s.text));
    if (cues(s.explanation).length > 0) right.appendChild(chips(s.explanation));
    card.append(left, right);
    return card;
  }

  function disagreeing(a) {
    const other = { director: 'vp', vp: 'director' }[a.claimed_level];
    if (!other) return [];
    return a.statements
      .filter((s) => s.role === other)
      .sort((x, y) => y.confidence - x.confidence || x.line - y.line);
  }

  async function auditPosting() {
    const text = textBox.value;
    if (text.trim() === '') {
      showError('Paste a job posting first, title included.');
      return;
    }
    const a = await postJson('/api/audit', { text, explain: true });
    const nodes = [];
    const [word, sentence] = verdictWords(a);
    const verdict = el('div', `verdict ${a.verdict}`, word);
    verdict.id = 'verdict';
    verdict.appendChild(el('small', null, sentence));
    nodes.push(verdict);

    const facts = el('dl', 'facts');
    const fact = (name, ...values) => {
      const dd = el('dd');
      dd.append(...values);
      facts.append(el('dt', null, name), dd);
    };
    fact('Title', a.title === null ? el('span', 'none', 'none found') : el('span', 'title', a.title));
    fact('Claims', badge(a.claimed_level));
    fact('Duties read as', badge(a.content_level),
      el('span', 'figure', a.content_level === 'unknown' ? '' : `confidence ${fixed3(a.confidence)}`));
    fact('Content level', gauge(a));
    fact('Lines', el('span', null,
      `${a.counts.director} director, ${a.counts.vp} vp, ${a.counts.unsure} unsure; ${a.skipped.length} skipped`));
    nodes.push(facts);

    const against = disagreeing(a);
    if (a.claimed_level !== 'unknown') {
      nodes.push(el('h3', null, against.length > 0
        ? 'Lines that disagree with the title, strongest first'
        : 'No line disagrees with the title'));
      const list = el('div', 'results-list disagreeing');
      against.forEach((s) => list.appendChild(statementCard(s)));
      nodes.push(list);
    }

    if (a.statements.length > 0) {
      const all = el('details');
      all.appendChild(el('summary', null, `All ${plural(a.statements.length, 'duty line')}`));
      const list = el('div', 'results-list');
      a.statements.forEach((s) => list.appendChild(statementCard(s)));
      all.appendChild(list);
      nodes.push(all);
    }

    if (a.skipped.length > 0) {
      const skipped = el('details');
      skipped.appendChild(el('summary', null, `Skipped: ${plural(a.skipped.length, 'line')} that are not duties`));
      const list = el('ul', 'skipped');
      for (const s of a.skipped) {
        const item = el('li');
        item.append(el('span', 'text', s.text), el('span', 'reason', `${s.reason} (line ${s.line})`));
        list.appendChild(item);
      }
      skipped.appendChild(list);
      nodes.push(skipped);
    }
    showResults('Posting audit', nodes);
  }

  // ---- examples ------------------------------------------------------------------------

  const EXAMPLE_LINES = [
    'Manages the engineering department budget and reports to the CEO',
    'Runs sprint planning and retrospectives with the team leads',
    'Presents the annual technology strategy to the board of directors',
    'Reviews pull requests and unblocks engineers during the sprint',
    'Foster a culture of innovation',
  ].join('\n');

  const EXAMPLE_POSTING = [
    '# Director of Engineering',
    '',
    '## About us',
    'We build payroll software for small businesses.',
    '',
    '## What you will do',
    '- Report directly to the CEO and own the engineering department budget',
    '- Present the annual technology roadmap to the board and investors',
    '- Set the hiring plan for the whole engineering organization',
    '- Report the department results to investors every quarter',
    '- Run sprint planning with your team leads',
    '',
    '## Requirements',
    '- Ten years of software engineering experience',
  ].join('\n');

  // ---- CSV -----------------------------------------------------------------------------

  const maxUpload = Number(document.body.dataset.maxUploadBytes) || Infinity;
  const fileInput = $('csv-file');
  const columnSelect = $('csv-column');
  const runButton = $('csv-run');
  const csvStatus = $('csv-status');
  const download = $('csv-download');
  const HEAD_BYTES = 64 * 1024;

  function csvMessage(text, kind) {
    csvStatus.textContent = text;
    csvStatus.className = `status ${kind || ''}`;
  }

  function isTsv(file) {
    return /\.tsv$/i.test(file.name);
  }

  const headerBox = $('csv-header');

  function batchQuery(file, extra) {
    const query = new URLSearchParams(extra);
    if (isTsv(file)) query.set('delimiter', 'tab');
    if (!headerBox.checked) query.set('no_header', 'true');
    return query.toString();
  }

  async function chooseFile() {
    const file = fileInput.files[0];
    runButton.disabled = true;
    columnSelect.disabled = true;
    download.hidden = true;
    columnSelect.replaceChildren(el('option', null, 'choose a file first'));
    if (!file) {
      csvMessage('');
      return;
    }
    if (file.size > maxUpload) {
      csvMessage(`${file.name} is ${humanSize(file.size)}, above this server's limit of `
        + `${document.body.dataset.maxUpload}. Split the file, or label it with `
        + '"roleclass batch" on the command line.', 'error');
      return;
    }
    csvMessage(`Reading the columns of ${file.name}…`);
    try {
      const response = await fetch(`/api/columns?${batchQuery(file, {})}`, {
        method: 'POST',
        headers: { 'Content-Type': 'text/csv' },
        body: file.slice(0, HEAD_BYTES),
      });
      if (!response.ok) throw new Error(await errorOf(response));
      const found = await response.json();
      columnSelect.replaceChildren();
      found.columns.forEach((column, i) => {
        const label = column.example ? `${column.name} \u2014 e.g. \u201c${column.example}\u201d` : column.name;
        const option = el('option', null, label);
        option.value = String(i);
        if (i === found.detected) option.selected = true;
        columnSelect.appendChild(option);
      });
      columnSelect.disabled = false;
      runButton.disabled = false;
      const chosen = found.columns[found.detected];
      csvMessage(chosen
        ? `${file.name}: ${humanSize(file.size)}, ${plural(found.columns.length, 'column')}; `
          + `the statements look like they are in \u201c${chosen.name}\u201d.`
        : `${file.name} has no columns.`, chosen ? '' : 'error');
    } catch (err) {
      csvMessage(err.message || String(err), 'error');
    }
  }

  function labeledName(name) {
    const dot = name.lastIndexOf('.');
    const stem = dot > 0 ? name.slice(0, dot) : name;
    const ext = dot > 0 ? name.slice(dot) : '.csv';
    return `${stem}-labeled${ext}`;
  }

  async function labelFile() {
    const file = fileInput.files[0];
    if (!file) return;
    runButton.disabled = true;
    download.hidden = true;
    csvMessage(`Labeling ${file.name}…`);
    try {
      const query = batchQuery(file, { column_index: columnSelect.value });
      const response = await fetch(`/api/batch?${query}`, {
        method: 'POST',
        headers: { 'Content-Type': isTsv(file) ? 'text/tab-separated-values' : 'text/csv' },
        body: file,
      });
      if (!response.ok) throw new Error(await errorOf(response));
      const blob = await response.blob();
      const counts = Object.fromEntries((response.headers.get('x-roleclass-summary') || '')
        .split(' ').filter((kv) => kv.includes('=')).map((kv) => kv.split('=')));
      if (download.href) URL.revokeObjectURL(download.href);
      download.href = URL.createObjectURL(blob);
      download.download = labeledName(file.name);
      download.textContent = `Download ${download.download} again`;
      download.hidden = false;
      download.click();
      csvMessage(`Labeled ${plural(Number(counts.rows || 0), 'row')}: ${counts.director || 0} director, `
        + `${counts.vp || 0} vp, ${counts.unsure || 0} unsure. Saved as ${download.download}.`, 'ok');
    } catch (err) {
      csvMessage(err.message || String(err), 'error');
    } finally {
      runButton.disabled = false;
    }
  }

  // ---- model card ----------------------------------------------------------------------

  const dialog = $('card');
  const cardBody = $('card-body');
  let cardLoaded = false;

  function tokenizerWords(t) {
    return [
      t.stemming === 'light' ? 'light stem' : 'no stem',
      t.stop_words ? 'stop words removed' : 'stop words kept',
      t.bigrams ? '1-2 grams' : 'unigrams',
    ].join(', ');
  }

  function table(headers, rows, numeric) {
    const wrap = el('div', 'table-wrap');
    const t = el('table');
    const head = el('tr');
    headers.forEach((h, i) => head.appendChild(el('th', numeric[i] ? 'num' : null, h)));
    const thead = el('thead');
    thead.appendChild(head);
    const tbody = el('tbody');
    for (const row of rows) {
      const tr = el('tr');
      row.forEach((cell, i) => tr.appendChild(el('td', numeric[i] ? 'num' : null, cell)));
      tbody.appendChild(tr);
    }
    t.append(thead, tbody);
    wrap.appendChild(t);
    return wrap;
  }

  function renderCard(card) {
    const nodes = [];
    const facts = el('dl', 'facts');
    const fact = (name, value) => facts.append(el('dt', null, name), el('dd', null, value));
    const h = card.hyperparameters;
    const rows = card.training.rows || {};
    fact('Model', `${card.source} (format version ${card.format_version})`);
    fact('Training file', `${card.training.file} (sha256 ${String(card.training.sha256).slice(0, 12)}…)`);
    fact('Training rows', `${rows.director} director, ${rows.vp} vp, ${rows.either} either`);
    fact('Tokenizer', tokenizerWords(card.tokenizer));
    fact('Cue terms', String(card.vocabulary_size));
    fact('Calibration', `temperature ${Number(h.temperature).toFixed(2)}; answers below ${Number(h.threshold).toFixed(2)} confidence are unsure`);
    fact('Selection', `${card.cross_validation.folds}-fold cross-validation over ${card.cross_validation.grid_size} settings`);
    nodes.push(facts);

    const cv = card.cross_validation.figures;
    const held = card.heldout ? card.heldout.figures : null;
    const metrics = [
      ['accuracy', 'accuracy'], ['macro-F1', 'macro_f1'], ['coverage', 'coverage'],
      ['selective accuracy', 'selective_accuracy'], ['unsure on either', 'either_unsure_rate'],
      ['balanced accuracy', 'balanced_accuracy'], ['calibration error (ECE)', 'ece'],
    ];
    nodes.push(el('h3', null, 'Figures'));
    nodes.push(table(['figure', 'cross-validated', 'held-out'],
      metrics.map(([name, key]) => [name, cv ? fixed3(cv[key]) : '-', held ? fixed3(held[key]) : '-']),
      [false, true, true]));

    const terms = el('div', 'terms');
    for (const level of ['director', 'vp']) {
      const box = el('div');
      box.appendChild(el('h3', null, `Strongest ${level} terms`));
      box.appendChild(table(['term', 'ratio', 'log-odds'],
        card.most_informative[level].map((t) => [t.term, `${t.ratio.toFixed(1)}\u00d7`, signed(t.log_odds)]),
        [false, true, true]));
      terms.appendChild(box);
    }
    nodes.push(terms);
    cardBody.replaceChildren(...nodes);
  }

  async function openCard() {
    dialog.showModal();
    if (cardLoaded) return;
    try {
      const response = await fetch('/api/model');
      if (!response.ok) throw new Error(await errorOf(response));
      const card = await response.json();
      try {
        renderCard(card);
      } catch (_) {
        // A card of another shape (a newer model file): show it as it is.
        cardBody.replaceChildren(el('pre', 'raw', JSON.stringify(card, null, 2)));
      }
      cardLoaded = true;
    } catch (err) {
      cardBody.replaceChildren(el('p', 'error', err.message || String(err)));
    }
  }

  // ---- wiring --------------------------------------------------------------------------

  // ---- a posting file -------------------------------------------------------------------

  const postingFile = $('posting-file');

  /** Puts the chosen file's text in the box (a Word document read by the server) and audits it. */
  async function openPostingFile() {
    const file = postingFile.files[0];
    if (!file) return;
    if (file.size > maxUpload) {
      showError(`${file.name} is ${humanSize(file.size)}, above this server's limit of `
        + `${document.body.dataset.maxUpload}.`);
      return;
    }
    let text;
    if (/\.docx$/i.test(file.name)) {
      const response = await fetch('/api/posting-text', {
        method: 'POST',
        headers: { 'Content-Type': 'application/octet-stream' },
        body: file,
      });
      if (!response.ok) throw new Error(`${file.name}: ${await errorOf(response)}`);
      text = (await response.json()).text;
    } else {
      text = await file.text();
    }
    textBox.value = text;
    await auditPosting();
  }

  classifyButton.addEventListener('click', () => busy([classifyButton, auditButton], classifyLines));
  postingFile.addEventListener('change', () => busy([classifyButton, auditButton], openPostingFile));
  auditButton.addEventListener('click', () => busy([classifyButton, auditButton], auditPosting));
  textBox.addEventListener('keydown', (event) => {
    if (event.key === 'Enter' && (event.ctrlKey || event.metaKey)) {
      event.preventDefault();
      classifyButton.click();
    }
  });
  $('example-lines').addEventListener('click', () => { textBox.value = EXAMPLE_LINES; textBox.focus(); });
  $('example-posting').addEventListener('click', () => { textBox.value = EXAMPLE_POSTING; textBox.focus(); });
  fileInput.addEventListener('change', chooseFile);
  headerBox.addEventListener('change', chooseFile);
  runButton.addEventListener('click', labelFile);
  $('open-card').addEventListener('click', openCard);
  $('close-card').addEventListener('click', () => dialog.close());
  dialog.addEventListener('click', (event) => { if (event.target === dialog) dialog.close(); });
}());
