/*
 * The dashboard's Schedules panel: the caller's own schedules, read from GET api/schedules every
 * five seconds while the page is visible (schedules are not in the websocket tree), with Pause,
 * Resume and Delete. What the server sends is put into the page as text, never as HTML.
 */
(function (window, document) {
  'use strict';

  var $ = window.moiPage.$;
  var el = window.moiPage.el;

  /** A JSON request that gives up after ten seconds. */
  function request(method, path, body, done) {
    window.moiPage.request(method, path, body, done, 10000);
  }

  var PERIOD = 5000;

  var stopped = false;
  var timer = null;
  var inFlight = false;

  function text(value) {
    return typeof value === 'string' ? value : '';
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

  function state(kind, message) {
    var box = $('schedules-state');
    box.className = 'schedules-state ' + kind;
    box.textContent = message;
  }

  /** Pause, Resume or Delete; a refusal shows the server's detail, then the list is read again. */
  function act(schedule, action) {
    var path = 'api/schedules/' + encodeURIComponent(schedule.id);
    if (action === 'delete' && !window.confirm('Delete the schedule "' + text(schedule.name)
        + '"? The jobs it created stay.')) {
      return;
    }
    var method = action === 'delete' ? 'DELETE' : 'POST';
    request(method, action === 'delete' ? path : path + '/' + action, action === 'delete' ? null : {},
        function (status, json) {
          if (status < 200 || status >= 300) {
            state('failed', 'Could not ' + action + ': ' + problem(status, json));
          }
          refreshNow();
        });
  }

  function button(label, className, schedule, action) {
    var b = el('button', 'btn btn-ghost ' + className, label);
    b.type = 'button';
    b.addEventListener('click', function () {
      act(schedule, action);
    });
    return b;
  }

  function row(schedule) {
    var tr = el('tr', 'schedule' + (schedule.paused ? ' paused' : ''));
    tr.setAttribute('data-schedule', text(schedule.id));
    tr.appendChild(el('td', 'name', text(schedule.name)));
    var rule = el('td', 'cron', text(schedule.cron));
    rule.title = 'in ' + text(schedule.zone);
    tr.appendChild(rule);
    tr.appendChild(el('td', 'zone', text(schedule.zone)));
    tr.appendChild(el('td', 'next', schedule.paused ? '–' : text(schedule.next)));
    var last = schedule.last && typeof schedule.last === 'object' ? schedule.last : null;
    var lastCell = el('td', 'last', last ? text(last.at) : '–');
    if (last) {
      lastCell.title = last.job ? 'job ' + text(last.job) : 'no job could be created';
    }
    tr.appendChild(lastCell);
    tr.appendChild(el('td', 'state', schedule.paused ? 'paused' : 'active'));
    var actions = el('td', 'actions');
    actions.appendChild(schedule.paused
        ? button('Resume', 'resume', schedule, 'resume')
        : button('Pause', 'pause', schedule, 'pause'));
    actions.appendChild(button('Delete', 'delete', schedule, 'delete'));
    tr.appendChild(actions);
    return tr;
  }

  var shownJson = null;

  function render(list) {
    var body = $('schedules-rows');
    body.textContent = '';
    for (var i = 0; i < list.length; i++) {
      if (list[i] && typeof list[i] === 'object' && typeof list[i].id === 'string') {
        body.appendChild(row(list[i]));
      }
    }
    $('schedules-none').hidden = body.children.length > 0;
    $('schedules-table').hidden = body.children.length === 0;
  }

  function refresh() {
    timer = null;
    if (stopped || inFlight) {
      return;
    }
    inFlight = true;
    request('GET', 'api/schedules', null, function (status, json) {
      inFlight = false;
      if (status === 200 && json && Array.isArray(json.schedules)) {
        // Rows are replaced only when something changed: a row under the pointer stays put.
        var text = JSON.stringify(json.schedules);
        if (text !== shownJson) {
          render(json.schedules);
          shownJson = text;
        }
        state('ok', 'updated ' + new Date().toTimeString().substring(0, 8));
      } else {
        state('failed', 'Cannot refresh: ' + problem(status, json));
        stopped = status === 401; // the session ended: asking again would only fail again
      }
      schedule();
    });
  }

  function refreshNow() {
    if (timer !== null) {
      window.clearTimeout(timer);
      timer = null;
    }
    refresh();
  }

  /** The next refresh, only while the page is visible; a hidden page resumes when shown. */
  function schedule() {
    if (!stopped && timer === null && !inFlight && document.visibilityState === 'visible') {
      timer = window.setTimeout(refresh, PERIOD);
    }
  }

  document.addEventListener('visibilitychange', function () {
    if (document.visibilityState === 'visible') {
      if (timer === null && !inFlight) {
        refresh();
      }
    } else if (timer !== null) {
      window.clearTimeout(timer);
      timer = null;
    }
  });

  window.moiSchedules = {
    /** Reads the list again at once (after a change made elsewhere on the page). */
    refresh: refreshNow
  };

  refresh();
})(window, document);
