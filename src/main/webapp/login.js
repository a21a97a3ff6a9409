// The sign-in form: after a refused attempt the server sends the browser back with ?failed.
if (location.search.indexOf('failed') >= 0) document.getElementById('failed').hidden = false;
