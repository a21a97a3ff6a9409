/*
 * moi.js: the browser end of moi's websocket, with the global API of the original moi.
 *
 *   moi.init(group_id, host, on_open, on_close, on_error)
 *   moi.add_callback(action, fn)   fn(info) for each "add", "get", "update" or "remove" frame
 *   moi.send(action, data)         sends {action: data}, e.g. moi.send("remove", [id])
 *   moi.on_signed_out(fn)          fn(event) once the server refuses the user: signed out
 *
 * Unlike the original it reconnects after a drop (exponential backoff with jitter, 0.5 s
 * doubling up to 30 s) and asks again for what it showed, since the server sends nothing on
 * a new connection until asked. A browser does not tell a page why a handshake failed, so
 * when one fails, or the server closes with 1008 (policy: the account was removed, its access
 * taken away), it asks the server who is signed in (api/me next to moi-ws/): 401 or 403 means
 * signed out, and the on_signed_out listeners hear it; anything else means the server is away,
 * and it keeps reconnecting. Plain ES5, no dependencies.
 */
var moi = (function (window) {
  'use strict';

  var MIN_DELAY = 500;
  var MAX_DELAY = 30000;
  var MAX_QUEUED = 100;

  var ws = null;
  var url = null;
  var openMessage = null;
  var userOnOpen = null;
  var userOnClose = null;
  var userOnError = null;
  var callbacks = {};
  var signedOutListeners = [];
  var signedOut = false;
  var queue = [];
  var delay = MIN_DELAY;
  var timer = null;
  var stopped = true;

  function log(level, text, detail) {
    if (window.console && window.console[level]) {
      window.console[level]('moi: ' + text, detail === undefined ? '' : detail);
    }
  }

  /*
   * The websocket URL. With no host: the folder of the page plus "moi-ws/", so that the
   * endpoint is found under the application's context root ("/" or "/moi/" alike). A host
   * is taken as the original took it, "example.org:8080/moi-ws/" without a scheme; a full
   * ws://, wss://, http:// or https:// URL, or a path starting with "/", also works.
   */
  function socketUrl(host) {
    var loc = window.location;
    var secure = loc.protocol === 'https:';
    var scheme = secure ? 'wss://' : 'ws://';
    if (!host) {
      var path = loc.pathname.substring(0, loc.pathname.lastIndexOf('/') + 1);
      return scheme + loc.host + path + 'moi-ws/';
    }
    host = String(host);
    if (/^wss?:\/\//i.test(host)) {
      return host;
    }
    if (/^https?:\/\//i.test(host)) {
      return host.replace(/^http/i, 'ws');
    }
    if (host.charAt(0) === '/') {
      return scheme + loc.host + host;
    }
    return scheme + host;
  }

  function encode(action, data) {
    var message = {};
    message[action] = data;
    return JSON.stringify(message);
  }

  function dispatch(event) {
    var message;
    try {
      message = JSON.parse(event.data);
    } catch (e) {
      log('warn', 'ignored a frame that is not JSON', event.data);
      return;
    }
    if (message === null || typeof message !== 'object') {
      log('warn', 'ignored a frame that is not an object', event.data);
      return;
    }
    for (var action in message) {
      if (Object.prototype.hasOwnProperty.call(message, action)
          && Object.prototype.hasOwnProperty.call(callbacks, action)) {
        var fns = callbacks[action].slice();
        for (var i = 0; i < fns.length; i++) {
          // One failing callback must not keep the frame from the others.
          try {
            fns[i](message[action]);
          } catch (e) {
            log('error', 'the "' + action + '" callback failed', e);
          }
        }
      }
    }
  }

  function isOpen() {
    return ws !== null && ws.readyState === 1;
  }

  function flush() {
    while (queue.length && isOpen()) {
      ws.send(queue.shift());
    }
  }

  function scheduleReconnect() {
    if (stopped || timer !== null) {
      return;
    }
    // Full jitter on the upper half: many tabs that lost the same server do not come back
    // all at the same instant.
    var wait = Math.round(delay / 2 + Math.random() * delay / 2);
    delay = Math.min(delay * 2, MAX_DELAY);
    timer = window.setTimeout(function () {
      timer = null;
      connect();
    }, wait);
  }

  /** The http(s) URL of the signed-in user's api/me, next to the websocket endpoint. */
  function meUrl() {
    return url.replace(/^ws/i, 'http').replace(/moi-ws\/?$/, '') + 'api/me';
  }

  function notifySignedOut(event) {
    if (signedOut) {
      return;
    }
    signedOut = true;
    var fns = signedOutListeners.slice();
    for (var i = 0; i < fns.length; i++) {
      try {
        fns[i](event);
      } catch (e) {
        log('error', 'an on_signed_out listener failed', e);
      }
    }
  }

  /*
   * Asks the server whether the user is still signed in. X-Requested-With keeps the server from
   * answering with a Basic challenge, which would make the browser open its password dialog.
   */
  function checkSignedIn(event) {
    if (!signedOutListeners.length || !window.XMLHttpRequest) {
      return;
    }
    var xhr = new window.XMLHttpRequest();
    try {
      xhr.open('GET', meUrl());
      xhr.setRequestHeader('Accept', 'application/json');
      xhr.setRequestHeader('X-Requested-With', 'XMLHttpRequest');
    } catch (e) {
      return;
    }
    xhr.onload = function () {
      if (xhr.status === 401 || xhr.status === 403) {
        notifySignedOut({code: event.code, reason: event.reason, status: xhr.status});
      }
    };
    xhr.send();
  }

  function connect() {
    var socket;
    try {
      socket = new window.WebSocket(url);
    } catch (e) {
      log('error', 'cannot open ' + url, e);
      if (userOnError) {
        userOnError.call(null, e);
      }
      scheduleReconnect();
      return;
    }
    ws = socket;
    var opened = false;
    socket.onopen = function (event) {
      if (socket !== ws) {
        return;
      }
      opened = true;
      signedOut = false;
      delay = MIN_DELAY;
      // As in the original: a page's own on_open replaces the initial "get".
      if (userOnOpen) {
        userOnOpen.call(socket, event);
      } else {
        socket.send(openMessage);
      }
      flush();
    };
    socket.onmessage = function (event) {
      if (socket === ws) {
        dispatch(event);
      }
    };
    socket.onerror = function (event) {
      if (socket === ws && userOnError) {
        userOnError.call(socket, event);
      }
    };
    socket.onclose = function (event) {
      if (socket !== ws) {
        return;
      }
      if (userOnClose) {
        userOnClose.call(socket, event);
      }
      // A refused handshake and an unreachable server look the same from here.
      if (!opened || event.code === 1008) {
        checkSignedIn(event);
      }
      scheduleReconnect();
    };
  }

  function disconnect() {
    stopped = true;
    if (timer !== null) {
      window.clearTimeout(timer);
      timer = null;
    }
    if (ws !== null) {
      var old = ws;
      ws = null;
      if (old.readyState === 0 || old.readyState === 1) {
        old.close(1000, 'client closed');
      }
    }
  }

  return {
    VERSION: '1.0.0',

    /**
     * Connects to moi and, once open, asks for group_id and everything under it ({"get":
     * [group_id]}), or for everything the connection follows when group_id is null ({"get":
     * []}); the same again after every reconnection. on_open, on_close and on_error are
     * optional; an on_open of the page replaces that "get", as it did in the original.
     */
    init: function (group_id, host, on_open, on_close, on_error) {
      if (!('WebSocket' in window)) {
        log('error', 'this browser has no WebSocket');
        return;
      }
      disconnect();
      url = socketUrl(host);
      openMessage = encode('get', group_id === null || group_id === undefined ? [] : [group_id]);
      userOnOpen = typeof on_open === 'function' ? on_open : null;
      userOnClose = typeof on_close === 'function' ? on_close : null;
      userOnError = typeof on_error === 'function' ? on_error : null;
      queue = [];
      delay = MIN_DELAY;
      stopped = false;
      connect();
    },

    /** Calls fn with the info object of every frame of this action; several may listen. */
    add_callback: function (action, fn) {
      if (typeof fn !== 'function') {
        return;
      }
      if (!Object.prototype.hasOwnProperty.call(callbacks, action)) {
        callbacks[action] = [];
      }
      callbacks[action].push(fn);
    },

    /**
     * Sends {action: data}. While the connection is down the frame waits and goes out after
     * the next "get". Sending "close" asks the server to close and stops reconnecting.
     * Returns true when the frame went out at once.
     */
    send: function (action, data) {
      var frame = encode(action, data);
      if (action === 'close') {
        var socket = ws;
        if (isOpen()) {
          socket.send(frame);
        }
        stopped = true;
        if (timer !== null) {
          window.clearTimeout(timer);
          timer = null;
        }
        return socket !== null && socket.readyState === 1;
      }
      if (isOpen()) {
        ws.send(frame);
        return true;
      }
      if (queue.length < MAX_QUEUED) {
        queue.push(frame);
      }
      return false;
    },

    /**
     * Calls fn({code, reason, status}) when the server no longer accepts the user (the session
     * ended, the account was removed or its access taken away), told apart from the server being
     * away. moi keeps trying to reconnect (a sign-in in another tab brings the connection back);
     * a page that would rather send the user to sign in calls moi.close().
     */
    on_signed_out: function (fn) {
      if (typeof fn === 'function') {
        signedOutListeners.push(fn);
      }
    },

    /** True while the websocket is open. */
    connected: isOpen,

    /** The websocket URL in use, or null before init. */
    url: function () {
      return url;
    },

    /** Closes the connection for good (no reconnection). */
    close: disconnect
  };
})(window);
