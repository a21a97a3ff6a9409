/*
 * moi_list.js: a live list of one group's children, as the original moi's moi_list.
 *
 *   <div id="jobs"></div>
 *   <script src="moi.js"></script>
 *   <script src="moi_list.js"></script>
 *   <script>moi_list.init(null, document.getElementById('jobs'));</script>
 *
 * init(group_id, div) appends <div id="moi-list"> to div (default: the body) with one row per
 * child of group_id, or of the user's root group when group_id is null: a Remove button, the
 * name and the status, which becomes a link to url + "/" + id once the job has ended. Server
 * data only ever goes into the page as text. A third argument, host, is handed to moi.init
 * for pages that are not in the folder of moi's context root.
 */
var moi_list = (function (window, document) {
  'use strict';

  var list = null;
  var group = null;
  var rows = {};    // id -> {info, row, status}
  var known = {};   // id -> info of every node seen, to find the top of the tree
  var listening = false;

  // Pages written for the original include moi.js and this file only: it keeps its own copies
  // of page.js's has and text.
  function has(map, key) {
    return Object.prototype.hasOwnProperty.call(map, key);
  }

  function text(value) {
    if (value === null || value === undefined) {
      return '';
    }
    return typeof value === 'string' ? value : JSON.stringify(value);
  }

  /** Only plain web links: never javascript:, data: or anything else a server might hold. */
  function safeUrl(url) {
    return typeof url === 'string'
        && (url.charAt(0) === '/' || url.indexOf('http://') === 0 || url.indexOf('https://') === 0);
  }

  function link(info) {
    return info.url + '/' + encodeURIComponent(info.id);
  }

  function ended(info) {
    return info.status === 'Success' || info.status === 'Failed';
  }

  /*
   * Which nodes are rows. With a group ID, its direct children. With null, the children of
   * the user's root: a node whose parent is a root (a group without parent), or whose parent
   * never came (the original server did not send the root itself).
   */
  function tracked(info) {
    if (group !== null) {
      return info.parent === group;
    }
    if (info.parent === null || info.parent === undefined) {
      return false;
    }
    return !has(known, info.parent) || known[info.parent].parent === null;
  }

  function isInfo(info) {
    return info !== null && typeof info === 'object' && typeof info.id === 'string';
  }

  function renderStatus(entry) {
    var info = entry.info;
    var holder = entry.status;
    while (holder.firstChild) {
      holder.removeChild(holder.firstChild);
    }
    var label = info.type === 'group' ? 'Group details' : text(info.status);
    var wantsLink = info.type === 'group' ? true : ended(info);
    holder.className = 'moi-status moi-status-' + (info.type === 'group' ? 'group' : text(info.status).replace(/[^A-Za-z0-9_-]/g, ''));
    if (wantsLink && safeUrl(info.url)) {
      var a = document.createElement('a');
      a.href = link(info);
      a.appendChild(document.createTextNode(label));
      holder.appendChild(a);
    } else {
      holder.appendChild(document.createTextNode(label));
    }
  }

  function renderName(entry) {
    entry.name.nodeValue = ' ' + text(entry.info.name) + ': ';
  }

  function place(row, info) {
    // Oldest first, whatever order the frames came in.
    var created = text(info.date_created);
    var next = null;
    for (var id in rows) {
      if (has(rows, id)) {
        var other = rows[id];
        if (text(other.info.date_created) > created
            && (next === null || text(other.info.date_created) < text(next.info.date_created))) {
          next = other;
        }
      }
    }
    list.insertBefore(row, next === null ? null : next.row);
  }

  function addRow(info) {
    var row = document.createElement('p');
    row.className = 'moi-item';
    row.setAttribute('data-moi-id', info.id);
    var button = document.createElement('input');
    button.type = 'button';
    button.value = 'Remove';
    button.className = 'moi-remove';
    button.onclick = function () {
      moi.send('remove', [info.id]);
      dropRow(info.id);
    };
    var name = document.createTextNode('');
    var status = document.createElement('span');
    row.appendChild(button);
    row.appendChild(name);
    row.appendChild(status);
    var entry = {info: info, row: row, name: name, status: status};
    renderName(entry);
    renderStatus(entry);
    place(row, info);
    rows[info.id] = entry;
  }

  function dropRow(id) {
    if (has(rows, id)) {
      var row = rows[id].row;
      if (row.parentNode) {
        row.parentNode.removeChild(row);
      }
      delete rows[id];
    }
  }

  // A node that turns out to sit inside a group of the list is no row of its own.
  function recheck() {
    for (var id in rows) {
      if (has(rows, id) && !tracked(rows[id].info)) {
        dropRow(id);
      }
    }
  }

  function show(info) {
    if (!isInfo(info) || list === null) {
      return;
    }
    known[info.id] = info;
    if (group === null && info.type === 'group') {
      recheck();
    }
    if (!tracked(info)) {
      return;
    }
    if (has(rows, info.id)) {
      var entry = rows[info.id];
      entry.info = info;
      renderName(entry);
      renderStatus(entry);
    } else {
      addRow(info);
    }
  }

  function removed(info) {
    var id = isInfo(info) ? info.id : info;
    if (typeof id === 'string') {
      delete known[id];
      dropRow(id);
    }
  }

  return {
    init: function (group_id, div, host) {
      if (div === undefined || div === null) {
        div = document.body;
      }
      group = group_id === undefined ? null : group_id;
      rows = {};
      known = {};
      list = document.createElement('div');
      list.setAttribute('id', 'moi-list');
      div.appendChild(list);
      if (!listening) {
        listening = true;
        moi.add_callback('add', show);
        moi.add_callback('get', show);
        moi.add_callback('update', show);
        moi.add_callback('remove', removed);
      }
      moi.init(group, host);
    }
  };
})(window, document);
