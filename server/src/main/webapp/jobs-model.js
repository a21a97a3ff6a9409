/*
 * The dashboard's model of the user's tree: every info object that has arrived, indexed by ID
 * and by parent, and the rows that a status filter and a search leave, newest first. No DOM: a
 * frame only changes the model and marks what changed; the page asks for the rows once per
 * batch of frames (rows()), one pass over the tree however many frames came. Defines
 * window.moiJobs and nothing else; loaded after page.js.
 */
(function (window) {
  'use strict';

  var has = window.moiPage.has;
  var text = window.moiPage.text;

  /** Queued, or waiting for its next attempt ("Queued: attempt 2 of 3 at ..."). */
  function isWaiting(status) {
    return status === 'Queued' || (typeof status === 'string' && status.indexOf('Queued: ') === 0);
  }

  /** The filter a job falls under: queued, running (a status of its own too), success, failed. */
  function kind(info) {
    if (info.status === 'Success') {
      return 'success';
    }
    if (info.status === 'Failed') {
      return 'failed';
    }
    return isWaiting(info.status) ? 'queued' : 'running';
  }

  function zero() {
    return {jobs: 0, queued: 0, running: 0, success: 0, failed: 0};
  }

  function addUp(into, from) {
    into.jobs += from.jobs;
    into.queued += from.queued;
    into.running += from.running;
    into.success += from.success;
    into.failed += from.failed;
  }

  /** Newest first (by creation; a group by its newest job), then by ID, so the order is stable. */
  function newestFirst(a, b) {
    if (a.newest !== b.newest) {
      return a.newest < b.newest ? 1 : -1;
    }
    return a.info.id < b.info.id ? -1 : (a.info.id > b.info.id ? 1 : 0);
  }

  /** A tree under the root group {@code root}; nodes are plain objects the page may add to. */
  function Model(root) {
    this.root = root;
    this.nodes = {};     // id -> node: {info, hay, ...}
    this.kids = {};      // parent id -> [node]; may still hold nodes gone or moved until tidied
    this.untidy = {};    // parent ids whose list changed since the last pass
    this.pass = 0;
    this.totals = zero();
  }

  Model.prototype.get = function (id) {
    return has(this.nodes, id) ? this.nodes[id] : null;
  };

  Model.prototype.link = function (node) {
    var parent = text(node.info.parent);
    (this.kids[parent] = this.kids[parent] || []).push(node);
    this.untidy[parent] = true;
  };

  /** Adds a node or replaces its info; returns the node. */
  Model.prototype.put = function (info) {
    var node = this.get(info.id);
    if (node === null) {
      node = {info: info, newest: text(info.date_created), agg: null};
      this.nodes[info.id] = node;
      this.link(node);
    } else {
      var old = node.info;
      node.info = info;
      if (old.parent !== info.parent) {
        this.untidy[text(old.parent)] = true;
        this.link(node);
      } else if (old.date_created !== info.date_created) {
        this.untidy[text(info.parent)] = true;
      }
    }
    node.hay = (text(info.name) + '\n' + info.id).toLowerCase();
    return node;
  };

  /** Removes a node and everything under it. */
  Model.prototype.remove = function (id) {
    var node = this.get(id);
    if (node === null) {
      return;
    }
    this.untidy[text(node.info.parent)] = true;
    this.forget(node);
  };

  Model.prototype.forget = function (node) {
    var id = node.info.id;
    if (this.nodes[id] !== node) {
      return; // gone already: a loop in a tree written by hand
    }
    delete this.nodes[id];
    var list = this.kids[id] || [];
    delete this.kids[id];
    for (var i = 0; i < list.length; i++) {
      if (text(list[i].info.parent) === id) {
        this.forget(list[i]);
      }
    }
  };

  Model.prototype.each = function (fn) {
    for (var id in this.nodes) {
      if (has(this.nodes, id)) {
        fn(this.nodes[id]);
      }
    }
  };

  /** The children of a group as they are now: the gone and the moved away taken out. */
  Model.prototype.tidy = function (parent) {
    var list = this.kids[parent];
    var kept = [];
    var mark = {};
    for (var i = 0; i < list.length; i++) {
      var node = list[i];
      var id = node.info.id;
      if (this.nodes[id] === node && text(node.info.parent) === parent && !has(mark, id)) {
        mark[id] = true;
        kept.push(node);
      }
    }
    this.kids[parent] = kept;
  };

  /**
   * Counts the jobs under every group (node.agg, and this.totals for the whole tree) and sorts
   * the lists whose order may have changed. Returns the newest creation date under parent.
   */
  Model.prototype.tally = function (parent, into) {
    if (!has(this.kids, parent)) {
      return '';
    }
    var resort = has(this.untidy, parent);
    if (resort) {
      this.tidy(parent);
      delete this.untidy[parent];
    }
    var list = this.kids[parent];
    var newest = '';
    for (var i = 0; i < list.length; i++) {
      var node = list[i];
      if (node.seen === this.pass) {
        continue; // a loop in a tree written by hand
      }
      node.seen = this.pass;
      var key = text(node.info.date_created);
      if (node.info.type === 'group') {
        node.agg = zero();
        var under = this.tally(node.info.id, node.agg);
        addUp(into, node.agg);
        key = under > key ? under : key;
      } else {
        into.jobs++;
        into[kind(node.info)]++;
      }
      if (node.newest !== key) {
        node.newest = key;
        resort = true;
      }
      newest = key > newest ? key : newest;
    }
    if (resort) {
      list.sort(newestFirst);
    }
    return newest;
  };

  /**
   * The rows to show, in order, for a filter {status: 'all'|'queued'|'running'|'success'|'failed',
   * search: lower-case text}: {rows: [{node, depth}], matching: jobs that match, totals: the counts
   * of the whole tree}. A job matches when its status does and the search is in its name or ID,
   * or in a group's above it. Collapsed groups hide their rows, not their matches; while filtering,
   * groups with no match are left out.
   */
  Model.prototype.rows = function (filter) {
    this.pass++;
    this.totals = zero();
    this.tally(this.root, this.totals);
    this.pass++;
    var out = [];
    var matching = this.collect(this.root, 0, filter, false, false, out);
    return {rows: out, matching: matching, totals: this.totals};
  };

  Model.prototype.collect = function (parent, depth, filter, found, hidden, out) {
    var list = this.kids[parent];
    if (!list) {
      return 0;
    }
    var filtering = filter.status !== 'all' || filter.search !== '';
    var matching = 0;
    for (var i = 0; i < list.length; i++) {
      var node = list[i];
      if (node.seen === this.pass) {
        continue;
      }
      node.seen = this.pass;
      var hit = found || filter.search === '' || node.hay.indexOf(filter.search) >= 0;
      if (node.info.type !== 'group') {
        if (hit && (filter.status === 'all' || kind(node.info) === filter.status)) {
          matching++;
          if (!hidden) {
            out.push({node: node, depth: depth});
          }
        }
        continue;
      }
      var at = out.length;
      if (!hidden) {
        out.push({node: node, depth: depth});
      }
      var under = this.collect(node.info.id, depth + 1, filter, found || (hit && filter.search !== ''),
          hidden || !!node.collapsed, out);
      node.matching = under;
      matching += under;
      if (filtering && under === 0 && !(hit && filter.search !== '' && filter.status === 'all')) {
        out.length = at;
      }
    }
    return matching;
  };

  window.moiJobs = {Model: Model};
}(window));
