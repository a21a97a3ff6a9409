// The sign-in form: after a refused attempt the server sends the browser back with ?failed,
// and with ?wait=N while failed logins are being throttled.
var query = new URLSearchParams(location.search);
if (query.has('failed')) document.getElementById('failed').hidden = false;
var wait = parseInt(query.get('wait'), 10);
if (wait > 0) {
  document.getElementById('wait-seconds').textContent = String(wait);
  document.getElementById('wait').hidden = false;
}
