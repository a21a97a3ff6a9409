/*
 * The dashboard's Servers panel, for admins: the live servers sharing this Redis and the depth
 * of each context's queue, read from GET api/nodes every two seconds while the page is visible.
 * dashboard.js starts it only for a caller with the role moi-admin, so nobody else asks. What
 * the server sends is put into the page as text, never as HTML.
 */
(function (window, document) {
  'use strict';

  var $ = window.moiPage.$;
  var el = window.moiPage.el;

  var PERIOD = 2000;

  var started = false;
  var stopped = false;
  var timer = null;
  var inFlight = false;
  var shownOnce = false;

  function isObject(value) {
    return value !== null && typeof value === 'object' && !Array.isArray(value);
  }

  function keys(value) {
    return isObject(value) ? Object.keys(value) : [];
  }

  function number(value) {
    return typeof value === 'number' && isFinite(value) ? value : null;
  }

  /** "2026-12-02 22:30:01.123456" without its fraction; the whole date goes in the title. */
  function seconds(date) {
    return typeof date === 'string' ? date.replace(/\.\d+$/, '') : '';
  }

  /** A beat is recent: the time of day is enough. */
  function timeOfDay(date) {
    var m = /[ T](\d\d:\d\d:\d\d)/.exec(typeof date === 'string' ? date : '');
    return m ? m[1] : seconds(date);
  }

  function cell(tag, className, text, title) {
    var c = el(tag, className, text);
    if (title) {
      c.title = title;
    }
    return c;
  }

  /** The contexts to show as columns: the queues' first (this server's), then any other a server runs. */
  function contextsOf(answer) {
    var names = keys(answer.queues);
    var nodes = Array.isArray(answer.nodes) ? answer.nodes : [];
    for (var i = 0; i < nodes.length; i++) {
      var own = isObject(nodes[i]) ? keys(nodes[i].contexts) : [];
      for (var j = 0; j < own.length; j++) {
        if (names.indexOf(own[j]) < 0) {
          names.push(own[j]);
        }
      }
    }
    return names;
  }

  function head(contexts) {
    var tr = el('tr');
    var titles = ['Server', 'Host', 'Started', 'Last heartbeat', 'Running'];
    for (var i = 0; i < titles.length; i++) {
      tr.appendChild(el('th', i === 4 ? 'num' : null, titles[i]));
    }
    for (var c = 0; c < contexts.length; c++) {
      tr.appendChild(cell('th', 'num ctx', contexts[c], 'context ' + contexts[c] + ': jobs running / slots'));
    }
    return tr;
  }

  function serverRow(node, contexts) {
    var tr = el('tr', 'server');
    var id = typeof node.id === 'string' ? node.id : '';
    tr.setAttribute('data-node', id);
    tr.appendChild(cell('td', 'node-id', id));
    tr.appendChild(cell('td', 'host', typeof node.host === 'string' ? node.host : ''));
    tr.appendChild(cell('td', 'started', seconds(node.started), node.started));
    tr.appendChild(cell('td', 'beat', timeOfDay(node.beat), node.beat));
    var running = Array.isArray(node.running) ? node.running : [];
    tr.appendChild(cell('td', 'num running', running.length, running.join('\n')));
    var own = isObject(node.contexts) ? node.contexts : {};
    for (var i = 0; i < contexts.length; i++) {
      var load = isObject(own[contexts[i]]) ? own[contexts[i]] : null;
      var busy = load ? number(load.busy) : null;
      var slots = load ? number(load.slots) : null;
      var td = busy === null || slots === null
          ? cell('td', 'num load idle', '–', 'takes no jobs of ' + contexts[i])
          : cell('td', 'num load' + (busy >= slots ? ' full' : busy > 0 ? ' busy' : ''),
              busy + '/' + slots, busy + ' of ' + slots + ' slots busy');
      td.setAttribute('data-context', contexts[i]);
      tr.appendChild(td);
    }
    return tr;
  }

  function queueRow(queues, contexts) {
    var tr = el('tr', 'queues');
    var label = cell('th', null, 'Queue depth', 'jobs waiting or held by a server');
    label.colSpan = 5;
    tr.appendChild(label);
    for (var i = 0; i < contexts.length; i++) {
      var queue = isObject(queues[contexts[i]]) ? queues[contexts[i]] : null;
      var depth = queue ? number(queue.depth) : null;
      var held = queue ? keys(queue.held).map(function (node) {
        return node + ': ' + queue.held[node];
      }) : [];
      var td = cell('td', 'num depth', depth === null ? '–' : depth,
          held.length ? 'held by ' + held.join(', ') : 'none held');
      td.setAttribute('data-context', contexts[i]);
      tr.appendChild(td);
    }
    return tr;
  }

  function render(answer) {
    var contexts = contextsOf(answer);
    var nodes = (Array.isArray(answer.nodes) ? answer.nodes : []).filter(isObject);
    var table = $('servers-table');
    table.textContent = '';
    var thead = el('thead');
    thead.appendChild(head(contexts));
    table.appendChild(thead);
    var tbody = el('tbody');
    for (var i = 0; i < nodes.length; i++) {
      tbody.appendChild(serverRow(nodes[i], contexts));
    }
    table.appendChild(tbody);
    var tfoot = el('tfoot');
    tfoot.appendChild(queueRow(isObject(answer.queues) ? answer.queues : {}, contexts));
    table.appendChild(tfoot);
    $('servers-count').textContent = nodes.length === 1 ? '1 server' : nodes.length + ' servers';
    $('servers-none').hidden = nodes.length > 0;
  }

  function state(kind, text) {
    var box = $('servers-state');
    box.className = 'servers-state ' + kind;
    box.textContent = text;
    $('servers').className = 'card servers' + (kind === 'failed' && shownOnce ? ' stale' : '');
  }

  function problem(status, json) {
    if (status === 0) {
      return 'The server cannot be reached.';
    }
    if (status === 401) {
      return 'Your session has ended: sign in again.';
    }
    var detail = json && typeof json.detail === 'string' ? json.detail : 'no details';
    return 'The server answered ' + status + ': ' + detail + '.';
  }

  function answered(status, text) {
    var json = null;
    try {
      json = text ? JSON.parse(text) : null;
    } catch (e) {
      json = null;
    }
    if (status === 200 && isObject(json)) {
      render(json);
      shownOnce = true;
      state('ok', 'updated ' + new Date().toTimeString().substring(0, 8));
      return true;
    }
    state('failed', 'Cannot refresh: ' + problem(status, json)
        + (status === 401 ? '' : (shownOnce ? ' Showing the last known state; ' : ' ') + 'retrying.'));
    return status !== 401;
  }

  function refresh() {
    timer = null;
    if (stopped || inFlight) {
      return;
    }
    inFlight = true;
    var xhr = new XMLHttpRequest();
    xhr.open('GET', 'api/nodes');
    xhr.setRequestHeader('Accept', 'application/json');
    xhr.setRequestHeader('X-Requested-With', 'XMLHttpRequest');
    xhr.timeout = 10000;
    function done(status, text) {
      inFlight = false;
      if (!answered(status, text)) {
        stopped = true; // the session ended: asking again would only fail again
      }
      schedule();
    }
    xhr.onload = function () {
      done(xhr.status, xhr.responseText);
    };
    xhr.onerror = xhr.ontimeout = function () {
      done(0, null);
    };
    xhr.send();
  }

  /** The next refresh, only while the page is visible; a hidden page resumes when shown. */
  function schedule() {
    if (!stopped && timer === null && !inFlight && document.visibilityState === 'visible') {
      timer = window.setTimeout(refresh, PERIOD);
    }
  }

  function visibilityChanged() {
    if (document.visibilityState === 'visible') {
      if (timer === null && !inFlight) {
        refresh();
      }
    } else if (timer !== null) {
      window.clearTimeout(timer);
      timer = null;
    }
  }

  window.moiServers = {
    /** Shows the panel and keeps it live; called once, for admins only. */
    start: function () {
      if (started) {
        return;
      }
      started = true;
      $('servers').hidden = false;
      document.addEventListener('visibilitychange', visibilityChanged);
      refresh();
    },
    /** Stops asking (the session ended). */
    stop: function () {
      stopped = true;
      if (timer !== null) {
        window.clearTimeout(timer);
        timer = null;
      }
    }
  };
})(window, document);
