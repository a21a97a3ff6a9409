/*
 * The dashboard: the signed-in user's tree, kept live by moi.js. Everything that comes from
 * the server is put into the page as text (textContent, createTextNode), never as HTML.
 */
(function (window, document) {
  'use strict';

  var $ = window.moiPage.$;
  var el = window.moiPage.el;
  var request = window.moiPage.request;
  var has = window.moiPage.has;
  var asText = window.moiPage.text;

  var ENDED = {Success: true, Failed: true};
  var HINTS = {
    python: 'The body of a Python function: return a value, e.g. x = 5; return x + 10',
    system: 'A shell command, run by /bin/sh -c; the result is [stdout, stderr, exit code]',
    java: 'The body of a Java method returning a value, e.g. var x = 5; return x + 10;'
  };
  var EXAMPLES = {
    python: 'x = 5; return x + 10',
    system: "echo 'hello from moi'",
    java: 'var x = 5; return x + 10;'
  };

  var me = null;
  var mayRun = false;  // the user has moi-exec: a Re-run creates a job
  var model = null;     // jobs-model.js: every info object of the tree, shown or not
  var stale = null;    // ids not yet confirmed by a fresh "get" (after a reconnection, a preload)
  var SETTLE = 2000;   // quiet after the last frame of a fresh "get": the answer is complete
  var NO_ANSWER = 10000; // no answer at all: nothing is left of the tree
  var sweepTimer = null;
  var refreshQueued = false;
  var connectedOnce = false;
  // The server's local time (its dates carry no zone) minus the browser's clock, learnt from
  // dates the server has just written; until then the browser's own zone is assumed.
  var clock = {delta: -new Date().getTimezoneOffset() * 60000, learnt: false};


  function safeUrl(url) {
    return typeof url === 'string'
        && (url.charAt(0) === '/' || url.indexOf('http://') === 0 || url.indexOf('https://') === 0);
  }

  // ---- time ----

  /** A server date ("2015-06-01 15:46:49.977480", fraction optional) as milliseconds. */
  function parseDate(text) {
    var m = /^(\d{4})-(\d\d)-(\d\d)[ T](\d\d):(\d\d):(\d\d)(?:\.(\d+))?$/.exec(text || '');
    if (!m) {
      return null;
    }
    var fraction = m[7] ? parseFloat('0.' + m[7]) * 1000 : 0;
    return Date.UTC(+m[1], +m[2] - 1, +m[3], +m[4], +m[5], +m[6]) + fraction;
  }

  function learnClock(stamp) {
    var t = parseDate(stamp);
    if (t === null) {
      return;
    }
    // A fresh stamp is at most a little older than now, so the largest estimate is the best.
    var estimate = t - Date.now();
    if (!clock.learnt || estimate > clock.delta || Math.abs(estimate - clock.delta) > 60000) {
      clock.delta = estimate;
      clock.learnt = true;
    }
  }

  function serverNow() {
    return Date.now() + clock.delta;
  }

  function pad(n) {
    return n < 10 ? '0' + n : String(n);
  }

  function duration(ms, precise) {
    var s = Math.max(0, ms) / 1000;
    if (s < 10 && precise) {
      return s.toFixed(1) + ' s';
    }
    if (s < 60) {
      return Math.floor(s) + ' s';
    }
    var m = Math.floor(s / 60);
    if (m < 60) {
      return m + ' min ' + pad(Math.floor(s % 60)) + ' s';
    }
    return Math.floor(m / 60) + ' h ' + pad(m % 60) + ' min';
  }

  function isRunning(info) {
    return info.type === 'job' && !!info.date_start && !info.date_end && !has(ENDED, info.status);
  }

  function elapsedText(info) {
    var start = parseDate(info.date_start);
    var end = parseDate(info.date_end);
    if (end !== null) {
      var from = start !== null ? start : parseDate(info.date_created);
      return from === null ? '' : duration(end - from, true);
    }
    if (start !== null) {
      return duration(serverNow() - start, false);
    }
    return '';
  }

  function createdText(info) {
    var text = asText(info.date_created);
    if (text.length < 19) {
      return text;
    }
    var today = new Date(serverNow()).toISOString().substring(0, 10);
    return text.substring(0, 10) === today ? text.substring(11, 19) : text.substring(0, 16);
  }

  // ---- rendering ----

  // A job waiting for its next attempt: "Queued: attempt 2 of 3 at ... UTC; attempt 1 failed: ...".
  var WAITING_PREFIX = 'Queued: ';

  function isWaiting(status) {
    return status === 'Queued' || (typeof status === 'string' && status.indexOf(WAITING_PREFIX) === 0);
  }

  function statusClass(info) {
    if (isWaiting(info.status)) {
      return 'st-queued';
    }
    switch (info.status) {
      case 'Queued': return 'st-queued';
      case 'Running': return 'st-running';
      case 'Success': return 'st-success';
      case 'Failed': return 'st-failed';
      default: return 'st-custom';
    }
  }

  function isLines(value) {
    if (!Array.isArray(value) || value.length === 0) {
      return false;
    }
    for (var i = 0; i < value.length; i++) {
      if (typeof value[i] !== 'string') {
        return false;
      }
    }
    return true;
  }

  function resultTexts(info) {
    var r = info.result;
    if ((r === null || r === undefined) && isWaiting(info.status) && info.status !== 'Queued') {
      // Between attempts the status says which comes when, and why the last one failed.
      r = info.status.substring(WAITING_PREFIX.length);
    }
    if (r === null || r === undefined) {
      return null;
    }
    if (info.status === 'Failed' && isLines(r)) {
      // A failure is a list of lines (a traceback) whose last one says what happened.
      r = r.join('');
    }
    var full = typeof r === 'string' ? r : JSON.stringify(r, null, 2);
    var lines = (typeof r === 'string' ? r : JSON.stringify(r)).split('\n');
    var preview = '';
    if (info.status === 'Failed') {
      // The last line of a traceback says what went wrong; the first says where it started.
      // A failed command ends with its output (stdout: ..., stderr: ...): a label with
      // nothing after it says nothing, and the line before it says what failed.
      for (var i = lines.length - 1; i >= 0 && !preview; i--) {
        preview = lines[i].replace(/^\s+|\s+$/g, '');
        if (/^(stdout|stderr):$/.test(preview)) {
          preview = '';
        }
      }
    } else {
      preview = lines[0];
    }
    if (preview.length > 160) {
      preview = preview.substring(0, 157) + '...';
    }
    return {preview: preview, full: full, more: full !== preview};
  }

  function removeButton(node) {
    var button = el('button', 'btn btn-ghost remove', 'Remove');
    button.type = 'button';
    button.title = 'Detach from the tree';
    button.onclick = function () {
      askRemove(node);
    };
    return button;
  }

  function cancelButton(node) {
    var button = el('button', 'btn btn-ghost cancel', 'Cancel');
    button.type = 'button';
    button.title = node.info.type === 'group' ? 'Stop every job in this group' : 'Stop this job';
    // A group's shows once the summary has found a job under it that has not ended.
    button.hidden = node.info.type === 'group';
    button.onclick = function () {
      askCancel(node);
    };
    node.cancel = button;
    return button;
  }

  function rerunButton(node) {
    var button = el('button', 'btn btn-ghost rerun', 'Re-run');
    button.type = 'button';
    button.title = 'Run this job again, as a new job';
    button.hidden = true;
    button.onclick = function () {
      askRerun(node);
    };
    node.rerun = button;
    return button;
  }

  function openLink(node) {
    var a = el('a', 'open', 'Open');
    a.hidden = true;
    node.open = a;
    return a;
  }

  function row(cells) {
    var div = el('div', 'row');
    for (var i = 0; i < cells.length; i++) {
      div.appendChild(cells[i]);
    }
    return div;
  }

  function actions(node) {
    var span = el('span', 'actions');
    span.appendChild(openLink(node));
    span.appendChild(cancelButton(node));
    if (node.info.type === 'job') {
      span.appendChild(rerunButton(node));
    }
    span.appendChild(removeButton(node));
    return span;
  }

  function buildJob(node) {
    var li = el('li', 'node job');
    node.status = el('span', 'status');
    node.name = el('span', 'name');
    node.elapsed = el('span', 'elapsed');
    node.created = el('span', 'created');
    li.appendChild(row([node.status, node.name, node.elapsed, node.created, actions(node)]));
    node.result = el('details', 'result');
    node.summary = el('summary');
    node.full = el('pre');
    node.result.appendChild(node.summary);
    node.result.appendChild(node.full);
    node.result.hidden = true;
    li.appendChild(node.result);
    return li;
  }

  function buildGroup(node) {
    var li = el('li', 'node group');
    node.toggle = el('button', 'toggle');
    node.toggle.type = 'button';
    node.toggle.onclick = function () {
      node.collapsed = !node.collapsed;
      showToggle(node);
      flushNow();
    };
    node.name = el('span', 'name');
    node.count = el('span', 'count');
    node.created = el('span', 'created');
    li.appendChild(row([node.toggle, node.name, node.count, node.created, actions(node)]));
    node.children = el('ul', 'children');
    li.appendChild(node.children);
    return li;
  }

  function showToggle(node) {
    node.li.className = 'node group' + (node.collapsed ? ' collapsed' : '');
    node.toggle.setAttribute('aria-expanded', node.collapsed ? 'false' : 'true');
    node.toggle.title = node.collapsed ? 'Expand' : 'Collapse';
  }

  /** A node's row is built the first time it is on the page, and kept while the node lives. */
  function built(node) {
    if (!node.li) {
      node.li = node.info.type === 'group' ? buildGroup(node) : buildJob(node);
      node.li.setAttribute('data-id', node.info.id);
      if (node.info.type === 'group') {
        showToggle(node);
      }
    }
    return node.li;
  }

  function render(node) {
    var info = node.info;
    node.name.textContent = asText(info.name) || '(no name)';
    node.name.title = asText(info.name) + '\n' + info.id;
    node.created.textContent = createdText(info);
    node.created.title = 'created ' + asText(info.date_created);
    var linked = safeUrl(info.url) && (info.type === 'group' || has(ENDED, info.status));
    node.open.hidden = !linked;
    if (linked) {
      node.open.href = info.url + '/' + encodeURIComponent(info.id);
    } else {
      node.open.removeAttribute('href');
    }
    if (info.type === 'group') {
      return;
    }
    showControls(node);
    node.status.className = 'status ' + statusClass(info);
    node.status.textContent = isWaiting(info.status) ? 'Queued' : asText(info.status);
    node.status.title = asText(info.status);
    node.elapsed.textContent = elapsedText(info);
    node.elapsed.title = info.date_start ? 'started ' + info.date_start : '';
    node.li.className = 'node job' + (isRunning(info) ? ' running' : '');
    var result = resultTexts(info);
    node.result.hidden = result === null;
    if (result !== null) {
      node.result.className = 'result' + (info.status === 'Failed' ? ' error' : '')
          + (result.more ? '' : ' short');
      node.summary.textContent = result.preview || '(empty)';
      node.full.textContent = result.full;
    }
  }

  /** Cancel while the job has not ended (Queued, Running or a status of its own); Re-run after. */
  function showControls(node) {
    var ended = has(ENDED, node.info.status);
    node.cancel.hidden = ended;
    node.rerun.hidden = !ended || !mayRun;
    if (ended) {
      node.stopping = false;
    }
    node.cancel.disabled = !!node.stopping;
    node.cancel.textContent = node.stopping ? 'Stopping' : 'Cancel';
  }

  var GROUP_COUNTS = [['running', 'running', 'st-running'], ['queued', 'queued', 'st-queued'],
                      ['failed', 'failed', 'st-failed'], ['success', 'succeeded', 'st-success']];

  /** "12 jobs · 3 running · 1 failed · 8 succeeded": the jobs at any depth under the group. */
  function showGroupCounts(node) {
    var agg = node.agg || {jobs: 0};
    var key = [agg.jobs, agg.running, agg.queued, agg.failed, agg.success].join();
    if (node.shownCounts !== key) {
      node.shownCounts = key;
      node.count.textContent = '';
      node.count.appendChild(el('span', 'n', agg.jobs === 1 ? '1 job' : formatted(agg.jobs) + ' jobs'));
      for (var i = 0; i < GROUP_COUNTS.length; i++) {
        if (agg[GROUP_COUNTS[i][0]] > 0) {
          node.count.appendChild(document.createTextNode(' · '));
          node.count.appendChild(el('span', GROUP_COUNTS[i][2],
              formatted(agg[GROUP_COUNTS[i][0]]) + ' ' + GROUP_COUNTS[i][1]));
        }
      }
    }
    // Cancel shows while a job under it, at any depth, has not ended.
    node.cancel.hidden = !(agg.running > 0 || agg.queued > 0);
  }

  function formatted(n) {
    return String(n).replace(/\B(?=(\d{3})+(?!\d))/g, ',');
  }

  /**
   * Adds or updates a node from an info object. An authoritative one (the answer to a "get",
   * read from the store just now) replaces whatever the page shows; otherwise a job never goes
   * back from its end, since a late copy of an older state may arrive after the newer one.
   * Only the model changes here: the page follows at the next flush, once per batch of frames.
   */
  function upsert(info, fresh, authoritative) {
    if (info === null || typeof info !== 'object' || typeof info.id !== 'string') {
      return;
    }
    if (stale !== null) {
      delete stale[info.id];
    }
    if (me !== null && info.id === me.group) {
      return; // the root is the page itself
    }
    var node = model.get(info.id);
    if (node !== null) {
      if (node.info.date_end && !info.date_end && !authoritative) {
        return;
      }
      if (fresh && info.date_start && !node.info.date_start) {
        learnClock(info.date_start);
      } else if (fresh && info.date_end && !node.info.date_end) {
        learnClock(info.date_end);
      }
    }
    model.put(info);
    queueFlush();
  }

  function drop(id) {
    if (model.get(id) !== null) {
      model.remove(id);
      queueFlush();
    }
  }

  // ---- the page of rows ----

  var FLUSH_MILLIS = 40;  // frames that come within this much of each other are shown together
  var QUIET_MILLIS = 8;   // no frame for this long: the burst is over, and shown now
  var view = {status: 'all', search: '', page: 0, size: 100};
  var onPage = [];        // the nodes whose rows are in the page now
  var flushTimer = null;
  var lastFlushCost = 0;
  var lastFlushEnd = 0;
  var lastFrameAt = 0;
  var flushDue = 0;

  /**
   * Shows the model at the next flush: one pass for however many frames came meanwhile. While
   * frames keep coming, a flush comes every FLUSH_MILLIS, or four times what the last one cost
   * (a flush walks the whole tree: the bigger the tree, the more frames each one takes in). Once
   * they pause, the flush comes at once, unless the page would then spend more than a third of
   * its time flushing.
   */
  function queueFlush() {
    lastFrameAt = Date.now();
    if (flushTimer === null) {
      flushDue = lastFrameAt + Math.max(FLUSH_MILLIS, lastFlushCost * 4);
      flushTimer = window.setTimeout(flushWhenDue, QUIET_MILLIS);
    }
  }

  function flushWhenDue() {
    var now = Date.now();
    var quiet = now - lastFrameAt >= QUIET_MILLIS && now - lastFlushEnd >= lastFlushCost * 2;
    if (quiet || now >= flushDue) {
      flush();
    } else {
      flushTimer = window.setTimeout(flushWhenDue, Math.max(1, Math.min(QUIET_MILLIS, flushDue - now)));
    }
  }

  /** After a click or a key: the page answers at once. */
  function flushNow() {
    flush();
  }

  function flush() {
    if (flushTimer !== null) {
      window.clearTimeout(flushTimer);
      flushTimer = null;
    }
    var began = Date.now();
    var shown = model.rows({status: view.status, search: view.search});
    var pages = Math.max(1, Math.ceil(shown.rows.length / view.size));
    view.page = Math.min(view.page, pages - 1);
    var first = view.page * view.size;
    place(shown.rows.slice(first, first + view.size));
    showCounts(shown.totals);
    showMatches(shown.matching, shown.totals.jobs);
    showPager(view.page, pages, first, shown.rows.length);
    $('empty').hidden = model.kids[me.group] !== undefined && model.kids[me.group].length > 0;
    $('no-match').hidden = !$('empty').hidden || shown.rows.length > 0;
    document.title = shown.totals.running > 0 ? 'moi · ' + shown.totals.running + ' running' : 'moi';
    lastFlushEnd = Date.now();
    lastFlushCost = lastFlushEnd - began;
  }

  /**
   * Puts the rows of the page in the document, each under its group's row, reusing the rows
   * already there. The groups above the page's first row come first, as headings, so that a page
   * that starts inside a group says which.
   */
  function place(slice) {
    var lists = [{ul: $('tree'), lis: []}];
    var open = [lists[0]];
    var now = [];
    if (slice.length > 0 && slice[0].depth > 0) {
      var above = [];
      for (var p = model.get(slice[0].node.info.parent); p !== null && above.length < slice[0].depth;
          p = model.get(p.info.parent)) {
        above.unshift(p);
      }
      for (var a = 0; a < above.length; a++) {
        enter(above[a], a, true);
      }
    }
    for (var i = 0; i < slice.length; i++) {
      enter(slice[i].node, slice[i].depth, false);
    }
    for (var l = 0; l < lists.length; l++) {
      sync(lists[l].ul, lists[l].lis);
    }
    onPage = now;

    function enter(node, depth, heading) {
      var li = built(node);
      if (!open[depth]) {
        return; // deeper than its group: cannot happen in a tree, skipped in a loop
      }
      open[depth].lis.push(li);
      open.length = depth + 1;
      now.push(node);
      if (node.rendered !== node.info) {
        render(node);
        node.rendered = node.info;
      }
      if (node.info.type === 'group') {
        showGroupCounts(node);
        li.className = 'node group' + (node.collapsed ? ' collapsed' : '') + (heading ? ' continued' : '');
        var list = {ul: node.children, lis: []};
        lists.push(list);
        open.push(list);
      }
    }
  }

  /** Makes ul's children exactly lis, in order, moving only what is out of place. */
  function sync(ul, lis) {
    var at = ul.firstChild;
    for (var i = 0; i < lis.length; i++) {
      if (at === lis[i]) {
        at = at.nextSibling;
      } else {
        ul.insertBefore(lis[i], at);
      }
    }
    while (at !== null) {
      var next = at.nextSibling;
      ul.removeChild(at);
      at = next;
    }
  }

  function showCounts(counts) {
    var box = $('counts');
    box.textContent = '';
    var labels = [['running', 'running', 'st-running'], ['queued', 'queued', 'st-queued'],
                  ['success', 'succeeded', 'st-success'], ['failed', 'failed', 'st-failed']];
    for (var i = 0; i < labels.length; i++) {
      if (counts[labels[i][0]] > 0) {
        var chip = el('span', 'chip ' + labels[i][2]);
        chip.appendChild(el('strong', null, formatted(counts[labels[i][0]])));
        chip.appendChild(document.createTextNode(' ' + labels[i][1]));
        box.appendChild(chip);
      }
    }
    var buttons = document.querySelectorAll('#filters button');
    for (var b = 0; b < buttons.length; b++) {
      var status = buttons[b].getAttribute('data-status');
      var n = status === 'all' ? counts.jobs : counts[status];
      buttons[b].querySelector('.filter-n').textContent = formatted(n);
    }
  }

  /** "10,000 jobs", or "123 of 10,000 jobs" while a filter or a search leaves some out. */
  function showMatches(matching, total) {
    var noun = total === 1 ? ' job' : ' jobs';
    $('shown').textContent = view.status === 'all' && view.search === ''
        ? formatted(total) + noun
        : formatted(matching) + ' of ' + formatted(total) + noun;
  }

  function showPager(page, pages, first, rows) {
    $('pager').hidden = pages <= 1;
    $('page-text').textContent = 'Page ' + formatted(page + 1) + ' of ' + formatted(pages)
        + ' · rows ' + formatted(Math.min(first + 1, rows)) + '–'
        + formatted(Math.min(first + view.size, rows)) + ' of ' + formatted(rows);
    $('page-first').disabled = $('page-prev').disabled = page === 0;
    $('page-next').disabled = $('page-last').disabled = page >= pages - 1;
  }

  function goTo(page) {
    view.page = Math.max(0, page);
    flushNow();
  }

  function setStatus(status) {
    view.status = status;
    var buttons = document.querySelectorAll('#filters button');
    for (var i = 0; i < buttons.length; i++) {
      buttons[i].setAttribute('aria-pressed',
          buttons[i].getAttribute('data-status') === status ? 'true' : 'false');
    }
    goTo(0);
  }

  function bindView() {
    var buttons = document.querySelectorAll('#filters button');
    for (var i = 0; i < buttons.length; i++) {
      buttons[i].onclick = function () {
        setStatus(this.getAttribute('data-status'));
      };
    }
    $('search').oninput = function () {
      view.search = $('search').value.replace(/^\s+|\s+$/g, '').toLowerCase();
      goTo(0);
    };
    $('page-first').onclick = function () {
      goTo(0);
      scrollToJobs();
    };
    $('page-prev').onclick = function () {
      goTo(view.page - 1);
      scrollToJobs();
    };
    $('page-next').onclick = function () {
      goTo(view.page + 1);
      scrollToJobs();
    };
    $('page-last').onclick = function () {
      goTo(Number.MAX_SAFE_INTEGER);
      scrollToJobs();
    };
    $('page-size').onchange = function () {
      view.size = parseInt($('page-size').value, 10) || 100;
      goTo(0);
    };
  }

  function scrollToJobs() {
    if ($('jobs').getBoundingClientRect().top < 0) {
      $('jobs').scrollIntoView();
    }
  }

  function tick() {
    for (var i = 0; i < onPage.length; i++) {
      if (isRunning(onPage[i].info)) {
        onPage[i].elapsed.textContent = elapsedText(onPage[i].info);
      }
    }
  }

  // ---- actions ----

  function problem(status, json) {
    if (status === 0) {
      return 'The server cannot be reached.';
    }
    if (status === 401) {
      return 'Your session has ended: sign in again.';
    }
    if (json && typeof json.detail === 'string') {
      return json.detail;
    }
    return 'The server answered ' + status + '.';
  }

  function say(text, kind) {
    var box = $('form-message');
    box.textContent = '';
    box.className = 'form-message ' + kind;
    box.appendChild(document.createTextNode(text));
    if (text.indexOf('sign in') >= 0) {
      var a = el('a', null, 'Sign in');
      a.href = 'login.html';
      box.appendChild(document.createTextNode(' '));
      box.appendChild(a);
    }
    box.hidden = false;
  }

  function askRemove(node) {
    var info = node.info;
    if (info.type === 'group' && (model.kids[info.id] || []).length > 0
        && !window.confirm('Remove the group "' + asText(info.name) + '" and everything in it?')) {
      return;
    }
    node.li.className += ' removing';
    if (window.moi.connected()) {
      window.moi.send('remove', [info.id]);
      drop(info.id);
      return;
    }
    request('DELETE', 'api/info/' + encodeURIComponent(info.id), null, function (status, json) {
      if (status === 204 || status === 404) {
        drop(info.id);
      } else {
        node.li.className = node.li.className.replace(/ removing/g, '');
        window.alert('Could not remove: ' + problem(status, json));
      }
    });
  }

  /**
   * Asks the server to stop a job, or every job under a group. The row changes when the job
   * ends, through the websocket like every change; a job stopped while waiting has already
   * ended in the answer, which is shown at once.
   */
  function askCancel(node) {
    var info = node.info;
    if (info.type === 'group'
        && !window.confirm('Cancel every job in "' + asText(info.name) + '" that has not ended?')) {
      return;
    }
    node.cancel.disabled = true;
    request('POST', 'api/info/' + encodeURIComponent(info.id) + '/cancel', {},
        function (status, json) {
          if (status === 202 && json && json.type === 'job' && json.id === info.id) {
            node.stopping = !has(ENDED, json.status);
            if (model.get(info.id) === node) { // not removed meanwhile
              upsert(json, false);
            }
          } else if (status === 202) {
            node.cancel.disabled = false;
          } else {
            refused(node.cancel, 'Could not cancel: ', status, json);
          }
        });
  }

  /** Submits an ended job again; its new row arrives like any new job. */
  function askRerun(node) {
    var info = node.info;
    node.rerun.disabled = true;
    request('POST', 'api/info/' + encodeURIComponent(info.id) + '/rerun', {},
        function (status, json) {
          node.rerun.disabled = false;
          if (status === 201 && json && typeof json.id === 'string') {
            learnClock(json.date_created);
            // The add frame brings it too; this only makes it show at once.
            if (model.get(json.id) === null) {
              upsert(json, false);
            }
          } else {
            refused(node.rerun, 'Could not run again: ', status, json);
          }
        });
  }

  // A refusal says why (the server's detail), as a failed Remove does.
  function refused(button, what, status, json) {
    button.disabled = false;
    if (status === 401) {
      signedOut();
    }
    window.alert(what + problem(status, json));
  }

  function submit(event) {
    if (event) {
      event.preventDefault();
    }
    var cmd = $('cmd').value;
    if (!/\S/.test(cmd)) {
      say('Write some code or a command first.', 'error');
      $('cmd').focus();
      return;
    }
    var body = {cmd: cmd, cmdType: $('cmd-type').value};
    var name = $('job-name').value.replace(/^\s+|\s+$/g, '');
    if (name) {
      body.name = name;
    }
    var button = $('submit-button');
    button.disabled = true;
    request('POST', 'api/jobs', body, function (status, json) {
      button.disabled = false;
      if (status === 201 && json && typeof json.id === 'string') {
        learnClock(json.date_created);
        // The add frame brings it too; this only makes it show at once.
        if (model.get(json.id) === null) {
          upsert(json, false);
        }
        say('Submitted ' + asText(json.name) + '.', 'ok');
      } else if (status === 401) {
        say(problem(status, json), 'error');
        signedOut();
      } else {
        say(problem(status, json), 'error');
      }
    });
  }

  function typeChanged() {
    var type = $('cmd-type').value;
    $('type-hint').textContent = HINTS[type] || '';
    $('cmd').placeholder = EXAMPLES[type] || '';
  }

  // ---- connection ----

  function connection(state, text) {
    $('conn').className = 'conn conn-' + state;
    $('conn-text').textContent = text;
  }

  function sweep() {
    sweepTimer = null;
    if (stale === null) {
      return;
    }
    for (var id in stale) {
      if (has(stale, id)) {
        drop(id);
      }
    }
    stale = null;
  }

  function settleAfter(millis) {
    if (sweepTimer !== null) {
      window.clearTimeout(sweepTimer);
    }
    sweepTimer = window.setTimeout(sweep, millis);
  }

  function opened() {
    connection('live', 'live');
    if (connectedOnce) {
      // The answer to the "get" replaces the rows: whatever it does not mention was removed
      // while the connection was down, and what it mentions shows its state now.
      stale = {};
      model.each(function (node) {
        stale[node.info.id] = true;
      });
      settleAfter(NO_ANSWER);
    }
    connectedOnce = true;
    window.moi.send('get', [me.group]);
  }

  function closed() {
    connection('down', 'reconnecting');
  }

  /**
   * The server no longer accepts this session (it ended: the server restarted, the user logged
   * out elsewhere, the account was removed or its access taken away). Reconnecting would never
   * succeed: the page says so and offers the sign-in form.
   */
  function signedOut() {
    window.moi.close();
    if (sweepTimer !== null) {
      window.clearTimeout(sweepTimer);
      sweepTimer = null;
    }
    stale = null;
    connection('out', 'signed out');
    window.moiServers.stop();
    if (!$('sign-in-again')) {
      var link = el('a', 'sign-in-again', 'sign in again');
      link.id = 'sign-in-again';
      link.href = 'login.html';
      $('conn').appendChild(link);
    }
    $('submit-button').disabled = true;
  }

  /**
   * The whole tree in one REST answer before the socket's "get", whose answer is one frame per
   * node: a large tree shows at once instead of frame by frame, and then() connects. The frames
   * stay the authority: what the answer showed stays unconfirmed until a frame of the "get"
   * mentions it, and what none mentions (removed between the two reads) is dropped once the
   * "get" has settled, as after a reconnection.
   */
  function preload(then) {
    var path = 'api/tree/' + encodeURIComponent(me.group) + '?depth=all';
    request('GET', path, null, function (status, json) {
      show(status === 200 && json !== null && Array.isArray(json.children) ? json.children : []);
      then(); // without the answer, the frames bring the tree all the same
    });
  }

  function show(children) {
    for (var i = 0; i < children.length; i++) {
      var info = children[i];
      if (info !== null && typeof info === 'object' && typeof info.id === 'string') {
        upsert(info, false, false);
        stale = stale === null ? {} : stale;
        stale[info.id] = true; // until a frame of the "get" confirms it
      }
    }
    flushNow();
  }

  function frame(action) {
    return function (info) {
      if (action === 'get' && stale !== null) {
        // The answer to the "get" after a reconnection or a preload: once it has been quiet for
        // a moment, what it did not mention is gone.
        settleAfter(SETTLE);
      }
      if (action === 'add' && info && typeof info.id === 'string' && model.get(info.id) === null) {
        learnClock(info.date_created);
      }
      upsert(info, action === 'add' || action === 'update', action === 'get');
    };
  }

  function removed(info) {
    var id = info !== null && typeof info === 'object' ? info.id : info;
    if (typeof id === 'string') {
      drop(id);
    }
  }

  function start(who) {
    me = who;
    model = new window.moiJobs.Model(me.group);
    bindView();
    $('user').textContent = asText(me.username);
    var roles = me.roles || [];
    for (var i = 0; i < roles.length; i++) {
      if (roles[i] === 'moi-exec') {
        mayRun = true;
        $('submit').hidden = false;
        $('empty').textContent = 'No jobs yet. Submit one above.';
      }
      if (roles[i] === 'moi-admin') {
        window.moiServers.start(); // servers.js: the Servers panel
      }
    }
    window.moi.add_callback('add', frame('add'));
    window.moi.add_callback('get', frame('get'));
    window.moi.add_callback('update', frame('update'));
    window.moi.add_callback('remove', removed);
    window.moi.on_signed_out(signedOut);
    preload(function () {
      window.moi.init(me.group, null, opened, closed, null);
    });
    window.setInterval(tick, 1000);
    flushNow();
  }

  function boot() {
    $('job-form').onsubmit = submit;
    $('cmd-type').onchange = typeChanged;
    $('cmd').onkeydown = function (e) {
      if (e.key === 'Enter' && (e.ctrlKey || e.metaKey)) {
        submit(e);
      }
    };
    typeChanged();
    whenSignedIn(function () {
      request('GET', 'api/me', null, function (status, json) {
        if (status === 200 && json && typeof json.group === 'string') {
          start(json);
        } else if (status === 401) {
          window.location.replace('login.html');
        } else {
          connection('down', problem(status, json));
        }
      });
    });
  }

  /*
   * A page shown from the browser's cache after its session ended (log out, then Back) must
   * not call the API first: its 401 carries a Basic challenge, and browsers answer that with
   * a password dialog. The page itself answers such a request with the sign-in form instead.
   */
  function whenSignedIn(then) {
    var xhr = new XMLHttpRequest();
    xhr.open('GET', 'index.html?signed-in=' + new Date().getTime());
    xhr.onload = function () {
      if (/\/login\.html(\?|$)/.test(xhr.responseURL || '')) {
        window.location.replace('login.html');
      } else {
        then();
      }
    };
    xhr.onerror = function () {
      connection('down', 'The server cannot be reached.');
    };
    xhr.send();
  }

  boot();
})(window, document);
