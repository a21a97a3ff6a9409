/*
 * What the dashboard's scripts share: finding and making elements (text only, never HTML),
 * reading info objects safely and asking the REST API for JSON. Loaded before them; it defines window.moiPage and nothing else.
 */
(function (window, document) {
  'use strict';

  function $(id) {
    return document.getElementById(id);
  }

  /** A new element; its text, if given, is set as text, never parsed as HTML. */
  function el(tag, className, text) {
    var e = document.createElement(tag);
    if (className) {
      e.className = className;
    }
    if (text !== undefined && text !== null) {
      e.textContent = String(text);
    }
    return e;
  }

  /** Whether the object has the key itself (not through its prototype: "__proto__" is a key). */
  function has(map, key) {
    return Object.prototype.hasOwnProperty.call(map, key);
  }

  /** A value of an info object as text: a string as it is, nothing as '', anything else as JSON. */
  function text(value) {
    if (value === null || value === undefined) {
      return '';
    }
    return typeof value === 'string' ? value : JSON.stringify(value);
  }

  /**
   * A JSON request to the REST API as the signed-in user: done(status, json) with status 0 when
   * the server could not be reached (or did not answer within timeoutMillis, when given).
   */
  function request(method, path, body, done, timeoutMillis) {
    var xhr = new XMLHttpRequest();
    xhr.open(method, path);
    xhr.setRequestHeader('Accept', 'application/json');
    xhr.setRequestHeader('X-Requested-With', 'XMLHttpRequest');
    if (body !== null) {
      xhr.setRequestHeader('Content-Type', 'application/json');
    }
    if (timeoutMillis) {
      xhr.timeout = timeoutMillis;
    }
    xhr.onload = function () {
      var json = null;
      try {
        json = xhr.responseText ? JSON.parse(xhr.responseText) : null;
      } catch (e) {
        json = null;
      }
      done(xhr.status, json);
    };
    xhr.onerror = xhr.ontimeout = function () {
      done(0, null);
    };
    xhr.send(body === null ? null : JSON.stringify(body));
  }

  window.moiPage = {$: $, el: el, has: has, text: text, request: request};
}(window, document));
